"""Font subsetting: one path (HarfBuzz, from uharfbuzz) on every machine, same bytes either way."""

from __future__ import annotations

import ctypes.util
import datetime as dt
import hashlib
import io
from pathlib import Path

import pytest
import weasyprint.pdf.fonts as weasyprint_fonts
from fontTools.ttLib import TTFont
from weasyprint.text.ffi import ffi

from resourcepack.compose import compose
from resourcepack.pipeline import validate
from resourcepack.planning import Job
from resourcepack.profiles import PRINT_PROFILES
from resourcepack.project import load_project
from resourcepack.renderfile import render_file
from resourcepack.subset import subset_font


def render(project: Path, out: Path, language: str = "en") -> bytes:
    """The parents' A4 of a language, laid out and written (screen and print layout)."""
    loaded = load_project(project, today=dt.date(2026, 11, 27))
    leaflet = compose(validate(loaded), "internet-offending", "parents", "a4", "coventry", language)
    created = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
    job = Job(
        "key", leaflet, loaded.catalog.formats["a4"], created, PRINT_PROFILES["pdf/x-4"].outputs
    )
    render_file(project, job, out / "screen.pdf", None, out / "print.pdf")
    return (out / "screen.pdf").read_bytes() + (out / "print.pdf").read_bytes()


def system_subsetter() -> object:
    """The machine's libharfbuzz-subset, loaded as WeasyPrint loads it (skip when absent)."""
    name = ctypes.util.find_library("harfbuzz-subset")
    if name is None:
        pytest.skip("no libharfbuzz-subset on this machine (.ci/run installs it)")
    return ffi.dlopen(name)


@pytest.mark.slow  # renders each leaflet with two subsetters
@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_bytes_do_not_depend_on_the_machines_subsetter(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    """WeasyPrint alone would subset with the system library when it is there, else with
    fontTools; the two give different bytes. Ours are the same in both cases."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1763596800")
    outputs = []
    for library in (None, system_subsetter()):
        monkeypatch.setattr(weasyprint_fonts, "harfbuzz_subset", library)
        out = tmp_path / str(len(outputs))
        out.mkdir()
        outputs.append(hashlib.sha256(render(project, out, language)).hexdigest())
    assert outputs[0] == outputs[1]


def test_a_subset_keeps_the_glyphs_asked_for_at_their_ids() -> None:
    import fontpkg

    path = next(f.path for f in fontpkg.family("Atkinson Hyperlegible").files if f.weight == 400)
    data = Path(path).read_bytes()
    full = TTFont(path)
    order = full.getGlyphOrder()
    wanted = [full.getBestCmap()[ord(c)] for c in "Safe"]
    ids = sorted(order.index(g) for g in wanted)
    small = subset_font(data, 0, ids, hinting=False, notdef=False)
    assert len(small) < len(data) / 4
    font = TTFont(io.BytesIO(small))
    assert font["maxp"].numGlyphs == ids[-1] + 1  # the ids kept; glyphs after the last dropped
    glyf = font["glyf"]
    kept = [g for i, g in enumerate(font.getGlyphOrder()) if glyf[g].numberOfContours]
    assert len(kept) == len(ids)  # outlines only for the glyphs asked for
    assert "GSUB" not in font and "GPOS" not in font
