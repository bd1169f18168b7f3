"""What goes to the print shop: job sheet (CSV and PDF), print manifest, previews and the zip."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import zipfile
from pathlib import Path

import pikepdf
import yaml
from PIL import Image
from pypdf import PdfReader

from conftest import REPO
from resourcepack.jobsheet import Held, JobInfo, JobRow, job_sheet_csv, job_sheet_pdf

PACK = "parents-evening"


def rows(built: Path) -> list[dict[str, str]]:
    """The lines of the pack's job-sheet.csv."""
    with (built / PACK / "print" / "job-sheet.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def print_manifest(built: Path) -> dict[str, object]:
    """The pack's print/manifest.json."""
    return json.loads((built / PACK / "print" / "manifest.json").read_text(encoding="utf-8"))


def test_job_sheet_csv_matches_the_manifest_and_the_files(built: Path) -> None:
    manifest = print_manifest(built)
    files = manifest["files"]
    assert isinstance(files, list)
    lines = rows(built)
    assert [r["file"] for r in lines] == [f["file"] for f in files]
    for line, entry in zip(lines, files, strict=True):
        assert {k: line[k] for k in entry} == {k: str(v) for k, v in entry.items()}
        data = (built / PACK / line["file"]).read_bytes()
        assert line["sha256"] == hashlib.sha256(data).hexdigest()
        assert int(line["pages"]) == len(PdfReader(built / PACK / line["file"]).pages)


def test_job_sheet_has_every_print_file_with_its_making(built: Path) -> None:
    pack = yaml.safe_load((REPO / "packs" / f"{PACK}.yaml").read_text(encoding="utf-8"))
    lines = rows(built)
    assert len(lines) == 2 * len(pack["leaflets"])  # pages with bleed, and imposed sheets
    copies = {leaflet["format"]: leaflet["copies"] for leaflet in pack["leaflets"]}
    by_format = {r["file"].split(".")[-3]: r for r in lines}
    assert int(by_format["a5-booklet"]["quantity"]) == copies["a5-booklet"]
    assert by_format["a5-booklet"]["binding"] == "saddle-stitched, two staples on the fold"
    assert by_format["dl-trifold"]["finished_size"] == "DL, 99 × 210 mm folded (A4 flat)"
    assert by_format["a3-poster"]["sides"] == "single-sided"
    for line in lines:
        assert line["event"] == pack["event"]["name"]
        assert line["event_date"] == "2027-01-21"
        assert line["deliver_by"] == "2027-01-14"
        assert line["paper"] and line["fold"] and line["contents"]


def test_job_sheet_pdf_names_event_delivery_files_and_shows_thumbnails(built: Path) -> None:
    path = built / PACK / "print" / "job-sheet.pdf"
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages)
    assert "Print job: Parents' evening pack" in text
    assert "21 January 2027" in text
    assert "Deliver by: 14 January 2027" in text
    for line in rows(built):
        assert line["sha256"][:8] in text
    pdf = pikepdf.open(path)
    images = {
        name
        for page in pdf.pages
        for name, x in page.obj.Resources.get("/XObject", {}).items()
        if x.Subtype == "/Image"
    }
    assert len(images) == len({r["leaflet"] for r in rows(built)})


def test_zip_holds_print_files_job_sheet_and_manifests(built: Path) -> None:
    with zipfile.ZipFile(built / PACK / f"{PACK}.zip") as z:
        names = z.namelist()
        infos = z.infolist()
    assert names == sorted(names)
    assert f"{PACK}/manifest.json" in names
    for wanted in ("job-sheet.pdf", "job-sheet.csv", "manifest.json", "preflight.txt"):
        assert f"{PACK}/print/{wanted}" in names
    for line in rows(built):
        assert f"{PACK}/{line['file']}" in names
    stamps = {i.date_time for i in infos}
    assert stamps == {dt.datetime(2026, 11, 20).timetuple()[:6]}  # the content's review date
    assert {i.external_attr >> 16 for i in infos} == {0o644}


def test_preflight_report_lists_every_check(built: Path) -> None:
    report = (built / PACK / "print" / "preflight.txt").read_text(encoding="utf-8")
    for line in rows(built):
        assert Path(line["file"]).name in report
    for check in ("boxes", "pages", "fonts", "images", "safe zone", "marks"):
        assert f"ok    {check}" in report
    assert "FAIL" not in report


def test_previews_show_every_page_and_every_sheet(built: Path) -> None:
    with Image.open(built / PACK / "preview.png") as preview:
        preview.load()
    with Image.open(built / PACK / "print" / "sheets-preview.png") as sheets:
        sheets.load()
    assert preview.format == sheets.format == "PNG"
    # One row of thumbnails 220 px high per leaflet, the widest (the booklet's 12 A5 pages) first.
    assert preview.height >= 4 * 220
    assert preview.width >= 12 * 155
    assert sheets.height >= 4 * 220


def test_draft_translations_are_never_sent_to_print(built: Path) -> None:
    folder = built / "community-languages"
    with (folder / "print" / "job-sheet.csv").open(encoding="utf-8", newline="") as f:
        lines = list(csv.DictReader(f))
    printed = {line["leaflet"] for line in lines if line["file"]}
    held = {line["leaflet"]: line for line in lines if not line["file"]}
    drafts = {
        f"coventry.internet-offending.parents.{lang}.a4.pdf"
        for lang in ("pl", "pa", "ro", "ur", "ar")
    }
    assert printed.isdisjoint(drafts)
    assert set(held) == drafts  # listed, with the copies asked for, as not printed
    polish = held["coventry.internet-offending.parents.pl.a4.pdf"]
    assert polish["quantity"] == "30" and polish["contents"].startswith("not printed: a draft (")
    assert "coventry.internet-offending.parents-easy-read.en.a4.pdf" in printed
    assert all((folder / name).is_file() for name in drafts)  # still built for the screen
    text = " ".join(
        p.extract_text() or "" for p in PdfReader(folder / "print" / "job-sheet.pdf").pages
    )
    reason = (
        "coventry.internet-offending.parents.pl.a4.pdf: 30 copies held back (translation into "
        "'pl' is a draft; translation of partnership 'coventry' into 'pl' is a draft)"
    )
    assert f"Not for print (a draft): {reason}" in " ".join(text.split())


def test_csv_cells_a_spreadsheet_would_run_are_escaped() -> None:
    info = JobInfo(
        pack="one",
        pack_name="One",
        partnership="coventry",
        event='=HYPERLINK("https://example.org","click")',
        event_date="2027-01-21",
        venue="@hall",
        deliver_by="-",
        profile="pdf/x-4",
    )
    row = JobRow("f.pdf", "+leaflet", "a4", "x", "A4", "silk", "2", "none", "none", 2, 10, "ab")
    lines = list(csv.reader(io.StringIO(job_sheet_csv(info, [row]))))
    assert lines[1][1] == "'+leaflet"
    event, date, deliver_by = lines[1][-5:-2]
    assert [event, date, deliver_by] == [
        '\'=HYPERLINK("https://example.org","click")',
        "2027-01-21",
        "'-",
    ]
    assert lines[1][9:11] == ["2", "10"]  # numbers stay numbers


def test_imposed_files_name_the_press_sheet_they_need(built: Path) -> None:
    by_file = {Path(r["file"]).name: r for r in rows(built)}
    booklet = by_file["coventry.internet-offending.parents.en.a5-booklet.sheets.pdf"]
    size = PdfReader(built / PACK / booklet["file"]).pages[0].mediabox
    mm = [round(float(v) / 72 * 25.4) for v in (size.width, size.height)]
    assert mm == [326, 240]  # two A5 pages and the marks around them: more than SRA4
    assert booklet["sheet"] == "326 × 240 mm, on SRA3 (320 × 450 mm) or larger"
    poster = by_file["coventry.internet-offending.parents.en.a3-poster.sheets.pdf"]
    assert poster["sheet"] == "327 × 450 mm, on SRA2 (450 × 640 mm) or larger"
    assert by_file["coventry.internet-offending.parents.en.a4.print.pdf"]["sheet"] == ""


def test_order_details_and_held_leaflets_are_on_the_job_sheet() -> None:
    info = JobInfo(
        pack="one",
        pack_name="One",
        partnership="Exampleton Safeguarding Children Partnership",
        event="Open day",
        event_date="2027-01-21",
        venue="Hall",
        deliver_by="2027-01-14",
        profile="pdf/x-4",
        held=(Held("b.pdf", 40, "a contact is unverified"),),
        order=(("Customer", "Exampleton SCP"), ("Order number", "PO-0042")),
    )
    row = JobRow("f.pdf", "a.pdf", "a4", "x", "A4", "silk", "2", "none", "none", 2, 10, "ab")
    lines = list(csv.DictReader(io.StringIO(job_sheet_csv(info, [row]))))
    assert [(r["file"], r["leaflet"], r["quantity"]) for r in lines] == [
        ("f.pdf", "a.pdf", "10"),
        ("", "b.pdf", "40"),
    ]
    assert lines[1]["contents"] == "not printed: a draft (a contact is unverified)"
    assert {(r["order_number"], r["customer"]) for r in lines} == {("PO-0042", "Exampleton SCP")}
    pdf = job_sheet_pdf(info, [([row], Image.new("RGB", (40, 60), "white"))])
    text = " ".join((PdfReader(io.BytesIO(pdf)).pages[0].extract_text() or "").split())
    assert "Customer: Exampleton SCP" in text and "Order number: PO-0042" in text
    assert "Not for print (a draft): b.pdf: 40 copies held back (a contact is unverified)" in text
