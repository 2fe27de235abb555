"""Rating score sheets: the national defaults, the points per criterion on a self-assessment,
the province's own copies, and the pages that show and edit them."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from branches.services.criteria_sets import copy_criteria_set, update_criteria_set
from ratings import services
from ratings.models import MemberRating, OrganisationRating, RatingSheet, Transition
from ratings.rules.common import Tasks
from tests.factories import root

TASKS = Tasks(assigned=4, on_time=4, exceeded=1)


@pytest.fixture
def period(tree, member_a):
    return services.open_period(province=tree.province, year=2026, by=root())


@pytest.fixture
def rating(period, member_a):
    return MemberRating.objects.get(period=period, member=member_a)


def national(code):
    return RatingSheet.objects.get(province__isnull=True, code=code)


def full_marks(sheet, less=0):
    """Every criterion at its maximum, the last one `less` points short."""
    criteria = list(sheet.criteria.all())
    return {c.pk: c.max_points - (less if i == len(criteria) - 1 else 0) for i, c in enumerate(criteria)}


def assess(rating, points, score=None):
    return services.self_assess(
        rating=rating,
        version=rating.version,
        score=score,
        tasks=TASKS,
        shortcomings_pointed=0,
        shortcomings_remedied=0,
        self_level="HTTNV",
        points=points,
        by=root(),
    )


def state():
    return [
        list(MemberRating.objects.order_by("pk").values_list("status", "score", "points", "version")),
        list(OrganisationRating.objects.order_by("pk").values_list("status", "score", "points", "version")),
        Transition.objects.count(),
    ]


def refused(call, message):
    before = state()
    with pytest.raises(ValidationError) as error:
        call()
    assert message in " ".join(error.value.messages)
    assert state() == before


# The national defaults ------------------------------------------------------------------------------


def groups_of(sheet):
    totals = {}
    for c in sheet.criteria.all():
        totals[c.group] = totals.get(c.group, 0) + c.max_points
    return totals


@pytest.mark.django_db
def test_the_national_defaults_keep_qd366_groups_on_100_points():
    sheets = {s.code: s for s in RatingSheet.objects.filter(province__isnull=True)}

    assert sorted(sheets) == ["PL1", "PL3", "PL4", "PL5"]
    assert {code: groups_of(s) for code, s in sheets.items()} == {
        "PL1": {"": 100},
        "PL3": {"general": 30, "tasks": 70},
        "PL4": {"general": 30, "tasks": 70},
        "PL5": {"general": 30, "tasks": 70},
    }
    assert [c.max_points for c in sheets["PL5"].criteria.all()] == [8, 8, 8, 6, 40, 15, 15]
    assert {s.year for s in sheets.values()} == {2025}


# Points on a self-assessment -----------------------------------------------------------------------


def test_points_on_the_sheet_make_the_score_their_sum(rating):
    points = full_marks(national("PL5"), less=5)

    rating = assess(rating, points, score=12)  # a score beside the points is ignored

    rating.refresh_from_db()
    assert (rating.status, rating.score, rating.points) == (
        "self_assessed",
        95,
        {str(pk): value for pk, value in points.items()},
    )
    assert [(c.label[:20], p) for c, p in services.points_shown(rating)][-1] == ("Hoàn thành nhiệm vụ ", 10)


def test_a_score_without_points_still_stands(rating):
    rating = services.self_assess(
        rating=rating,
        version=rating.version,
        score=88,
        tasks=TASKS,
        shortcomings_pointed=0,
        shortcomings_remedied=0,
        self_level="HTTNV",
        by=root(),
    )

    rating.refresh_from_db()
    assert (rating.score, rating.points) == (88, {})


def test_every_criterion_must_be_scored(rating):
    points = full_marks(national("PL5"))
    last = national("PL5").criteria.last()
    del points[last.pk]

    refused(lambda: assess(rating, points), f"Hãy chấm điểm tiêu chí “{last.label}”.")


def test_points_stay_within_the_criterion_maximum(rating):
    first = national("PL5").criteria.first()
    points = full_marks(national("PL5")) | {first.pk: first.max_points + 1}

    refused(lambda: assess(rating, points), f"Tiêu chí “{first.label}”: điểm từ 0 đến 8.")
    refused(lambda: assess(rating, points | {first.pk: -1}), "điểm từ 0 đến 8")


def test_points_of_another_sheet_are_refused(rating):
    refused(lambda: assess(rating, full_marks(national("PL4"))), "không thuộc phiếu chấm điểm đang áp dụng")


def test_a_province_copy_scores_its_ratings(tree, rating):
    own = copy_criteria_set(source=national("PL5"), province=tree.province, year=2026, by=root())

    assert services.sheet_for(rating.period, "PL5") == own
    refused(lambda: assess(rating, full_marks(national("PL5"))), "không thuộc phiếu")
    assert assess(rating, full_marks(own, less=15)).score == 85


def test_an_organisation_is_scored_on_phu_luc_1(tree, period):
    own = OrganisationRating.objects.get(period=period, organisation=tree.a)
    [row] = national("PL1").criteria.all()

    own = services.self_assess_organisation(
        rating=own,
        version=own.version,
        score=None,
        tasks=TASKS,
        self_level="HTTNV",
        points={row.pk: 84},
        by=root(),
    )

    own.refresh_from_db()
    assert (own.status, own.score, own.points) == ("self_assessed", 84, {str(row.pk): 84})
    refused(
        lambda: services.self_assess_organisation(
            rating=own,
            version=own.version,
            score=None,
            tasks=TASKS,
            self_level="HTTNV",
            points={row.pk: 101},
            by=root(),
        ),
        "điểm từ 0 đến 100",
    )


def test_points_before_qd366_are_refused(tree, member_a):
    period = services.open_period(province=tree.province, year=2024, by=root())
    rating = MemberRating.objects.get(period=period, member=member_a)

    refused(lambda: assess(rating, full_marks(national("PL5"))), "không có phiếu chấm điểm theo tiêu chí")


# A province's own sheets ------------------------------------------------------------------------------


def rows_of(sheet):
    return [{"group": c.group, "label": c.label, "max_points": c.max_points} for c in sheet.criteria.all()]


def test_a_copy_is_edited_with_the_groups_kept_at_30_and_70(tree):
    own = copy_criteria_set(source=national("PL5"), province=tree.province, year=2026, by=root())
    rows = rows_of(own)
    rows[0]["max_points"], rows[1]["max_points"] = 10, 6
    rows.append({"group": "tasks", "label": "Tham gia bảo vệ môi trường ở khu dân cư", "max_points": 5})
    rows[4]["max_points"] = 35

    update_criteria_set(
        criteria_set=own, fields={"name": "Phiếu PL5 tỉnh Trà Vinh 2026"}, criteria=rows, by=root()
    )

    own.refresh_from_db()
    assert own.name == "Phiếu PL5 tỉnh Trà Vinh 2026"
    assert [(c.group, c.max_points) for c in own.criteria.all()] == [
        ("general", 10),
        ("general", 6),
        ("general", 8),
        ("general", 6),
        ("tasks", 35),
        ("tasks", 15),
        ("tasks", 15),
        ("tasks", 5),
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda rows: rows[0].update(max_points=9), "Tổng điểm tối đa của các tiêu chí phải là 100."),
        (
            lambda rows: (rows[0].update(max_points=9), rows[4].update(max_points=39)),
            "Nhóm tiêu chí chung 30 điểm; Nhóm tiêu chí về kết quả thực hiện nhiệm vụ 70 điểm",
        ),
        (lambda rows: rows[0].update(group=""), "mỗi tiêu chí phải thuộc một trong hai nhóm"),
    ],
    ids=["total", "groups", "ungrouped"],
)
def test_an_edit_breaking_the_points_changes_nothing(tree, change, message):
    own = copy_criteria_set(source=national("PL5"), province=tree.province, year=2026, by=root())
    before = rows_of(own)
    rows = rows_of(own)
    change(rows)

    with pytest.raises(ValidationError) as error:
        update_criteria_set(criteria_set=own, fields={"name": own.name}, criteria=rows, by=root())

    assert message in " ".join(error.value.messages)
    assert rows_of(own) == before


def test_a_sheet_used_by_a_self_assessment_is_frozen(tree, rating):
    own = copy_criteria_set(source=national("PL5"), province=tree.province, year=2026, by=root())
    unused = copy_criteria_set(source=national("PL4"), province=tree.province, year=2026, by=root())
    assess(rating, full_marks(own))

    with pytest.raises(ValidationError, match="đã dùng để tự chấm điểm"):
        update_criteria_set(criteria_set=own, fields={"name": own.name}, criteria=rows_of(own), by=root())
    with pytest.raises(ValidationError, match="hãy tạo phiếu cho năm sau"):
        copy_criteria_set(source=own, province=tree.province, year=2025, by=root())
    assert services.sheet_in_use(national("PL5")) is False  # the province's copy scored the year
    assert (
        update_criteria_set(
            criteria_set=unused, fields={"name": "PL4"}, criteria=rows_of(unused), by=root()
        ).name
        == "PL4"
    )


def test_a_province_has_one_sheet_per_annex_and_year(tree):
    copy_criteria_set(source=national("PL5"), province=tree.province, year=2026, by=root())

    with pytest.raises(ValidationError, match="đã có phiếu PL5 năm 2026"):
        copy_criteria_set(source=national("PL5"), province=tree.province, year=2026, by=root())
    with pytest.raises(ValidationError, match="theo tỉnh"):
        copy_criteria_set(source=national("PL5"), province=tree.x, year=2026, by=root())


# The pages ---------------------------------------------------------------------------------------------


def assess_post(rating, points, **extra):
    return {
        "version": rating.version,
        "tasks_assigned": "4",
        "tasks_on_time": "4",
        "tasks_exceeded": "1",
        "tasks_late": "0",
        "tasks_not_done": "0",
        "shortcomings_pointed": "0",
        "shortcomings_remedied": "0",
        "self_level": "HTTNV",
        **{f"point_{pk}": str(value) for pk, value in points.items()},
        **extra,
    }


def test_the_assessment_page_scores_each_criterion_and_adds_them_up(client, people, rating):
    sheet = national("PL5")
    client.force_login(people.secretary_a)
    url = reverse("ratings:member-assess", args=[rating.pk])

    page = client.get(url).content.decode()
    response = client.post(url, assess_post(rating, full_marks(sheet, less=7)))

    assert page.count('name="point_') == 7
    assert (
        "Nhóm tiêu chí chung (30 điểm)" in page
        and "Nhóm tiêu chí về kết quả thực hiện nhiệm vụ (70 điểm)" in page
    )
    assert "tối đa 40 điểm" in page
    assert response.status_code == 302
    rating.refresh_from_db()
    assert (rating.status, rating.score, sorted(rating.points.values())) == (
        "self_assessed",
        93,
        [6, 8, 8, 8, 8, 15, 40],
    )
    detail = client.get(reverse("ratings:member-rating", args=[rating.pk])).content.decode()
    assert "Điểm tự chấm theo tiêu chí" in detail and "8/15" in detail


def test_the_assessment_page_refuses_a_half_filled_sheet(client, people, rating):
    points = full_marks(national("PL5"))
    points.popitem()
    client.force_login(people.secretary_a)
    before = state()

    response = client.post(reverse("ratings:member-assess", args=[rating.pk]), assess_post(rating, points))

    assert (response.status_code, "Hãy chấm điểm tiêu chí này." in response.content.decode()) == (200, True)
    assert "Tổng điểm: 85/100" in response.content.decode()
    assert state() == before


def test_the_organisation_page_scores_phu_luc_1(client, tree, people, period):
    own = OrganisationRating.objects.get(period=period, organisation=tree.a)
    [row] = national("PL1").criteria.all()
    client.force_login(people.secretary_a)

    client.post(
        reverse("ratings:org-assess", args=[tree.a.pk, 2026]),
        {
            "version": own.version,
            f"point_{row.pk}": "81",
            "tasks_assigned": "2",
            "tasks_on_time": "2",
            "tasks_exceeded": "0",
            "tasks_late": "0",
            "tasks_not_done": "0",
            "self_level": "HTTNV",
        },
    )

    own.refresh_from_db()
    assert (own.status, own.score, own.points) == ("self_assessed", 81, {str(row.pk): 81})


def test_an_administrator_copies_and_edits_the_province_sheet(client, tree, people):
    client.force_login(people.admin)

    response = client.post(
        reverse("branches:criteria-copy", args=["xep-loai", national("PL5").pk]),
        {"year": "2026", "province": tree.province.pk},
    )
    own = RatingSheet.objects.get(province=tree.province, code="PL5", year=2026)
    rows = rows_of(own)
    rows[0]["max_points"], rows[1]["max_points"] = 10, 6
    data = {
        "name": "Phiếu PL5 Trà Vinh",
        "form-TOTAL_FORMS": str(len(rows) + 1),
        "form-INITIAL_FORMS": str(len(rows)),
    }
    for i, r in enumerate(rows):
        data |= {
            f"form-{i}-group": r["group"],
            f"form-{i}-label": r["label"],
            f"form-{i}-max_points": str(r["max_points"]),
        }
    data[f"form-{len(rows) - 1}-DELETE"] = "on"
    data |= {
        f"form-{len(rows)}-group": "tasks",
        f"form-{len(rows)}-label": "Tham gia tổ tự quản",
        f"form-{len(rows)}-max_points": "15",
    }
    edited = client.post(reverse("branches:criteria-edit", args=["xep-loai", own.pk]), data)

    assert (response.url, edited.url) == (
        reverse("branches:criteria-edit", args=["xep-loai", own.pk]),
        reverse("branches:criteria-list", args=["xep-loai"]),
    )
    own.refresh_from_db()
    assert own.name == "Phiếu PL5 Trà Vinh"
    assert [(c.max_points, c.label[:20]) for c in own.criteria.all()][-2:] == [
        (15, "Tham gia học tập, qu"),
        (15, "Tham gia tổ tự quản"),
    ]
    assert [c.max_points for c in own.criteria.all()] == [10, 6, 8, 6, 40, 15, 15]


def test_the_edit_page_refuses_groups_off_30_70(client, tree, people):
    own = copy_criteria_set(source=national("PL5"), province=tree.province, year=2026, by=root())
    rows = rows_of(own)
    data = {"name": own.name, "form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": str(len(rows))}
    for i, r in enumerate(rows):
        data |= {
            f"form-{i}-group": r["group"],
            f"form-{i}-label": r["label"],
            f"form-{i}-max_points": str(r["max_points"]),
        }
    data["form-0-max_points"], data["form-4-max_points"] = "10", "38"
    client.force_login(people.admin)

    response = client.post(reverse("branches:criteria-edit", args=["xep-loai", own.pk]), data)

    assert "Phiếu PL5 theo Quy định 366" in response.content.decode()
    assert [c.max_points for c in own.criteria.all()] == [8, 8, 8, 6, 40, 15, 15]


@pytest.mark.parametrize("copies", [1, 3])
def test_the_sheet_list_does_not_grow_queries_with_its_sheets(
    client, tree, people, django_assert_num_queries, copies
):
    for year in range(2026, 2026 + copies):
        copy_criteria_set(source=national("PL5"), province=tree.province, year=year, by=root())
    client.force_login(people.admin)

    with django_assert_num_queries(7):
        page = client.get(reverse("branches:criteria-list", args=["xep-loai"])).content.decode()

    assert page.count("Tạo bản cho tỉnh / năm") == 4 + copies
    assert [y for y in range(2026, 2030) if f"Đảng bộ tỉnh Trà Vinh {y}" in page] == list(
        range(2026, 2026 + copies)
    )


def test_a_total_beside_the_points_is_ignored_and_a_total_alone_still_counts(client, people, rating):
    client.force_login(people.secretary_a)
    url = reverse("ratings:member-assess", args=[rating.pk])

    client.post(url, assess_post(rating, {}, score="77"))
    rating.refresh_from_db()
    total_only = (rating.score, rating.points)
    client.post(url, assess_post(rating, full_marks(national("PL5")), score="77"))
    rating.refresh_from_db()

    assert total_only == (77, {})
    assert (rating.score, len(rating.points)) == (100, 7)
    assert (
        'name="score" value="77"' not in client.get(url).content.decode()
    )  # scored per criterion: no stale total


# Scores with one decimal -------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["89,5", "89.5", " 89,5 "])
def test_a_total_with_one_decimal_is_stored_exactly_and_shown_the_vietnamese_way(
    client, people, rating, typed
):
    client.force_login(people.secretary_a)
    url = reverse("ratings:member-assess", args=[rating.pk])

    response = client.post(url, assess_post(rating, {}, score=typed))

    assert response.status_code == 302
    rating.refresh_from_db()
    assert rating.score == Decimal("89.5")
    assert "89,5 điểm" in client.get(reverse("ratings:member-rating", args=[rating.pk])).content.decode()
    assert 'name="score" value="89,5"' in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("89,55", "Điểm chỉ lấy tối đa một chữ số thập phân, ví dụ 89,5 (đã nhập 89,55)."),
        ("8x", "Điểm phải là một số, ví dụ 89,5."),
        ("100,5", "Điểm từ 0 đến 100."),
        ("1.000", "Điểm chỉ lấy tối đa một chữ số thập phân"),  # neither 1 nor a thousand: asked again
    ],
)
def test_a_total_that_cannot_be_stored_exactly_is_refused_on_the_form(client, people, rating, typed, message):
    client.force_login(people.secretary_a)
    before = state()

    response = client.post(
        reverse("ratings:member-assess", args=[rating.pk]), assess_post(rating, {}, score=typed)
    )

    assert message in response.content.decode()
    assert state() == before


def test_points_with_one_decimal_add_up_exactly(rating):
    points = full_marks(national("PL5"), less=1)
    last = list(points)[-1]
    first = list(points)[0]
    points[last] += Decimal("0.5")
    points[first] -= Decimal("0.5")

    rating = assess(rating, points)

    assert rating.score == Decimal("99.0")
    rating.refresh_from_db()
    assert sorted(Decimal(str(v)) for v in rating.points.values()) == sorted(points.values())


@pytest.mark.parametrize("value", [89.55, Decimal("89.55"), "89,55"])
def test_the_service_refuses_a_score_it_cannot_store_exactly(rating, value):
    refused(lambda: assess(rating, None, score=value), "chỉ lấy tối đa một chữ số thập phân")


def test_the_service_stores_a_one_decimal_score_exactly(rating):
    assert assess(rating, None, score=89.5).score == Decimal("89.5")
    rating.refresh_from_db()
    assert rating.score == Decimal("89.5")
