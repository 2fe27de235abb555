"""The dues pages: collecting at the meeting through the form, the book read back from the PDF and
the workbook (the same figures as the page), a portal statement, the province's parameters, and
the N+1 guards."""

import io
import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from branches.models import ChangeRecord
from meetings.dues import rules, services
from meetings.dues.models import DuesBasis, DuesEntry, DuesMonth, DuesRate, DuesSplit
from meetings.enums import Category, Method, State
from tests.factories import MemberFactory, root
from tests.meetings.test_minutes_pdf import pdf_text

PERIOD = rules.add_months(rules.first_of(timezone.localdate()), -1)
Y, M = PERIOD.year, PERIOD.month


@pytest.fixture
def crew(tree, member_a):
    """Chi bộ A: member_a (insured, 8.5 million) and three paying the fixed amount."""
    members = [member_a, *(MemberFactory(organisation=tree.a) for _ in range(3))]
    services.set_basis(member=member_a, year=Y, category=Category.INSURED, amount=8_500_000, by=root())
    return members


def url(name, tree, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"pk": tree.a.pk, "year": Y, "month": M, **kwargs})


def form_data(response) -> dict:
    """What the page's form would post as it stands (its initial values)."""
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        value = value() if callable(value) else value
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, date):
            data[name] = value.strftime("%d/%m/%Y")
        elif value is not None:
            data[name] = str(value)
    return data


def test_the_secretary_collects_with_the_expected_amounts_and_unticks_who_did_not_pay(
    client, tree, people, crew
):
    client.force_login(people.secretary_a)
    page = client.get(url("dues-collect", tree))
    assert [(r.member.pk, r.expected) for r, *_ in page.context["form"].lines()] == [
        (m.pk, 85_000 if m == crew[0] else 6_000) for m in sorted(crew, key=lambda m: m.sort_key)
    ]
    data = form_data(page)
    del data[f"paid_{crew[1].pk}"]
    data[f"why_{crew[1].pk}"] = "Đi làm ăn xa, đã báo chi bộ"
    del data[f"paid_{crew[2].pk}"]

    response = client.post(url("dues-collect", tree), data)

    assert response.status_code == 302
    states = dict(DuesEntry.objects.filter(period=PERIOD).values_list("member_id", "state"))
    assert states == {
        crew[0].pk: State.PAID,
        crew[1].pk: State.EXCUSED,
        crew[2].pk: State.UNPAID,
        crew[3].pk: State.PAID,
    }
    month = DuesMonth.objects.get(organisation=tree.a, period=PERIOD)
    assert (month.members_paid, month.members_due, month.collected) == (2, 4, 91_000)
    followed = client.get(response.url)
    assert [str(m) for m in followed.context["messages"]] == [
        f"Đã ghi sổ đảng phí tháng {M}/{Y}: 2/4 đảng viên đã nộp."
    ]

    again = client.post(url("dues-collect", tree), data)  # the same form, sent twice
    assert again.status_code == 302
    assert DuesMonth.objects.get(organisation=tree.a, period=PERIOD).version == 1


def test_a_closed_month_asks_for_a_reason_and_a_stale_form_is_told(client, tree, people, crew):
    client.force_login(people.secretary_a)
    first = form_data(client.get(url("dues-collect", tree)))
    client.post(url("dues-collect", tree), first)
    page = client.get(url("dues-collect", tree))
    assert "reason" in page.context["form"].fields

    refused = client.post(url("dues-collect", tree), form_data(page))
    assert refused.status_code == 200
    assert refused.context["summary"] == [
        ("Lý do sửa sổ đã ghi: Sổ tháng này đã ghi: muốn sửa phải nêu lý do.", "id_reason")
    ]
    stale = first | {"submission": str(uuid.uuid4()), "reason": "Sửa lại"}
    told = client.post(url("dues-collect", tree), stale)
    assert told.status_code == 200
    assert services.STALE_MESSAGE in " ".join(e for e, _ in told.context["summary"])
    assert DuesMonth.objects.get(organisation=tree.a, period=PERIOD).version == 1


def test_a_bad_amount_is_told_beside_its_member_and_nothing_is_written(client, tree, people, crew):
    client.force_login(people.secretary_a)
    data = form_data(client.get(url("dues-collect", tree))) | {f"amount_{crew[1].pk}": "sáu nghìn"}
    response = client.post(url("dues-collect", tree), data)
    assert response.status_code == 200
    assert response.context["summary"] == [
        (f"{crew[1].label}: Nhập số tiền bằng chữ số, ví dụ 85.000.", f"id_amount_{crew[1].pk}")
    ]
    assert (DuesEntry.objects.count(), DuesMonth.objects.count()) == (0, 0)


@pytest.fixture
def written(tree, people, crew):
    """The book of PERIOD written: one member unpaid, one paying three months."""
    rows = {m.pk: services.Collected(True, 6_000) for m in crew[1:]}
    rows[crew[0].pk] = services.Collected(True, 85_000)
    rows[crew[2].pk] = services.Collected(False)
    rows[crew[3].pk] = services.Collected(True, 18_000)
    return services.collect_month(
        organisation=tree.a,
        period=PERIOD,
        on=PERIOD.replace(day=3),
        version=0,
        rows=rows,
        by=people.secretary_a,
    )


def test_the_book_reads_the_same_on_the_page_in_the_pdf_and_in_excel(client, tree, people, crew, written):
    client.force_login(people.reviewer_x)
    page = client.get(url("dues-month", tree))
    pdf = client.get(url("dues-book-pdf", tree))
    xlsx = client.get(url("dues-book-xlsx", tree))

    figures = page.context["figures"]
    assert (
        figures.members_paid,
        figures.members_due,
        figures.collected,
        figures.kept,
        figures.handed_up,
    ) == (3, 4, 109_000, 32_700, 76_300)
    text = pdf_text(pdf.content)
    assert "SỔ THU, NỘP ĐẢNG PHÍ" in text and f"NĂM {Y}" in text
    assert "Số đảng viên phải nộp: 4; đã nộp: 3 (75%)." in text
    assert "đã thu: 109.000 đồng (tiền mặt 109.000 đồng" in text
    assert f"{tree.a.name} trích giữ lại 30%: 32.700 đồng; nộp lên {tree.x.name}: 76.300 đồng." in text
    assert f"{crew[0].full_name} BHXH bắt buộc 85.000" in text
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=3, max_row=7)]
    assert rows[-1][:8] == [
        None,
        "Cộng",
        None,
        103_000,
        0,
        0,
        109_000,
        0,
    ]  # due, arrears, ahead, cash, portal
    assert rows[-1][9:11] == [6_000, 12_000]  # owed and paid ahead, carried to the next month
    assert {r[1]: r[3] for r in rows[:-1]} == {m.full_name: 85_000 if m == crew[0] else 6_000 for m in crew}
    assert [r[0].value for r in sheet.iter_rows(min_row=9, max_row=11, min_col=2, max_col=2)] == [
        *documents_lines(page)
    ]
    assert pdf["Content-Disposition"].endswith(f'so-dang-phi-{tree.a.code}-{Y}-{M:02d}.pdf"')


def documents_lines(page):
    from meetings.dues.documents import summary

    book = page.context["book"]
    return summary(book).lines(book.org.name, book.org.parent.name)


def test_the_pdf_is_a_party_document_in_landscape(client, tree, people, written):
    from pypdf import PdfReader

    client.force_login(people.secretary_a)
    reader = PdfReader(io.BytesIO(client.get(url("dues-book-pdf", tree)).content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in " ".join(reader.pages[0].extract_text().split())


def test_a_portal_statement_is_previewed_then_entered_once(client, tree, people, crew):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from branches.models import Member

    Member.objects.filter(pk=crew[1].pk).update(card_number="10000001")
    today = timezone.localdate()
    content = (
        f"ma,ngay,so the,ho ten,so tien,ky\nDVC9,{today:%d/%m/%Y},10000001,{crew[1].full_name},6.000,{M}/{Y}\n"
        f"DVC10,{today:%d/%m/%Y},99999999,Người lạ,6.000,{M}/{Y}\n"
    ).encode()
    client.force_login(people.reviewer_x)
    upload = SimpleUploadedFile("sao-ke.csv", content, content_type="text/csv")
    preview = client.post(
        reverse("meetings:dues-import", args=[tree.x.pk]),
        {
            "file": upload,
            "identifier_kind": "card",
            "identifier": "C",
            "amount": "E",
            "day": "B",
            "reference": "A",
            "month": "F",
            "first_row": "2",
        },
    )
    assert [(m.member, m.problem) for m in preview.context["matches"]] == [
        (crew[1], ""),
        (None, f"không có đảng viên số thẻ 99999999 trong {tree.x.name}"),
    ]
    assert DuesEntry.objects.count() == 0

    data = {"token": preview.context["token"], "source": "sao-ke.csv"}
    entered = client.post(reverse("meetings:dues-import", args=[tree.x.pk]), data, follow=True)
    assert [str(m) for m in entered.context["messages"]] == ["Đã ghi nhận 1 khoản nộp qua Cổng Dịch vụ công."]
    line = DuesEntry.objects.get(member=crew[1])
    assert (line.period, line.paid_portal, line.references, line.state) == (PERIOD, 6_000, "DVC9", State.PAID)
    twice = client.post(reverse("meetings:dues-import", args=[tree.x.pk]), data, follow=True)
    assert [str(m) for m in twice.context["messages"]] == [
        "Không có dòng nào ghi nhận được: xem lý do ở từng dòng."
    ]
    assert DuesEntry.objects.get(member=crew[1]).paid_portal == 6_000


def test_the_province_administrator_sets_the_unconfirmed_values_from_a_month(client, tree, people):
    client.force_login(people.admin)
    page = client.get(reverse("meetings:dues-parameters"))
    data = form_data(page) | {
        "effective_from": "01/01/2027",
        "rate_khac": "7.000",
        "kept_cell": "40",
        "window": "12_thang",
    }
    response = client.post(reverse("meetings:dues-parameters"), data)
    assert response.status_code == 302
    assert DuesRate.objects.get(province=tree.province).amount == 7_000
    assert DuesSplit.objects.get(province=tree.province).kept_percent == Decimal(40)
    assert ChangeRecord.objects.filter(model__in=["duesrate", "duessplit", "duespolicy"]).count() == 3
    assert "rate_bhxh" not in page.context["form"].fields  # a value the text sets is not the province's


def test_the_member_page_shows_the_xoa_ten_flag(client, tree, people, crew):
    member = crew[1]
    for month in (1, 2, 3):
        rows = {m.pk: services.Collected(m != member, 100_000) for m in crew}
        services.collect_month(
            organisation=tree.a,
            period=date(2026, month, 1),
            on=date(2026, month, 3),
            version=0,
            rows=rows,
            by=people.secretary_a,
            today=date(2026, 4, 30),
        )
    client.force_login(people.reviewer_x)
    page = client.get(reverse("branches:member-detail", args=[member.pk]))
    body = " ".join(page.content.decode().split())
    if timezone.localdate().year == 2026:
        assert (
            "Xem xét xóa tên: không đóng đảng phí 3 tháng trong năm (tháng 1, 2, 3/2026) không có lý do."
            in body
        )
    watch = client.get(reverse("meetings:watchlist", args=[tree.x.pk]))
    assert [(f.member, f.months) for f in watch.context["strike_off"]] == (
        [(member, [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)])]
        if timezone.localdate().year == 2026
        else []
    )


# N+1 guards ----------------------------------------------------------------------------------


@pytest.mark.parametrize("items", [1, 3])
def test_dues_pages_queries_do_not_grow(client, tree, people, django_assert_num_queries, items):
    members = [MemberFactory(organisation=tree.a) for _ in range(items)]
    for m in members:
        services.set_basis(
            member=m, year=Y, category=Category.PENSION, amount=5_000_000, by=people.secretary_a
        )
    services.collect_month(
        organisation=tree.a,
        period=PERIOD,
        on=PERIOD,
        version=0,
        by=people.secretary_a,
        rows={m.pk: services.Collected(False) for m in members},
    )
    client.force_login(people.admin)
    pages = {
        "book": (url("dues-month", tree), 7),
        "collect": (url("dues-collect", tree), 8),
        "year": (reverse("meetings:dues-branch", args=[tree.a.pk]), 6),
        "member": (reverse("meetings:dues-member", args=[members[0].pk]), 9),
        "commune": (reverse("meetings:dues-overview", args=[tree.x.pk]), 9),
        "province": (reverse("meetings:dues-overview", args=[tree.province.pk]), 8),
    }
    for name, (path, queries) in pages.items():
        with django_assert_num_queries(queries):
            assert client.get(path).status_code == 200, name


# A member's basis and payments, through their forms ---------------------------------------------


def test_the_secretary_sets_a_basis_then_records_a_payment_through_the_forms(client, tree, people, member_a):
    today = timezone.localdate()
    client.force_login(people.secretary_a)
    basis = f"{reverse('meetings:dues-basis', args=[member_a.pk])}?year={today.year}"
    data = {"category": Category.INSURED, "amount": "6000000", "note": "Lương mới", "version": "0"}
    assert client.post(basis, data).status_code == 302
    saved = DuesBasis.objects.get(member=member_a, year=today.year)
    assert (saved.category, saved.amount, saved.note) == (Category.INSURED, 6_000_000, "Lương mới")

    payment = reverse("meetings:dues-payment", args=[member_a.pk])
    data = {"on": today.strftime("%d/%m/%Y"), "amount": "60000", "method": Method.CASH}
    refused = client.post(payment, {**data, "amount": "0"})
    assert "Hãy nhập số tiền đã nộp." in refused.content.decode()
    assert not DuesEntry.objects.filter(member=member_a, paid_cash__gt=0).exists()
    assert client.post(payment, data).status_code == 302
    entry = DuesEntry.objects.get(member=member_a, period=rules.first_of(today))
    assert (entry.paid_cash, entry.paid_on, entry.collected_by) == (60_000, today, people.secretary_a)
