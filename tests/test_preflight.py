"""Print failures are caught before anything is written: safe zone, image resolution, overflow."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from conftest import Run, leaflet_args, line_of
from resourcepack.errors import RenderError
from resourcepack.impose import MM
from resourcepack.preflight import Expect, PrintFile, check_file, preflight
from resourcepack.profiles import PRINT_PROFILES

Cli = Callable[..., Run]
Edit = Callable[[str, str, str], None]
OnePack = Callable[..., str]
TOPIC = "content/topics/internet-offending.yaml"


def assert_nothing_written(project: Path, result: Run) -> None:
    """The build failed with exit 1, and left no pack folder, staging folder or stray file."""
    assert result.code == 1
    assert "Traceback" not in result.err
    output = project / "output"
    assert not output.exists() or list(output.iterdir()) == []


@pytest.mark.slow  # a whole build (or worker processes)
def test_text_in_the_safe_zone_fails_preflight(
    project: Path, cli: Cli, edit: Edit, one_pack: OnePack
) -> None:
    pack = one_pack("parents", "a4")
    edit("templates/styles/a4.css", "/* A4,", "h1 { margin-left: -19mm; }\n/* A4,")
    result = cli(project, "build", pack)
    assert_nothing_written(project, result)
    errors = [line for line in result.err.splitlines() if ": error: " in line]
    first = errors[0]
    assert first.startswith(
        "one/print/coventry.internet-offending.parents.en.a4.print.pdf:1:1: error: "
        "preflight safe zone: "
        "text 'Keeping your child"
    )
    gap = float(re.search(r"is (\d+\.\d) mm from the trim", first)[1])  # type: ignore[index]
    assert gap == pytest.approx(3.0, abs=1)  # 22 mm margin less 19 mm, and the side bearing
    assert "keep text 5 mm inside" in first
    assert errors[1].startswith(
        "one/print/coventry.internet-offending.parents.en.a4.sheets.pdf:1:1:"
    )
    assert result.err.splitlines()[-1] == f"{len(errors)} errors; nothing was written"


@pytest.mark.slow  # a whole build (or worker processes)
def test_a_low_resolution_image_fails_preflight(
    project: Path, cli: Cli, edit: Edit, one_pack: OnePack
) -> None:
    pack = one_pack("parents", "a4")
    Image.new("RGB", (60, 60), (200, 30, 30)).save(project / "templates" / "photo.png")
    img = '<img src="photo.png" alt="A photo" style="width: 30mm; height: 30mm">'
    edit("templates/base.html.j2", "<main>", f"<main>{img}")
    result = cli(project, "build", pack)
    assert_nothing_written(project, result)
    assert re.search(
        r"^one/print/coventry\.internet-offending\.parents\.en\.a4\.print\.pdf:1:1: error: "
        r"preflight images: "
        r"image /\S+ is 51 ppi at its printed size; at least 300 needed$",
        result.err,
        re.M,
    ), result.err  # 60 pixels over 30 mm (1.18 inches)


def test_a_poster_that_does_not_fit_names_leaflet_and_format(
    project: Path, cli: Cli, edit: Edit
) -> None:
    long = "Keep your child safe from sexual abuse online, " * 12
    edit(
        TOPIC, "    parents: Keep your child safe from sexual abuse online", f"    parents: {long}"
    )
    result = cli(
        project,
        *leaflet_args("parents", "a3-poster"),
    )
    assert result.code == 1
    line = line_of(project, TOPIC, "  headline:") + 1  # the poster's text, where it is written
    assert re.fullmatch(
        rf"content/topics/internet-offending\.yaml:{line}:14: error: leaflet "
        r"coventry\.internet-offending\.parents\.en\.a3-poster does not fit the a3-poster "
        r"format: its content needs [2-9] pages and the format has 1; shorten the text for this "
        r"format, or leave sections out of it with 'formats:'",
        result.err.splitlines()[-1],
    ), result.err
    assert not (project / "output").exists()


def test_a_trifold_that_does_not_fit_counts_its_panels(project: Path, cli: Cli, edit: Edit) -> None:
    edit(TOPIC, "  - id: talking\n    formats: [a4, a5-booklet]\n", "  - id: talking\n")
    result = cli(
        project,
        *leaflet_args("carers", "dl-trifold"),
    )
    assert result.code == 1
    assert (
        "leaflet coventry.internet-offending.carers.en.dl-trifold does not fit the dl-trifold"
        in result.err
    )
    assert re.search(r"its content needs [7-9] panels and the format has 6", result.err)


@pytest.mark.slow  # a whole build (or worker processes)
def test_print_profile_none_writes_on_screen_pdfs_only(
    project: Path, cli: Cli, one_pack: OnePack
) -> None:
    assert tuple(PRINT_PROFILES) == ("pdf/x-4", "none")
    pack = one_pack("carers", "a5-booklet")
    result = cli(project, "build", pack, "--print-profile", "none")
    assert result.code == 0, result.err
    names = sorted(p.name for p in (project / "output" / pack).iterdir())
    assert names == [
        ".resourcepack",
        "coventry.internet-offending.carers.en.a5-booklet.html",
        "coventry.internet-offending.carers.en.a5-booklet.pdf",
        "manifest.json",
        "pack.pdf",
    ]


def test_an_unknown_print_profile_is_a_usage_error(project: Path, cli: Cli) -> None:
    result = cli(project, "build", "--print-profile", "pdf/x-1a")
    assert result.code == 2
    assert "invalid choice: 'pdf/x-1a'" in result.err


def sheets_file(built: Path) -> PrintFile:
    """The parents' booklet's imposed sheets, as preflight takes them."""
    from resourcepack.impose import Side, box

    path = (
        built
        / "parents-evening"
        / "print"
        / "coventry.internet-offending.parents.en.a5-booklet.sheets.pdf"
    )
    data = path.read_bytes()
    pdf = pikepdf.open(io.BytesIO(data))
    sides = tuple(
        Side(296 * MM, 210 * MM, ((0, 148 * MM), (148 * MM, 296 * MM))) for _ in pdf.pages
    )
    assert all(round(box(p)[2] - box(p)[0], 1) == round(296 * MM, 1) for p in pdf.pages)
    return PrintFile(path.name, data, Expect((296 * MM, 210 * MM), len(pdf.pages), 1, sides, True))


def test_preflight_passes_the_built_sheets(built: Path) -> None:
    checks = check_file(sheets_file(built))
    assert [c.name for c in checks] == ["boxes", "pages", "fonts", "images", "safe zone", "marks"]
    assert all(c.ok for c in checks)


def test_preflight_catches_a_mark_inside_the_bleed(built: Path) -> None:
    good = sheets_file(built)
    pdf = pikepdf.open(io.BytesIO(good.data))
    marks = pdf.pages[0].obj.Resources.XObject["/Marks"]
    marks.write(marks.read_bytes() + b"\n100 100 m 200 100 l S")  # across the sheet's trim
    out = io.BytesIO()
    pdf.save(out)
    bad = PrintFile(good.name, out.getvalue(), good.expect)
    with pytest.raises(RenderError) as info:
        preflight([bad], "pack/print")
    messages = [str(p) for p in info.value.problems]
    assert messages == [
        f"pack/print/{good.name}:1:1: error: preflight marks: a mark at x = 35.3 mm is in the bleed"
    ]


def test_a_damaged_print_file_is_made_again(project: Path, cli: Cli, one_pack: OnePack) -> None:
    pack = one_pack("parents", "a3-poster")
    assert cli(project, "build", pack, "-j", "1").code == 0
    sheets = (
        project
        / "output"
        / pack
        / "print"
        / "coventry.internet-offending.parents.en.a3-poster.sheets.pdf"
    )
    good = sheets.read_bytes()
    sheets.write_bytes(b"x")
    result = cli(project, "build", pack, "-j", "1")
    assert result.code == 0, result.err
    assert "wrote" in result.out
    assert sheets.read_bytes() == good
