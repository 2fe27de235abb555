from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q

from .text import fold


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user) -> OrganisationQuerySet:
        return self.filter(scope_q(user, "path"))

    def subtree(self, org: Organisation) -> OrganisationQuerySet:
        return self.filter(path__startswith=org.path)

    def active(self) -> OrganisationQuerySet:
        return self.filter(dissolved_on__isnull=True)


class Organisation(models.Model):
    """A node of the party organisation tree.

    `path` is the materialised path of primary keys ("/1/25/301/"), kept by branches.services;
    a subtree is `path__startswith`. It changes only when a subtree moves.
    """

    class Kind(models.TextChoices):
        PROVINCE = "province", "Đảng bộ tỉnh"
        UPPER = "upper", "Đảng bộ cấp trên cơ sở"
        GRASSROOTS_COMMITTEE = "grassroots_committee", "Đảng bộ cơ sở"
        GRASSROOTS_CELL = "grassroots_cell", "Chi bộ cơ sở"
        SUB_COMMITTEE = "sub_committee", "Đảng bộ bộ phận"
        CELL = "cell", "Chi bộ trực thuộc"
        GROUP = "group", "Tổ đảng"

    class Area(models.TextChoices):
        NONE = "", "—"
        HAMLET = "ap", "Ấp"
        VILLAGE = "thon", "Thôn"
        WARD_BLOCK = "khom", "Khóm"
        RESIDENTIAL = "to_dan_pho", "Tổ dân phố"
        COMMUNE = "xa", "Xã"
        WARD = "phuong", "Phường"
        TOWNSHIP = "thi_tran", "Thị trấn"
        DISTRICT = "huyen", "Huyện / thị xã / thành phố"
        AGENCY = "co_quan", "Cơ quan"
        ENTERPRISE = "doanh_nghiep", "Doanh nghiệp"
        SCHOOL = "truong_hoc", "Trường học"
        HEALTH = "y_te", "Y tế"
        ARMED_FORCES = "luc_luong_vu_trang", "Lực lượng vũ trang"
        PUBLIC_SERVICE = "don_vi_su_nghiep", "Đơn vị sự nghiệp"
        OTHER = "khac", "Khác"

    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    code = models.CharField("mã", max_length=32, unique=True)
    name = models.CharField("tên", max_length=200)
    area_type = models.CharField(
        "loại địa bàn", max_length=32, choices=Area.choices, blank=True, default=""
    )
    founded_on = models.DateField("ngày thành lập", null=True, blank=True)
    dissolved_on = models.DateField("ngày giải thể", null=True, blank=True)
    online_pilot = models.BooleanField("thí điểm sinh hoạt trực tuyến", default=False)
    version = models.PositiveIntegerField(default=0, editable=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(founded_on__isnull=True)
                | Q(dissolved_on__gte=models.F("founded_on")),
                name="org_dissolved_after_founded",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None

    @property
    def is_branch(self) -> bool:
        """A chi bộ: the unit whose members meet together."""
        return self.kind in BRANCH_KINDS

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/")[:-1]]


# Which kind may sit directly under which (domain-rules §4.1): both the pre-2025 chain
# tỉnh → huyện → đảng bộ xã (a TCCSĐ) and the 2025 one tỉnh → đảng ủy xã → TCCSĐ | chi bộ.
ALLOWED_CHILD_KINDS: dict[str, set[str]] = {
    Organisation.Kind.PROVINCE: {
        Organisation.Kind.UPPER,
        Organisation.Kind.GRASSROOTS_COMMITTEE,
        Organisation.Kind.GRASSROOTS_CELL,
    },
    Organisation.Kind.UPPER: {
        Organisation.Kind.GRASSROOTS_COMMITTEE,
        Organisation.Kind.GRASSROOTS_CELL,
        Organisation.Kind.CELL,
    },
    Organisation.Kind.GRASSROOTS_COMMITTEE: {Organisation.Kind.SUB_COMMITTEE, Organisation.Kind.CELL},
    Organisation.Kind.SUB_COMMITTEE: {Organisation.Kind.CELL},
    Organisation.Kind.GRASSROOTS_CELL: {Organisation.Kind.GROUP},
    Organisation.Kind.CELL: {Organisation.Kind.GROUP},
    Organisation.Kind.GROUP: set(),
}
# Members are kept on a chi bộ; a tổ đảng groups members of its chi bộ for meetings only.
BRANCH_KINDS = {Organisation.Kind.GRASSROOTS_CELL, Organisation.Kind.CELL}


def admin_q(user, path_field: str) -> Q:
    """A filter limiting `path_field` to the subtrees where the user is an administrator."""
    if user.is_superuser:
        return Q()
    q = Q(pk__in=[])
    for role, path in user_roles(user):
        if role == RoleAssignment.Role.ADMIN:
            q |= Q(**{f"{path_field}__startswith": path})
    return q


class RoleAssignmentQuerySet(models.QuerySet):
    def manageable_by(self, user) -> RoleAssignmentQuerySet:
        return self.filter(admin_q(user, "organisation__path"))


class RoleAssignment(models.Model):
    class Role(models.TextChoices):
        SECRETARY = "secretary", "Bí thư / văn phòng chi bộ"
        REVIEWER = "reviewer", "Cấp ủy, ban xây dựng Đảng (xét duyệt)"
        PROVINCE_STAFF = "province_staff", "Ban Tổ chức Tỉnh ủy"
        ADMIN = "admin", "Quản trị hệ thống"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="role_assignments"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="unique_role_assignment"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"


def user_roles(user) -> list[tuple[str, str]]:
    """(role, organisation path) pairs of the user, fetched once per request."""
    cached = getattr(user, "_roles_with_paths", None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(user=user).values_list("role", "organisation__path")
        )
        user._roles_with_paths = cached
    return cached


def is_plain_member(user) -> bool:
    """A member's own login: no role anywhere, a member record linked. Their work is their own
    self-assessment and results, not the organisation's pages. One query, and only for a user
    without roles (the roles are fetched once per request anyway)."""
    if not user.is_authenticated or user.is_superuser or user_roles(user):
        return False
    cached = getattr(user, "_is_plain_member", None)
    if cached is None:
        cached = user._is_plain_member = Member.objects.filter(account=user).exists()
    return cached


def scope_paths(user) -> list[str] | None:
    """The organisation paths the user may see; None means everything (superuser)."""
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        return None
    return [path for _, path in user_roles(user)]


def scope_organisation_ids(user) -> list[int]:
    """Primary keys of every organisation in the user's subtrees, fetched once per request."""
    cached = getattr(user, "_scope_organisation_ids", None)
    if cached is None:
        cached = list(Organisation.objects.filter(scope_q(user, "path")).values_list("pk", flat=True))
        user._scope_organisation_ids = cached
    return cached


def _is_root_path(path: str) -> bool:
    return path.count("/") == 2


def organisation_scope_q(user, field: str) -> Q:
    """A filter limiting the organisation foreign key `field` to the user's subtrees.

    Below province level it compares ids on the row's own column, which an index serves; an
    OR of joined path tests defeats the planner (a full scan of the province's rows). A whole
    province would make the id list thousands long, so there the path test is used.
    """
    paths = scope_paths(user)
    if paths is None:
        return Q()
    if any(_is_root_path(path) for path in paths):
        return scope_q(user, f"{field}__path")
    return Q(**{f"{field}_id__in": scope_organisation_ids(user)})


def scope_q(user, path_field: str) -> Q:
    """A filter limiting `path_field` (an organisation path) to the user's subtrees."""
    paths = scope_paths(user)
    if paths is None:
        return Q()
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{path_field}__startswith": path})
    return q


class LeaveReason(models.TextChoices):
    RESIGNED = "xin_ra", "Xin ra khỏi Đảng"
    STRUCK_OFF = "xoa_ten", "Xóa tên"
    EXPELLED = "khai_tru", "Khai trừ"
    DIED = "tu_tran", "Từ trần"


class Gender(models.TextChoices):
    MALE = "M", "Nam"
    FEMALE = "F", "Nữ"


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
        from .rules import RECOGNITION_WARNING_MONTHS, add_months

        return self.filter(
            status=Member.Status.PROBATIONARY,
            ceremony_date__lte=add_months(today, -RECOGNITION_WARNING_MONTHS),
        )

    def in_name_order(self) -> MemberQuerySet:
        return self.order_by("sort_key", "pk")


class Member(models.Model):
    class Status(models.TextChoices):
        PROBATIONARY = "probationary", "Đảng viên dự bị"
        OFFICIAL = "official", "Đảng viên chính thức"
        LEFT = "left", "Đã ra khỏi Đảng"
        DECEASED = "deceased", "Đã từ trần"

    CURRENT_STATUSES = (Status.PROBATIONARY, Status.OFFICIAL)

    class Theory(models.TextChoices):
        NONE = "", "Chưa qua đào tạo"
        ELEMENTARY = "so_cap", "Sơ cấp"
        INTERMEDIATE = "trung_cap", "Trung cấp"
        ADVANCED = "cao_cap", "Cao cấp"
        BACHELOR = "cu_nhan", "Cử nhân"

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
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="member",
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
            models.UniqueConstraint(
                fields=["cccd"], condition=~Q(cccd=""), name="unique_member_cccd"
            ),
            models.UniqueConstraint(
                fields=["card_number"], condition=~Q(card_number=""), name="unique_member_card"
            ),
            models.CheckConstraint(
                condition=Q(official_date__isnull=True) | Q(official_date__gt=models.F("ceremony_date")),
                name="member_official_after_ceremony",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name as lists and pickers show it: the birth year beside it tells namesakes apart
        ("Nguyễn Văn An (1975)"), as party lists do. Needs no query."""
        return f"{self.full_name} ({self.birth_date:%Y})"

    @property
    def is_current(self) -> bool:
        return self.status in self.CURRENT_STATUSES

    @property
    def probation_ends_on(self) -> date | None:
        if self.status != self.Status.PROBATIONARY:
            return None
        from .rules import probation_end

        return probation_end(self.ceremony_date)


class PositionQuerySet(models.QuerySet):
    def by_rank(self) -> PositionQuerySet:
        """Bí thư first, then phó bí thư, committee members, and local posts last."""
        ranks = [models.When(title=title, then=rank) for rank, title in enumerate(Position.Title.values)]
        return self.order_by(models.Case(*ranks, default=99), "member__sort_key")


class Position(models.Model):
    """A committee post or a concurrent local post held for a term."""

    class Title(models.TextChoices):
        # In rank order: lists of posts are sorted by it.
        SECRETARY = "bi_thu", "Bí thư"
        DEPUTY_SECRETARY = "pho_bi_thu", "Phó bí thư"
        STANDING_MEMBER = "uv_btv", "Ủy viên Ban Thường vụ"
        COMMITTEE_MEMBER = "chi_uy_vien", "Chi ủy viên / cấp ủy viên"
        FOLLOWING_MEMBER = "phu_trach", "Cấp ủy viên phụ trách chi bộ"
        GROUP_LEADER = "to_truong", "Tổ trưởng tổ đảng"
        GROUP_DEPUTY = "to_pho", "Tổ phó tổ đảng"
        HAMLET_HEAD = "truong_ap", "Trưởng ấp / khóm"
        FRONT_HEAD = "truong_ban_mt", "Trưởng ban công tác Mặt trận"

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
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="positions"
    )
    title = models.CharField("chức vụ", max_length=20, choices=Title.choices)
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày", null=True, blank=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="position_ends_after_start",
            ),
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

    class Kind(models.TextChoices):
        OFFICIAL = "official", "Chuyển sinh hoạt chính thức"
        TEMPORARY = "temporary", "Sinh hoạt tạm thời"

    class Status(models.TextChoices):
        PENDING = "pending", "Chờ nơi đến xác nhận"
        CONFIRMED = "confirmed", "Đã tiếp nhận"
        ENDED = "ended", "Đã kết thúc"
        CANCELLED = "cancelled", "Đã hủy"

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="transfers")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="transfers_out"
    )
    to_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="transfers_in"
    )
    decided_on = models.DateField("ngày quyết định")
    ends_on = models.DateField("đến ngày", null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    note = models.CharField("ghi chú", max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
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


class Discipline(models.Model):
    class Form(models.TextChoices):
        REPRIMAND = "khien_trach", "Khiển trách"
        WARNING = "canh_cao", "Cảnh cáo"
        DISMISSAL = "cach_chuc", "Cách chức"
        EXPULSION = "khai_tru", "Khai trừ"

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

    class Kind(models.TextChoices):
        ADMITTED = "admitted", "Kết nạp (đảng viên dự bị)"
        RECOGNISED = "recognised", "Công nhận đảng viên chính thức"
        EXEMPTED = "exempted", "Miễn công tác và sinh hoạt đảng"
        EXEMPTION_ENDED = "exemption_ended", "Thôi miễn sinh hoạt"
        SUSPENDED = "suspended", "Đình chỉ sinh hoạt đảng"
        SUSPENSION_ENDED = "suspension_ended", "Hết đình chỉ sinh hoạt"
        TRANSFER_REQUESTED = "transfer_requested", "Giới thiệu chuyển sinh hoạt chính thức"
        TRANSFERRED = "transferred", "Chuyển sinh hoạt chính thức"
        TEMPORARY_REQUESTED = "temporary_requested", "Giới thiệu sinh hoạt tạm thời"
        TEMPORARY_STARTED = "temporary_started", "Bắt đầu sinh hoạt tạm thời"
        TEMPORARY_ENDED = "temporary_ended", "Kết thúc sinh hoạt tạm thời"
        TRANSFER_CANCELLED = "transfer_cancelled", "Hủy chuyển sinh hoạt"
        DISCIPLINED = "disciplined", "Kỷ luật"
        LEFT = "left", "Ra khỏi Đảng"
        DIED = "died", "Từ trần"
        POSITION_STARTED = "position_started", "Nhận chức vụ"
        POSITION_ENDED = "position_ended", "Thôi chức vụ"

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    on = models.DateField()
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.on:%d/%m/%Y} {self.get_kind_display()} — {self.member}"


class ChangeRecordQuerySet(models.QuerySet):
    def visible_to(self, user) -> ChangeRecordQuerySet:
        """Records written in the user's subtrees: a record is read through the scope of the
        organisation it concerned when it was written (a move of the subtree carries it along)."""
        return self.filter(scope_q(user, "scope_path"))

    def within(self, org: Organisation) -> ChangeRecordQuerySet:
        """Everything recorded in the organisation and below it: itself, its members, meetings,
        ratings, recognitions, and those of the organisations under it."""
        return self.filter(scope_path__startswith=org.path)

    def about(self, obj) -> ChangeRecordQuerySet:
        return self.filter(model=obj._meta.model_name, object_id=obj.pk)

    def about_member(self, member: Member) -> ChangeRecordQuerySet:
        """The member's record and what concerned them: their ratings, posts, discipline."""
        return self.filter(member=member)


class ChangeRecord(models.Model):
    """Audit trail: who changed which field of which record, and when.

    Written by the services (the only place that writes), so it works on SQLite and PostgreSQL
    alike and records the reason-bearing action, not just a row diff.
    """

    class Action(models.TextChoices):
        CREATE = "create", "Tạo mới"
        UPDATE = "update", "Sửa"
        DELETE = "delete", "Xóa"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    model = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(max_length=200)
    # The organisation path the change concerns, so the history is read through the same scope.
    scope_path = models.CharField(max_length=255, blank=True, default="", db_index=True)
    # The member the change concerns (the member, their rating, post or discipline), so a member's
    # history gathers them whichever app wrote them.
    member = models.ForeignKey("Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=16, choices=Action.choices)
    summary = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)

    objects = ChangeRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.model} #{self.object_id}"

    @property
    def subject_label(self) -> str:
        return SUBJECT_LABELS.get(self.model, self.model)

    def readable_changes(self) -> list[tuple[str, str, str]]:
        """(field label, old, new) with Vietnamese labels and choice names, for people to read."""
        from django.apps import apps

        # Model names are unique across the project's apps; a user account is named "user".
        model = next((m for m in apps.get_models() if m._meta.model_name == self.model), None)
        # In the model's own field order, then what else was recorded: the same on SQLite and on
        # PostgreSQL, whose JSONB keeps no key order.
        order = {f.name: i for i, f in enumerate(model._meta.concrete_fields)} if model else {}
        rows = []
        for name, (old, new) in sorted(self.changes.items(), key=lambda item: (order.get(item[0], len(order)), item[0])):
            try:
                field = model._meta.get_field(name) if model else None
            except FieldDoesNotExist:  # what a service recorded beside the fields (CHANGE_LABELS)
                field = None
            if field is None or not field.concrete:
                rows.append((CHANGE_LABELS.get(name, name), _readable(old, {}), _readable(new, {})))
                continue
            choices = dict(field.flatchoices) if field.choices else {}
            label = CHANGE_LABELS.get(name) if field.verbose_name == field.name.replace("_", " ") else None
            rows.append((label or str(field.verbose_name), _readable(old, choices), _readable(new, choices)))
        return rows


# What a record is about, in words (ChangeRecord.model is the model's name).
SUBJECT_LABELS = {
    "organisation": "Tổ chức đảng", "member": "Đảng viên", "roleassignment": "Phân quyền", "user": "Tài khoản",
    "meeting": "Buổi sinh hoạt", "scoresheet": "Phiếu chấm điểm sinh hoạt", "ratingperiod": "Năm đánh giá",
    "memberrating": "Đánh giá đảng viên", "organisationrating": "Đánh giá tổ chức đảng",
    "ratingsheet": "Phiếu chấm điểm đánh giá", "recognition": "Danh hiệu", "recognitionscheme": "Tiêu chí danh hiệu",
    "recognitiontarget": "Chỉ tiêu danh hiệu",
    "duesbasis": "Mức đóng đảng phí", "duesmonth": "Sổ đảng phí", "duesentry": "Đảng phí",
    "duesrate": "Mức đảng phí", "duessplit": "Tỷ lệ trích giữ đảng phí", "duespolicy": "Xem xét xóa tên (đảng phí)",
}
# What services record beside model fields, in words.
CHANGE_LABELS = {
    "attendance": "điểm danh", "attachments": "tệp đính kèm", "criteria": "tiêu chí", "reason": "lý do",
    "criterion": "tiêu chí", "points": "điểm", "comment": "ý kiến", "password": "mật khẩu",
    "ratings": "số phiếu đánh giá", "status": "trạng thái", "planned_start": "ngày dự kiến",
    "payments": "nộp đảng phí", "paid": "số đã nộp", "value": "giá trị",
}


def _readable(value, choices: dict) -> str:
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, (list, dict)):
        return "; ".join(f"{k}: {v}" for k, v in value.items()) if isinstance(value, dict) else ", ".join(map(str, value))
    return choices.get(value, value) if isinstance(value, (str, int)) else value


class DownloadLog(models.Model):
    """Who downloaded or exported which document, and when; `scope_path` is the organisation the
    document is about, so the log is read through the same scope as everything else."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    what = models.CharField(max_length=300)
    scope_path = models.CharField(max_length=255, db_index=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user} — {self.what}"


class Account(models.Model):
    """What the app keeps about a login beside Django's user. Disabling is the user's own
    `is_active`; this row holds what Django has no field for."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_state")
    # Set when an administrator resets the password: the temporary one must be replaced at the next login.
    must_change_password = models.BooleanField("phải đổi mật khẩu", default=False)

    def __str__(self) -> str:
        return str(self.user)
