"""Print: a pack's print files (bleed, imposed with marks, PDF/X-4), preflighted, with a job sheet.

All is made in memory and preflighted before anything is written to the pack's staging folder:
  print/<leaflet>.print.pdf    trim-size pages with 3 mm bleed (a tri-fold: its two flat sides)
  print/<leaflet>.sheets.pdf   imposed sheets with crop and fold marks and a slug line
  print/job-sheet.pdf, .csv    what to make: format, paper, sides, fold, binding, quantity, checksum
  print/preflight.txt          every check on every print file
  print/manifest.json          the print files and their checksums
  print/sheets-preview.png     every imposed sheet, small
  preview.png                  every page of every leaflet, small
  <pack>.zip                   print/ and manifest.json, for the print shop
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import pikepdf
from PIL.Image import Image

from .assemble import BuiltFile, write_zip
from .atomic import write_atomic
from .compose import Leaflet
from .content import Format
from .impose import BLEED, MARKS_MARGIN, MM, compose, overlay
from .impositions import IMPOSITIONS, Sides, reading_sides, sheet_sides
from .jobsheet import Held, JobInfo, JobRow, job_sheet_csv, job_sheet_pdf
from .marks import marks_pdf
from .packs import Pack
from .pdfx import OUTPUT_CONDITION, make_pdfx4, to_bytes
from .preflight import Expect, PrintFile, preflight, report
from .preview import contact_sheet, thumbnails

PROFILE_TEXT = (
    f"PDF/X-4, output intent {OUTPUT_CONDITION} (offset, coated paper); 3 mm bleed; black text "
    "100% K; imposed sheets with crop marks, and dashed fold marks, 5 mm outside the trim"
)
ISO_SIZES = {(210, 297): "A4", (148, 210): "A5", (297, 420): "A3", (420, 594): "A2"}
PRESS_SHEETS = {"SRA4": (225, 320), "SRA3": (320, 450), "SRA2": (450, 640), "SRA1": (640, 900)}
ORDER = (
    ("customer", "Customer"),
    ("contact", "Contact"),
    ("order_number", "Order number"),
    ("delivery_address", "Deliver to"),
)


@dataclass(frozen=True)
class PrintJob:
    """One pack's print work: each leaflet with its on-screen file and its print layout (a PDF
    of trim-size pages with bleed), the formats, and the build's time."""

    pack: Pack
    items: tuple[tuple[Leaflet, BuiltFile, Path], ...]
    formats: Mapping[str, Format]
    created: dt.datetime
    held: tuple[Held, ...] = ()  # drafts, on screen only, never sent to print


@dataclass(frozen=True)
class Rendered:
    """A leaflet laid out for print (pages with bleed), with its on-screen file and format."""

    leaflet: Leaflet
    built: BuiltFile
    fmt: Format
    pdf: pikepdf.Pdf

    @property
    def stem(self) -> str:
        """The leaflet's file name without .pdf."""
        return self.built.file.removesuffix(".pdf")


@dataclass(frozen=True)
class PrintItem:
    """One leaflet's print files: trim pages with bleed, and imposed sheets."""

    rendered: Rendered
    pages: PrintFile
    sheets: PrintFile


def size_name(width: float, height: float) -> str:
    """A size in points as millimetres, with its ISO name and orientation when it has one."""
    w, h = round(width / MM), round(height / MM)
    name = ISO_SIZES.get((min(w, h), max(w, h)))
    orientation = "landscape" if w > h else "portrait"
    return f"{w} × {h} mm" + (f" ({name} {orientation})" if name else "")


def press_sheet(width: float, height: float) -> str:
    """The smallest SRA press sheet a file's pages (in points) fit on, either way round."""
    w, h = sorted((round(width / MM), round(height / MM)))
    fits = [n for n, (a, b) in PRESS_SHEETS.items() if w <= a and h <= b]
    need = f"{round(width / MM)} × {round(height / MM)} mm"
    return (
        f"{need}, on {fits[0]} ({' × '.join(map(str, PRESS_SHEETS[fits[0]]))} mm) or larger"
        if fits
        else need
    )


def _trim(fmt: Format, sides: Sides) -> tuple[float, float]:
    """The trim each side must have: the format's, twice as wide when two pages share a side."""
    imposed = IMPOSITIONS[fmt.production.imposition]
    across = imposed.across if len(sides[0]) == imposed.across else 1
    return fmt.width_mm * MM * across, fmt.height_mm * MM


def _slugs(job: PrintJob, r: Rendered, sides: Sides) -> list[str]:
    """The slug line of each side: the pack's name, the leaflet, the sheet's number and face."""
    faces = r.fmt.production.sides
    count = -(-len(sides) // faces)
    out = []
    for k in range(len(sides)):
        face = ("front", "back")[k % 2] if faces == 2 else "one side"
        sheet = f"sheet {k // faces + 1} of {count}, {face}"
        out.append(f"{job.pack.name} ({job.pack.id}) · {r.stem} · {sheet} · {r.fmt.name}")
    return out


def make_print_file(
    job: PrintJob, r: Rendered, sides: Sides, margin: float, name: str
) -> PrintFile:
    """Compose sides of the rendered pages into a PDF/X-4 print file (with marks when imposed)."""
    pdf, geometry = compose(r.pdf, sides, margin)
    marks = margin > BLEED
    if marks:
        overlay(pdf, pikepdf.open(io.BytesIO(marks_pdf(geometry, margin, _slugs(job, r, sides)))))
    title = f"{r.leaflet.title}: for {r.leaflet.audience_name.lower()}, {r.fmt.name}"
    make_pdfx4(pdf, title, job.created, f"{job.pack.id}/{name}")
    multiple = 1 if marks else r.fmt.pad_to
    expect = Expect(_trim(r.fmt, sides), len(sides), multiple, geometry, marks)
    return PrintFile(name, to_bytes(pdf), expect)


def print_item(job: PrintJob, leaflet: Leaflet, built: BuiltFile, layout: Path) -> PrintItem:
    """From a leaflet's print layout, make its pages file and its imposed sheets file."""
    fmt = job.formats[leaflet.format]
    pdf = pikepdf.open(io.BytesIO(layout.read_bytes()))
    r = Rendered(leaflet, built, fmt, pdf)
    imposition, count, rtl = fmt.production.imposition, len(pdf.pages), leaflet.direction == "rtl"
    reading = reading_sides(imposition, count, rtl)
    pages = make_print_file(job, r, reading, BLEED, f"{r.stem}.print.pdf")
    sheets_sides = sheet_sides(imposition, count, rtl)
    sheets = make_print_file(job, r, sheets_sides, MARKS_MARGIN, f"{r.stem}.sheets.pdf")
    return PrintItem(r, pages, sheets)


def _contents(item: PrintItem, f: PrintFile) -> str:
    """What a print file holds, for the job sheet."""
    imposed = IMPOSITIONS[item.rendered.fmt.production.imposition]
    words = imposed.pages_file if f is item.pages else imposed.sheets_file
    return words.format(size=size_name(*f.expect.trim))


def job_rows(item: PrintItem) -> list[JobRow]:
    """The job sheet's lines for one leaflet: one per print file."""
    r, p = item.rendered, item.rendered.fmt.production
    sides = "double-sided" if p.sides == 2 else "single-sided"
    return [
        JobRow(
            file=f"print/{f.name}",
            leaflet=r.built.file,
            format=r.fmt.name,
            contents=_contents(item, f),
            finished_size=p.finished,
            paper=p.paper,
            sides=sides,
            fold=p.fold,
            binding=p.binding,
            pages=f.expect.pages,
            quantity=r.built.copies,
            sha256=hashlib.sha256(f.data).hexdigest(),
            sheet=press_sheet(*_sheet_size(f)) if f is item.sheets else "",
        )
        for f in (item.pages, item.sheets)
    ]


def _sheet_size(f: PrintFile) -> tuple[float, float]:
    """The size (points) of an imposed file's sheets: its trim and the marks margin around it."""
    w, h = f.expect.trim
    return w + 2 * MARKS_MARGIN, h + 2 * MARKS_MARGIN


def job_info(job: PrintJob) -> JobInfo:
    """The job sheet's header: the pack, the event and the delivery date."""
    pack, event = job.pack, job.pack.event
    return JobInfo(
        pack=pack.id,
        pack_name=pack.name,
        partnership=job.items[0][0].partnership if job.items else pack.partnership,
        event=event.name,
        event_date=event.date.isoformat(),
        venue=event.venue,
        deliver_by=pack.deliver_by.isoformat() if pack.deliver_by else "to be agreed",
        profile=PROFILE_TEXT,
        held=job.held,
        order=tuple(
            (label, str(v)) for k, label in ORDER if pack.order and (v := getattr(pack.order, k))
        ),
    )


def _write(path: Path, data: bytes) -> None:
    write_atomic(path, lambda tmp: tmp.write_bytes(data))


def _png(image: Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)  # fast; a preview, not an archive
    return out.getvalue()


def write_job(folder: Path, job: PrintJob, items: Sequence[PrintItem]) -> None:
    """Write the job sheet (PDF with thumbnails, and CSV) and the print manifest."""
    info = job_info(job)
    rows = [job_rows(item) for item in items]
    flat = [row for item_rows in rows for row in item_rows]
    firsts = [thumbnails(folder.parent / i.rendered.built.file, 300, pages=1)[0] for i in items]
    _write(folder / "job-sheet.csv", job_sheet_csv(info, flat).encode("utf-8"))
    _write(folder / "job-sheet.pdf", job_sheet_pdf(info, list(zip(rows, firsts, strict=True))))
    manifest = {**asdict(info), "files": [asdict(row) for row in flat]}
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    _write(folder / "manifest.json", text.encode("utf-8"))


def write_screen_preview(staging: Path, screen: Sequence[str]) -> None:
    """preview.png: every page of every on-screen leaflet of the pack."""
    pages = [(name, thumbnails(staging / name)) for name in screen]
    if pages:
        _write(staging / "preview.png", _png(contact_sheet(pages)))


def write_sheets_preview(staging: Path, items: Sequence[PrintItem]) -> None:
    """print/sheets-preview.png: every imposed sheet."""
    sheets = [(i.sheets.name, thumbnails(i.sheets.data)) for i in items]
    if sheets:
        _write(staging / "print" / "sheets-preview.png", _png(contact_sheet(sheets)))


def print_intact(folder: Path) -> bool:
    """Whether a built pack's print files (as print/manifest.json lists them) and zip are whole."""
    try:
        listed = json.loads((folder / "print" / "manifest.json").read_text(encoding="utf-8"))
        files = [(folder / f["file"], f["sha256"]) for f in listed["files"]]
    except (OSError, ValueError, TypeError, KeyError):
        return False
    whole = all(p.is_file() and hashlib.sha256(p.read_bytes()).hexdigest() == s for p, s in files)
    return whole and (folder / f"{folder.name}.zip").is_file()


def print_pack(job: PrintJob, staging: Path) -> tuple[PrintItem, ...]:
    """Make and preflight a pack's print files, then write them, the job sheet and the sheets'
    preview (zip_pack adds the zip once the pack's manifest is written too)."""
    items = tuple(print_item(job, *item) for item in job.items)
    files = [f for item in items for f in (item.pages, item.sheets)]
    checks = preflight(files, f"{job.pack.id}/print")
    folder = staging / "print"
    for f in files:
        _write(folder / f.name, f.data)
    title = f"Preflight of {job.pack.id}: {len(files)} print files, {PROFILE_TEXT}"
    _write(folder / "preflight.txt", report(checks, title).encode("utf-8"))
    write_job(folder, job, items)
    write_sheets_preview(staging, items)
    return items


def zip_pack(staging: Path, pack_id: str, created: dt.datetime) -> None:
    """The zip a print shop is sent: the pack's manifest.json and its print folder."""
    folder = staging / "print"
    members = ["manifest.json", *(f"print/{p.name}" for p in sorted(folder.iterdir()))]
    write_zip(staging / f"{pack_id}.zip", staging, members, created)
