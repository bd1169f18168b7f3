"""The command line: exit codes, messages without tracebacks, output left whole on failure."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import REPO, Run, copy_project, leaflet_args
from resourcepack.cache import CACHE_ENV
from resourcepack.cli import main

Cli = Callable[..., Run]
Edit = Callable[[str, str, str], None]


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under folder with its SHA-256."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_help_shows_examples(project: Path, cli: Cli) -> None:
    result = cli(project, "--help")
    assert result.code == 0
    assert "python generate.py leaflet internet-offending --audience parents" in result.out


def test_list(project: Path, cli: Cli) -> None:
    result = cli(project, "list")
    assert result.code == 0
    lines = result.out.splitlines()
    assert (
        "pack      parents-evening: Parents' evening pack (2027-01-21, 4 leaflets, coventry)"
        in lines
    )
    assert "partnership coventry: Coventry Safeguarding Children Partnership, Coventry" in lines
    assert (
        "partnership example: Example Safeguarding Children Partnership, Exampleton "
        "(example: not for distribution)"
    ) in lines
    assert "audience  carers: Carers" in lines
    assert "format    a5-booklet: A5 booklet, saddle-stitched" in lines
    assert "language  en: English" in lines
    assert any(line.startswith("topic     internet-offending:") for line in lines)


def test_check_renders_nothing(project: Path, cli: Cli) -> None:
    result = cli(project, "check")
    assert result.code == 0
    assert result.out.startswith("ok: 1 topics, 2 partnerships, 11 resources, 5 packs")
    assert "warning: contact 'partnership-team' (024 7697 5477) is unverified" in result.err
    assert not (project / "output").exists()


def test_check_strict_fails_on_warnings(project: Path, cli: Cli) -> None:
    result = cli(project, "--strict", "check")
    assert result.code == 1
    unverified = "content/partnerships/coventry.yaml:48:15: error: contact 'partnership-team'"
    assert unverified in result.err


def test_usage_errors_exit_2(project: Path, cli: Cli) -> None:
    result = cli(project, "build", "parents-evenin")
    assert result.code == 2
    assert result.err.splitlines()[-1] == (
        "command line:1:1: error: unknown pack 'parents-evenin' (did you mean 'parents-evening'?)"
    )
    result = cli(
        project,
        *leaflet_args("teens", "a4"),
    )
    assert result.code == 2
    assert "unknown audience 'teens'" in result.err
    assert cli(project, "frobnicate").code == 2


def test_leaflet_command(project: Path, cli: Cli, tmp_path: Path) -> None:
    result = cli(
        project,
        *leaflet_args("professionals", "a5-booklet"),
        "-o",
        str(tmp_path / "one"),
    )
    assert result.code == 0, result.err
    path = tmp_path / "one" / "coventry.internet-offending.professionals.en.a5-booklet.pdf"
    assert f"wrote {path}" in result.out
    assert len(PdfReader(path).pages) % 4 == 0


@pytest.mark.slow  # a whole build (or worker processes)
def test_render_failure_keeps_the_last_good_pack(project: Path, cli: Cli, edit: Edit) -> None:
    assert cli(project, "build", "parents-evening", "--print-profile", "none").code == 0
    before = snapshot(project / "output")
    css = "body { background: url(http://127.0.0.1:9/x.png) }\n@page {"
    edit("templates/styles/a4.css", "@page {", css)
    result = cli(project, "build", "parents-evening", "--print-profile", "none")
    assert result.code == 1
    assert "refused to fetch http://127.0.0.1:9/x.png" in result.err
    assert snapshot(project / "output") == before
    assert [p.name for p in (project / "output").iterdir()] == ["parents-evening"]


@pytest.mark.own_cache  # fresh renders, not the shared ones
@pytest.mark.slow  # a whole build (or worker processes)
def test_two_builds_are_byte_identical(project: Path, cli: Cli, tmp_path: Path) -> None:
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    assert cli(project, "build", "professionals-briefing", "-o", str(tmp_path / "a")).code == 0
    shutil.rmtree(project / ".cache")
    assert cli(project, "build", "professionals-briefing", "-o", str(tmp_path / "b")).code == 0
    # A third build reuses every render: its print files are made by workers that rendered
    # nothing (and must still pin the timestamp).
    assert cli(project, "build", "professionals-briefing", "-o", str(tmp_path / "c")).code == 0
    first, second = snapshot(tmp_path / "a"), snapshot(tmp_path / "b")
    assert first == second == snapshot(tmp_path / "c")
    names = {Path(name).name for name in first}
    leaflets = {n for n in names if n.startswith("coventry.internet-offending.") and ".en." in n}
    # Four leaflets on screen and their HTML editions; print pages and imposed sheets of the
    # three that are no draft (the professionals' A4 prints the unverified CSCP team number; the
    # tri-fold's flap and the poster list only the urgent lines).
    assert len(leaflets) == 4 + 4 + 6
    assert "coventry.internet-offending.parents.en.a4.sheets.pdf" in leaflets
    assert {"pack.pdf", "manifest.json", "preview.png", "professionals-briefing.zip"} <= names
    assert {"job-sheet.pdf", "job-sheet.csv", "preflight.txt", "sheets-preview.png"} <= names


@pytest.mark.slow  # a whole build (or worker processes)
def test_source_date_epoch_is_honoured(project: Path, cli: Cli, tmp_path: Path) -> None:
    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
    try:
        assert (
            cli(
                project,
                *leaflet_args("parents", "a4"),
                "-o",
                str(tmp_path),
            ).code
            == 0
        )
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH")
    assert (
        PdfReader(tmp_path / "coventry.internet-offending.parents.en.a4.pdf")
        .metadata["/CreationDate"]
        .startswith("D:20231114221320")
    )


def test_generate_py_runs_as_a_script(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "generate.py"), "list"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "pack      professionals-briefing" in result.stdout


@pytest.mark.parametrize("value", ["abc", "99999999999999999999", "-5"])
def test_a_bad_source_date_epoch_is_one_line(
    project: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    result = cli(project, "build", "parents-evening", "--print-profile", "none")
    assert result.code == 2
    assert [line for line in result.err.splitlines() if "error" in line] == [
        f"environment:1:1: error: SOURCE_DATE_EPOCH is '{value}'; it must be whole seconds "
        "since 1970 (0 to 4102444800), or unset"
    ]


def test_a_system_fault_is_one_line_naming_the_path(project: Path, cli: Cli) -> None:
    (project / "blocker").write_text("a file where a folder is wanted", encoding="utf-8")
    out = project / "blocker" / "out"
    result = cli(project, "build", "parents-evening", "--print-profile", "none", "-o", str(out))
    assert result.code == 1
    assert [line for line in result.err.splitlines() if "error" in line] == [
        f"{out}: error: Not a directory"
    ]
    assert "Traceback" not in result.err


@pytest.mark.slow  # a build in a subprocess, interrupted
@pytest.mark.parametrize(
    ("sig", "code", "word"),
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")],
)
def test_ctrl_c_or_sigterm_prints_one_line_and_publishes_nothing(
    tmp_path: Path, sig: signal.Signals, code: int, word: str
) -> None:
    root = copy_project(tmp_path / "project")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.pop(CACHE_ENV, None)
    argv = [sys.executable, str(REPO / "generate.py"), "--project", str(root), "build", "-j", "1"]
    argv.append("parents-evening")
    # A build started in the background by a shell ignores SIGINT; a user's build does not.
    proc = subprocess.Popen(
        argv,
        cwd=root,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert proc.stderr is not None
    seen = []
    for line in proc.stderr:  # interrupt once the first leaflet is rendered
        seen.append(line)
        if line.startswith("  [1/"):
            break
    proc.send_signal(sig)
    err = "".join(seen) + proc.communicate(timeout=60)[1]
    assert proc.returncode == code
    assert err.splitlines()[-1] == (
        f"{word}: nothing was published; the last good packs are as they were"
    )
    assert "Traceback" not in err
    assert [p.name for p in (root / "output").iterdir()] == []  # staging tidied, nothing else


@pytest.mark.slow  # a whole build
def test_the_summary_says_which_leaflets_are_held_back_from_print_and_the_order_is_kept(
    project: Path, cli: Cli
) -> None:
    pack = project / "packs" / "two.yaml"
    pack.write_text(
        "id: two\nname: Two leaflets\n"
        "event: {name: Test event, date: 2027-01-21, venue: Test hall}\n"
        "partnership: coventry\ndeliver_by: 2027-01-14\n"
        "order: {customer: Coventry SCP, order_number: PO-0042, delivery_address: Test hall}\n"
        "leaflets:\n"
        "  - {topic: internet-offending, audience: parents, format: a3-poster, copies: 4}\n"
        "  - {topic: internet-offending, audience: professionals, format: a4, copies: 6}\n",
        encoding="utf-8",
    )
    result = cli(project, "build", "two", "-j", "1")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].endswith("(2 leaflets, pack.pdf 9 pages; 1 held back from print, as a draft)")
    assert lines[1].startswith(
        "  not for print: coventry.internet-offending.professionals.en.a4.pdf ("
    )
    with (project / "output/two/print/job-sheet.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["order_number"] for r in rows} == {"PO-0042"}
    assert [r["quantity"] for r in rows if not r["file"]] == ["6"]
    again = cli(project, "build", "two", "-j", "1")  # up to date: the stamp says the same
    assert again.out.splitlines()[:2] == [lines[0].replace("wrote", "up to date:"), lines[1]]


def test_a_build_stamp_that_cannot_be_written_is_a_warning(project: Path, cli: Cli) -> None:
    (project / ".cache").write_text("a file where the cache folder goes", encoding="utf-8")
    result = cli(project, "build", "parents-evening", "--print-profile", "none", "-j", "1")
    assert result.code == 0, result.err
    assert (
        f"{project}/.cache/stamps: warning: Not a directory; the next build checks everything"
        in result.err
    )
    assert (project / "output" / "parents-evening" / "pack.pdf").is_file()


def test_report_json_says_what_the_build_wrote(
    project: Path, cli: Cli, one_pack: Callable[[str, str], str]
) -> None:
    pack = one_pack("parents", "a4")
    argv = ("build", pack, "--print-profile", "none", "-j", "1", "--report", "json")
    first, again = cli(project, *argv), cli(project, "-q", *argv)  # built, then up to date
    assert first.code == again.code == 0, first.err + again.err
    report, replay = json.loads(first.out), json.loads(again.out)
    folder = project / "output" / pack
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    (entry,) = report["packs"]
    assert (entry["pack"], entry["folder"], entry["changed"]) == (pack, str(folder), True)
    assert entry["leaflets"] == manifest["files"]
    written = sorted(p.name for p in folder.glob("*.pdf") if p.name != "pack.pdf")
    assert [f["file"] for f in entry["leaflets"]] == written
    for f in entry["leaflets"]:
        assert len(PdfReader(folder / f["file"]).pages) == f["pages"]
        assert hashlib.sha256((folder / f["file"]).read_bytes()).hexdigest() == f["sha256"]
    assert entry["pack_pages"] == len(PdfReader(folder / "pack.pdf").pages)
    assert report["leaflets"] == len(written) == 1
    assert report["pages"] == entry["pages"] == sum(f["pages"] for f in entry["leaflets"])
    assert report["rendered"] + report["reused"] == 1  # the session cache may hold it
    assert len(report["renders"]) == report["rendered"]
    assert replay["packs"] == [{**entry, "changed": False}]
    assert (replay["rendered"], replay["reused"], replay["renders"]) == (0, 0, [])


class GoneReader(io.StringIO):
    """Standard output whose reader has gone (`generate.py list | head -1`)."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_reader_that_goes_away_stops_the_output_quietly(project: Path) -> None:
    err = io.StringIO()
    assert main(["list"], GoneReader(), err, root=project) == 141
    assert err.getvalue() == ""  # no "system: error: Broken pipe"
