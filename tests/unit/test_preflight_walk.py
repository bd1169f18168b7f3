"""preflight's walk: pictures found however deep in forms they are drawn, and a form that can
hold none not parsed at all."""

from __future__ import annotations

import pikepdf
import pytest
from pikepdf import Dictionary, Name

from resourcepack import preflight
from resourcepack.preflight import drawn_on


def _form(pdf: pikepdf.Pdf, content: bytes, **xobjects: pikepdf.Stream) -> pikepdf.Stream:
    """A form XObject drawing content, with these XObjects among its resources."""
    resources = Dictionary(XObject=Dictionary({f"/{k}": v for k, v in xobjects.items()}))
    return pikepdf.Stream(
        pdf, content, Type=Name.XObject, Subtype=Name.Form, BBox=[0, 0, 200, 200],
        Resources=resources,
    )  # fmt: skip


def _page(pdf: pikepdf.Pdf, form: pikepdf.Stream) -> pikepdf.Page:
    """A page that draws the form (as a print file draws a leaflet's page)."""
    page = pdf.add_blank_page(page_size=(200, 200))
    page.Resources = Dictionary(XObject=Dictionary(Leaf=form))
    page.Contents = pdf.make_stream(b"q 1 0 0 1 10 10 cm /Leaf Do Q")
    return page


def test_a_picture_two_forms_deep_is_found_at_its_printed_size() -> None:
    pdf = pikepdf.new()
    image = pikepdf.Stream(
        pdf, b"\xff" * 12, Type=Name.XObject, Subtype=Name.Image, Width=2, Height=2,
        ColorSpace=Name.DeviceRGB, BitsPerComponent=8,
    )  # fmt: skip
    inner = _form(pdf, b"q 72 0 0 72 0 0 cm /Im Do Q", Im=image)  # 2 pixels over an inch
    outer = _form(pdf, b"BT (text) Tj ET q /Inner Do Q", Inner=inner)
    assert drawn_on(_page(pdf, outer)).ppi == [(2.0, "/Im")]


def test_an_inline_picture_in_a_form_is_found() -> None:
    pdf = pikepdf.new()
    inline = b"q 36 0 0 36 0 0 cm BI /W 4 /H 4 /CS /G /BPC 8 ID " + b"\x00" * 16 + b" EI Q"
    assert drawn_on(_page(pdf, _form(pdf, inline))).ppi == [(8.0, "inline")]  # 4 px, 1/2 in


def test_a_form_that_can_hold_no_picture_is_not_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = pikepdf.new()
    page = _page(pdf, _form(pdf, b"BT (only text, as most of a leaflet) Tj ET"))
    parsed: list[object] = []
    parse = pikepdf.parse_content_stream

    def counted(stream: object, operators: str = "") -> object:
        parsed.append(stream)
        return parse(stream, operators)

    monkeypatch.setattr(preflight.pikepdf, "parse_content_stream", counted)
    assert drawn_on(page).ppi == [] and len(parsed) == 1  # the page's own stream only
