"""The command line: build packs, render one leaflet, list names, check content."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .errors import ContentError, Problem, ResourcePackError, UsageError
from .paths import ProjectPaths
from .profiles import DEFAULT_PROFILE, PRINT_PROFILES, print_profile
from .stamp import PackLine, Record, inputs_digest, read_stamp, write_stamp

if TYPE_CHECKING:
    from .assemble import BuiltFile
    from .build import BuildReport, Progress
    from .project import Project

EXAMPLES = """\
examples:
  python generate.py                      build every pack into output/<pack>/
  python generate.py build parents-evening
  python generate.py build parents-evening --print-profile none    on-screen PDFs only
  python generate.py leaflet internet-offending --audience parents --format a5-booklet -o /tmp/out
  python generate.py list                 packs, topics, audiences, formats, languages
  python generate.py check --strict       validate everything, render nothing
  python generate.py check --release      can every pack be printed today? (renders nothing)
  python generate.py new-partnership northdale --name "Northdale Safeguarding Children Partnership"
  python generate.py schemas              JSON Schemas: VS Code completes and checks the YAML
  python generate.py build --release      refuse to build anything not ready to print
  python generate.py serve                the studio at http://127.0.0.1:8000

exit status: 0 done, 1 content, pack, render or output errors, 2 usage errors, 130 interrupted,
143 terminated (SIGTERM), 70 a bug (with its traceback)
"""
REPORTS = ("text", "json")


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors become UsageError (exit 2) instead of exiting."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError([Problem("command line", 1, 1, f"{message} (see --help)")])


def parser() -> argparse.ArgumentParser:
    """The argument parser with its sub-commands."""
    p = _Parser(
        prog="generate.py",
        description="Print-ready safeguarding leaflets and event packs from reviewed YAML content.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--project", type=Path, help="project folder (default: this one)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--release", action="store_true", help=RELEASE_HELP)
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    b = sub.add_parser("build", help="build packs (all when none named)")
    _release_flag(b)
    b.add_argument("packs", nargs="*", metavar="PACK")
    b.add_argument("-o", "--output", type=Path, help="output folder (default: output/)")
    b.add_argument("-j", "--jobs", type=int, help="render processes (default: one per CPU)")
    b.add_argument("--force", action="store_true", help="render everything, ignoring the cache")
    b.add_argument(
        "--print-profile",
        choices=tuple(PRINT_PROFILES),
        default=DEFAULT_PROFILE,
        help="print files for a print shop in output/<pack>/print/ (default: %(default)s); "
        + "; ".join(f"{p.name}: {p.says}" for p in PRINT_PROFILES.values()),
    )
    b.add_argument(
        "--report",
        choices=REPORTS,
        default=REPORTS[0],
        help="text: the summary (default); json: one JSON object on stdout instead (even with "
        "-q): packs, their leaflets as in manifest.json, pages, renders done and reused, seconds",
    )
    lf = sub.add_parser("leaflet", help="render one leaflet")
    lf.add_argument("topic")
    lf.add_argument("--audience", required=True)
    lf.add_argument("--format", required=True)
    lf.add_argument("--lang", default="en")
    lf.add_argument("--variant", default="standard", help="standard, large-print, easy-read")
    lf.add_argument("--partnership", help="partnership id (default: the only one)")
    lf.add_argument("-o", "--output", type=Path, help="folder to write to (default: output/)")
    _release_flag(lf)
    sub.add_parser("list", help="list packs, partnerships, topics, audiences, formats, languages")
    ck = sub.add_parser("check", help="load and validate everything; render nothing")
    _release_flag(ck)
    ck.add_argument(
        "--partnership",
        action="append",
        help="report this partnership's warnings (default: those of the partnerships in packs)",
    )
    np = sub.add_parser("new-partnership", help="start a partnership's file, every role TODO")
    np.add_argument("id", help="the partnership id: lower-case letters, digits and hyphens")
    np.add_argument(
        "--name", required=True, help='its name, e.g. "Example Safeguarding Children Partnership"'
    )
    np.add_argument("--place", help='the place it serves, e.g. "Exampleton" (default: TODO)')
    sub.add_parser(
        "schemas", help="write JSON Schemas for the YAML files into schemas/ (for editors)"
    )
    sv = sub.add_parser("serve", help="the studio: browse, preview while editing, make packs")
    sv.add_argument("--host", help="address to listen on (default: 127.0.0.1, this machine only)")
    sv.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
    return p


RELEASE_HELP = (
    "release mode: refuse (listing every reason) if a review is past due, a fact is "
    "unverified or any warning remains; the default is a draft build"
)


def _release_flag(p: argparse.ArgumentParser) -> None:
    """Accept --release after the sub-command as well as before it."""
    p.add_argument("--release", action="store_true", default=argparse.SUPPRESS, help=RELEASE_HELP)


def _need(kind: str, value: str, known: Iterable[str]) -> None:
    from .content import unknown_message

    names = set(known)
    if value not in names:
        raise UsageError([Problem("command line", 1, 1, unknown_message(kind, value, names))])


def _warn(args: argparse.Namespace, warnings: Sequence[Problem], err: TextIO, root: Path) -> None:
    if not args.quiet:
        for w in warnings:
            print(w.shown(root), file=err)


def _warnings(
    args: argparse.Namespace, project: Project, partnerships: Iterable[str]
) -> tuple[Problem, ...]:
    """The warnings of the partnerships a command touches (and of everything shared); with
    --strict, an error."""
    from .catalog import scoped_warnings

    warnings = scoped_warnings(project.catalog, set(partnerships))
    if args.strict and warnings:
        raise ContentError(
            Problem(w.path, w.line, w.column, f"{w.message} (--strict)") for w in warnings
        )
    return warnings


def _progress(args: argparse.Namespace, err: TextIO) -> Progress:
    from .build import Quiet
    from .progress import Bar, Lines

    if args.quiet:
        return Quiet()
    return Bar(err) if err.isatty() else Lines(err)


def cmd_build(args: argparse.Namespace, root: Path, out: TextIO, err: TextIO) -> int:
    """Build the named packs, or all; with nothing changed since the last build, say so fast."""
    start = time.perf_counter()
    output = (args.output or ProjectPaths(root).output).resolve()
    inputs = inputs_digest(root, _options(args, output))
    if not args.force and (record := read_stamp(root, output, inputs)):
        _replay(args, record, time.perf_counter() - start, out, err)
        return 0
    from .pool import default_workers, start_server

    if args.jobs is not None and args.jobs < 1:
        raise UsageError([Problem("command line", 1, 1, "--jobs must be 1 or more")])
    workers = args.jobs or default_workers()
    if workers > 1:
        start_server()  # before importing the build, so its imports overlap the server's
    from .build import build_packs
    from .pipeline import for_release
    from .project import load_project, release_leaflets

    project = load_project(root)
    args.packs = list(dict.fromkeys(args.packs))  # a pack named twice is built once
    for pack in args.packs:
        _need("pack", pack, project.packs)
    chosen = args.packs or sorted(project.packs)
    warnings = _warnings(args, project, {project.packs[p].partnership for p in chosen})
    if args.release:
        project = for_release(project, release_leaflets(project, args.packs))
    _warn(args, warnings, err, root)
    progress = _Recorder(_progress(args, err))
    printed = print_profile(args.print_profile).prints

    def stamp(report: BuildReport) -> None:
        lines = _pack_lines(report, printed)
        try:
            write_stamp(root, output, inputs, Record(lines, tuple(w.shown(root) for w in warnings)))
        except OSError as e:  # only a shortcut for the next build: say so, and go on
            where = e.filename or ProjectPaths(root).cache
            print(
                f"{where}: warning: {e.strerror or e}; the next build checks everything", file=err
            )

    report = build_packs(
        project, list(args.packs), output, workers, args.force, progress, args.print_profile, stamp
    )
    changed = {r.pack for r in report.packs if r.changed}
    counts, seconds = (report.rendered, report.reused), time.perf_counter() - start
    if args.report == "json":
        files = {r.pack: [dataclasses.asdict(f) for f in r.files] for r in report.packs}
        lines = _pack_lines(report, printed)
        _json(lines, files, changed, counts, progress.names, seconds, out)
    elif not args.quiet:
        _summary(_pack_lines(report, printed), changed, counts, seconds, out)
    return 0


class _Recorder:
    """A Progress that passes each report on and keeps the names of the renders done."""

    def __init__(self, inner: Progress) -> None:
        self.inner = inner
        self.names: list[str] = []

    def start(self, total: int) -> None:
        """Pass it on."""
        self.inner.start(total)

    def rendered(self, name: str) -> None:
        """Keep the name; pass it on."""
        self.names.append(name)
        self.inner.rendered(name)

    def packed(self, pack: str, changed: bool) -> None:
        """Pass it on."""
        self.inner.packed(pack, changed)


def _options(args: argparse.Namespace, output: Path) -> dict[str, object]:
    """The options that decide what a build writes."""
    return {
        "packs": sorted(args.packs),
        "output": str(output),
        "print_profile": args.print_profile,
        "release": args.release,
        "strict": args.strict,
    }


def _pack_lines(report: BuildReport, printed: bool = True) -> tuple[PackLine, ...]:
    """What the summary says of each pack (with print files: the drafts held back)."""
    return tuple(
        PackLine(
            r.pack,
            str(r.folder),
            len(r.files),
            r.pack_pages,
            sum(f.pages for f in r.files),
            tuple(_held(f) for f in r.files if printed and f.built_from and f.built_from.draft),
        )
        for r in report.packs
    )


def _held(f: BuiltFile) -> str:
    """A leaflet held back from print, and why."""
    reasons = "; ".join(f.built_from.draft) if f.built_from else ""
    return f"{f.file} ({reasons})"


def _replay(
    args: argparse.Namespace, record: Record, seconds: float, out: TextIO, err: TextIO
) -> None:
    """Report a build that found every pack up to date, as the full build would have."""
    if args.report == "json":
        _replay_json(args, record, seconds, out, err)
        return
    if args.quiet:
        return
    for warning in record.warnings:
        print(warning, file=err)
    if not err.isatty():
        from .progress import Lines

        for p in record.packs:
            Lines(err).packed(p.pack, False)
    _summary(record.packs, set(), (0, 0), seconds, out)


def _replay_json(
    args: argparse.Namespace, record: Record, seconds: float, out: TextIO, err: TextIO
) -> None:
    """The JSON report of an up-to-date build, its leaflets read from each pack's manifest."""
    if not args.quiet:
        for warning in record.warnings:
            print(warning, file=err)
    files = {}
    for p in record.packs:
        manifest = Path(p.folder, "manifest.json").read_text(encoding="utf-8")
        files[p.pack] = json.loads(manifest)["files"]
    _json(record.packs, files, set(), (0, 0), [], seconds, out)


def _json(
    packs: tuple[PackLine, ...],
    files: dict[str, list[dict[str, object]]],
    changed: set[str],
    counts: tuple[int, int],
    renders: list[str],
    seconds: float,
    out: TextIO,
) -> None:
    """The build's report as one JSON object (what the summary says, and each pack's files)."""
    report = {
        "packs": [
            {
                "pack": p.pack,
                "folder": p.folder,
                "changed": p.pack in changed,
                "pack_pages": p.pack_pages,
                "pages": p.pages,
                "held": list(p.held),
                "leaflets": files[p.pack],
            }
            for p in packs
        ],
        "leaflets": sum(p.leaflets for p in packs),
        "pages": sum(p.pages for p in packs),
        "rendered": counts[0],
        "reused": counts[1],
        "failed": 0,
        "renders": renders,
        "seconds": round(seconds, 3),
    }
    print(json.dumps(report, indent=1, ensure_ascii=False, default=str), file=out)


def _summary(
    packs: tuple[PackLine, ...],
    changed: set[str],
    counts: tuple[int, int],
    seconds: float,
    out: TextIO,
) -> None:
    rendered, reused = counts
    for p in packs:
        state = "wrote" if p.pack in changed else "up to date:"
        drafts = "a draft" if len(p.held) == 1 else "drafts"
        held = f"; {len(p.held)} held back from print, as {drafts}" if p.held else ""
        print(
            f"{state} {p.folder}/ ({p.leaflets} leaflets, pack.pdf {p.pack_pages} pages{held})",
            file=out,
        )
        for line in p.held:
            print(f"  not for print: {line}", file=out)
    leaflets = sum(p.leaflets for p in packs)
    pages = sum(p.pages for p in packs)
    print(
        f"{len(packs)} packs, {leaflets} leaflet PDFs, {pages} pages: "
        f"{rendered} rendered, {reused} reused, 0 failed, in {seconds:.1f} s",
        file=out,
    )


def _partnership(args: argparse.Namespace, known: Sequence[str]) -> str:
    if args.partnership:
        _need("partnership", args.partnership, known)
        return str(args.partnership)
    if len(known) != 1:
        msg = f"several partnerships ({', '.join(known)}): choose one with --partnership"
        raise UsageError([Problem("command line", 1, 1, msg)])
    return known[0]


def cmd_leaflet(args: argparse.Namespace, root: Path, out: TextIO, err: TextIO) -> int:
    """Render one leaflet."""
    from .build import build_leaflet
    from .compose import compose
    from .packs import LeafletSpec, leaflet_problems
    from .pipeline import for_release, validate
    from .project import load_project

    project = load_project(root)
    cat = project.catalog
    _need("topic", args.topic, cat.topics)
    _need("audience", args.audience, cat.topics[args.topic].audiences)
    _need("format", args.format, cat.formats)
    _need("language", args.lang, cat.languages)
    _need("variant", args.variant, cat.variants)
    spec = LeafletSpec(
        topic=args.topic,
        audience=args.audience,
        format=args.format,
        language=args.lang,
        variant=args.variant,
        copies=1,
    )
    for _, message in leaflet_problems(cat, spec):
        raise UsageError([Problem("command line", 1, 1, message)])
    partnership = _partnership(args, sorted(cat.partnerships))
    warnings = _warnings(args, project, [partnership])
    leaflet = compose(
        validate(project),
        args.topic,
        args.audience,
        args.format,
        partnership,
        args.lang,
        args.variant,
    )
    if args.release:
        project = for_release(project, [leaflet])
    _warn(args, warnings, err, root)
    path, pages = build_leaflet(project, leaflet, args.output or project.paths.output)
    if not args.quiet:
        print(f"wrote {path} ({pages} pages) and its HTML edition, {path.stem}.html", file=out)
    return 0


def cmd_list(args: argparse.Namespace, root: Path, out: TextIO, err: TextIO) -> int:
    """List what the project has."""
    from .project import load_project

    project = load_project(root)
    _warnings(args, project, {p.partnership for p in project.packs.values()})
    cat = project.catalog
    for pack in project.packs.values():
        print(
            f"pack      {pack.id}: {pack.name} ({pack.event.date}, {len(pack.leaflets)} leaflets, "
            f"{pack.partnership})",
            file=out,
        )
    for part in cat.partnerships.values():
        kind = " (example: not for distribution)" if part.example else ""
        print(f"partnership {part.id}: {part.name}, {part.place}{kind}", file=out)
    for topic in cat.topics.values():
        print(f"topic     {topic.id}: {topic.title} ({', '.join(topic.audiences)})", file=out)
    for a in cat.audiences.values():
        print(f"audience  {a.id}: {a.name}", file=out)
    for f in cat.formats.values():
        print(f"format    {f.id}: {f.name}", file=out)
    for lang in cat.languages.values():
        print(f"language  {lang.id}: {lang.name}", file=out)
    for v in cat.variants.values():
        print(f"variant   {v.id}: {v.name}", file=out)
    return 0


def cmd_check(args: argparse.Namespace, root: Path, out: TextIO, err: TextIO) -> int:
    """Validate everything without rendering; with --release, say whether every pack can print."""
    from .pipeline import for_release, validate
    from .project import check_leaflets, load_project, pack_leaflets, release_leaflets

    project = load_project(root)
    for ident in args.partnership or []:
        _need("partnership", ident, project.catalog.partnerships)
    touched = args.partnership or {p.partnership for p in project.packs.values()}
    warnings = _warnings(args, project, touched)
    validate(project)
    if args.release:
        for_release(project, release_leaflets(project, []))
    check_leaflets(project, pack_leaflets(project, list(project.packs.values())))
    cat = project.catalog
    if args.release:
        print(f"release: every pack can be printed today ({cat.today})", file=out)
    _warn(args, warnings, err, root)
    print(
        f"ok: {len(cat.topics)} topics, {len(cat.partnerships)} partnerships, "
        f"{len(cat.resources)} resources, {len(project.packs)} packs, "
        f"{len(warnings)} warnings",
        file=out,
    )
    return 0


def cmd_new_partnership(args: argparse.Namespace, root: Path, out: TextIO, err: TextIO) -> int:
    """Write a new partnership's file (every role TODO) and placeholder logo; say what's next."""
    import datetime as dt

    from .scaffold import NEXT_STEPS, new_partnership

    file, logo = new_partnership(root, args.id, args.name, args.place, dt.date.today())
    rel = [str(p.relative_to(root)) for p in (file, logo)]
    if not args.quiet:
        print(f"wrote {rel[0]} and {rel[1]}", file=out)
        print(NEXT_STEPS.format(file=rel[0], logo=rel[1], id=args.id), file=out, end="")
    return 0


def cmd_schemas(args: argparse.Namespace, root: Path, out: TextIO, err: TextIO) -> int:
    """Write a JSON Schema for each kind of YAML file, and VS Code's settings that use them."""
    from .schemas import write_schemas

    for path in write_schemas(root):
        if not args.quiet:
            print(f"wrote {path.relative_to(root)}", file=out)
    return 0


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def cmd_serve(args: argparse.Namespace, root: Path, out: TextIO, err: TextIO) -> int:
    """Run the studio on this machine (or, with --host, where it says, with a warning)."""
    from .studio import serve

    host = args.host or LOOPBACK[0]
    if host not in LOOPBACK:
        print(
            f"warning: the studio listens on {host}: anyone who can reach this machine there can "
            "read the project and write packs; use --host only on a network you trust",
            file=err,
        )
    os.chdir(root)  # errors name files as the command line does, from the project folder
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn stops, then raises it again
        serve(root, host, args.port, lambda line: print(line, file=out, flush=True))
    print("studio stopped", file=out)
    return 0


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised wherever the program is, so that it tidies up as it does for Ctrl-C."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """While running a command in the main thread, turn SIGTERM into Terminated."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


COMMANDS = {
    "build": cmd_build,
    "leaflet": cmd_leaflet,
    "list": cmd_list,
    "check": cmd_check,
    "new-partnership": cmd_new_partnership,
    "schemas": cmd_schemas,
    "serve": cmd_serve,
}


def main(
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    root: Path | None = None,
) -> int:
    """Run the command line; return the exit status. Only here are user errors caught."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    project_root: Path | None = None  # problems are shown relative to it (or the working folder)
    try:
        with contextlib.redirect_stdout(out):
            args = parser().parse_args(argv)
        if args.command is None:
            args.command, args.packs, args.output = "build", [], None
            args.jobs, args.force = None, False
            args.print_profile, args.report = DEFAULT_PROFILE, REPORTS[0]
        args.release = getattr(args, "release", False)
        project_root = (args.project or root or Path.cwd()).resolve()
        with sigterm_as_interrupt():
            return COMMANDS[args.command](args, project_root, out, err)
    except ResourcePackError as e:
        for p in e.problems:
            print(p.shown(project_root), file=err)
        if len(e.problems) > 1:
            print(f"{len(e.problems)} errors; nothing was written", file=err)
        return e.exit_code
    except SystemExit as e:  # --help
        return e.code if isinstance(e.code, int) else 0
    except Terminated:
        print("terminated: nothing was published; the last good packs are as they were", file=err)
        return 143
    except KeyboardInterrupt:
        print("interrupted: nothing was published; the last good packs are as they were", file=err)
        return 130
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly, as git does
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except OSError as e:  # the system's reason, for a path outside the project's control
        where = e.filename or "system"
        print(f"{where}: error: {e.strerror or e}", file=err)
        return 1
    except Exception:  # a bug: keep its traceback, and say so
        traceback.print_exc(file=err)
        print(
            "internal error: this is a bug in resourcepack; please report it with the "
            "traceback above",
            file=err,
        )
        return 70
