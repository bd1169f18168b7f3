"""Rendering: HTML escaping, template errors with file:line, and what a render may fetch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from resourcepack.build import build_leaflet, load_project
from resourcepack.compose import compose
from resourcepack.errors import RenderError, TemplateError
from resourcepack.render import render_html

Edit = Callable[[str, str, str], None]
TOPIC = "content/topics/internet-offending.yaml"
BASE = "templates/base.html.j2"


def html_for(root: Path, audience: str = "parents", fmt: str = "a4") -> str:
    """The HTML of one bundled leaflet."""
    project = load_project(root, today=dt.date(2026, 11, 27))
    leaflet = compose(project.catalog, "internet-offending", audience, fmt, "coventry")
    created = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
    return render_html(leaflet, project.catalog.formats[fmt], root / "templates", created)


def render_to(root: Path, tmp: Path) -> None:
    """Render the parents' A4 leaflet to a PDF file."""
    project = load_project(root, today=dt.date(2026, 11, 27))
    leaflet = compose(project.catalog, "internet-offending", "parents", "a4", "coventry")
    path, _ = build_leaflet(project, leaflet, tmp)
    path.rename(tmp / "out.pdf")


def test_html_has_language_title_and_audience(project: Path) -> None:
    html = html_for(project)
    assert '<html lang="en" dir="ltr" class="variant-standard format-a4">' in html
    assert "<title>Internet offending – For parents</title>" in html
    assert "For parents" in html


def test_content_html_is_escaped_not_interpreted(project: Path, edit: Edit) -> None:
    edit(TOPIC, "subtitle:\n  parents: Keeping", "subtitle:\n  parents: <script>x</script> Keeping")
    html = html_for(project)
    assert "&lt;script&gt;x&lt;/script&gt; Keeping" in html
    assert "<script>" not in html


def test_undefined_name_in_template_names_file_and_line(project: Path, edit: Edit) -> None:
    edit(BASE, "<main>", "<main>{{ leaflet.no_such_field }}")
    text = (project / BASE).read_text()
    line = text[: text.index("no_such_field")].count("\n") + 1
    with pytest.raises(TemplateError) as info:
        html_for(project)
    (problem,) = info.value.problems
    assert problem.path == BASE
    assert problem.line == line
    assert "no_such_field" in problem.message


def test_template_syntax_error_names_file_and_line(project: Path, edit: Edit) -> None:
    edit("templates/parents/leaflet.html.j2", "{% endblock %}", "{% endblok %}")
    with pytest.raises(TemplateError) as info:
        html_for(project)
    (problem,) = info.value.problems
    assert str(problem).startswith("templates/parents/leaflet.html.j2:11:1: error: template:")


def test_missing_audience_template(project: Path) -> None:
    (project / "templates/carers/leaflet.html.j2").unlink()
    with pytest.raises(TemplateError) as info:
        html_for(project, "carers")
    assert "add templates/carers/leaflet.html.j2" in str(info.value)


def test_attachment_links_are_refused(project: Path, edit: Edit) -> None:
    edit(BASE, "<main>", '<main><a rel="attachment" href="../content/resources.yaml">x</a>')
    with pytest.raises(TemplateError) as info:
        html_for(project)
    assert 'rel="attachment" would embed a file' in str(info.value)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/logo.png",
        "https://example.org/logo.png",
        "../../outside.png",
    ],
)
def test_assets_outside_the_project_are_never_read(
    project: Path, edit: Edit, tmp_path: Path, url: str
) -> None:
    outside = tmp_path / "outside.png"
    outside.write_bytes(b"not read")
    edit(BASE, "<main>", f'<main><img src="{url}" alt="x">')
    with pytest.raises(RenderError) as info:
        render_to(project, tmp_path)
    message = str(info.value)
    assert "refused to fetch" in message
    assert not (tmp_path / "out.pdf").exists()


def test_stylesheet_link_to_network_is_refused(project: Path, edit: Edit, tmp_path: Path) -> None:
    edit(BASE, "</head>", '<link rel="stylesheet" href="http://127.0.0.1:9/x.css"></head>')
    with pytest.raises(RenderError) as info:
        render_to(project, tmp_path)
    assert "refused to fetch http://127.0.0.1:9/x.css" in str(info.value)


def test_project_files_can_be_used(project: Path, edit: Edit, tmp_path: Path) -> None:
    edit(BASE, "<main>", '<main><img src="../content/partnerships/coventry-logo.svg" alt="logo">')
    render_to(project, tmp_path)
    assert (tmp_path / "out.pdf").stat().st_size > 1000
