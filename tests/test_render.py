"""Rendering: HTML escaping, template errors with file:line, and what a render may fetch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import pytest

from conftest import line_of
from resourcepack import pdf as pdf_module
from resourcepack import render as render_module
from resourcepack.build import build_leaflet
from resourcepack.compose import compose
from resourcepack.errors import RenderError, TemplateError
from resourcepack.pipeline import validate
from resourcepack.planning import Job
from resourcepack.profiles import PRINT_PROFILES
from resourcepack.project import load_project
from resourcepack.render import isolate, linked, render_html, render_inputs
from resourcepack.renderfile import garbage_collected_after, render_file

Edit = Callable[[str, str, str], None]
TOPIC = "content/topics/internet-offending.yaml"
BASE = "templates/base.html.j2"


def html_for(root: Path, audience: str = "parents", fmt: str = "a4") -> str:
    """The HTML of one bundled leaflet."""
    project = load_project(root, today=dt.date(2026, 11, 27))
    leaflet = compose(validate(project), "internet-offending", audience, fmt, "coventry")
    created = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
    templates, chosen = root / "templates", project.catalog.formats[fmt]
    return render_html(render_inputs(leaflet, chosen, templates), created)


def render_to(root: Path, tmp: Path) -> None:
    """Render the parents' A4 leaflet to a PDF file."""
    project = load_project(root, today=dt.date(2026, 11, 27))
    leaflet = compose(validate(project), "internet-offending", "parents", "a4", "coventry")
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
    assert problem.path == project / BASE
    assert problem.line == line
    assert "no_such_field" in problem.message


def test_template_syntax_error_names_file_and_line(project: Path, edit: Edit) -> None:
    line = line_of(project, "templates/parents/leaflet.html.j2", "{% endblock %}")
    edit("templates/parents/leaflet.html.j2", "{% endblock %}", "{% endblok %}")
    with pytest.raises(TemplateError) as info:
        html_for(project)
    (problem,) = info.value.problems
    assert problem.shown(project).startswith(
        f"templates/parents/leaflet.html.j2:{line}:1: error: template:"
    )


def test_missing_audience_template(project: Path) -> None:
    (project / "templates/carers/leaflet.html.j2").unlink()
    with pytest.raises(TemplateError) as info:
        html_for(project, "carers")
    assert "add templates/carers/leaflet.html.j2" in str(info.value)


@pytest.mark.parametrize(
    "link",
    [
        '<a rel="attachment" href="../content/resources.yaml">x</a>',
        # the attribute's name in capitals, spaced from its value, spelt with a character
        # reference: the quick look for a rel attribute must still find it
        "<A REL = 'nofollow &#97;ttachment' href=\"../content/resources.yaml\">x</A>",
    ],
)
def test_attachment_links_are_refused(project: Path, edit: Edit, link: str) -> None:
    edit(BASE, "<main>", f"<main>{link}")
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


def section_ids(root: Path, audience: str, fmt: str) -> list[str]:
    """The sections one leaflet shows."""
    project = load_project(root, today=dt.date(2026, 11, 27))
    leaflet = compose(validate(project), "internet-offending", audience, fmt, "coventry")
    return [s.id for s in leaflet.sections]


def test_formats_choose_the_sections_of_a_short_leaflet(project: Path) -> None:
    parents, carers = (
        section_ids(project, "parents", "dl-trifold"),
        section_ids(project, "carers", "dl-trifold"),
    )
    # the DL's flap is its "What to do now"; the found-an-image advice comes first
    assert parents == ["found-image", "grooming", "signs"]
    assert carers == ["found-image", "grooming", "carers-extra", "signs"]
    assert "talking" in section_ids(project, "carers", "a4")
    assert "carers-allegations" not in carers  # the LADO is on the A4 and the booklet


def test_resources_marked_qr_get_a_code_beside_their_address(project: Path) -> None:
    html = html_for(project)
    assert html.count('<img class="qr" src="data:image/svg+xml;base64,') == 3
    assert 'alt="QR code: https://www.ceop.police.uk/Safety-Centre/"' in html
    # The address printed short, linked whole; the name and its organisation each once.
    link = (
        '<a class="whole" href="https://www.ceop.police.uk/Safety-Centre/">'
        "www.ceop.police.uk/Safety-Centre</a>"
    )
    assert link in html
    assert '<p class="name">CEOP Safety Centre, National Crime Agency</p>' in html
    assert '<p class="name">Internet Watch Foundation hotline</p>' in html
    assert 'class="cite"' not in html  # families: no [1] markers; the text names its sources
    assert 'class="cite"' in html_for(project, "professionals")
    trifold = html_for(project, "parents", "dl-trifold")
    assert trifold.count('class="qr"') == 3
    assert "ceopeducation.co.uk" not in trifold  # left out of the tri-fold by its `formats`


def test_poster_has_headline_three_actions_contacts_and_qr(project: Path) -> None:
    html = html_for(project, "professionals", "a3-poster")
    assert "<h1>Worried about a child online? Refer without delay</h1>" in html
    assert html.count('<span class="number">') == 3
    assert "Do not view, copy, forward or save images." in html
    assert '<p class="phone"><span class="whole">024 7678 8555</span></p>' in html
    ceop = "https://www.ceop.police.uk/Safety-Centre/"  # printed as people type it, linked whole
    assert f'<p class="qr-url"><a href="{ceop}">www.ceop.police.uk/Safety-Centre</a></p>' in html
    assert "<title>Internet offending – For professionals (poster)</title>" in html


def test_one_layout_writes_the_screen_file_at_trim_and_the_print_layout_with_bleed(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    html = html_for(project)
    assert "bleed: 3mm" in html and "device-cmyk(0 0 0 1)" in html  # one HTML for both
    loaded = load_project(project, today=dt.date(2026, 11, 27))
    leaflet = compose(validate(loaded), "internet-offending", "parents", "a4", "coventry")
    created = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
    job = Job(
        "key", leaflet, loaded.catalog.formats["a4"], created, PRINT_PROFILES["pdf/x-4"].outputs
    )
    screen, printed = tmp_path / "screen.pdf", tmp_path / "print.pdf"
    layouts: list[str] = []
    lay_out = pdf_module.render_document
    monkeypatch.setattr(pdf_module, "render_document", lambda *a: layouts.append("") or lay_out(*a))
    render_file(project, job, tmp_path / "alone.pdf", None, None)
    alone = len(layouts)  # the screen file alone: one layout, or two when notes pages are needed
    pages = render_file(project, job, screen, None, printed)
    assert (
        1 <= alone <= 2 and len(layouts) == 2 * alone
    )  # the print file costs no layout of its own
    with pdfplumber.open(screen) as s, pdfplumber.open(printed) as p:
        assert len(s.pages) == len(p.pages) == pages == 8
        a4, bleed = [0, 0, 595.28, 841.89], 3 / 25.4 * 72
        for sp, pp in zip(s.pages, p.pages, strict=True):
            assert [round(float(v), 2) for v in sp.page_obj.attrs["MediaBox"]] == a4
            assert [round(float(v), 2) for v in pp.page_obj.attrs["TrimBox"]] == a4
            b = round(bleed, 2)
            media = [round(float(v), 2) for v in pp.page_obj.attrs["MediaBox"]]
            assert media == [-b, -b, round(a4[2] + bleed, 2), round(a4[3] + bleed, 2)]
            # The same words at the same places, up to one shift of the whole page: one
            # layout, not two.
            on_screen, in_print = sp.extract_words(), pp.extract_words()
            assert [w["text"] for w in on_screen] == [w["text"] for w in in_print]
            shifts = {
                (round(q["x0"] - w["x0"], 1), round(q["top"] - w["top"], 1))
                for w, q in zip(on_screen, in_print, strict=True)
            }
            assert len(shifts) == 1 and len(on_screen) > 10  # a notes page has 14 words
    # One file written, the screen's a copy with its page boxes cut: the same drawing, tagged.
    on_screen_pdf, print_pdf = pikepdf.open(screen), pikepdf.open(printed)
    assert "/StructTreeRoot" in on_screen_pdf.Root and "/StructTreeRoot" in print_pdf.Root
    for a, b in zip(on_screen_pdf.pages, print_pdf.pages, strict=True):
        assert a.obj.Contents.read_bytes() == b.obj.Contents.read_bytes()


def test_a_translation_is_text_never_markup(project: Path, edit: Edit) -> None:
    po = "templates/locale/pl/LC_MESSAGES/messages.po"
    edit(
        po,
        'msgstr "Data przeglądu: %(date)s"',
        'msgstr "<a href=\\"javascript:x\\">Data</a> %(date)s"',
    )
    loaded = load_project(project, today=dt.date(2026, 11, 27))
    leaflet = compose(validate(loaded), "internet-offending", "parents", "a4", "coventry", "pl")
    created = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
    a4 = loaded.catalog.formats["a4"]
    inputs = render_inputs(leaflet, a4, project / "templates")
    web = render_html(inputs, created, edition={"web": True})
    assert "&lt;a href=&#34;javascript:x&#34;&gt;Data&lt;/a&gt; 20 listopada 2026" in web
    assert "javascript:x" not in web.replace("&#34;javascript:x&#34;", "")
    # In print, the page footer's text: a CSS string, its "<" escaped so that it cannot end
    # the <style> element.
    html = render_html(inputs, created)
    assert 'content: "\\3C a href=\\"javascript:x\\">Data\\3C /a> 20 listopada 2026\\A ' in html
    assert "<a href" not in html and "javascript:x" not in html.replace('\\"javascript:x\\"', "")


def test_a_template_that_runs_too_long_is_stopped_at_its_line(
    project: Path, edit: Edit, monkeypatch: pytest.MonkeyPatch
) -> None:
    loop = "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"
    edit(BASE, "<main>", "<main>" + loop)
    monkeypatch.setattr(render_module, "RENDER_SECONDS", 0.5)
    with pytest.raises(TemplateError) as info:
        html_for(project)
    (problem,) = info.value.problems
    text = (project / BASE).read_text(encoding="utf-8")
    line = text[: text.index(loop)].count("\n") + 1
    assert (problem.path, problem.line) == (project / BASE, line)
    assert problem.message == "template: the template ran for over 0.5 s; look for a loop"


def test_web_addresses_in_the_text_are_links_and_nothing_else_is() -> None:
    ceop = "https://www.ceop.police.uk/Safety-Centre/"
    assert str(linked(isolate(f"Report it: {ceop}. Or call 101."))) == (
        f'Report it: <a class="whole" href="{ceop}">www.ceop.police.uk/Safety-Centre</a>. '
        "Or call\u00a0101."
    )
    written = linked(isolate("<a href=https://x.org/a>file:///etc/passwd http://x.org/b"))
    assert str(written) == (
        '&lt;a href=<a class="whole" href="https://x.org/a">x.org/a</a>&gt;'
        "file:///etc/passwd http://x.org/b"
    )
    rtl = linked(isolate(f"اتصل {ceop} الآن", "rtl"))
    short = "www.ceop.police.uk/Safety-Centre"  # printed short, linked whole, kept on one line
    assert f'\u2066<a class="whole" href="{ceop}">{short}</a>\u2069' in str(rtl)


def test_a_short_number_is_joined_to_the_word_before_it_and_nothing_else_is() -> None:
    """A no-break space before 999 or 101; not inside a phone number, a year or a short number
    that a longer one continues, nor in right-to-left text (its numbers are isolated runs)."""
    text = "Call 999, or 101. Phone 0808 800 5000 in 2021; 118 118; call 116 123."
    assert str(linked(isolate(text))) == (
        'Call\u00a0999, or\u00a0101. Phone <span class="whole">0808 800 5000</span> in 2021; '
        "118 118; call 116 123."
    )
    rtl = str(linked(isolate("اتصلوا بالرقم 999 الآن", "rtl")))
    assert rtl == 'اتصلوا بالرقم <span dir="ltr">\u2066999\u2069</span> الآن'


def test_the_garbage_collector_is_paused_during_a_render_and_left_as_it_was() -> None:
    """Paused inside (also when the render fails), on again after; left off if it was off."""
    import gc

    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), garbage_collected_after():
        assert not gc.isenabled()
        _ = 1 / 0
    assert gc.isenabled()
    gc.disable()
    try:
        with garbage_collected_after():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_each_template_is_compiled_once_for_all_languages_and_again_when_edited(
    project: Path, edit: Edit, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every language's environment takes the templates another compiled (render.COMPILED);
    a template edited since is compiled again, and its edit is in the page."""
    compiled: list[str] = []
    compile_ = render_module.Sandbox.compile

    def counted(self: Any, source: str, name: str | None = None, *rest: Any, **kw: Any) -> Any:
        compiled.append(str(name))
        return compile_(self, source, name, *rest, **kw)

    monkeypatch.setattr(render_module.Sandbox, "compile", counted)
    loaded = load_project(project, today=dt.date(2026, 11, 27))
    catalog = validate(loaded)
    a4, created = loaded.catalog.formats["a4"], dt.datetime(2026, 11, 20, tzinfo=dt.UTC)

    def page(language: str) -> str:
        leaflet = compose(catalog, "internet-offending", "parents", "a4", "coventry", language)
        return render_html(render_inputs(leaflet, a4, project / "templates"), created)

    page("en")
    first = sorted(compiled)
    assert {"base.html.j2", "macros.html.j2", "parents/leaflet.html.j2"} <= set(first)
    assert 'lang="pl"' in page("pl") and 'lang="ro"' in page("ro")
    assert sorted(compiled) == first  # Polish and Romanian compiled nothing again
    edit(BASE, "<main>", "<main><!-- edited -->")
    assert "<!-- edited -->" in page("en")
    assert sorted(compiled) == sorted([*first, "base.html.j2"])


def test_render_inputs_name_one_path_object_for_each_shared_file(project: Path) -> None:
    """Leaflets share their templates' and stylesheets' Path objects (a national build plans
    hundreds of leaflets that name the same files)."""
    loaded = load_project(project, today=dt.date(2026, 11, 27))
    catalog = validate(loaded)
    a4 = loaded.catalog.formats["a4"]
    parents, carers = (
        render_inputs(
            compose(catalog, "internet-offending", audience, "a4", "coventry"),
            a4,
            project / "templates",
        )
        for audience in ("parents", "carers")
    )
    assert parents.sheets == carers.sheets and parents.theme == carers.theme
    assert all(a is b for a, b in zip(parents.sheets, carers.sheets, strict=True))
    assert parents.theme is carers.theme and parents.print_sheet is carers.print_sheet
    base = [p for p in parents.chain if p.name == "base.html.j2"]
    assert base and base[0] is next(p for p in carers.chain if p.name == "base.html.j2")
