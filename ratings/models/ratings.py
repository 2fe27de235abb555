from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import models
from django.db.models import Q

from branches.models import Member, Organisation, OrganisationRowQuerySet, acted_by

from .. import enums
from ..enums import MemberRatingSheet, Status
from ..rules.common import REGIME_LABELS, Level, Regime, Tasks

LEVEL_CHOICES = [(level.value, level.label) for level in Level]


class RatingPeriod(models.Model):
    """A province's rating year, pinned to its rules: the regime of that year and every parameter
    a province may set (defaults are the text of QĐ 366 + HD 43)."""

    QuotaGroup = enums.QuotaGroup

    province = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="rating_periods")
    year = models.PositiveSmallIntegerField("năm đánh giá")
    regime = models.CharField(
        "quy định áp dụng", max_length=16, choices=[(r.value, REGIME_LABELS[r]) for r in Regime]
    )
    htxsnv_min = models.PositiveSmallIntegerField("điểm tối thiểu HTXSNV", default=90)
    httnv_min = models.PositiveSmallIntegerField("điểm tối thiểu HTTNV", default=70)
    htnv_min = models.PositiveSmallIntegerField("điểm tối thiểu HTNV", default=50)
    exceeded_share = models.DecimalField(
        "tỷ lệ nhiệm vụ vượt yêu cầu (HTXSNV)", max_digits=4, decimal_places=2, default=Decimal("0.30")
    )
    late_share = models.DecimalField(
        "tỷ lệ chậm tiến độ tối đa (HTNV)", max_digits=4, decimal_places=2, default=Decimal("0.20")
    )
    quota_share = models.DecimalField(
        "tỷ lệ HTXSNV so với HTTNV", max_digits=4, decimal_places=2, default=Decimal("0.20")
    )
    exceptional_quota_share = models.DecimalField(
        "tỷ lệ khi được cấp trên cho phép", max_digits=4, decimal_places=2, default=Decimal("0.25")
    )
    quota_group = models.CharField(
        "nhóm tính tỷ lệ", max_length=16, choices=QuotaGroup.choices, default=QuotaGroup.BRANCH
    )
    small_group_minimum = models.PositiveSmallIntegerField("số HTXSNV tối thiểu cho nhóm nhỏ", default=0)
    head_not_above_collective = models.BooleanField("người đứng đầu không cao hơn tập thể", default=True)
    member_ratio_rule = models.BooleanField(
        "tổ chức HTXSNV cần 100% ĐV ≥ HTNV và ≥ 80% ≥ HTTNV (HD 21)", default=False
    )
    require_previous_unit_comment = models.BooleanField(
        "cần nhận xét của chi bộ cũ (chuyển đến, ≥ 6 tháng)", default=True
    )
    finish_by = models.DateField("hoàn thành trước")
    files_by = models.DateField("gửi hồ sơ trước")
    opened_by = acted_by()
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="one_period_per_province_year")
        ]

    def __str__(self) -> str:
        return f"Đánh giá, xếp loại năm {self.year} — {self.province}"

    def quota_key(self, path: str, sheet: str) -> tuple[str, ...]:
        """The comparable group the HTXSNV quota is counted in for a chi bộ at `path`, as the
        province set it: the chi bộ, the grassroots organisation above it, or that organisation's
        members on the same sheet. /province/upper/grassroots/…: a chi bộ directly under the
        commune committee is its own group."""
        if self.quota_group == self.QuotaGroup.BRANCH:
            return ("branch", path)
        prefix = "/".join(path.split("/")[:4]) + "/"
        return (
            ("sheet", prefix, sheet) if self.quota_group == self.QuotaGroup.SHEET else ("grassroots", prefix)
        )

    @property
    def review_date(self) -> date:
        """The date eligibility is judged at (new members, exemptions): the year's deadline."""
        return self.finish_by


# A rating in force: the level above decided it (and may have published it). The one definition;
# querysets read it through `in_force()`.
IN_FORCE = (Status.DECIDED, Status.PUBLISHED)

# The self-assessment's task figures, in the order of `Tasks`.
TASK_FIELDS = ("tasks_assigned", "tasks_on_time", "tasks_exceeded", "tasks_late", "tasks_not_done")


class Assessment(models.Model):
    """What member and organisation ratings share: the self-assessed score and task figures,
    the proposal and the decision."""

    score = models.DecimalField("tổng điểm tự chấm", max_digits=4, decimal_places=1, null=True, blank=True)
    # {criterion id: points} on the score sheet in force; empty when only the total was entered.
    points = models.JSONField("điểm từng tiêu chí", default=dict, blank=True)
    tasks_assigned = models.PositiveSmallIntegerField("số nhiệm vụ được giao", default=0)
    tasks_on_time = models.PositiveSmallIntegerField("hoàn thành đúng tiến độ", default=0)
    tasks_exceeded = models.PositiveSmallIntegerField("vượt yêu cầu", default=0)
    tasks_late = models.PositiveSmallIntegerField("chậm tiến độ", default=0)
    tasks_not_done = models.PositiveSmallIntegerField("không hoàn thành", default=0)
    self_level = models.CharField("tự xếp loại", max_length=8, choices=LEVEL_CHOICES, blank=True)
    # The text parts of the self-review (HD 43 Mẫu 01, 2B, 2C).
    strengths = models.TextField("ưu điểm, kết quả đạt được", blank=True)
    shortcomings = models.TextField("hạn chế, khuyết điểm và nguyên nhân", blank=True)
    remedies = models.TextField("phương hướng, biện pháp khắc phục", blank=True)
    proposed_level = models.CharField("đề xuất", max_length=8, choices=LEVEL_CHOICES, blank=True)
    proposal_reasons = models.JSONField(default=list, blank=True)
    level = models.CharField("xếp loại", max_length=8, choices=LEVEL_CHOICES, blank=True)
    decision_number = models.CharField("số quyết định", max_length=40, blank=True)
    decided_on = models.DateField("ngày quyết định", null=True, blank=True)
    override_reason = models.CharField("lý do xem xét ngoại lệ", max_length=500, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    @property
    def tasks(self) -> Tasks:
        return Tasks(
            self.tasks_assigned, self.tasks_on_time, self.tasks_exceeded, self.tasks_late, self.tasks_not_done
        )

    @tasks.setter
    def tasks(self, tasks: Tasks) -> None:
        self.tasks_assigned, self.tasks_on_time, self.tasks_exceeded = (
            tasks.assigned,
            tasks.on_time,
            tasks.exceeded,
        )
        self.tasks_late, self.tasks_not_done = tasks.late, tasks.not_done


class RatingQuerySet(models.QuerySet):
    def current(self):
        return self.exclude(status=Status.CANCELLED)

    def in_force(self):
        return self.filter(status__in=IN_FORCE)


class MemberRatingQuerySet(RatingQuerySet, OrganisationRowQuerySet):
    pass


class MemberRating(Assessment):
    """One member's rating for one period. Cancelled by a re-rating, never edited after the
    decision: the replacement is a new row."""

    Sheet = MemberRatingSheet

    period = models.ForeignKey(RatingPeriod, on_delete=models.PROTECT, related_name="member_ratings")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="ratings")
    # The chi bộ that rates, as it was when the period opened.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="member_ratings")
    sheet = models.CharField(max_length=4, choices=Sheet.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    excluded_reason = models.CharField(max_length=200, blank=True)
    excluded_column = models.CharField(max_length=16, blank=True)  # exempt | suspended | new (report columns)
    waiting_for = models.JSONField(default=list, blank=True)  # comments needed before the proposal
    shortcomings_pointed = models.PositiveSmallIntegerField("hạn chế đã chỉ ra năm trước", default=0)
    shortcomings_remedied = models.PositiveSmallIntegerField("đã khắc phục", default=0)
    votes_for = models.PositiveSmallIntegerField(null=True, blank=True)
    votes_total = models.PositiveSmallIntegerField(null=True, blank=True)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )

    objects = MemberRatingQuerySet.as_manager()

    # What each sheet means, in the few words a list has room for.
    SHEET_WORDS = {
        Sheet.PL3: "giữ chức vụ lãnh đạo, quản lý",
        Sheet.PL4: "làm việc trong hệ thống chính trị",
        Sheet.PL5: "không làm việc trong hệ thống chính trị",
    }
    FORMS = {Sheet.PL3: "Mẫu 2A", Sheet.PL4: "Mẫu 2B", Sheet.PL5: "Mẫu 2C"}

    class Meta:
        constraints = [
            # One rating in force per member and period; re-ratings cancel the old one first.
            models.UniqueConstraint(
                fields=["period", "member"],
                condition=~Q(status="cancelled"),
                name="one_current_member_rating",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=100), name="member_rating_score_100"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "period", "status"])]

    def __str__(self) -> str:
        return f"{self.member} — {self.period.year}"

    @property
    def sheet_words(self) -> str:
        return self.SHEET_WORDS[self.sheet]

    @property
    def form_name(self) -> str:
        return self.FORMS[self.sheet]


class OrganisationRating(Assessment):
    period = models.ForeignKey(RatingPeriod, on_delete=models.PROTECT, related_name="organisation_ratings")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="ratings")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    excluded_reason = models.CharField(max_length=200, blank=True)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )

    objects = RatingQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["period", "organisation"],
                condition=~Q(status="cancelled"),
                name="one_current_organisation_rating",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.period.year}"


class Transition(models.Model):
    """Every step of a rating: who, when, from → to, the level at that step and why."""

    member_rating = models.ForeignKey(
        MemberRating, null=True, blank=True, on_delete=models.CASCADE, related_name="transitions"
    )
    organisation_rating = models.ForeignKey(
        OrganisationRating, null=True, blank=True, on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(max_length=16, choices=Status.choices)
    to_status = models.CharField(max_length=16, choices=Status.choices)
    level = models.CharField(max_length=8, choices=LEVEL_CHOICES, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    by = acted_by()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member_rating__isnull=False, organisation_rating__isnull=True)
                | Q(member_rating__isnull=True, organisation_rating__isnull=False),
                name="transition_of_one_rating",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class Comment(models.Model):
    """A chi bộ's comment on a member it does not rate: the host of a temporary stay, or the chi bộ
    a member left during the year. The rating waits for it (HD 43 7.6)."""

    rating = models.ForeignKey(MemberRating, on_delete=models.CASCADE, related_name="comments")
    from_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("nhận xét")
    by = acted_by()
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.from_organisation}: {self.text[:40]}"
