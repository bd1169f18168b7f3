"""Evidence: the facts that can go stale (reviews, checked facts) and where each is written."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .content import Verification
from .errors import Problem


@dataclass(frozen=True, slots=True)
class Evidence:
    """A review date or a checked fact: what it is, where the file says so, and its state."""

    key: str
    label: str
    kind: Literal["review", "fact"]
    path: Path | str
    line: int
    column: int
    due: dt.date | None = None
    verified: Verification | None = None

    def stale(self, today: dt.date) -> str | None:
        """Why this can no longer be trusted today, or None while it holds."""
        if self.kind == "review":
            if self.due is not None and self.due < today:
                return f"review was due on {self.due}; review the content and update next_review"
            return None
        return None if self.verified else f"{self.label} is unverified"

    def problem(self, message: str, severity: str = "error") -> Problem:
        """A message located where this evidence is written."""
        return Problem(self.path, self.line, self.column, message, severity)

    def warning(self, today: dt.date) -> Problem | None:
        """The warning draft builds print for this evidence, if it is stale."""
        reason = self.stale(today)
        return self.problem(reason, "warning") if reason else None


def review_key(kind: str, ident: str) -> str:
    """The evidence key of a topic's or partnership's review (one copy however many leaflets
    hold it)."""
    return sys.intern(f"review {kind}/{ident}")


def fact_key(kind: str, ident: str) -> str:
    """The evidence key of a contact, resource or source (ident may be 'owner/id'; one copy
    however many leaflets hold it)."""
    return sys.intern(f"{kind} {ident}")
