"""The clock: SOURCE_DATE_EPOCH honoured, a bad one a located one-line error, else the newest
review date; pinning the time, and putting the environment back."""

from __future__ import annotations

import datetime as dt
import os
from types import SimpleNamespace
from typing import Any

import pytest

from resourcepack.clock import (
    LATEST_EPOCH,
    environment_kept,
    pin_epoch,
    pin_time,
    source_date_epoch,
)
from resourcepack.errors import UsageError


def catalog(*days: dt.date) -> Any:
    """A catalog with topics reviewed on these days (all the clock reads of one)."""
    topics = {
        str(n): SimpleNamespace(review=SimpleNamespace(last_reviewed=d)) for n, d in enumerate(days)
    }
    return SimpleNamespace(topics=topics, partnerships={})


def test_source_date_epoch_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", " 1700000000 ")
    assert source_date_epoch(catalog(dt.date(2026, 5, 1))) == 1700000000


def test_without_it_the_newest_review_day_at_midnight_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    epoch = source_date_epoch(catalog(dt.date(2026, 3, 2), dt.date(2026, 5, 1)))
    assert dt.datetime.fromtimestamp(epoch, dt.UTC) == dt.datetime(2026, 5, 1, tzinfo=dt.UTC)


@pytest.mark.parametrize("value", [str(LATEST_EPOCH + 1), "-1", "1.5", "next tuesday"])
def test_an_out_of_range_value_is_a_located_one_line_error(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(UsageError) as e:
        source_date_epoch(catalog())
    [problem] = e.value.problems
    assert str(problem) == (
        f"environment:1:1: error: SOURCE_DATE_EPOCH is '{value}'; it must be whole seconds "
        f"since 1970 (0 to {LATEST_EPOCH}), or unset"
    )


def test_the_latest_epoch_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(LATEST_EPOCH))
    assert source_date_epoch(catalog()) == LATEST_EPOCH


def test_pin_time_sets_the_epoch_and_the_environment_is_put_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    with environment_kept():
        when = pin_time(catalog(dt.date(2026, 5, 1)))
        assert when == dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
        assert os.environ["SOURCE_DATE_EPOCH"] == str(int(when.timestamp()))
    assert "SOURCE_DATE_EPOCH" not in os.environ
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "5")
    with environment_kept():
        pin_epoch(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        assert os.environ["SOURCE_DATE_EPOCH"] == "1767225600"
    assert os.environ["SOURCE_DATE_EPOCH"] == "5"
