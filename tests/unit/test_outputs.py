"""Output kinds: what each render keeps, by name; a draft is never laid out for print."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from resourcepack.cache import print_key
from resourcepack.outputs import HTML, ON_SCREEN, OUTPUT_KINDS, PRINT, SCREEN, kinds_for
from resourcepack.planning import Job
from resourcepack.profiles import PRINT_PROFILES

WITH_PRINT = PRINT_PROFILES["pdf/x-4"].outputs


def job(outputs: tuple[str, ...]) -> Job:
    """A job of a leaflet that is only a file name (all a job's keys and label read of it)."""
    leaflet: Any = SimpleNamespace(filename="a.pdf")
    return Job("k", leaflet, SimpleNamespace(), dt.datetime(2026, 1, 1, tzinfo=dt.UTC), outputs)


def test_the_kinds_are_screen_html_and_print() -> None:
    assert list(OUTPUT_KINDS) == [SCREEN, HTML, PRINT]
    assert ON_SCREEN == (SCREEN, HTML)


def test_a_draft_gets_only_the_kinds_for_drafts() -> None:
    assert kinds_for(WITH_PRINT, draft=False) == (SCREEN, HTML, PRINT)
    assert kinds_for(WITH_PRINT, draft=True) == ON_SCREEN


def test_a_jobs_cache_keys_and_label_come_from_its_kinds() -> None:
    screen, printed = job(ON_SCREEN), job(WITH_PRINT)
    assert (screen.keys, screen.print_key, screen.label) == (("k",), None, "a.pdf")
    assert printed.keys == ("k", "k.print") and printed.print_key == print_key("k")
    assert printed.label == "a.pdf (and its print layout)" and printed.printed
