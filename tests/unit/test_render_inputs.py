"""RenderInputs: one description of what a render reads, which the renderer reads through and
the render key hashes (each kind of input changes the key; an unrelated file does not)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_project
from resourcepack.cache import render_key
from resourcepack.compose import compose
from resourcepack.errors import TemplateError
from resourcepack.pipeline import validate
from resourcepack.project import Project, load_project
from resourcepack.render import RenderInputs, render_html, render_inputs, template_chain

WHEN = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 27)
LEAFLET_TEMPLATE = {"leaflet_template": "people/leaflet.html.j2"}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """One copy of the bundled project, loaded once: each test puts back what it edits."""
    return load_project(copy_project(tmp_path_factory.mktemp("inputs")), today=TODAY)


def inputs_of(p: Project, audience: str, fmt: str, language: str = "en") -> RenderInputs:
    """The inputs of one of Coventry's leaflets, found afresh from the files as they are."""
    leaflet = compose(validate(p), "internet-offending", audience, fmt, "coventry", language)
    return render_inputs(leaflet, p.catalog.formats[fmt], p.templates)


def edited_key(p: Project, rel: str, leaflet: tuple[str, ...]) -> tuple[str, str, str]:
    """The leaflet's key before a project file is edited, while it is, and once put back."""
    path = p.root / rel
    original = path.read_bytes()
    before = render_key(inputs_of(p, *leaflet), WHEN)
    try:
        path.write_bytes(original + (b"\0" if path.suffix == ".ttf" else b"\n"))
        during = render_key(inputs_of(p, *leaflet), WHEN)
    finally:
        path.write_bytes(original)
    return before, during, render_key(inputs_of(p, *leaflet), WHEN)


PARENTS_A4 = ("parents", "a4")
CASES = {  # kind: (the file edited, a leaflet that reads it, a file that leaflet does not read)
    "template imported by another": (
        "templates/macros.html.j2",
        PARENTS_A4,
        "templates/easy-read/leaflet.html.j2",
    ),
    "template extended by the name the renderer hands it": (
        "templates/professionals/leaflet.html.j2",
        ("professionals", "dl-trifold"),
        "templates/poster.html.j2",
    ),
    "stylesheet": ("templates/styles/a4.css", PARENTS_A4, "templates/styles/a5-booklet.css"),
    "theme": ("templates/theme.yaml", PARENTS_A4, "templates/locale/ar/LC_MESSAGES/messages.po"),
    "font file": (
        "fonts/noto-sans-gurmukhi/NotoSansGurmukhi-Regular.ttf",
        ("parents", "a4", "pa"),
        "fonts/noto-sans-gurmukhi/OFL.txt",
    ),
    "picture": (
        "content/pictograms/family.svg",
        PARENTS_A4,
        "content/pictograms/money.svg",
    ),
    "logo": (
        "content/partnerships/coventry-logo.svg",
        PARENTS_A4,
        "content/partnerships/example-logo.svg",
    ),
    "translation file": (
        "templates/locale/pl/LC_MESSAGES/messages.po",
        ("parents", "a4", "pl"),
        "templates/locale/ro/LC_MESSAGES/messages.po",
    ),
}


@pytest.mark.parametrize("kind", CASES)
def test_editing_an_input_changes_the_key_and_an_unrelated_file_does_not(
    loaded: Project, kind: str
) -> None:
    rel, leaflet, unrelated = CASES[kind]
    files = inputs_of(loaded, *leaflet).files
    assert loaded.root / rel in files and loaded.root / unrelated not in files
    before, during, after = edited_key(loaded, rel, leaflet)
    assert during != before and after == before  # the key follows the bytes, both ways
    assert len(set(edited_key(loaded, unrelated, leaflet))) == 1


def test_a_leaflet_s_own_template_added_later_changes_its_key(loaded: Project) -> None:
    own = loaded.templates / "parents" / "trifold.html.j2"  # parents use the shared one
    before = inputs_of(loaded, "parents", "dl-trifold")
    try:
        own.write_text('{% extends "trifold.html.j2" %}\n', encoding="utf-8")
        after = inputs_of(loaded, "parents", "dl-trifold")
        assert render_key(after, WHEN) != render_key(before, WHEN)
    finally:
        own.unlink()
    assert before.template == "trifold.html.j2" and after.template == "parents/trifold.html.j2"


def test_the_inputs_name_every_file_by_its_role(loaded: Project) -> None:
    inputs = inputs_of(loaded, "professionals", "dl-trifold")
    t = loaded.templates
    chain = ["professionals/trifold.html.j2", "trifold.html.j2", "professionals/leaflet.html.j2"]
    assert inputs.chain == tuple(t / n for n in [*chain, "base.html.j2", "macros.html.j2"])
    assert inputs.sheets == tuple(
        t / "styles" / s for s in ("base.css", "dl-trifold.css", "tokens.css")
    )
    assert inputs.print_sheet == t / "styles/print.css" and inputs.theme == t / "theme.yaml"
    assert inputs.messages is None  # English has no .po file
    assert [f.family for f in inputs.fonts] == ["Atkinson Hyperlegible"] * 4
    assert inputs.logo == loaded.root / "content/partnerships/coventry-logo.svg"
    assert [i for i, _ in inputs.pictures] == ["child-with-phone"]
    assert len(inputs.files) == len(set(inputs.files)) == 17  # each file once


def test_a_file_outside_the_inputs_is_not_read_through_them(loaded: Project) -> None:
    inputs = inputs_of(loaded, *PARENTS_A4)
    with pytest.raises(LookupError, match="not one of the render's inputs"):
        inputs.data(loaded.root / "content/pictograms/money.svg")


def test_a_template_the_inputs_do_not_name_is_refused_at_its_line(loaded: Project) -> None:
    """Were the chain ever to miss a template, the render fails, located, never stale."""
    inputs = inputs_of(loaded, *PARENTS_A4)
    short = dataclasses.replace(inputs, chain=inputs.chain[:-1])  # without macros.html.j2
    with pytest.raises(TemplateError) as e:
        render_html(short, WHEN)
    (problem,) = e.value.problems
    assert "template 'macros.html.j2' is not among this render's inputs" in problem.message
    assert Path(problem.path).name == "base.html.j2" and problem.line == 1


def test_a_translation_edited_while_the_process_runs_is_rendered(loaded: Project) -> None:
    """The studio renders in one long process: a render uses the .po file as its inputs (and
    key) have it, not the one the process first read."""
    po = loaded.templates / "locale/pl/LC_MESSAGES/messages.po"
    original = po.read_text(encoding="utf-8")
    assert "Data przeglądu: 20" in render_html(inputs_of(loaded, "parents", "a4", "pl"), WHEN)
    try:
        po.write_text(original.replace("Data przeglądu:", "Przegląd:"), encoding="utf-8")
        html = render_html(inputs_of(loaded, "parents", "a4", "pl"), WHEN)
    finally:
        po.write_text(original, encoding="utf-8")
    assert "Przegląd: 20" in html and "Data przeglądu" not in html


def write(folder: Path, files: dict[str, str]) -> Path:
    """Write template files into a folder; return it."""
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_chain_follows_extends_import_from_import_and_include_lists(tmp_path: Path) -> None:
    t = write(
        tmp_path,
        {
            "people/trifold.html.j2": '{% extends "./fold.html.j2" %}',
            "fold.html.j2": "{% extends leaflet_template %}",
            "people/leaflet.html.j2": '{% import "m.html.j2" as m %}{% from "n.html.j2" import x%}',
            "m.html.j2": '{% include ["gone.html.j2", "p.html.j2"] ignore missing %}',
            "n.html.j2": "{% macro x() %}{% endmacro %}",
            "p.html.j2": "",
            "unused.html.j2": "",
        },
    )
    names = ["people/trifold.html.j2", "fold.html.j2", "people/leaflet.html.j2", "m.html.j2"]
    names += ["n.html.j2", "gone.html.j2", "p.html.j2"]  # a missing one too: made, it counts
    assert template_chain(t, "people/trifold.html.j2", LEAFLET_TEMPLATE) == tuple(names)


@pytest.mark.parametrize(
    "source",
    [
        '{% include leaflet.audience ~ ".html.j2" %}',  # a name only rendering makes
        "{% include other_name %}",  # a name the renderer does not hand
        '{% set leaflet_template = "x.html.j2" %}{% include leaflet_template %}',  # shadowed
        "{% for leaflet_template in ['x'] %}{% include leaflet_template %}{% endfor %}",
    ],
)
def test_a_name_known_only_when_rendering_makes_every_template_an_input(
    tmp_path: Path, source: str
) -> None:
    t = write(tmp_path, {"a.html.j2": source, "b/c.html.j2": "", "styles/s.css": ""})
    chain = template_chain(t, "a.html.j2", LEAFLET_TEMPLATE)
    assert chain == ("a.html.j2", "b/c.html.j2", "styles/s.css")


AUDIT = r"""
import datetime as dt, json, os, sys
from pathlib import Path
from resourcepack.pipeline import validate
from resourcepack.planning import Job
from resourcepack.profiles import PRINT_PROFILES
from resourcepack.project import load_project
from resourcepack.renderfile import render_file
from resourcepack.compose import compose
from resourcepack.render import render_inputs

root, out = Path(sys.argv[1]), Path(sys.argv[2])
project = load_project(root, today=dt.date(2026, 11, 27))
opened = []
sys.addaudithook(lambda event, args: opened.append(args[0]) if event == "open" else None)
report = []
for audience, fmt, language in json.loads(sys.argv[3]):
    leaflet = compose(validate(project), "internet-offending", audience, fmt, "coventry", language)
    chosen = project.catalog.formats[fmt]
    when, outputs = dt.datetime(2026, 11, 20, tzinfo=dt.UTC), PRINT_PROFILES["pdf/x-4"].outputs
    job = Job("key", leaflet, chosen, when, outputs)
    del opened[:]
    render_file(root, job, out / f"{audience}.{fmt}.pdf", None, out / f"{audience}.{fmt}.p.pdf")
    named = [a for a in opened if isinstance(a, (str, os.PathLike))]
    read = sorted({os.path.realpath(os.fsdecode(a)) for a in named})
    files = [str(p) for p in render_inputs(leaflet, chosen, project.templates).files]
    report.append({"read": read, "files": files})
print(json.dumps(report))
"""


@pytest.mark.slow  # a render in a subprocess, every file it opens audited
def test_a_render_reads_exactly_the_files_of_its_inputs(tmp_path: Path) -> None:
    """Every file a render opens (its PDFs, print layout and HTML edition) in the project or
    a font file, recorded by an audit hook, is one of its RenderInputs' files, and each of
    those is read."""
    root = copy_project(tmp_path / "project").resolve()
    (tmp_path / "out").mkdir()
    leaflets = [("professionals", "dl-trifold", "en"), ("parents", "a4", "pa")]
    env = os.environ | {"SOURCE_DATE_EPOCH": "1795651200"}
    argv = [sys.executable, "-c", AUDIT, str(root), str(tmp_path / "out"), json.dumps(leaflets)]
    done = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    for found in json.loads(done.stdout):
        files = {os.path.realpath(f) for f in found["files"]}
        read = {
            f for f in found["read"] if f.startswith(f"{root}/") or f.endswith((".ttf", ".otf"))
        }
        assert read == files
    trifold, panjabi = (json.dumps(found["read"]) for found in json.loads(done.stdout))
    assert "/templates/trifold.html.j2" in trifold and "NotoSansGurmukhi" not in trifold
    assert "/locale/pa/LC_MESSAGES/messages.po" in panjabi and "NotoSansGurmukhi" in panjabi


def test_a_builds_render_reads_the_inputs_its_key_hashed(
    loaded: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """RenderInputs is built once a render: plan builds it for the key and hands it to the
    job, and render_file renders from the job's (it does not look for the inputs again)."""
    from resourcepack import renderfile
    from resourcepack.planning import plan

    _, jobs = plan(loaded, loaded.packs["parents-evening"], WHEN)
    assert all(j.inputs is not None and render_key(j.inputs, WHEN) == j.key for j in jobs)
    poster = next(j for j in jobs if j.fmt.id == "a3-poster")

    def again(*args: object) -> RenderInputs:
        raise AssertionError("render_file built the inputs again")

    monkeypatch.setattr(renderfile, "render_inputs", again)
    assert renderfile.render_file(loaded.root, poster, tmp_path / "poster.pdf") == 1


def test_the_package_s_own_code_is_part_of_every_render_key(
    loaded: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change to the code that shapes a render (a view templates read, the tags, the drawing)
    renders again: the key holds a digest of the package's source."""
    import resourcepack.cache as cache

    assert len(cache.code_hash()) == 64
    before = render_key(inputs_of(loaded, *PARENTS_A4), WHEN)
    monkeypatch.setattr(cache, "code_hash", lambda: "edited")
    assert render_key(inputs_of(loaded, *PARENTS_A4), WHEN) != before
