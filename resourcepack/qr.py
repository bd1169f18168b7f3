"""QR codes: vector SVG drawn by segno, as data: URIs the templates can show."""

from __future__ import annotations

import base64
import io
from functools import cache

import segno

SCREEN_DARK = "#000"
PRINT_DARK = "device-cmyk(0 0 0 1)"  # 100% K: one plate, so the modules never mis-register
QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks


@cache
def qr_svg(url: str, dark: str = SCREEN_DARK) -> str:
    """The QR code of url as an SVG document whose modules are drawn in dark."""
    code = segno.make_qr(url, error="m", boost_error=False)
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        nl=False,
        omitsize=True,
        svgclass=None,
        lineclass=None,
        border=QUIET_ZONE,
    )
    svg = out.getvalue().decode("ascii")
    return svg.replace('stroke="#000"', f'stroke="{dark}"', 1)


def qr_data_uri(url: str, dark: str = PRINT_DARK) -> str:
    """The QR code of url as a data: URI, in 100% K (one layout serves screen and print; a
    browser, which knows no device-cmyk, is given SCREEN_DARK)."""
    svg = qr_svg(url, dark)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("ascii")).decode("ascii")
