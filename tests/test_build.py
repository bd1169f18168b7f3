"""Incremental and parallel builds: the cache re-renders exactly what changed, nothing stale."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from test_cli import snapshot

from conftest import REPO, Run
from resourcepack import render as render_module
from resourcepack.cache import render_key
from resourcepack.compose import compose
from resourcepack.fonts import font_faces
from resourcepack.pipeline import validate
from resourcepack.project import load_project
from resourcepack.render import render_inputs

Cli = Callable[..., Run]
Edit = Callable[[str, str, str], None]
TOPIC = "content/topics/internet-offending.yaml"
SCREEN = ("--print-profile", "none")  # on-screen PDFs only: what most of these tests are about


def rendered(result: Run) -> list[str]:
    """The leaflet files a build rendered on screen only, from its progress lines."""
    assert result.code == 0, result.err
    return sorted(re.findall(r"\] (\S+\.pdf)$", result.err, re.M))


@pytest.mark.slow
@pytest.mark.own_cache  # counts renders: shared-cache leaflets from other tests would hide some
def test_each_input_re_renders_exactly_what_it_affects(project: Path, cli: Cli, edit: Edit) -> None:
    packs = ("parents-evening", "carers-training-day", "professionals-briefing")

    def build(*extra: str) -> list[str]:
        return rendered(cli(project, "build", *packs, "-j", "1", *SCREEN, *extra))

    def four(who: str) -> list[str]:
        formats = ("a4", "a5-booklet", "dl-trifold", "a3-poster")
        return [f"coventry.internet-offending.{who}.en.{f}.pdf" for f in formats]

    parents, carers = four("parents"), four("carers")
    pros = [p for p in four("professionals") if "a5-booklet" not in p]
    assert build() == sorted(parents + carers + pros)
    assert build() == []
    # A block only professionals see (in every format; a poster's key covers its sections).
    edit(TOPIC, "carried out or enabled online", "carried out or made possible online")
    assert build() == sorted(pros)
    # A block parents and carers both see, with one text for each, left out of short formats.
    edit(
        TOPIC,
        "You can help your child learn to stay safe online.",
        "You can help your child to learn to stay safe online.",
    )
    assert build() == parents[:2]
    # The parents' template, which the carers' template (and both tri-folds) extend.
    edit("templates/parents/leaflet.html.j2", "{# Parents:", "{# Parents (edited):")
    assert build() == sorted(parents[:3] + carers[:3])
    # A format's stylesheet.
    edit("templates/styles/a5-booklet.css", "/* A5 booklet,", "/* Edited. A5 booklet,")
    assert build() == sorted([parents[1], carers[1]])

    # Print files (for one pack): each leaflet is laid out again, once, to write its print
    # layout beside its on-screen file; then nothing; then the print stylesheet (part of every
    # layout) re-renders each of them, again once.
    def layouts() -> tuple[list[str], list[str]]:
        result = cli(project, "build", "parents-evening", "-j", "1")
        found = re.findall(r"\] (\S+\.pdf) \(and its print layout\)$", result.err, re.M)
        return rendered(result), sorted(found)

    assert layouts() == ([], sorted(parents))
    assert layouts() == ([], [])
    # Copies change the pack, not its leaflets: it is assembled again from the cached renders.
    edit("packs/parents-evening.yaml", "copies: 150", "copies: 151")
    assert layouts() == ([], [])
    edit("templates/styles/print.css", "bleed: 3mm;", "bleed: 3mm; orphans: 2;")
    assert layouts() == ([], sorted(parents))
    # A partnership contact used by every leaflet.
    edit(
        "content/partnerships/coventry.yaml",
        "outside office hours, if",
        "outside office hours, if ever",
    )
    assert build() == sorted(parents + carers + pros)
    # Options: the timestamp, and --force.
    assert build() == []
    assert build("--force") == sorted(parents + carers + pros)


@pytest.mark.slow  # a whole build (or worker processes)
def test_timestamp_is_part_of_the_key(
    project: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli(project, "build", "professionals-briefing", "-j", "1", *SCREEN).code == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert len(rendered(cli(project, "build", "professionals-briefing", "-j", "1", *SCREEN))) == 4


@pytest.mark.slow  # a whole build (or worker processes)
def test_font_bytes_are_part_of_the_key(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = load_project(project)
    leaflet = compose(validate(p), "internet-offending", "parents", "a4", "coventry")
    fmt = p.catalog.formats["a4"]
    created = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    before = render_key(render_inputs(leaflet, fmt, p.templates), created)
    faces = list(font_faces(project))
    copy = tmp_path / "font.ttf"
    shutil.copyfile(faces[0].path, copy)
    with copy.open("ab") as f:
        f.write(b"\0")
    faces[0] = dataclasses.replace(faces[0], path=copy)
    monkeypatch.setattr(render_module, "font_faces", lambda root, families: tuple(faces))
    assert render_key(render_inputs(leaflet, fmt, p.templates), created) != before


@pytest.mark.slow  # a whole build (or worker processes)
def test_a_corrupt_pack_folder_is_rebuilt(project: Path, cli: Cli) -> None:
    assert cli(project, "build", "parents-evening", "-j", "1", *SCREEN).code == 0
    (project / "output/parents-evening/coventry.internet-offending.parents.en.a4.pdf").write_bytes(
        b"x"
    )
    result = cli(project, "build", "parents-evening", "-j", "1", *SCREEN)
    assert rendered(result) == []
    assert "wrote" in result.out
    assert (
        snapshot(project / "output/parents-evening")[
            "coventry.internet-offending.parents.en.a4.pdf"
        ]
        != "x"
    )


@pytest.mark.slow
def test_parallel_output_is_identical_to_serial(project: Path, cli: Cli, tmp_path: Path) -> None:
    assert (
        cli(
            project, "build", "community-languages", "-j", "1", "-o", str(tmp_path / "one"), *SCREEN
        ).code
        == 0
    )
    shutil.rmtree(project / ".cache")
    assert (
        cli(
            project, "build", "community-languages", "-j", "2", "-o", str(tmp_path / "two"), *SCREEN
        ).code
        == 0
    )
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


@pytest.mark.slow  # a whole build (or worker processes)
def test_a_failing_render_in_a_worker_is_reported(project: Path, cli: Cli, edit: Edit) -> None:
    edit(
        "templates/styles/base.css",
        "body { margin: 0; }",
        "body { margin: 0; background: url(https://example.org/x.png); }",
    )
    result = cli(project, "build", "-j", "2", *SCREEN)
    assert result.code == 1
    assert "refused to fetch https://example.org/x.png" in result.err
    assert "Traceback" not in result.err
    assert not (project / "output/parents-evening").exists()


@pytest.mark.slow  # a whole build
def test_quiet_prints_nothing(project: Path, cli: Cli) -> None:
    result = cli(project, "-q", "build", "professionals-briefing", "-j", "1", *SCREEN)
    assert (result.code, result.out, result.err) == (0, "", "")


@pytest.mark.parametrize("argv", [["list"], ["check"], ["--help"]])
def test_commands_that_render_nothing_do_not_import_weasyprint(argv: list[str]) -> None:
    code = (
        "import sys, io; from pathlib import Path; from resourcepack.cli import main; "
        f"c = main({argv!r}, io.StringIO(), io.StringIO(), root=Path({str(REPO)!r})); "
        "assert c == 0, c; assert 'weasyprint' not in sys.modules, 'weasyprint imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


class Loaded(BaseException):  # not caught by the CLI's last-resort handler
    """Raised in place of loading the project: the build did not trust its stamp."""


@pytest.mark.slow  # whole builds through the command line
def test_a_no_op_build_trusts_its_stamp_only_when_nothing_changed(
    project: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from resourcepack import project as project_module
    from resourcepack import stamp

    argv = ("build", "professionals-briefing", "-j", "1", *SCREEN)
    assert cli(project, *argv).code == 0

    def refuse(*args: object, **kwargs: object) -> None:
        raise Loaded

    monkeypatch.setattr(project_module, "load_project", refuse)

    def replayed(*extra: str) -> bool:
        try:
            result = cli(project, *argv, *extra)
        except Loaded:
            return False
        assert result.code == 0, result.err
        assert "up to date: " in result.out and "0 rendered, 0 reused" in result.out
        return True

    assert replayed()
    topic = project / TOPIC
    text = topic.read_bytes()
    topic.write_bytes(text + b"\n# a comment\n")
    assert not replayed()
    topic.write_bytes(text)
    assert replayed()
    pdf = (
        project
        / "output/professionals-briefing/coventry.internet-offending.professionals.en.a4.pdf"
    )
    data = pdf.read_bytes()
    pdf.write_bytes(data[:-1] + b" ")
    assert not replayed()
    pdf.write_bytes(data)
    assert replayed()
    assert not replayed("--force")
    assert not replayed("--print-profile", "pdf/x-4")
    with monkeypatch.context() as m:
        m.setenv("SOURCE_DATE_EPOCH", "1700000000")
        assert not replayed()
    with monkeypatch.context() as m:
        m.setattr(stamp, "today", lambda: dt.date(2099, 1, 1))
        assert not replayed()
    with monkeypatch.context() as m:
        m.setattr(stamp, "_packages", lambda: ["weasyprint-99.0.dist-info"])
        assert not replayed()
    assert replayed()


def test_a_no_op_build_imports_no_renderer_and_no_yaml_parser(project: Path, cli: Cli) -> None:
    assert cli(project, "build", "professionals-briefing", "-j", "1", *SCREEN).code == 0
    code = (
        "import sys, io; from pathlib import Path; from resourcepack.cli import main; "
        "out = io.StringIO(); "
        f"argv = ['build', 'professionals-briefing', '-j', '1', *{list(SCREEN)!r}]; "
        f"c = main(argv, out, io.StringIO(), root=Path({str(project)!r})); "
        "assert c == 0, c; assert 'up to date: ' in out.getvalue(), out.getvalue(); "
        "print(sorted({'weasyprint', 'yaml', 'pydantic', 'jinja2'} & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@pytest.mark.slow  # a whole build (or worker processes)
def test_theme_colours_are_what_leaflets_are_drawn_with(
    project: Path, cli: Cli, edit: Edit
) -> None:
    """Templates and stylesheets take their colours from templates/theme.yaml (the file the
    contrast check reads): changing one re-renders every leaflet, and changes its bytes."""
    argv = ("build", "professionals-briefing", "-j", "1", *SCREEN)
    assert cli(project, *argv).code == 0
    pdf = (
        project
        / "output/professionals-briefing/coventry.internet-offending.professionals.en.a4.pdf"
    )
    before = pdf.read_bytes()
    edit("templates/theme.yaml", 'rule: "#9aa5b1"', 'rule: "#9aa5b2"')
    assert len(rendered(cli(project, *argv))) == 4
    assert pdf.read_bytes() != before
    templates = project / "templates"
    for path in [*templates.rglob("*.css"), *templates.rglob("*.j2")]:
        assert not re.search(r"#[0-9a-fA-F]{6}\b", path.read_text(encoding="utf-8")), path


@pytest.mark.slow  # whole builds
def test_a_build_touches_only_what_it_made(
    project: Path, cli: Cli, one_pack: Callable[[str, str], str], tmp_path: Path
) -> None:
    """-o at a folder the user keeps other things in: nothing of theirs is deleted, replaced or
    renamed, even when named like the tool's own staging or set-aside folders."""
    out = tmp_path / "shared"
    theirs = {
        "minutes.docx": "minutes",
        ".thunderbird.old/prefs.js": "prefs",
        ".notes.staging-2024/todo.txt": "todo",
        ".one.staging-abc/keep.txt": "keep",
        ".photos.old/photo.txt": "photo",
    }
    for name, text in theirs.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text, encoding="utf-8")
    pack = one_pack("parents", "a4")
    for _ in range(2):  # a first build, then one that replaces its own pack
        result = cli(project, "build", pack, "--print-profile", "none", "--force", "-o", str(out))
        assert result.code == 0, result.err
    assert {n: (out / n).read_text(encoding="utf-8") for n in theirs} == theirs
    assert (out / pack / ".resourcepack").read_text(encoding="utf-8") == f"{pack}\n"
    assert (out / pack / "coventry.internet-offending.parents.en.a4.pdf").is_file()
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(f".{pack}.")]
    assert leftovers == [".one.staging-abc"]  # the user's, kept; none of the tool's own


@pytest.mark.slow  # whole builds
def test_a_pack_named_twice_is_built_once(
    project: Path, cli: Cli, one_pack: Callable[[str, str], str]
) -> None:
    pack = one_pack("parents", "a4")
    result = cli(project, "build", pack, pack, "--print-profile", "none")
    assert result.code == 0, result.err
    assert "1 packs, 1 leaflet PDFs" in result.out


@pytest.mark.own_cache  # damages its cache entries
@pytest.mark.slow  # three builds, cold
def test_a_damaged_cache_entry_is_rendered_again_never_published(
    project: Path, cli: Cli, one_pack: Callable[[str, str], str]
) -> None:
    pack = one_pack("parents", "a4")
    argv = ("build", pack, "--print-profile", "none", "-o")
    assert cli(project, *argv, str(project / "first")).code == 0
    good = (project / "first" / pack / "coventry.internet-offending.parents.en.a4.pdf").read_bytes()
    renders = project / ".cache" / "renders"
    (pdf,) = renders.glob("*.pdf")
    pdf.write_bytes(pdf.read_bytes()[: len(good) // 2])  # truncated
    (renders / "notes").mkdir(exist_ok=True)
    for name in ("coventry.internet-offending.parents.en.a4.pdf",):
        (renders / "notes" / name).write_text("100000")  # a guess that would never finish
    result = cli(project, *argv, str(project / "second"))
    assert result.code == 0, result.err
    assert "1 rendered, 0 reused" in result.out
    again = project / "second" / pack / "coventry.internet-offending.parents.en.a4.pdf"
    assert again.read_bytes() == good
    (info,) = (p for p in renders.glob("*.json") if not p.name.endswith(".layout.json"))
    info.write_text("not json")  # garbage
    result = cli(project, *argv, str(project / "third"))
    assert result.code == 0, result.err
    assert "1 rendered, 0 reused" in result.out


@pytest.mark.slow  # whole builds
def test_a_truncated_pack_pdf_is_not_up_to_date(
    project: Path, cli: Cli, one_pack: Callable[[str, str], str]
) -> None:
    pack = one_pack("parents", "a4")
    argv = ("build", pack, "--print-profile", "none")
    assert cli(project, *argv).code == 0
    pack_pdf = project / "output" / pack / "pack.pdf"
    good = pack_pdf.read_bytes()
    pack_pdf.write_bytes(good[:1000])
    result = cli(project, *argv)
    assert result.code == 0, result.err
    assert f"{pack}: assembled" in result.err
    assert pack_pdf.read_bytes() == good


@pytest.mark.slow  # whole builds through the command line
def test_a_leaflets_first_layout_starts_from_the_last_count_known(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parents' A4 needs a back-cover page after its content. Coventry's first render
    knows no count: it guesses the spare back cover and lays out once. The example
    partnership's, in the same cache, starts from the count recorded for any partnership: set
    to none, it lays out twice (the guess was wrong), and then records its own, which its next
    render starts from (once); the count for any partnership is then the latest."""
    from resourcepack import pdf
    from resourcepack.cache import Cache
    from resourcepack.clock import pin_time
    from resourcepack.planning import plan
    from resourcepack.renderfile import render_into_cache

    project = load_project(REPO, today=dt.date(2026, 11, 27))
    created = pin_time(project.catalog)
    passes: list[str] = []
    real = pdf.render_document
    monkeypatch.setattr(pdf, "render_document", lambda *a, **k: passes.append("") or real(*a, **k))
    cache = Cache(tmp_path)
    anyone = "any-partnership/internet-offending.parents.en.a4.pdf"
    counts = []
    for pack in ("parents-evening", "example-open-day", "example-open-day"):
        job = next(j for j in plan(project, project.packs[pack], created)[1] if j.fmt.id == "a4")
        if pack == "example-open-day" and not counts[1:]:
            cache.remember_notes((anyone,), 0)  # as if the last render had needed none
        passes.clear()
        assert render_into_cache(REPO, job, tmp_path) == ()
        counts.append(len(passes))
    assert counts == [1, 2, 1]
    assert cache.notes_of("example.internet-offending.parents.en.a4.pdf") == 1
    assert cache.notes_of(anyone) == 1  # and the count for any partnership is the latest
