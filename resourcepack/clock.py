"""The clock: one build time, from SOURCE_DATE_EPOCH or the content's newest review date."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from .errors import UsageError, problem_at

if TYPE_CHECKING:
    from .catalog import Catalog

LATEST_EPOCH = 4102444800  # 2100-01-01: ZIP and PDF dates cannot go much further


def source_date_epoch(catalog: Catalog) -> int:
    """SOURCE_DATE_EPOCH if set, else midnight UTC of the newest review date in the content."""
    if value := os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        return _epoch(value)
    days = [t.review.last_reviewed for t in catalog.topics.values()]
    days += [p.review.last_reviewed for p in catalog.partnerships.values()]
    newest = max(days, default=dt.date(2026, 1, 1))
    return int(dt.datetime.combine(newest, dt.time(), dt.UTC).timestamp())


def _epoch(value: str) -> int:
    """SOURCE_DATE_EPOCH as seconds, or a usage error saying what is wrong with it."""
    if not value.isdigit() or int(value) > LATEST_EPOCH:
        msg = (
            f"SOURCE_DATE_EPOCH is '{value[:40]}'; it must be whole seconds since 1970 "
            f"(0 to {LATEST_EPOCH}), or unset"
        )
        raise UsageError([problem_at("environment", 1, 1, msg)])
    return int(value)


def pin_time(catalog: Catalog) -> dt.datetime:
    """Make every timestamp the PDF tools write depend only on the content; return it."""
    epoch = source_date_epoch(catalog)
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    return dt.datetime.fromtimestamp(epoch, dt.UTC)


def pin_epoch(created: dt.datetime) -> None:
    """Pin the PDF tools' timestamps to a build's time (in a worker, which pin_time did not)."""
    os.environ["SOURCE_DATE_EPOCH"] = str(int(created.timestamp()))


@contextmanager
def environment_kept() -> Iterator[None]:
    """Put back SOURCE_DATE_EPOCH as it was (pin_time sets it for the PDF tools) when done."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
