"""Keep the reminder rows in step with what is due: the daily refresh writes the new ones,
rewrites those whose words changed (a count, "ngày mai" becoming "hôm nay") and deletes those whose
thing is done, marked done or not. No acting user: it is the app's own bookkeeping, not a change
anyone made, so it leaves no change record (marking one done does)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from ..models import Reminder, scope_paths
from .registry import Due, collect
from .routing import holders, recipients

FIELDS = ("organisation_id", "title", "url", "due_on")


@dataclass(frozen=True)
class Refreshed:
    created: int
    updated: int
    cleared: int


def due_for(user, on: date) -> list[Due]:
    """What is due for `user` on `on`: the things under the user's scope that are theirs to do."""
    within = scope_paths(user)
    found = holders()
    return [due for due in collect(on, within) if user.pk in recipients(due, found)]


def _values(due: Due) -> dict:
    return {
        "organisation_id": due.organisation_id,
        "title": due.title[:300],
        "url": due.url[:300],
        "due_on": due.due_on,
    }


def refresh(on: date) -> Refreshed:
    found = holders()
    wanted: dict[tuple[int, str, str], Due] = {}
    for due in collect(on):
        for user_id in recipients(due, found):
            wanted.setdefault((user_id, due.kind, due.key), due)
    with transaction.atomic():
        existing = {
            (r.user_id, r.kind, r.key): r for r in Reminder.objects.only("pk", "user", "kind", "key", *FIELDS)
        }
        created = [
            Reminder(user_id=user_id, kind=kind, key=key, first_seen=on, **_values(due))
            for (user_id, kind, key), due in wanted.items()
            if (user_id, kind, key) not in existing
        ]
        # Another refresh running at the same moment may have written the same row: keep one.
        Reminder.objects.bulk_create(created, ignore_conflicts=True, batch_size=1000)
        changed = []
        for identity, reminder in existing.items():
            due = wanted.get(identity)
            values = _values(due) if due else None
            if values and any(getattr(reminder, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(reminder, name, value)
                changed.append(reminder)
        Reminder.objects.bulk_update(changed, FIELDS, batch_size=1000)
        stale = [r.pk for identity, r in existing.items() if identity not in wanted]
        for start in range(0, len(stale), 1000):
            Reminder.objects.filter(pk__in=stale[start : start + 1000]).delete()
    return Refreshed(created=len(created), updated=len(changed), cleared=len(stale))
