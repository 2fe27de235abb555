"""Party members and what happens to them: posts, transfers, discipline, the events of their timeline."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from ..enums import (
    DisciplineForm,
    Gender,
    LeaveReason,
    MemberEventKind,
    MemberStatus,
    MemberTheory,
    PositionTitle,
    TransferKind,
    TransferStatus,
)
from ..rules import TRANSFER_PRESENT_WORKING_DAYS, add_working_days
from ..text import fold
from .fields import acted_by, ends_after
from .organisations import Organisation
from .scope import organisation_scope_q, scope_paths, scope_q


class MemberQuerySet(models.QuerySet):
    def visible_to(self, user) -> MemberQuerySet:
        """Members of the user's subtrees, and members hosted there on temporary activity."""
        if scope_paths(user) is None:
            return self
        return self.filter(
            organisation_scope_q(user, "organisation") | organisation_scope_q(user, "temporary_organisation")
        )

    def in_subtree(self, org: Organisation) -> MemberQuerySet:
        return self.filter(organisation__path__startswith=org.path)

    def current(self) -> MemberQuerySet:
        return self.filter(status__in=Member.CURRENT_STATUSES)

    def search(self, text: str) -> MemberQuerySet:
        """Accent-insensitive; every typed word must start a word of the name ("an" finds An
        and Anh, not Lan), so a name is found while it is still being typed."""
        qs = self
        for word in fold(text).split():
            qs = qs.filter(Q(search_name__startswith=word) | Q(search_name__contains=f" {word}"))
        return qs

    def due_for_recognition(self, today: date) -> MemberQuerySet:
        """Probationary members from month 11 of probation on (domain-rules §5.2)."""
        from ..rules import RECOGNITION_WARNING_MONTHS, add_months

        return self.filter(
            status=Member.Status.PROBATIONARY,
            ceremony_date__lte=add_months(today, -RECOGNITION_WARNING_MONTHS),
        )

    def in_name_order(self) -> MemberQuerySet:
        return self.order_by("sort_key", "pk")


class Member(models.Model):
    Status = MemberStatus

    CURRENT_STATUSES = (Status.PROBATIONARY, Status.OFFICIAL)
    # What a person enters and corrects on the record (the member's form, an import's columns): what
    # every record needs first, the dossier details after. Status and standing change only by the
    # lifecycle services.
    RECORD_FIELDS = (
        "full_name",
        "gender",
        "birth_date",
        "ethnicity",
        "admission_decision_date",
        "ceremony_date",
        "official_date",
        "religion",
        "birth_name",
        "home_town",
        "cccd",
        "card_number",
        "dossier_number",
        "general_education",
        "professional_level",
        "political_theory",
        "occupation",
        "in_political_system",
        "holds_leadership_post",
    )

    Theory = MemberTheory

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="members", verbose_name="chi bộ"
    )
    full_name = models.CharField("họ và tên", max_length=120)
    birth_name = models.CharField("họ tên khai sinh", max_length=120, blank=True)
    gender = models.CharField("giới tính", max_length=1, choices=Gender.choices)
    birth_date = models.DateField("ngày sinh")
    ethnicity = models.CharField("dân tộc", max_length=40, default="Kinh")
    religion = models.CharField("tôn giáo", max_length=60, blank=True, default="Không")
    home_town = models.CharField("quê quán", max_length=200, blank=True)
    cccd = models.CharField("số CCCD", max_length=12, blank=True)
    card_number = models.CharField("số thẻ đảng viên", max_length=12, blank=True)
    dossier_number = models.CharField("số lý lịch", max_length=12, blank=True)
    general_education = models.CharField("giáo dục phổ thông", max_length=20, blank=True)
    professional_level = models.CharField("chuyên môn nghiệp vụ", max_length=120, blank=True)
    political_theory = models.CharField(
        "lý luận chính trị", max_length=20, choices=Theory.choices, blank=True, default=""
    )
    occupation = models.CharField("nghề nghiệp", max_length=120, blank=True)
    in_political_system = models.BooleanField("làm việc trong hệ thống chính trị", default=False)
    holds_leadership_post = models.BooleanField("giữ chức vụ lãnh đạo, quản lý", default=False)
    admission_decision_date = models.DateField("ngày quyết định kết nạp", null=True, blank=True)
    ceremony_date = models.DateField("ngày vào Đảng (lễ kết nạp)")
    official_date = models.DateField("ngày chính thức", null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PROBATIONARY)
    # Current state, set only by the lifecycle services alongside the event rows that explain it.
    is_exempt = models.BooleanField("miễn công tác và sinh hoạt", default=False)
    is_suspended = models.BooleanField("đình chỉ sinh hoạt", default=False)
    temporary_organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_members",
        verbose_name="sinh hoạt tạm thời tại",
    )
    left_on = models.DateField(null=True, blank=True)
    # The member's own login, for their self-assessment and result; staff accounts have none.
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
        verbose_name="tài khoản",
    )
    left_reason = models.CharField(max_length=16, choices=LeaveReason.choices, blank=True, default="")
    search_name = models.CharField(max_length=120, editable=False, default="")
    sort_key = models.CharField(max_length=400, editable=False, default="")
    version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["sort_key"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["cccd"], condition=~Q(cccd=""), name="unique_member_cccd"),
            models.UniqueConstraint(
                fields=["card_number"], condition=~Q(card_number=""), name="unique_member_card"
            ),
            ends_after(
                "official_date", "ceremony_date", strictly=True, name="member_official_after_ceremony"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name as lists and pickers show it: the birth year beside it tells namesakes apart
        ("Nguyễn Văn An (1975)"), as party lists do. Needs no query."""
        return self.label_of(self.full_name, self.birth_date)

    @staticmethod
    def label_of(full_name: str, birth_date: date) -> str:
        return f"{full_name} ({birth_date:%Y})"

    @property
    def is_current(self) -> bool:
        return self.status in self.CURRENT_STATUSES

    @property
    def probation_ends_on(self) -> date | None:
        if self.status != self.Status.PROBATIONARY:
            return None
        from ..rules import probation_end

        return probation_end(self.ceremony_date)


class PositionQuerySet(models.QuerySet):
    def visible_to(self, user) -> PositionQuerySet:
        return self.filter(member__in=Member.objects.visible_to(user))

    def by_rank(self) -> PositionQuerySet:
        """Bí thư first, then phó bí thư, committee members, and local posts last."""
        ranks = [models.When(title=title, then=rank) for rank, title in enumerate(Position.Title.values)]
        return self.order_by(models.Case(*ranks, default=99), "member__sort_key")


class Position(models.Model):
    """A committee post or a concurrent local post held for a term."""

    Title = PositionTitle

    PARTY_TITLES = {
        Title.SECRETARY,
        Title.DEPUTY_SECRETARY,
        Title.COMMITTEE_MEMBER,
        Title.STANDING_MEMBER,
        Title.GROUP_LEADER,
        Title.GROUP_DEPUTY,
        Title.FOLLOWING_MEMBER,
    }

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="positions")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="positions")
    title = models.CharField("chức vụ", max_length=20, choices=Title.choices)
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày", null=True, blank=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            ends_after("ends_on", "starts_on", name="position_ends_after_start"),
            # Every party committee has one sitting bí thư.
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(title="bi_thu", ends_on__isnull=True),
                name="one_sitting_secretary",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_title_display()} — {self.organisation}"


# A member has at most one open transfer: a pending introduction, or a temporary stay under way.
OPEN_TRANSFER = Q(status="pending") | Q(status="confirmed", kind="temporary")


class TransferQuerySet(models.QuerySet):
    def incoming_for(self, user) -> TransferQuerySet:
        return self.filter(scope_q(user, "to_organisation__path"))

    def outgoing_for(self, user) -> TransferQuerySet:
        return self.filter(scope_q(user, "from_organisation__path"))

    def open(self) -> TransferQuerySet:
        return self.filter(OPEN_TRANSFER)


class Transfer(models.Model):
    """Chuyển sinh hoạt đảng: official (the member moves) or temporary (hosted elsewhere)."""

    Kind = TransferKind

    Status = TransferStatus

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="transfers")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="transfers_out"
    )
    to_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="transfers_in")
    decided_on = models.DateField("ngày quyết định")
    ends_on = models.DateField("đến ngày", null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    note = models.CharField("ghi chú", max_length=300, blank=True)
    requested_by = acted_by()
    confirmed_by = acted_by(blank=True)
    confirmed_on = models.DateField(null=True, blank=True)

    objects = TransferQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        constraints = [
            # One open transfer per member at a time keeps "where does this member meet" unambiguous.
            models.UniqueConstraint(
                fields=["member"], condition=OPEN_TRANSFER, name="one_open_transfer_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.member} → {self.to_organisation}"

    @property
    def present_by(self) -> date:
        """The last day to present the introduction letter at the receiving chi bộ (V11: 30 working days)."""
        return add_working_days(self.decided_on, TRANSFER_PRESENT_WORKING_DAYS)


class Discipline(models.Model):
    Form = DisciplineForm

    # QĐ 69 Điều 7: a probationary member can only be reprimanded or warned.
    PROBATIONARY_FORMS = {Form.REPRIMAND, Form.WARNING}

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="disciplines")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", help_text="chi bộ at the time"
    )
    form = models.CharField("hình thức", max_length=16, choices=Form.choices)
    decision_number = models.CharField("số quyết định", max_length=40)
    decided_on = models.DateField("ngày quyết định")
    authority = models.CharField("cấp quyết định", max_length=120)
    duty_related = models.BooleanField("vi phạm liên quan đến thực thi công vụ", default=False)
    reason = models.CharField("nội dung vi phạm", max_length=500, blank=True)
    effective_until = models.DateField("hết hiệu lực", null=True, blank=True)

    class Meta:
        ordering = ["-decided_on"]

    def __str__(self) -> str:
        return f"{self.get_form_display()} — {self.member}"


class MemberEvent(models.Model):
    """The member's timeline: one row per lifecycle step, with who recorded it."""

    Kind = MemberEventKind

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    on = models.DateField()
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(max_length=500, blank=True)
    recorded_by = acted_by()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.on:%d/%m/%Y} {self.get_kind_display()} — {self.member}"
