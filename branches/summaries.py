"""Province-wide summaries, worked out at most every few minutes.

A province's watch lists and rating distribution read every chi bộ, meeting, attendance row and
rating of the province (tens of thousands of rows: 150–250 ms of SQL on the Trà Vinh demo). Its staff
read them to see where to look, not to check a decision taken a second ago, and they decide none of
the figures shown. So each server process keeps such a summary for `SUMMARY_SECONDS` (settings) and
the page says when it was worked out. The levels below, where decisions are taken, are always live.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

T = TypeVar("T")


@dataclass(frozen=True)
class Freshness:
    """When a summary was worked out, and within how many minutes it is worked out again (the page
    says both: templates/branches/includes/summary_time.html)."""

    at: datetime
    minutes: int


def summary(name: str, *key, compute: Callable[[], T]) -> tuple[T, Freshness]:
    """The summary `name` for `key` (the scope's id and path, the year, the day…: everything it depends
    on): from the cache, else computed now and kept."""
    cache_key = ":".join(["summary", name, *map(str, key)])
    kept = cache.get(cache_key)
    if kept is None:
        kept = (compute(), Freshness(timezone.now(), max(1, settings.SUMMARY_SECONDS // 60)))
        cache.set(cache_key, kept, settings.SUMMARY_SECONDS)
    return kept
