"""The dues ledger written through its services: the worked examples of domain-rules §14, the
month's book, payments between meetings, refusals, and the xóa tên list."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from branches import services as branch_services
from branches.models import ChangeRecord
from meetings.dues import queries, services
from meetings.dues.models import DuesEntry, DuesMonth
from meetings.dues.services import Collected
from meetings.enums import Category, Method, Regime, State
from tests.factories import MemberFactory, root

TODAY = date(2026, 12, 5)


def first(year: int, month: int) -> date:
    return date(year, month, 1)


def collect(org, period, by, paid=None, unpaid=(), reasons=None, on=None, version=None, **kwargs):
    """Write the month's book: everyone pays the expected amount except `unpaid` (with `reasons`)."""
    book = queries.book(org, period)
    reasons = reasons or {}
    rows = {}
    for r in book.rows:
        if r.member in unpaid:
            rows[r.member.pk] = Collected(False, 0, reasons.get(r.member, ""))
        elif r.expected:
            rows[r.member.pk] = Collected(True, (paid or {}).get(r.member, r.expected))
    month = DuesMonth.objects.filter(organisation=org, period=period).first()
    return services.collect_month(
        organisation=org,
        period=period,
        rows=rows,
        on=on or period.replace(day=3),
        version=month.version if version is None and month else (version or 0),
        by=by,
        today=TODAY,
        **kwargs,
    )


def line(member, period) -> DuesEntry:
    return DuesEntry.objects.get(member=member, period=period)


@pytest.fixture
def secretary(people):
    return people.secretary_a


# domain-rules §14 worked examples ----------------------------------------------------------------


def dp_insured(tree, member, by):
    services.set_basis(member=member, year=2026, category=Category.INSURED, amount=8_500_000, by=by)
    collect(tree.a, first(2026, 11), by)
    entry = line(member, first(2026, 11))
    return (entry.regime, entry.due)


def dp_pensioner(tree, member, by):
    services.set_basis(member=member, year=2026, category=Category.PENSION, amount=6_200_000, by=by)
    collect(tree.a, first(2026, 6), by)
    entry = line(member, first(2026, 6))
    return (entry.regime, entry.due)


def dp_student(tree, member, by):
    services.set_basis(member=member, year=2026, category=Category.STUDENT, amount=None, by=by)
    collect(tree.a, first(2026, 3), by)
    entry = line(member, first(2026, 3))
    return (entry.regime, entry.due)


def unpaid_in(tree, member, by, months, excused=()):
    for month in range(1, 10):
        period = first(2026, month)
        unpaid = [member] if month in months else []
        reasons = {member: "Ốm nằm viện, gia đình báo chi bộ"} if month in excused else {}
        collect(tree.a, period, by, unpaid=unpaid, reasons=reasons)
    return [(f.member.pk, f.months) for f in queries.to_strike_off(tree.x, date(2026, 8, 31))], [
        (f.member.pk, f.months) for f in queries.to_strike_off(tree.x, date(2026, 9, 30))
    ]


def dp_unpaid_no_reason(tree, member, by):
    before, after = unpaid_in(tree, member, by, (2, 5, 9))
    return before, after


def dp_unpaid_with_reason(tree, member, by):
    return unpaid_in(tree, member, by, (2, 5, 9), excused=(9,))


def dp_before_qd01(tree, member, by):
    services.set_basis(member=member, year=2026, category=Category.INSURED, amount=8_500_000, by=by)
    collect(tree.a, first(2026, 1), by)
    entry = line(member, first(2026, 1))
    return (entry.regime, entry.due)


FEB, MAY, SEP = first(2026, 2), first(2026, 5), first(2026, 9)


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        pytest.param(dp_insured, (Regime.QD01, 85_000), id="DP1"),
        pytest.param(dp_pensioner, (Regime.QD01, 31_000), id="DP2"),
        pytest.param(dp_student, (Regime.QD01, 5_000), id="DP3"),
        pytest.param(dp_unpaid_no_reason, ([], "flagged from September"), id="DP4"),
        pytest.param(dp_unpaid_with_reason, ([], []), id="DP5"),
        pytest.param(dp_before_qd01, (Regime.QD342, 85_000), id="DP6"),
    ],
)
def test_domain_rules_dues_examples(tree, secretary, member_a, case, expected):
    result = case(tree, member_a, secretary)
    if expected[1] == "flagged from September":
        expected = ([], [(member_a.pk, [FEB, MAY, SEP])])
    assert result == expected


# The month's book --------------------------------------------------------------------------------


@pytest.fixture
def branch(tree, member_a):
    """Chi bộ A: member_a and three more; one is exempt from activities (and still pays), one is
    away on temporary activity (and pays where they meet)."""
    others = [MemberFactory(organisation=tree.a) for _ in range(3)]
    branch_services.exempt_member(member=others[1], on=date(2025, 1, 10), reason="Tuổi cao", by=root())
    stay = branch_services.request_transfer(
        member=others[2], kind="temporary", to_organisation=tree.b, decided_on=date(2026, 1, 5), by=root()
    )
    branch_services.confirm_transfer(transfer=stay, on=date(2026, 1, 6), by=root())
    return [member_a, *others]


def test_the_book_lists_who_pays_at_the_branch(tree, branch):
    names = [r.member.pk for r in queries.book(tree.a, first(2026, 11)).rows]
    assert names == [m.pk for m in sorted(branch[:3], key=lambda m: m.sort_key)]
    assert [r.member.pk for r in queries.book(tree.b, first(2026, 11)).rows] == [branch[3].pk]


def test_collecting_writes_every_payers_line_closes_the_month_and_counts_the_figures(tree, branch, secretary):
    a, b, c, _ = branch
    month = collect(tree.a, first(2026, 11), secretary, unpaid=[c])

    lines = {
        e.member_id: (e.due, e.paid_cash, e.state, e.closing, e.paid_on, e.collected_by_id)
        for e in DuesEntry.objects.filter(period=first(2026, 11))
    }
    assert lines == {
        a.pk: (6000, 6000, State.PAID, 0, date(2026, 11, 3), secretary.pk),
        b.pk: (6000, 6000, State.PAID, 0, date(2026, 11, 3), secretary.pk),
        c.pk: (6000, 0, State.UNPAID, 6000, None, None),
    }
    month.refresh_from_db()
    assert (
        month.closed,
        month.members_due,
        month.members_paid,
        month.due_total,
        month.cash,
        month.kept_percent,
        month.kept,
        month.handed_up,
    ) == (True, 3, 2, 18000, 12000, Decimal(30), 3600, 8400)
    record = ChangeRecord.objects.get(model="duesmonth")
    assert record.summary == "Ghi sổ đảng phí tháng 11/2026: 2/3 đảng viên đã nộp, thu 12.000 đ"


def test_arrears_are_carried_forward_and_paid_ahead_months_show_as_paid(tree, branch, secretary):
    a, b, c, _ = branch
    collect(tree.a, first(2026, 9), secretary, unpaid=[a])
    collect(tree.a, first(2026, 10), secretary, paid={a: 6000, b: 18000})  # b pays October to December
    book = queries.book(tree.a, first(2026, 11))
    rows = {r.member.pk: r for r in book.rows}

    assert (rows[a.pk].arrears, rows[a.pk].expected) == (6000, 6000)
    assert (rows[b.pk].credit, rows[b.pk].expected, rows[b.pk].state) == (12000, 0, State.PREPAID)
    collect(tree.a, first(2026, 11), secretary)
    assert line(b, first(2026, 11)).state == State.PREPAID
    assert line(a, first(2026, 11)).closing == 6000  # September still owed
    assert queries.book(tree.a, first(2026, 10)).rows[0].paid_ahead_until is None


def test_changing_a_closed_month_needs_a_reason_and_is_recorded(tree, branch, secretary):
    a, b, c, _ = branch
    collect(tree.a, first(2026, 11), secretary, unpaid=[c])

    with pytest.raises(ValidationError) as refused:
        collect(tree.a, first(2026, 11), secretary)
    assert refused.value.message_dict == {
        "reason": ["Sổ đảng phí tháng 11/2026 đã ghi: muốn sửa phải nêu lý do."]
    }
    assert line(c, first(2026, 11)).paid_cash == 0

    collect(tree.a, first(2026, 11), secretary, reason="Đồng chí nộp sau buổi họp, thư ký ghi thiếu")
    assert line(c, first(2026, 11)).state == State.PAID
    record = ChangeRecord.objects.filter(model="duesmonth").first()
    assert (
        record.summary == "Sửa sổ đảng phí tháng 11/2026. Lý do: Đồng chí nộp sau buổi họp, thư ký ghi thiếu"
    )
    assert record.changes["payments"] == [f"{c.full_name}: chưa nộp", f"{c.full_name}: 6.000 đ"]


def test_a_double_submit_and_a_concurrent_edit_are_told_and_the_first_kept(tree, branch, secretary):
    import uuid

    token = uuid.uuid4()
    collect(tree.a, first(2026, 11), secretary, submission=token)
    with pytest.raises(ValidationError) as twice:
        collect(tree.a, first(2026, 11), secretary, version=0, submission=token)
    assert twice.value.messages == [services.RESUBMITTED]
    with pytest.raises(ValidationError) as stale:
        collect(tree.a, first(2026, 11), secretary, version=0, reason="Sửa", unpaid=[branch[0]])
    assert stale.value.code == "stale"
    assert line(branch[0], first(2026, 11)).paid_cash == 6000
    assert DuesMonth.objects.get(organisation=tree.a).version == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param({"paid": 500_000_000}, "500.000.000 đ là quá lớn", id="too-much"),
        pytest.param({"paid": 0}, "hãy nhập số tiền đã nộp", id="ticked-without-amount"),
        pytest.param({"on": date(2026, 12, 6)}, "Ngày thu không thể sau hôm nay.", id="future-day"),
        pytest.param({"period": first(2027, 1)}, "Chưa đến tháng 1/2027", id="future-month"),
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_nothing_is_written(tree, branch, secretary, change, message):
    a = branch[0]
    with pytest.raises(ValidationError) as refused:
        collect(
            tree.a,
            change.get("period", first(2026, 11)),
            secretary,
            paid={a: change.get("paid", 6000)},
            on=change.get("on"),
        )
    assert message in " ".join(refused.value.messages)
    assert (DuesEntry.objects.count(), DuesMonth.objects.count()) == (0, 0)


def test_only_those_in_charge_of_the_branch_may_collect(tree, branch, people):
    for outsider in (people.secretary_b, people.province_staff):
        with pytest.raises(ValidationError) as refused:
            collect(tree.a, first(2026, 11), outsider)
        assert refused.value.code == "scope"
    assert DuesEntry.objects.count() == 0


# Between meetings ------------------------------------------------------------------------------


def test_a_portal_payment_is_entered_in_its_months_book_and_taken_once(tree, branch, secretary):
    a = branch[0]
    services.record_payment(
        member=a,
        amount=6000,
        on=date(2026, 11, 15),
        method=Method.PORTAL,
        reference="DVC123",
        by=secretary,
        today=TODAY,
    )
    row = next(r for r in queries.book(tree.a, first(2026, 11)).rows if r.member == a)
    assert (row.portal, row.expected, row.state) == (6000, 0, State.PAID)
    with pytest.raises(ValidationError) as again:
        services.record_payment(
            member=a,
            amount=6000,
            on=date(2026, 11, 15),
            method=Method.PORTAL,
            reference="DVC123",
            by=secretary,
            today=TODAY,
        )
    assert again.value.message_dict == {"reference": ["Mã giao dịch DVC123 đã được ghi nhận trước đây."]}
    month = DuesMonth.objects.get(organisation=tree.a, period=first(2026, 11))
    assert (month.closed, month.portal) == (False, 6000)


def test_arrears_paid_later_clear_the_balance_and_the_later_months_follow(tree, branch, secretary):
    a = branch[0]
    collect(tree.a, first(2026, 9), secretary, unpaid=[a])
    collect(tree.a, first(2026, 10), secretary)
    with pytest.raises(ValidationError):  # September's book is written: a reason is needed
        services.record_payment(
            member=a, amount=6000, on=date(2026, 9, 20), method=Method.CASH, by=secretary, today=TODAY
        )
    services.record_payment(
        member=a,
        amount=6000,
        on=date(2026, 9, 20),
        method=Method.CASH,
        by=secretary,
        reason="Nộp bù sau buổi họp",
        today=TODAY,
    )
    assert (
        line(a, first(2026, 9)).state,
        line(a, first(2026, 10)).opening,
        line(a, first(2026, 10)).closing,
    ) == (State.PAID, 0, 0)


def test_an_excused_month_leaves_the_xoa_ten_count(tree, branch, secretary):
    a = branch[0]
    for month in (2, 5, 9):
        collect(tree.a, first(2026, month), secretary, unpaid=[a])
    assert [f.member for f in queries.to_strike_off(tree.x, TODAY)] == [a]
    services.excuse_month(member=a, period=first(2026, 5), reason="Nằm viện điều trị dài ngày", by=secretary)
    assert queries.to_strike_off(tree.x, TODAY) == []
    assert queries.to_strike_off(tree.b, TODAY) == []


def test_a_basis_needs_its_amount_and_changes_with_an_audit_row(member_a, secretary):
    with pytest.raises(ValidationError) as refused:
        services.set_basis(member=member_a, year=2026, category=Category.INSURED, amount=None, by=secretary)
    assert refused.value.message_dict == {
        "amount": ["Đối tượng này đóng theo tỷ lệ: hãy nhập số tiền làm căn cứ."]
    }
    basis = services.set_basis(
        member=member_a, year=2026, category=Category.INSURED, amount=8_500_000, by=secretary
    )
    services.set_basis(
        member=member_a,
        year=2026,
        category=Category.INSURED,
        amount=9_000_000,
        version=basis.version,
        by=secretary,
    )
    record = ChangeRecord.objects.filter(model="duesbasis").first()
    assert (record.member_id, record.changes) == (member_a.pk, {"amount": [8500000, 9000000]})
