"""Impositions: one registry by name, the names formats.yaml accepts, and orders that place
every page once."""

from __future__ import annotations

from typing import get_args

import pytest

from resourcepack.content import Production
from resourcepack.impositions import IMPOSITIONS, ImpositionName, reading_sides, sheet_sides

PAGES = {"sheets": 3, "saddle-stitch": 8, "trifold": 6}


def test_the_names_formats_may_use_are_the_registry_names() -> None:
    assert get_args(ImpositionName) == tuple(IMPOSITIONS) == tuple(PAGES)
    schema = Production.model_json_schema()["properties"]["imposition"]
    assert schema["enum"] == list(IMPOSITIONS)


@pytest.mark.parametrize("name", list(IMPOSITIONS))
@pytest.mark.parametrize("rtl", [False, True])
def test_every_page_is_placed_once_on_the_print_file_and_on_the_sheets(
    name: str, rtl: bool
) -> None:
    pages = PAGES[name]
    for sides in (reading_sides(name, pages, rtl), sheet_sides(name, pages, rtl)):
        assert sorted(p for side in sides for p in side) == list(range(pages))


def test_what_each_calls_its_pages_and_which_layout_rules_it_adds() -> None:
    assert {n: i.unit for n, i in IMPOSITIONS.items()} == {
        "sheets": "pages",
        "saddle-stitch": "pages",
        "trifold": "panels",
    }
    assert [n for n, i in IMPOSITIONS.items() if i.booklet] == ["saddle-stitch"]
    assert [n for n, i in IMPOSITIONS.items() if i.panels] == ["trifold"]
    assert sheet_sides("saddle-stitch", 8)[0] == (7, 0)  # two pages across a booklet's sheet


def test_the_job_sheet_words_name_the_size() -> None:
    for imposition in IMPOSITIONS.values():
        for words in (imposition.pages_file, imposition.sheets_file):
            assert words.format(size="210 × 297 mm").count("210 × 297 mm") == 1
