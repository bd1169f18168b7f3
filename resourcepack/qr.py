"""QR codes: vector SVG drawn by segno, as data: URIs the templates can show."""

from __future__ import annotations

import base64
import io
import re
from functools import cache, lru_cache
from typing import Any

import segno

SCREEN_DARK = "#000"
PRINT_DARK = "device-cmyk(0 0 0 1)"  # 100% K: one plate, so the modules never mis-register
QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks


@cache
def qr_svg(url: str, dark: str = SCREEN_DARK) -> str:
    """The QR code of url as an SVG document whose modules are drawn in dark."""
    code = segno.make_qr(url, error="m", boost_error=False)
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        nl=False,
        omitsize=True,
        svgclass=None,
        lineclass=None,
        border=QUIET_ZONE,
    )
    svg = out.getvalue().decode("ascii")
    return svg.replace('stroke="#000"', f'stroke="{dark}"', 1)


def qr_data_uri(url: str, dark: str = PRINT_DARK) -> str:
    """The QR code of url as a data: URI, in 100% K (one layout serves screen and print; a
    browser, which knows no device-cmyk, is given SCREEN_DARK)."""
    svg = qr_svg(url, dark)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("ascii")).decode("ascii")


# A QR code's path as segno writes it: a move to the first row, then runs of dark modules
# ("h" a run's length) and moves to the next run ("m"), all in whole modules but the rows' 0.5.
SEGNO_PATH = re.compile(r"M(\d+(?:\.\d+)?) (\d+(?:\.\d+)?)((?:h\d+|m-?\d+ -?\d+(?:\.\d+)?)*)")
SEGNO_STEP = re.compile(r"([hm])(-?\d+)(?: (-?\d+(?:\.\d+)?))?")


def use_quick_qr_paths() -> None:
    """Draw a QR code's path (segno's moves and runs) straight into WeasyPrint's stream: the
    same operators, with the same numbers, as WeasyPrint's general SVG path reader, which
    parses every run as a general path command; any other path goes to that reader."""
    from weasyprint import svg

    if getattr(svg.TAGS["path"], "ours", False):
        return
    general = svg.TAGS["path"]

    def path(image: Any, node: Any, font_size: float) -> None:
        if not _drew_qr_path(image.stream, node):
            general(image, node, font_size)

    path.ours = True  # type: ignore[attr-defined]
    path.general = general  # type: ignore[attr-defined]
    svg.TAGS["path"] = path


def _drew_qr_path(stream: Any, node: Any) -> bool:
    """Draw node's path if it is a QR code's (and has no markers); say whether it was."""
    if any(name.startswith("marker") for name in node.attrib):
        return False
    operators = _qr_path_operators(node.get("d", ""))
    if operators is None:
        return False
    stream.stream.append(operators)  # the stream's items are joined by newlines, as these
    return True


@lru_cache(maxsize=256)
def _qr_path_operators(d: str) -> bytes | None:
    """A QR code's path as the PDF operators WeasyPrint's reader writes for it, one a line
    (made once a process for each code: a resource's code is on every leaflet that lists it);
    None if d is not segno's moves and runs."""
    from pydyf import _to_bytes

    found = SEGNO_PATH.fullmatch(d)
    if found is None:
        return None
    x, y = float(found[1]), float(found[2])
    lines = [b"0 0 m", b" ".join((_to_bytes(x), _to_bytes(y), b"m"))]  # the reader's first move
    for op, dx, dy in SEGNO_STEP.findall(found[3]):
        x += float(dx)
        if op == "m":
            y += float(dy)
        lines.append(b" ".join((_to_bytes(x), _to_bytes(y), b"l" if op == "h" else b"m")))
    return b"\n".join(lines)
