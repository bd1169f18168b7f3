"""Job sheet: what the print shop makes, as job-sheet.csv and as a PDF drawn with ReportLab."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from functools import cache

from PIL.Image import Image
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image as Picture
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .fonts import house_font

REGULAR, BOLD = "JobSheet-Regular", "JobSheet-Bold"
THUMB_WIDTH = 32 * mm


@dataclass(frozen=True)
class JobRow:
    """One print file on the job sheet (and one line of job-sheet.csv)."""

    file: str
    leaflet: str
    format: str
    contents: str
    finished_size: str
    paper: str
    sides: str
    fold: str
    binding: str
    pages: int
    quantity: int
    sha256: str
    sheet: str = ""  # the press sheet an imposed file needs


@dataclass(frozen=True)
class Held:
    """A leaflet of the pack held back from print (a draft), with the copies asked for."""

    leaflet: str
    quantity: int
    reasons: str

    def __str__(self) -> str:
        return f"{self.leaflet}: {self.quantity} copies held back ({self.reasons})"


@dataclass(frozen=True)
class JobInfo:
    """The job: the pack, its event, the delivery date and the print profile."""

    pack: str
    pack_name: str
    partnership: str
    event: str
    event_date: str
    venue: str
    deliver_by: str
    profile: str
    held: tuple[Held, ...] = ()
    order: tuple[tuple[str, str], ...] = ()  # ("Customer", "..."), in the order they print


CSV_EXTRA = ("pack", "event", "event_date", "deliver_by", "order_number", "customer")


def _extra(info: JobInfo) -> list[str]:
    """The values of CSV_EXTRA for a job."""
    order = dict(info.order)
    job = [info.pack, info.event, info.event_date, info.deliver_by]
    return [*job, order.get("Order number", ""), order.get("Customer", "")]


def job_sheet_csv(info: JobInfo, rows: Sequence[JobRow]) -> str:
    """The job sheet as CSV: one line per print file, with the pack, event, delivery date and
    order; then one line per leaflet held back from print (no file), with its copies."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = [f.name for f in fields(JobRow)]
    writer.writerow(names + list(CSV_EXTRA))
    extra = _extra(info)
    for row in rows:
        writer.writerow([_cell(v) for v in [*asdict(row).values(), *extra]])
    for held in info.held:
        line = dict.fromkeys(names, "") | {"leaflet": held.leaflet, "quantity": held.quantity}
        line["contents"] = f"not printed: a draft ({held.reasons})"
        writer.writerow([_cell(v) for v in [*line.values(), *extra]])
    return out.getvalue()


def _cell(value: object) -> object:
    """A CSV cell a spreadsheet will not run as a formula: text starting = + - @ gets a '."""
    text = str(value)
    return f"'{text}" if isinstance(value, str) and text[:1] in ("=", "+", "-", "@") else value


@cache
def _fonts() -> tuple[str, str]:
    """Register the leaflets' font with ReportLab, regular and bold, embedded."""
    pdfmetrics.registerFont(TTFont(REGULAR, str(house_font(400))))
    pdfmetrics.registerFont(TTFont(BOLD, str(house_font(700))))
    pdfmetrics.registerFontFamily(
        REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD
    )
    return REGULAR, BOLD


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = _fonts()
    return {
        "title": ParagraphStyle("title", fontName=bold, fontSize=18, leading=22, spaceAfter=4),
        "body": ParagraphStyle("body", fontName=regular, fontSize=10, leading=13, spaceAfter=2),
        "head": ParagraphStyle("head", fontName=bold, fontSize=11, leading=14, spaceBefore=6),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=8.5, leading=10.5),
        "key": ParagraphStyle("key", fontName=bold, fontSize=8.5, leading=10.5),
    }


def _esc(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _long(iso: str) -> str:
    """An ISO date as '21 January 2027'; other text as it is."""
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {day:%B %Y}"


def _header(info: JobInfo, s: dict[str, ParagraphStyle]) -> list[Paragraph]:
    lines = [
        ("Event", f"{info.event}, {_long(info.event_date)}, {info.venue}"),
        ("Deliver by", _long(info.deliver_by)),
        ("For", f"{info.partnership} ({info.pack})"),
        *info.order,
        ("Files", info.profile),
    ]
    lines += [("Not for print (a draft)", str(held)) for held in info.held]
    out = [Paragraph(f"Print job: {_esc(info.pack_name)}", s["title"])]
    return out + [Paragraph(f"<b>{k}:</b> {_esc(v)}", s["body"]) for k, v in lines]


def _checksum(sha: str) -> str:
    return " ".join(sha[i : i + 8] for i in range(0, len(sha), 8))


def _file_table(rows: Sequence[JobRow], s: dict[str, ParagraphStyle]) -> Table:
    first = rows[0]
    facts = [
        ("Format", first.format),
        ("Quantity", f"{first.quantity} copies"),
        ("Finished size", first.finished_size),
        ("Paper", first.paper),
        ("Sides", first.sides),
        ("Fold", first.fold),
        ("Binding", first.binding),
    ]
    data = [[Paragraph(_esc(k), s["key"]), Paragraph(_esc(v), s["cell"])] for k, v in facts]
    for r in rows:
        text = f"<b>{_esc(r.file)}</b><br/>{_esc(r.contents)}; {r.pages} pages"
        text += f"<br/>Press sheet: {_esc(r.sheet)}" if r.sheet else ""
        text += f"<br/>SHA-256 {_checksum(r.sha256)}"
        data.append([Paragraph("Print file", s["key"]), Paragraph(text, s["cell"])])
    table = Table(data, colWidths=[42 * mm, 100 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#9aa5b1")),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _thumbnail(image: Image) -> Picture:
    buf = io.BytesIO()
    image.save(buf, format="PNG", compress_level=1)
    buf.seek(0)
    height = THUMB_WIDTH * image.height / image.width
    return Picture(buf, width=THUMB_WIDTH, height=height)


def _item(rows: Sequence[JobRow], thumb: Image, s: dict[str, ParagraphStyle]) -> KeepTogether:
    head = Paragraph(_esc(rows[0].leaflet), s["head"])
    body = Table([[_thumbnail(thumb), _file_table(rows, s)]], colWidths=[36 * mm, 144 * mm])
    body.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, 0), 0)])
    )
    return KeepTogether([head, body, Spacer(1, 3 * mm)])


def job_sheet_pdf(info: JobInfo, items: Sequence[tuple[Sequence[JobRow], Image]]) -> bytes:
    """The job sheet as an A4 PDF: the event, delivery date, and each item with its thumbnail."""
    s = _styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        invariant=1,
        title=f"Print job: {info.pack_name}",
        author=info.partnership,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
    )
    story: list[object] = [*_header(info, s), Spacer(1, 2 * mm)]
    story += [_item(rows, thumb, s) for rows, thumb in items]
    doc.build(story)
    return out.getvalue()
