from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from branches.criteria_sets import CriteriaSetQuerySet
from branches.models import Member, Organisation, OrganisationRowQuerySet, acted_by, ends_after

from .enums import (
    AttendanceStatus,
    MeetingKind,
    MeetingLevel,
    MeetingStatus,
    NoteKind,
    ScoreCriterionAuto,
    ScoreSheetApplies,
    TaskStatus,
)


class ScoreSheetQuerySet(CriteriaSetQuerySet):
    KEY = "applies_to"  # a province's sheet for regular meetings replaces the national one for them


class ScoreSheet(models.Model):
    """A meeting-quality score sheet: criteria with maximum points and the level thresholds.

    Provinces set their own (domain-rules §3.6); `province` empty means the national default.
    """

    Applies = ScoreSheetApplies

    name = models.CharField("tên", max_length=200)
    province = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="score_sheets"
    )
    year = models.PositiveSmallIntegerField("áp dụng từ năm")
    applies_to = models.CharField("áp dụng cho", max_length=16, choices=Applies.choices)
    good_min = models.PositiveSmallIntegerField("Tốt từ", default=90)
    fair_min = models.PositiveSmallIntegerField("Khá từ", default=70)
    average_min = models.PositiveSmallIntegerField("Trung bình từ", default=50)
    source = models.CharField("căn cứ", max_length=200, blank=True)

    objects = ScoreSheetQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(good_min__gt=models.F("fair_min")) & Q(fair_min__gt=models.F("average_min")),
                name="sheet_thresholds_descend",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ScoreCriterion(models.Model):
    Auto = ScoreCriterionAuto

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(default=0)
    label = models.CharField("tiêu chí", max_length=300)
    max_points = models.PositiveSmallIntegerField("điểm tối đa")
    auto = models.CharField(max_length=16, choices=Auto.choices, blank=True, default="")
    required_for_good = models.BooleanField("phải đạt tối đa để xếp loại Tốt", default=False)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.label} ({self.max_points})"


class MeetingQuerySet(OrganisationRowQuerySet):
    def monthly(self) -> MeetingQuerySet:
        """The meetings that count as the month's regular meeting."""
        return self.filter(kind__in=Meeting.MONTHLY_KINDS)


class Meeting(models.Model):
    Kind = MeetingKind
    Status = MeetingStatus
    Level = MeetingLevel

    MONTHLY_KINDS = (Kind.REGULAR, Kind.COMBINED)
    THEMATIC_KINDS = (Kind.THEMATIC, Kind.COMBINED)
    # A chi bộ holds at most one sitting of these kinds a day. Extraordinary sittings and tổ đảng
    # meetings are left out: several groups of one chi bộ may meet the same evening.
    ONE_A_DAY_KINDS = (Kind.REGULAR, Kind.COMBINED, Kind.THEMATIC, Kind.COMMITTEE)

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField("loại", max_length=16, choices=Kind.choices, default=Kind.REGULAR)
    year = models.PositiveSmallIntegerField("năm")
    month = models.PositiveSmallIntegerField("tháng")
    # The local day of the sitting (or of the plan), kept with year and month by the services.
    day = models.DateField("ngày", null=True, blank=True, editable=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    planned_start = models.DateTimeField("dự kiến bắt đầu", null=True, blank=True)
    started_at = models.DateTimeField("bắt đầu", null=True, blank=True)
    ended_at = models.DateTimeField("kết thúc", null=True, blank=True)
    place = models.CharField("địa điểm", max_length=200, blank=True)
    online = models.BooleanField("trực tuyến", default=False)
    chair = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="chủ trì"
    )
    recorder = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="thư ký"
    )
    agenda = models.TextField("nội dung, chương trình", blank=True)
    topic = models.CharField("chuyên đề", max_length=300, blank=True)
    presenter = models.ForeignKey(
        Member,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người trình bày chuyên đề",
    )
    commendations = models.TextField("biểu dương", blank=True)
    reminders = models.TextField("nhắc nhở, phê bình", blank=True)
    conclusion = models.TextField("kết luận / nghị quyết", blank=True)
    votes_for = models.PositiveSmallIntegerField("tán thành", null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField("không tán thành", null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField("không biểu quyết", null=True, blank=True)
    dues_reported = models.BooleanField("đã báo cáo thu nộp đảng phí", default=False)
    materials_posted_on = models.DateField("ngày đăng tài liệu lên Sổ tay đảng viên", null=True, blank=True)
    # Quality: stored when finalised (and after a reviewer's adjustment) so lists need no recomputation.
    score = models.PositiveSmallIntegerField("điểm chất lượng", null=True, blank=True)
    level = models.CharField("xếp loại", max_length=16, choices=Level.choices, blank=True, default="")
    sheet = models.ForeignKey(ScoreSheet, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = acted_by(blank=True)
    created_by = acted_by(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=0, editable=False)
    # The token of the form that last saved the record: the same form sent twice (a double tap,
    # back and resubmit) is recognised instead of saved again.
    submission = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-month", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "year", "month"]),
            # The calendar and watch lists above the grassroots count a year's meetings of thousands of
            # chi bộ: these serve them from the index alone (PostgreSQL; the rows carry the minutes).
            models.Index(
                fields=["year"],
                include=["id", "organisation", "month", "kind", "status"],
                name="meeting_year_cover",
            ),
            models.Index(
                fields=["started_at"],
                include=["id", "organisation", "kind"],
                condition=Q(status="finalised"),
                name="meeting_finalised_cover",
            ),
            models.Index(fields=["started_at"], condition=Q(status="draft"), name="meeting_drafts"),
        ]
        constraints = [
            # One monthly regular meeting per chi bộ and month (a combined sitting counts as it).
            models.UniqueConstraint(
                fields=["organisation", "year", "month"],
                condition=Q(kind__in=["regular", "combined"]),
                name="one_regular_meeting_per_month",
            ),
            models.UniqueConstraint(
                fields=["organisation", "kind", "day"],
                condition=Q(kind__in=["regular", "combined", "thematic", "committee"]),
                name="one_meeting_per_kind_and_day",
            ),
            models.CheckConstraint(condition=Q(month__gte=1) & Q(month__lte=12), name="meeting_month_1_12"),
            ends_after(
                "ended_at", "started_at", strictly=True, start_optional=True, name="meeting_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} tháng {self.month}/{self.year} — {self.organisation}"

    @property
    def quarter(self) -> int:
        return (self.month - 1) // 3 + 1

    @property
    def duration_minutes(self) -> int | None:
        if self.started_at and self.ended_at:
            return int((self.ended_at - self.started_at).total_seconds() // 60)
        return None

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.FINALISED

    @property
    def day_has_come(self) -> bool:
        """A plan can be recorded from its day on; before that it is prepared (agenda, files)."""
        if self.status != self.Status.PLANNED or self.planned_start is None:
            return True
        return timezone.localdate(self.planned_start) <= timezone.localdate()


class Attendance(models.Model):
    Status = AttendanceStatus

    COUNTED = (Status.PRESENT, Status.EXCUSED, Status.UNEXCUSED)
    ABSENT = (Status.EXCUSED, Status.UNEXCUSED)

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PRESENT)
    reason = models.CharField("lý do", max_length=200, blank=True)
    # Snapshots at the meeting, since a member's state changes later.
    probationary = models.BooleanField(default=False)
    hosted = models.BooleanField("sinh hoạt tạm thời", default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_attendance_row_per_member"),
        ]
        indexes = [
            models.Index(fields=["member", "status"]),
            # The watch lists read absences only, about a tenth of the rows, from the index alone (PostgreSQL).
            models.Index(
                fields=["meeting"],
                include=["member", "status"],
                condition=Q(status__in=["excused", "unexcused"]),
                name="attendance_absences",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.get_status_display()}"


class Guest(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField("họ tên", max_length=120)
    title = models.CharField("chức vụ", max_length=200, blank=True)
    is_following_member = models.BooleanField("cấp ủy viên cấp trên phụ trách chi bộ", default=False)

    def __str__(self) -> str:
        return self.name


class Speech(models.Model):
    """One contribution to the discussion, in order."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="speeches")
    order = models.PositiveSmallIntegerField(default=0)
    speaker = models.CharField("người phát biểu", max_length=120)
    gist = models.TextField("nội dung")

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.speaker}: {self.gist[:40]}"


class Task(models.Model):
    Status = TaskStatus

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="tasks")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="meeting_tasks")
    description = models.CharField("nhiệm vụ", max_length=500)
    deadline = models.DateField("thời hạn", null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    followed_up_in = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="followed_up_tasks"
    )

    class Meta:
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return f"{self.member}: {self.description[:40]}"


class Score(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(ScoreCriterion, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField()
    explanation = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "criterion"], name="one_score_per_criterion"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.label}: {self.points}"


class Note(models.Model):
    """The visible history of a meeting record: amendments (with a reason), reviewer comments and
    score adjustments."""

    Kind = NoteKind

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    text = models.TextField("nội dung")
    changes = models.JSONField(default=dict, blank=True)
    author = acted_by()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:40]}"


class AttachmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> AttachmentQuerySet:
        return self.filter(meeting__in=Meeting.objects.visible_to(user))


class Attachment(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="meetings/%Y/")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = acted_by()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    def __str__(self) -> str:
        return self.name


# Party dues live in their own package (collected at the monthly meeting); importing the models here
# registers them with the app.
from .dues.models import DuesBasis, DuesEntry, DuesMonth, DuesPolicy, DuesRate, DuesSplit  # noqa: E402, F401
