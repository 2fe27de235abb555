"""Columns and checks that many models share."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


def ends_after(
    end: str, start: str, *, name: str, strictly: bool = False, start_optional: bool = False, **options
) -> models.CheckConstraint:
    """`end` (a date or a time) is empty or not before `start`, or after it when `strictly`; with
    `start_optional`, an empty `start` passes too."""
    condition = Q(**{f"{end}__isnull": True})
    if start_optional:
        condition |= Q(**{f"{start}__isnull": True})
    condition |= Q(**{f"{end}__{'gt' if strictly else 'gte'}": models.F(start)})
    return models.CheckConstraint(condition=condition, name=name, **options)


def acted_by(*, blank: bool = False, **options) -> models.ForeignKey:
    """Who did it: a user, read in the history. The row stays when the account is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=blank,
        on_delete=models.SET_NULL,
        related_name="+",
        **options,
    )
