"""The sources of reminders the apps register, and what each finds: a `Due`, a thing due at an
organisation for its secretary or for the committee above it. A leaf: it imports nothing of the app."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Audience(StrEnum):
    """Who is told (routing.py): the nearest holder of the role at the organisation or above it."""

    SECRETARY = "secretary"  # the chi bộ's own secretary: the work is theirs
    REVIEWER = "reviewer"  # the committee above: what its units miss, what it decides


@dataclass(frozen=True)
class Due:
    kind: str  # registered with a label (KIND_LABELS)
    key: str  # the thing, unique within the kind: "2026-10:17" is chi bộ 17's October
    organisation_id: int
    path: str  # the organisation's path: the user's scope must hold it
    audience: Audience
    title: str
    url: str
    due_on: date | None = None
    # REVIEWER only: the deciding level when it is not simply the nearest above (a rating decision
    # of a chi bộ under a đảng ủy bộ phận belongs to the đảng ủy cơ sở above that; HD 43 Mục 3).
    reviewer_at: str = ""


# (the day, the organisation paths to look under or None for everywhere) -> what is due there.
Find = Callable[[date, list[str] | None], Iterable[Due]]


@dataclass(frozen=True)
class Source:
    kinds: dict[str, str]  # kind -> its label on the home page and in the digest
    find: Find


SOURCES: list[Source] = []
KIND_LABELS: dict[str, str] = {}


def register(*sources: Source) -> None:
    """Add an app's sources, from its AppConfig.ready (which may run more than once in tests)."""
    for source in sources:
        if source not in SOURCES:
            SOURCES.append(source)
            KIND_LABELS.update(source.kinds)


def collect(on: date, within: list[str] | None = None) -> list[Due]:
    """Everything due on `on` under `within`, from every registered source."""
    return [due for source in SOURCES for due in source.find(on, within)]
