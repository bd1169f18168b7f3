"""One small tagged PDF, rendered for real by WeasyPrint as a leaflet is (our tags, our fetcher,
the leaflet's fonts): for the tests of tagging and of reading PDFs back."""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path

from resourcepack.pdf import render_document, write_pdf
from resourcepack.render import font_faces

FAMILIES = ("Atkinson Hyperlegible", "IBM Plex Sans Arabic")
ARABIC = "مرحبا بكم"
BODY = f"""
<h1>Small leaflet</h1>
<p>Call the front door.</p>
<p lang="ar" dir="rtl">{ARABIC}</p>
<table><tr><th>Who</th><th>Number</th></tr>
<tr><th scope="row">Front door</th><td>020 7946 0201</td></tr></table>
"""


def small_pdf(folder: Path) -> Path:
    """The small PDF (rendered once a process), written to folder/small.pdf."""
    path = folder / "small.pdf"
    path.write_bytes(_rendered())
    return path


@cache
def _rendered() -> bytes:
    """Render BODY as a one-page A5 tagged PDF (PDF/UA-1) with a page-number footer."""
    with tempfile.TemporaryDirectory() as folder:
        faces = font_faces(Path(folder), FAMILIES)
        rules = "".join(
            f'@font-face {{ font-family: "{f.family}"; font-weight: {f.weight}; '
            f'font-style: {f.style}; src: url("{f.uri}") }}'
            for f in faces
        )
        css = (
            rules
            + "@page { size: A5; margin: 15mm; @bottom-center { content: 'Page ' counter(page) } }"
            'body { font-family: "Atkinson Hyperlegible", "IBM Plex Sans Arabic"; font-size: 12pt }'
        )
        html = f'<html lang="en"><head><title>Small</title></head><body>{BODY}</body></html>'
        allowed = tuple({f.path.parent for f in faces})
        document = render_document(html, Path(folder), allowed, "small.html", css)
        path = Path(folder) / "small.pdf"
        write_pdf(document, path)
        return path.read_bytes()
