"""Party dues (đảng phí): the rulebook and its parameters, each member's basis for the year, the
chi bộ's monthly book and each member's line in it. Registered with the meetings app (imported by
meetings.models): dues are collected and reported at the monthly meeting."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from branches.models import Member, Organisation, acted_by

from ..enums import Category, Regime, State, Window

ORG_KIND_CHOICES = Organisation.Kind.choices


class DuesRate(models.Model):
    """A line of a dues rulebook: what a category pays a month under a regime, from a date. The
    national rows come from the data migration; a province may set its own values of the rows
    marked unconfirmed ([U]) from a later date (services.update_parameters)."""

    province = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    regime = models.CharField("chế độ", max_length=8, choices=Regime.choices)
    effective_from = models.DateField("áp dụng từ")
    category = models.CharField("đối tượng", max_length=16, choices=Category.choices)
    percent = models.DecimalField("tỷ lệ (%)", max_digits=5, decimal_places=2, null=True, blank=True)
    amount = models.PositiveIntegerField("mức đóng (đồng/tháng)", null=True, blank=True)
    source = models.CharField("căn cứ", max_length=300)
    unconfirmed = models.BooleanField("chưa xác minh được văn bản [U]", default=False)

    class Meta:
        ordering = ["effective_from", "category", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True, amount__isnull=False)
                | Q(percent__isnull=False, amount__isnull=True),
                name="dues_rate_percent_or_amount",
            ),
            models.UniqueConstraint(
                fields=["regime", "category", "effective_from"],
                condition=Q(province__isnull=True),
                name="one_national_dues_rate",
            ),
            models.UniqueConstraint(
                fields=["province", "regime", "category", "effective_from"], name="one_province_dues_rate"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} ({self.get_regime_display()})"


class DuesSplit(models.Model):
    """The share of the dues an organisation of a kind keeps from what it collects or receives in a
    month; the rest is handed up [U: QĐ 01's shares were not seen]."""

    province = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    effective_from = models.DateField("áp dụng từ")
    kind = models.CharField("cấp", max_length=32, choices=ORG_KIND_CHOICES)
    kept_percent = models.DecimalField("tỷ lệ trích giữ lại (%)", max_digits=5, decimal_places=2)
    source = models.CharField("căn cứ", max_length=300)

    class Meta:
        ordering = ["effective_from", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kept_percent__gte=0) & Q(kept_percent__lte=100), name="dues_split_0_100"
            ),
            models.UniqueConstraint(
                fields=["kind", "effective_from"],
                condition=Q(province__isnull=True),
                name="one_national_dues_split",
            ),
            models.UniqueConstraint(
                fields=["province", "kind", "effective_from"], name="one_province_dues_split"
            ),
        ]

    def __str__(self) -> str:
        return f"Tỷ lệ giữ lại — {self.get_kind_display()}"


class DuesPolicy(models.Model):
    """Which months the xóa tên rule counts: the calendar year by default."""

    province = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    effective_from = models.DateField("áp dụng từ")
    window = models.CharField(
        "cách tính ba tháng", max_length=8, choices=Window.choices, default=Window.CALENDAR
    )
    source = models.CharField("căn cứ", max_length=300)

    class Meta:
        ordering = ["effective_from", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["effective_from"], condition=Q(province__isnull=True), name="one_national_dues_policy"
            ),
            models.UniqueConstraint(fields=["province", "effective_from"], name="one_province_dues_policy"),
        ]

    def __str__(self) -> str:
        return "Cách tính thời hạn xem xét xóa tên"


class DuesBasis(models.Model):
    """What a member's dues are reckoned from in a year: the category and, for a percentage, the
    amount (insured salary of the previous month, allowance, pension). Changed by
    services.set_basis, which leaves the audit row; months already in the book keep their due."""

    # Indexed by the unique (member, year) below, not on its own.
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="dues_bases", db_index=False)
    year = models.PositiveSmallIntegerField("năm")
    category = models.CharField("đối tượng", max_length=16, choices=Category.choices)
    amount = models.PositiveBigIntegerField("số tiền làm căn cứ (đồng)", null=True, blank=True)
    note = models.CharField("ghi chú", max_length=300, blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="one_dues_basis_per_member_year"),
        ]

    def __str__(self) -> str:
        return f"Mức đóng đảng phí năm {self.year} — {self.member}"


class DuesMonth(models.Model):
    """A chi bộ's dues book for a month (sổ thu, nộp đảng phí): recorded (closed) by the secretary
    at the monthly meeting; changing it afterwards needs a reason. The figures are kept by the
    services from the members' lines, so the level above reads them without the lines."""

    # Indexed by the unique (organisation, period) below, not on its own.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="dues_months", db_index=False
    )
    period = models.DateField("tháng")  # its first day
    closed = models.BooleanField("đã ghi sổ", default=False)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = acted_by(blank=True, db_index=False)
    members_due = models.PositiveIntegerField("số đảng viên phải nộp", default=0)
    members_paid = models.PositiveIntegerField("số đảng viên đã nộp", default=0)
    due_total = models.PositiveBigIntegerField("số phải thu", default=0)
    cash = models.PositiveBigIntegerField("thu tiền mặt", default=0)
    portal = models.PositiveBigIntegerField("thu qua Cổng Dịch vụ công", default=0)
    # The split in force when the month was first written, kept: a later change of the parameter
    # does not rewrite a book already handed up.
    kept_percent = models.DecimalField("tỷ lệ trích giữ lại (%)", max_digits=5, decimal_places=2, default=0)
    kept = models.PositiveBigIntegerField("chi bộ giữ lại", default=0)
    handed_up = models.PositiveBigIntegerField("nộp cấp trên", default=0)
    version = models.PositiveIntegerField(default=0, editable=False)
    # The token of the form that last saved the book: the same form sent twice is recognised.
    submission = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-period"]
        indexes = [models.Index(fields=["period"], name="dues_month_period")]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "period"], name="one_dues_book_per_month"),
        ]

    def __str__(self) -> str:
        return f"Sổ đảng phí tháng {self.period.month}/{self.period.year} — {self.organisation}"

    @property
    def collected(self) -> int:
        return self.cash + self.portal


class DuesEntry(models.Model):
    """A member's line of a month's book: what was due, what they owed before (`opening`, negative
    when paid ahead), what they paid that month in cash and on the portal, and what is carried to
    the next month (`closing`). `state` is rules.month_state, stored for the lists that count it."""

    # A province's year is half a million lines: each is indexed once, by (member, period) and by
    # (organisation, period) below; the foreign keys get no index of their own.
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="dues", db_index=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        help_text="the chi bộ that keeps the member's dues that month",
    )
    period = models.DateField("tháng")
    regime = models.CharField("chế độ", max_length=8, choices=Regime.choices)
    category = models.CharField("đối tượng", max_length=16, choices=Category.choices)
    due = models.PositiveIntegerField("phải nộp")
    opening = models.BigIntegerField("nợ tháng trước chuyển sang", default=0)
    paid_cash = models.PositiveBigIntegerField("nộp tiền mặt", default=0)
    paid_portal = models.PositiveBigIntegerField("nộp qua Cổng Dịch vụ công", default=0)
    paid_on = models.DateField("ngày nộp", null=True, blank=True)
    collected_by = acted_by(blank=True, verbose_name="người thu", db_index=False)
    # The portal's transaction numbers, space-separated: an imported statement line is taken once.
    references = models.CharField("mã giao dịch", max_length=300, blank=True)
    reason = models.CharField("lý do chưa nộp", max_length=300, blank=True)
    state = models.CharField("tình trạng", max_length=16, choices=State.choices)
    closing = models.BigIntegerField("chuyển tháng sau", default=0)

    class Meta:
        ordering = ["period", "pk"]
        indexes = [
            models.Index(fields=["organisation", "period"], name="dues_entry_book"),
            # The xóa tên watch lists read the unpaid lines only.
            models.Index(fields=["period"], condition=Q(state="chua_nop"), name="dues_entry_unpaid"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["member", "period"], name="one_dues_line_per_member_month"),
        ]

    def __str__(self) -> str:
        return f"Đảng phí tháng {self.period.month}/{self.period.year} — {self.member}"

    @property
    def paid(self) -> int:
        return self.paid_cash + self.paid_portal
