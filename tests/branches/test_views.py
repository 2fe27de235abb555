from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from branches import services
from branches.models import Member, Organisation, RoleAssignment
from branches.rules import add_months
from tests.factories import MemberFactory, OrganisationFactory, UserFactory, root


def names(response) -> list[str]:
    return [m.full_name for m in response.context["page"]]


# Search and filters ------------------------------------------------------------------------------


def test_member_search_without_diacritics_finds_names_with_them(client, tree, people):
    for name in ["Nguyễn Văn An", "Nguyễn Văn Ánh", "Trần Thị An", "Lê Văn Bình"]:
        MemberFactory(organisation=tree.a, full_name=name)
    MemberFactory(organisation=tree.b, full_name="Nguyễn Văn An")  # outside the secretary's chi bộ
    client.force_login(people.secretary_a)

    response = client.get(reverse("branches:member-list"), {"q": "nguyen van an"})

    assert names(response) == ["Nguyễn Văn An", "Nguyễn Văn Ánh"]


def test_member_list_is_in_vietnamese_name_order(client, tree, people):
    for name in ["Trần Văn Bình", "Lê Thị An", "Bùi Văn Ân", "Phạm Văn Đào", "Võ Văn Dũng"]:
        MemberFactory(organisation=tree.a, full_name=name)
    client.force_login(people.reviewer_x)

    response = client.get(reverse("branches:member-list"))

    assert names(response) == ["Lê Thị An", "Bùi Văn Ân", "Trần Văn Bình", "Võ Văn Dũng", "Phạm Văn Đào"]


def test_member_list_filters_combine(client, tree, people):
    MemberFactory(organisation=tree.a, full_name="Thạch Thị Sa Ly", gender="F", ethnicity="Khmer")
    MemberFactory(organisation=tree.a, full_name="Sơn Văn Phal", gender="M", ethnicity="Khmer")
    MemberFactory(organisation=tree.a2, full_name="Nguyễn Thị Mai", gender="F")
    exempt = MemberFactory(organisation=tree.a, full_name="Kim Thị Sóc", gender="F", ethnicity="Khmer")
    services.exempt_member(member=exempt, on=date(2024, 1, 1), reason="Tuổi cao", by=root())
    client.force_login(people.reviewer_x)

    women_khmer = client.get(reverse("branches:member-list"), {"gender": "F", "ethnicity": "khmer"})
    exempt_only = client.get(reverse("branches:member-list"), {"status": "exempt"})
    in_a2 = client.get(reverse("branches:member-list"), {"org": tree.a2.pk})

    assert names(women_khmer) == ["Thạch Thị Sa Ly", "Kim Thị Sóc"]
    assert names(exempt_only) == ["Kim Thị Sóc"]
    assert names(in_a2) == ["Nguyễn Thị Mai"]


def test_member_list_filter_on_an_organisation_out_of_scope_is_404(client, tree, people):
    client.force_login(people.secretary_a)
    assert client.get(reverse("branches:member-list"), {"org": tree.b.pk}).status_code == 404


def test_hosted_member_is_visible_to_the_host_secretary(client, tree, people, member_a):
    transfer = services.request_transfer(
        member=member_a, kind="temporary", to_organisation=tree.b, decided_on=date(2025, 3, 1), by=root()
    )
    services.confirm_transfer(transfer=transfer, on=date(2025, 3, 2), by=root())
    client.force_login(people.secretary_b)

    response = client.get(reverse("branches:member-detail", args=[member_a.pk]))

    assert response.context["member"] == member_a
    assert "tạm thời tại Chi bộ ấp Hòa Lạc</span>" in response.content.decode()  # the status badge


# Forms -----------------------------------------------------------------------------------------


def test_dates_are_read_day_first(client, tree, people):
    client.force_login(people.secretary_a)
    response = client.post(
        reverse("branches:member-create", args=[tree.a.pk]),
        {
            "full_name": "Lâm Thị Hoa",
            "gender": "F",
            "birth_date": "05/04/1990",
            "ethnicity": "Hoa",
            "religion": "Không",
            "ceremony_date": "03/02/2025",
            "admission_decision_date": "20/01/2025",
        },
    )
    member = Member.objects.get(full_name="Lâm Thị Hoa")
    assert response.url == reverse("branches:member-detail", args=[member.pk])
    assert (member.birth_date, member.ceremony_date, member.status) == (
        date(1990, 4, 5),
        date(2025, 2, 3),
        "probationary",
    )


NEW_MEMBER = {
    "full_name": "Trần Văn Bảy",
    "gender": "M",
    "birth_date": "02/03/1975",
    "ethnicity": "Kinh",
    "religion": "Không",
    "ceremony_date": "19/05/2001",
}


def test_a_cccd_taken_in_scope_is_a_form_error_naming_the_member(client, tree, people):
    MemberFactory(
        organisation=tree.a, full_name="Lê Văn Tám", birth_date=date(1975, 1, 1), cccd="084123456789"
    )
    client.force_login(people.secretary_a)

    response = client.post(
        reverse("branches:member-create", args=[tree.a.pk]), {**NEW_MEMBER, "cccd": "084123456789"}
    )

    message = "Số CCCD 084123456789 đã được đăng ký cho đồng chí Lê Văn Tám (1975), Chi bộ ấp Chợ Dưới."
    assert response.context["form"].errors == {"cccd": [message]}
    # The page reloads at its top, the field is far below: the top says what to fix, with a link to it.
    assert f'<li><a href="#id_cccd">Số CCCD</a>: {message}</li>' in response.content.decode()
    assert Member.objects.filter(full_name="Trần Văn Bảy").exists() is False


def test_the_add_member_form_offers_two_genders_and_no_blank_one(client, tree, people):
    client.force_login(people.secretary_a)
    form = client.get(reverse("branches:member-create", args=[tree.a.pk])).context["form"]
    assert list(form.fields["gender"].choices) == [("M", "Nam"), ("F", "Nữ")]


def test_the_same_person_in_the_chi_bo_is_asked_about_then_added_when_confirmed(client, tree, people):
    first = MemberFactory(organisation=tree.a, full_name="Trần Văn Bảy", birth_date=date(1975, 3, 2))
    url = reverse("branches:member-create", args=[tree.a.pk])
    client.force_login(people.secretary_a)

    asked = client.post(url, NEW_MEMBER)
    form = asked.context["form"]
    page = asked.content.decode()
    confirmed = client.post(url, {**NEW_MEMBER, "same_as": str(first.pk), "confirm_same": "on"})

    assert form.non_field_errors()[0].startswith(
        "Đã có đảng viên Trần Văn Bảy cùng họ tên và ngày sinh (02/03/1975)"
    )
    assert f'<input type="hidden" name="same_as" value="{first.pk}"' in page
    assert '<input type="checkbox" name="confirm_same"' in page
    second = Member.objects.exclude(pk=first.pk).get(full_name="Trần Văn Bảy")
    assert confirmed.url == reverse("branches:member-detail", args=[second.pk])


def test_the_add_member_form_sent_twice_adds_one_member(client, tree, people):
    url = reverse("branches:member-create", args=[tree.a.pk])
    client.force_login(people.secretary_a)

    first = client.post(url, NEW_MEMBER)
    again = client.post(url, NEW_MEMBER)

    member = Member.objects.get(full_name="Trần Văn Bảy")
    assert first.url == reverse("branches:member-detail", args=[member.pk])
    assert again.status_code == 200
    assert again.context["form"].non_field_errors()[0].startswith("Đã có đảng viên Trần Văn Bảy cùng họ tên")


def test_a_confirmed_form_sent_twice_asks_about_the_member_it_just_added(client, tree, people):
    first = MemberFactory(organisation=tree.a, full_name="Trần Văn Bảy", birth_date=date(1975, 3, 2))
    url = reverse("branches:member-create", args=[tree.a.pk])
    client.force_login(people.secretary_a)
    confirmed = {**NEW_MEMBER, "same_as": str(first.pk), "confirm_same": "on"}

    client.post(url, confirmed)
    again = client.post(url, confirmed)

    added = Member.objects.exclude(pk=first.pk).get(full_name="Trần Văn Bảy")
    assert again.context["form"]["same_as"].value() == f"{first.pk},{added.pk}"
    assert again.context["form"]["confirm_same"].value() is False  # to be ticked anew
    assert Member.objects.filter(full_name="Trần Văn Bảy").count() == 2


def test_a_refused_action_shows_the_rule_next_to_the_field(client, tree, people):
    member = MemberFactory(organisation=tree.a, ceremony_date=date(2025, 3, 1), official_date=None)
    client.force_login(people.secretary_a)

    response = client.post(
        reverse("branches:member-action", args=[member.pk, "recognise"]), {"decided_on": "01/12/2025"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "decided_on": ["Chưa đủ 12 tháng dự bị: sớm nhất được xét từ ngày 01/03/2026."]
    }
    member.refresh_from_db()
    assert member.status == "probationary"


def test_malformed_date_gets_a_vietnamese_message(client, tree, people, member_a):
    client.force_login(people.secretary_a)
    response = client.post(
        reverse("branches:member-action", args=[member_a.pk, "exempt"]), {"on": "2025/31/12", "reason": "x"}
    )
    assert response.context["form"].errors["on"] == ["Nhập ngày theo dạng ngày/tháng/năm, ví dụ 05/04/2025."]


def test_cccd_must_have_twelve_digits(client, tree, people, member_a):
    client.force_login(people.secretary_a)
    form = client.get(reverse("branches:member-edit", args=[member_a.pk])).context["form"]
    data = {**{k: v for k, v in form.initial.items() if v is not None}, "cccd": "12345"}
    for field in ("birth_date", "ceremony_date", "official_date", "admission_decision_date"):
        data[field] = getattr(member_a, field).strftime("%d/%m/%Y") if getattr(member_a, field) else ""
    response = client.post(reverse("branches:member-edit", args=[member_a.pk]), data)
    assert response.context["form"].errors["cccd"] == ["Số CCCD gồm đúng 12 chữ số."]


def test_two_people_editing_the_same_member_the_second_is_told(client, tree, people, member_a):
    """Both load the form; the first save wins, the second is refused and nothing of it is kept."""
    url = reverse("branches:member-edit", args=[member_a.pk])
    client.force_login(people.secretary_a)
    loaded = client.get(url).context["form"]
    data = {k: ("" if v is None else v) for k, v in loaded.initial.items()}
    for field in ("birth_date", "ceremony_date", "official_date", "admission_decision_date"):
        data[field] = getattr(member_a, field).strftime("%d/%m/%Y")

    first = client.post(url, {**data, "occupation": "Giáo viên"})
    second = client.post(url, {**data, "occupation": "Nông dân"})

    member_a.refresh_from_db()
    assert first.status_code == 302
    assert second.status_code == 200
    assert "đã được người khác cập nhật" in str(second.context["form"].non_field_errors())
    assert member_a.occupation == "Giáo viên"


def test_organisation_move_form_offers_only_parents_that_fit(client, tree, people):
    client.force_login(people.admin)
    form = client.get(reverse("branches:org-move", args=[tree.a.pk])).context["form"]
    assert sorted(o.code for o in form.fields["new_parent"].queryset) == ["G", "X", "Y"]


def test_reviewer_cannot_move_a_branch_out_of_their_commune(client, tree, people):
    client.force_login(people.reviewer_x)
    response = client.post(reverse("branches:org-move", args=[tree.a.pk]), {"new_parent": tree.y.pk})
    tree.a.refresh_from_db()
    assert (response.status_code, tree.a.parent_id) == (200, tree.x.pk)  # Y is not even offered
    assert "new_parent" in response.context["form"].errors


def test_role_grant_then_revoke(client, tree, people):
    client.force_login(people.admin)
    created = client.post(
        reverse("branches:account-create"),
        {
            "username": "bithu_moi",
            "full_name": "Lê Văn Mới",
            "password1": "Chi-bo-2026!",
            "password2": "Chi-bo-2026!",
        },
    )
    newcomer = get_user_model().objects.get(username="bithu_moi")
    assert created.url == reverse("branches:role-grant") + "?username=bithu_moi"
    assert (newcomer.first_name, newcomer.check_password("Chi-bo-2026!")) == ("Lê Văn Mới", True)
    client.post(
        reverse("branches:role-grant"),
        {"username": "bithu_moi", "organisation": tree.a2.pk, "role": "secretary"},
    )
    assignment = RoleAssignment.objects.get(user=newcomer)
    assert (assignment.organisation, assignment.granted_by) == (tree.a2, people.admin)
    client.post(reverse("branches:role-revoke", args=[assignment.pk]))
    assert not RoleAssignment.objects.filter(user=newcomer).exists()


def test_an_administrator_revoking_their_own_role_is_told_why_and_keeps_it(client, people):
    own = RoleAssignment.objects.get(user=people.admin)
    client.force_login(people.admin)

    response = client.post(reverse("branches:role-revoke", args=[own.pk]), follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Không thể tự thu hồi quyền quản trị của chính mình."
    ]
    assert RoleAssignment.objects.filter(pk=own.pk).exists()


# Query counts: the same page with 1 and with 3 items makes the same number of queries ---------


@pytest.fixture
def grow(tree):
    """Add `n` branches under commune X, each with three members (one due for recognition), a
    commune post, a pending transfer into A and a secretary account."""

    def _grow(n: int) -> None:
        for i in range(n):
            branch = OrganisationFactory(parent=tree.x, code=f"N{i}", name=f"Chi bộ ấp Mới {i}")
            first = MemberFactory(organisation=branch)
            MemberFactory(organisation=branch)
            MemberFactory(
                organisation=branch,
                ceremony_date=add_months(date.today(), -11),
                official_date=None,
                admission_decision_date=add_months(date.today(), -12),
            )
            services.add_position(
                member=first, organisation=tree.x, title="chi_uy_vien", starts_on=date(2025, 6, 1), by=root()
            )
            services.request_transfer(
                member=first, kind="official", to_organisation=tree.a, decided_on=date(2025, 6, 1), by=root()
            )
            services.grant_role(
                user=UserFactory(username=f"bt{i}"), organisation=branch, role="secretary", by=root()
            )

    return _grow


def rows(response) -> dict[str, int]:
    """How many of the grown things each page shows."""
    c = response.context
    shown = {
        "home": lambda: (len(c["probation"]), len(c["incoming"])),
        "tree": lambda: len(c["nodes"][0].loaded_children),
        "children": lambda: len(c["nodes"]),
        "detail": lambda: (len(c["children"]), len(c["positions"])),
        "members": lambda: c["page"].paginator.count,
        "transfers": lambda: len(c["incoming"]),
        "roles": lambda: c["page"].paginator.count,
    }
    return shown


@pytest.mark.parametrize("items", [1, 3])
@pytest.mark.parametrize(
    ("name", "args", "persona", "queries", "shown", "expected"),
    [
        ("home", [], "reviewer_x", 9, "home", lambda n: (n, n)),  # the reminders: one more
        ("branches:org-tree", [], "reviewer_x", 6, "tree", lambda n: 3 + n),
        ("branches:org-children", ["x"], "reviewer_x", 6, "children", lambda n: 3 + n),
        ("branches:org-detail", ["x"], "reviewer_x", 9, "detail", lambda n: (3 + n, n)),
        ("branches:member-list", [], "reviewer_x", 7, "members", lambda n: 3 * n),
        ("branches:transfer-list", [], "reviewer_x", 5, "transfers", lambda n: n),
        ("branches:role-list", [], "admin", 6, "roles", lambda n: 5 + n),
    ],
)
def test_list_pages_make_the_same_number_of_queries_for_more_rows(
    client,
    tree,
    people,
    grow,
    django_assert_num_queries,
    items,
    name,
    args,
    persona,
    queries,
    shown,
    expected,
):
    grow(items)
    client.force_login(getattr(people, persona))
    url = reverse(name, args=[getattr(tree, a).pk for a in args])
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert rows(response)[shown]() == expected(items)


@pytest.mark.parametrize("items", [1, 3])
def test_branch_page_and_member_page_queries_do_not_grow(
    client, tree, people, django_assert_num_queries, items
):
    members = [MemberFactory(organisation=tree.a) for _ in range(items)]
    for m in members:
        services.exempt_member(member=m, on=date(2024, 1, 1), reason="Tuổi cao", by=root())
        services.add_position(
            member=m, organisation=tree.a, title="chi_uy_vien", starts_on=date(2024, 2, 1), by=root()
        )
    for i in range(items):  # the member page: more posts, events and transfers for more items
        services.add_position(
            member=members[0],
            organisation=tree.a,
            title="to_truong",
            starts_on=date(2024, 3, i + 1),
            by=root(),
        )
    client.force_login(people.secretary_a)
    with django_assert_num_queries(11):
        branch_page = client.get(reverse("branches:org-detail", args=[tree.a.pk]))
    with django_assert_num_queries(12):  # 10, and 2 for the dues card (meetings.dues, via branches.panels)
        member_page = client.get(reverse("branches:member-detail", args=[members[0].pk]))
    assert (len(branch_page.context["members"]), len(branch_page.context["positions"])) == (items, 2 * items)
    assert len(member_page.context["positions"]) == 1 + items


def test_tree_counts_members_of_the_whole_subtree(client, tree, people):
    MemberFactory(organisation=tree.a)
    MemberFactory(organisation=tree.g1)
    left = MemberFactory(organisation=tree.g1)
    services.record_leaving(member=left, reason="xin_ra", on=date(2025, 1, 1), by=root())
    client.force_login(people.admin)

    response = client.get(reverse("branches:org-children", args=[tree.province.pk]))

    counts = {node.code: (node.member_count, node.child_count) for node in response.context["nodes"]}
    assert counts == {"X": (2, 3), "Y": (0, 1)}
    assert isinstance(response.context["nodes"][0], Organisation)


def test_member_list_shows_probationary_members_due_for_recognition(client, tree, people):
    today = date.today()
    MemberFactory(
        organisation=tree.a, full_name="Lê Văn Sắp", ceremony_date=add_months(today, -11), official_date=None
    )
    MemberFactory(
        organisation=tree.a, full_name="Lê Văn Quá", ceremony_date=add_months(today, -14), official_date=None
    )
    MemberFactory(
        organisation=tree.a, full_name="Lê Văn Mới", ceremony_date=add_months(today, -3), official_date=None
    )
    client.force_login(people.secretary_a)

    response = client.get(reverse("branches:member-list"), {"status": "due"})

    assert names(response) == ["Lê Văn Quá", "Lê Văn Sắp"]


def test_search_matches_the_start_of_words_only(client, tree, people):
    for name in ["Nguyễn Văn An", "Nguyễn Văn Anh", "Nguyễn Thị Lan", "Trần Văn Toàn"]:
        MemberFactory(organisation=tree.a, full_name=name)
    client.force_login(people.secretary_a)

    response = client.get(reverse("branches:member-list"), {"q": "an"})

    assert names(response) == ["Nguyễn Văn An", "Nguyễn Văn Anh"]


def test_out_of_scope_and_forbidden_pages_explain_in_vietnamese(client, tree, people, member_a):
    client.force_login(people.secretary_b)
    missing = client.get(reverse("branches:member-detail", args=[member_a.pk]))
    forbidden = client.get(reverse("branches:org-edit", args=[tree.b.pk]))
    assert (missing.status_code, forbidden.status_code) == (404, 403)
    assert "Không tìm thấy trang này" in missing.content.decode()
    assert member_a.full_name not in missing.content.decode()
    assert "Bạn không có quyền" in forbidden.content.decode()


def test_branch_page_lists_posts_by_rank(client, tree, people):
    for title in ["chi_uy_vien", "truong_ap", "pho_bi_thu", "bi_thu"]:
        services.add_position(
            member=MemberFactory(organisation=tree.a),
            organisation=tree.a,
            title=title,
            starts_on=date(2025, 6, 15),
            by=root(),
        )
    client.force_login(people.secretary_a)

    response = client.get(reverse("branches:org-detail", args=[tree.a.pk]))

    assert [p.title for p in response.context["positions"]] == [
        "bi_thu",
        "pho_bi_thu",
        "chi_uy_vien",
        "truong_ap",
    ]


def test_branch_page_says_what_the_branch_elects(client, tree, people):
    for _ in range(8):
        MemberFactory(organisation=tree.a)
    MemberFactory(
        organisation=tree.a,
        ceremony_date=date(2025, 9, 1),
        official_date=None,
        admission_decision_date=date(2025, 8, 20),
    )
    client.force_login(people.secretary_a)
    response = client.get(reverse("branches:org-detail", args=[tree.a.pk]))
    assert (
        response.context["structure"]
        == "8 đảng viên chính thức: bầu bí thư (và phó bí thư nếu cần), không bầu chi ủy."
    )


def test_dates_stay_day_first_for_an_english_language_browser(client, tree, people):
    client.force_login(people.secretary_a)
    client.post(
        reverse("branches:member-create", args=[tree.a.pk]),
        {
            "full_name": "Lâm Thị Hoa",
            "gender": "F",
            "birth_date": "05/04/1990",
            "ethnicity": "Hoa",
            "ceremony_date": "03/10/2025",
            "admission_decision_date": "20/09/2025",
        },
        HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9",
    )
    member = Member.objects.get(full_name="Lâm Thị Hoa")
    assert (member.birth_date, member.ceremony_date) == (date(1990, 4, 5), date(2025, 10, 3))


# Namesakes -------------------------------------------------------------------------------------


def test_namesakes_in_the_member_list_and_the_chi_bo_page_show_their_birth_year(client, tree, people):
    for born in (date(1990, 8, 1), date(1975, 3, 2)):
        MemberFactory(organisation=tree.a, full_name="Trần Văn Bảy", birth_date=born)
    client.force_login(people.secretary_a)

    listed = client.get(reverse("branches:member-list")).content.decode()
    branch = client.get(reverse("branches:org-detail", args=[tree.a.pk])).content.decode()

    for page in (listed, branch):
        assert page.count(">Trần Văn Bảy (1975)</a>") == 1
        assert page.count(">Trần Văn Bảy (1990)</a>") == 1


def test_counts_on_pages_have_thousands_separators(client, tree, people):

    Member.objects.bulk_create(
        Member(
            organisation=tree.a,
            full_name=f"Đảng viên {i}",
            search_name=f"dang vien {i}",
            sort_key=f"{i:05d}",
            gender="M",
            birth_date=date(1980, 1, 1),
            ceremony_date=date(2010, 1, 1),
            official_date=date(2011, 1, 1),
            status=Member.Status.OFFICIAL,
        )
        for i in range(1000)
    )
    client.force_login(people.province_staff)

    listed = client.get(reverse("branches:member-list") + f"?org={tree.a.pk}").content.decode()
    detail = client.get(reverse("branches:org-detail", args=[tree.a.pk])).content.decode()

    assert "1.000 đảng viên" in listed
    assert "Danh sách đảng viên (1.000)" in detail


def test_the_home_panels_list_the_scope_the_probations_due_and_the_transfers_in(client, tree, people):
    ceremony = add_months(date.today(), -11)
    due = MemberFactory(organisation=tree.a, ceremony_date=ceremony, official_date=None)
    coming = MemberFactory(organisation=tree.b)
    transfer = services.request_transfer(
        member=coming, kind="official", to_organisation=tree.a, decided_on=date.today(), by=root()
    )
    client.force_login(people.secretary_a)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("branches:org-detail", args=[tree.a.pk])}">{tree.a.name}</a>' in page
    assert f'href="{reverse("branches:member-detail", args=[due.pk])}">{due.full_name}</a>' in page
    assert f"kết nạp {ceremony:%d/%m/%Y}" in page
    assert f"{coming.full_name} — chuyển sinh hoạt chính thức từ {tree.b.name} đến {tree.a.name}" in page
    assert reverse("branches:transfer-confirm", args=[transfer.pk]) in page


def test_an_account_without_a_role_is_told_on_the_home_page(client, db):
    client.force_login(UserFactory())
    page = client.get(reverse("home")).content.decode()
    assert "Tài khoản chưa được phân quyền tại tổ chức nào. Liên hệ quản trị viên." in page
