"""Criteria sets: what the centre issues as a national default and each province adapts as its own
version, in force from a year. Three kinds live this way: the meeting-quality score sheet
(meetings), the rating score sheet and the recognition scheme (ratings). Each is a set of criteria
with a few parameters; "criteria set" because "template" means a page in Django and "rulebook" is
the rating regime of a year.

One mechanism serves all of them:
* which version is in force for a province in a year (`CriteriaSetQuerySet.in_force`): the
  province's own, newest first, before the national default;
* a province's version starts as a copy of another, for a year (sheets) or keeping the source's
  years (schemes): `branches.services.criteria_sets.copy_criteria_set`;
* a version is edited until something was scored on it, then frozen so the scores keep their
  meaning; national defaults are changed by the superuser only:
  `branches.services.criteria_sets.update_criteria_set`;
* every write asks the policy (each kind names its action), and leaves a change record;
* one set of pages (branches.criteria_set_views) lists, copies and edits any kind.

Each kind is a `CriteriaSetKind` its own app registers in AppConfig.ready (branches imports nothing
of the apps above): what "used" means, how an edit is checked, the texts and the templates.
"""

from __future__ import annotations

from django import forms
from django.db import models
from django.db.models import F, Q, QuerySet
from django.urls import reverse

from .models import Organisation
from .policy import can


class CriteriaSetQuerySet(models.QuerySet):
    """Rows with a `province` (empty: the national default), a key a province's version replaces
    (the sheet's annex, the scheme's code), a first year in force and, for some, a last one."""

    KEY = "code"
    FROM = "year"
    UNTIL: str | None = None

    def for_provinces(self, provinces) -> CriteriaSetQuerySet:
        """The national defaults and the given provinces' own versions."""
        return self.filter(Q(province__isnull=True) | Q(province__in=provinces)).select_related("province")

    def valid_in(self, year: int) -> CriteriaSetQuerySet:
        rows = self.filter(**{f"{self.FROM}__lte": year})
        if self.UNTIL:
            rows = rows.filter(Q(**{f"{self.UNTIL}__isnull": True}) | Q(**{f"{self.UNTIL}__gte": year}))
        return rows

    def _open_to(self, province_id: int, year: int) -> CriteriaSetQuerySet:
        return self.valid_in(year).filter(Q(province_id=province_id) | Q(province__isnull=True))

    def one_in_force(self, province_id: int, year: int, key: str):
        """The version of `key` in force: the province's newest own, else the newest national one."""
        return (
            self._open_to(province_id, year)
            .filter(**{self.KEY: key})
            .order_by(F("province_id").asc(nulls_last=True), f"-{self.FROM}")
            .first()
        )

    def in_force(self, province_id: int, year: int) -> list:
        """One version of every key in force, in the queryset's order (one query)."""
        rows = list(self._open_to(province_id, year))
        best: dict = {}
        for row in rows:
            key = getattr(row, self.KEY)
            if key not in best or self._precedence(row) < self._precedence(best[key]):
                best[key] = row
        return [row for row in rows if best[getattr(row, self.KEY)] is row]

    def _precedence(self, row) -> tuple:
        return row.province_id is None, -getattr(row, self.FROM)

    def versions_like(self, source, province: Organisation, year: int | None = None) -> CriteriaSetQuerySet:
        """The province's own versions of `source`'s key (from `year`, for kinds copied per year)."""
        rows = self.filter(province=province, **{self.KEY: getattr(source, self.KEY)})
        return rows if year is None else rows.filter(**{self.FROM: year})


class CriteriaSetKind:
    """One kind of criteria set, as its app describes it. The defaults fit a score sheet."""

    slug: str  # in the pages' URLs: /tieu-chi/<slug>/
    model: type[models.Model]  # objects is a CriteriaSetQuerySet; `criteria` is the related rows
    action: str  # the policy action that sets this kind for a province
    form_class: type[forms.ModelForm]  # the version's own fields (and `version`, for versioned kinds)
    criteria_formset: type[forms.BaseFormSet]  # one ModelForm a criterion
    per_year = True  # a copy is made for a year; else it keeps the source's years
    first_year = 2018  # the earliest year a copy may start
    versioned = False  # the row has a `version`: an edit from a stale page is refused
    multi_line_fields: tuple[str, ...] = ()

    list_template = ""  # empty: the kind lists its versions on a page of its own
    edit_template: str
    copy_title = "Tạo phiếu từ: {name}"
    copied_message: str
    saved_message = "Đã lưu phiếu chấm điểm."

    province_only = "Phiếu chấm điểm riêng được ban hành theo tỉnh."
    national_only = (
        "Phiếu mặc định toàn quốc chỉ quản trị hệ thống cấp trung ương được sửa; hãy tạo bản riêng của tỉnh."
    )
    frozen_message = ""
    copied_summary = "Sao chép từ phiếu “{name}”"
    edited_summary = "Sửa phiếu chấm điểm"

    def __str__(self) -> str:
        return self.slug

    def rows(self) -> CriteriaSetQuerySet:
        return self.model.objects.all()

    def copy_name(self, source, province: Organisation, year: int | None) -> str:
        return f"{source.name} — {province.name} {year}"

    def duplicate_message(self, source, province: Organisation, year: int | None) -> str:
        raise NotImplementedError

    def copy_fields(self, source, province: Organisation, year: int | None) -> dict:
        """The new version's fields: the source's, but for its name, province and (per year) first year."""
        fields = {
            f.name: getattr(source, f.name)
            for f in self.model._meta.concrete_fields
            if f.editable and not f.primary_key and f.name != "province"
        }
        fields |= {"name": self.copy_name(source, province, year), "province": province}
        return fields | ({self.rows().FROM: year} if self.per_year else {})

    def check_copy(self, source, province: Organisation, year: int | None) -> None:
        """Refuse a copy the kind cannot have (beyond the duplicate and the policy)."""

    def in_use(self, criteria_set) -> bool:
        """Something was scored on it: from now on it is frozen."""
        return False

    def check(self, criteria_set, fields: dict, criteria: list[dict]) -> None:
        """Refuse an edit that breaks the kind's rules (totals, thresholds, measures)."""

    def ordered(self, criteria: list[dict]) -> list[dict]:
        return criteria

    def page_after(self, criteria_set) -> str:
        """Where its pages lead back to, and where an edit returns."""
        return reverse("branches:criteria-list", args=[self.slug])


_KINDS: dict[str, CriteriaSetKind] = {}


def register(kind: CriteriaSetKind) -> None:
    _KINDS[kind.slug] = kind


def kind_named(slug: str) -> CriteriaSetKind | None:
    return _KINDS.get(slug)


def kind_of(criteria_set) -> CriteriaSetKind:
    for kind in _KINDS.values():
        if isinstance(criteria_set, kind.model):
            return kind
    raise LookupError(f"{type(criteria_set).__name__} is no registered kind of criteria set")


def managed_provinces(user, action: str) -> QuerySet[Organisation]:
    """The provinces whose criteria sets of a kind (named by its policy action) this user sets."""
    provinces = Organisation.objects.visible_to(user).filter(kind=Organisation.Kind.PROVINCE)
    return Organisation.objects.filter(pk__in=[p.pk for p in provinces if can(user, action, p)])


def may_edit(user, criteria_set) -> bool:
    """National defaults are read by every province and changed by nobody below the superuser."""
    if criteria_set.province is None:
        return user.is_superuser
    return can(user, kind_of(criteria_set).action, criteria_set.province)
