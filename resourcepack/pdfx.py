"""PDF/X-4: an output intent, sRGB-tagged RGB colours and the metadata a print shop's RIP checks."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from pathlib import Path
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, String

ICC = Path(__file__).parent / "data" / "icc"
OUTPUT_PROFILE = ICC / "FOGRA39L-coated.icc"  # see data/icc/README.md: origin and licence
SRGB_PROFILE = ICC / "sRGB.icc"
OUTPUT_CONDITION = "FOGRA39"
OUTPUT_CONDITION_TEXT = (
    "Offset printing on coated paper, ISO 12647-2:2004/Amd 1 (FOGRA39); "
    "profile FOGRA39L-coated.icc, built from Fogra's FOGRA39L characterisation data"
)
REGISTRY = "http://www.color.org"
PDF_VERSION = "1.6"  # PDF/X-4 is based on PDF 1.6

XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:MetadataDate>{date}</xmp:MetadataDate>
<xmp:CreatorTool>resourcepack</xmp:CreatorTool>
<pdf:Producer>resourcepack</pdf:Producer>
<pdf:Trapped>False</pdf:Trapped>
<xmpMM:DocumentID>uuid:{uuid}</xmpMM:DocumentID>
<xmpMM:VersionID>1</xmpMM:VersionID>
<xmpMM:RenditionClass>default</xmpMM:RenditionClass>
<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def _icc_stream(pdf: Pdf, path: Path, channels: int) -> pikepdf.Stream:
    stream = pdf.make_stream(path.read_bytes())
    stream.N = channels
    return stream


def add_output_intent(pdf: Pdf) -> None:
    """Name the printing condition (FOGRA39) and embed its CMYK profile."""
    intent = Dictionary(
        Type=Name.OutputIntent,
        S=Name.GTS_PDFX,
        OutputConditionIdentifier=String(OUTPUT_CONDITION),
        OutputCondition=String(OUTPUT_CONDITION_TEXT),
        RegistryName=String(REGISTRY),
        Info=String(OUTPUT_CONDITION_TEXT),
        DestOutputProfile=_icc_stream(pdf, OUTPUT_PROFILE, 4),
    )
    pdf.Root.OutputIntents = Array([pdf.make_indirect(intent)])


def _resource_dicts(pdf: Pdf) -> list[pikepdf.Object]:
    """Every resource dictionary: those of pages, forms, patterns and Type 3 fonts."""
    return [
        obj.Resources
        for obj in pdf.objects
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream) and "/Resources" in obj
    ]


def tag_rgb_as_srgb(pdf: Pdf) -> None:
    """Make every DeviceRGB colour device-independent sRGB (DefaultRGB), as PDF/X-4 asks."""
    srgb = pdf.make_indirect(Array([Name.ICCBased, _icc_stream(pdf, SRGB_PROFILE, 3)]))
    for resources in _resource_dicts(pdf):
        if "/ColorSpace" not in resources:
            resources.ColorSpace = Dictionary()
        resources.ColorSpace.DefaultRGB = srgb


def _pdf_date(when: dt.datetime) -> str:
    return when.strftime("D:%Y%m%d%H%M%S+00'00'")


def set_metadata(pdf: Pdf, title: str, created: dt.datetime, key: str) -> None:
    """Title, dates, Trapped and the PDF/X-4 identification, in the Info dict and XMP alike."""
    when = created.astimezone(dt.UTC)
    date = when.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    doc_id = uuid.uuid5(uuid.NAMESPACE_URL, f"resourcepack:{key}")
    xmp = XMP.format(title=escape(title), date=date, uuid=doc_id).encode("utf-8")
    pdf.Root.Metadata = pdf.make_stream(xmp, Type=Name.Metadata, Subtype=Name.XML)
    pdf.trailer.Info = pdf.make_indirect(
        Dictionary(
            Title=String(title),
            Creator=String("resourcepack"),
            Producer=String("resourcepack"),
            CreationDate=String(_pdf_date(when)),
            ModDate=String(_pdf_date(when)),
            Trapped=Name("/False"),
        )
    )


def make_pdfx4(pdf: Pdf, title: str, created: dt.datetime, key: str) -> None:
    """Turn a composed print file into PDF/X-4: output intent, sRGB tagging, metadata."""
    add_output_intent(pdf)
    tag_rgb_as_srgb(pdf)
    set_metadata(pdf, title, created, key)


def to_bytes(pdf: Pdf) -> bytes:
    """Save a PDF as PDF 1.6 with an /ID from its content, so that builds repeat byte for byte."""
    out = io.BytesIO()
    pdf.save(out, force_version=PDF_VERSION, deterministic_id=True, fix_metadata_version=False)
    return out.getvalue()
