"""The dues parameters as the rules read them: rows of the rulebook, the split and the xóa tên
window, national and the province's own, turned into rules.Dated and resolved for a month."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Q

from branches.models import Organisation

from ..enums import Window
from . import rules
from .models import DuesPolicy, DuesRate, DuesSplit


def province_id_of(org: Organisation) -> int:
    """The province at the top of the organisation's path (its own id for a province)."""
    return int(org.path.strip("/").split("/")[0])


def _for(province_id: int | None):
    return Q(province__isnull=True) | Q(province_id=province_id)


def rate_rows(province_id: int | None) -> list[rules.Dated]:
    return [
        rules.Dated((r.regime, r.category), r.effective_from, r.province_id, rules.Rate(r.percent, r.amount))
        for r in DuesRate.objects.filter(_for(province_id))
    ]


def rulebook(province_id: int | None, period: date) -> rules.Rulebook:
    return rules.rulebook(rate_rows(province_id), period, province_id)


def split_rows(province_id: int | None) -> list[rules.Dated]:
    return [
        rules.Dated(s.kind, s.effective_from, s.province_id, s.kept_percent)
        for s in DuesSplit.objects.filter(_for(province_id))
    ]


def kept_percents(province_id: int | None, period: date) -> dict[str, Decimal]:
    """Organisation kind → the share it keeps of a month's dues."""
    return rules.in_force(split_rows(province_id), period, province_id)


def window(province_id: int | None, period: date) -> str:
    rows = [
        rules.Dated("window", p.effective_from, p.province_id, p.window)
        for p in DuesPolicy.objects.filter(_for(province_id))
    ]
    return rules.in_force(rows, period, province_id).get("window", Window.CALENDAR)
