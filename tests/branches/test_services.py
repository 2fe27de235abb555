from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from branches import services
from branches.models import ChangeRecord, Discipline, Member, MemberEvent, Position, Transfer
from tests.factories import MemberFactory, root


def snapshot(member: Member) -> dict:
    """Everything a refused action must leave untouched."""
    member.refresh_from_db()
    return {
        "row": {f.name: getattr(member, f.attname) for f in Member._meta.concrete_fields},
        "events": list(member.events.values_list("pk", flat=True)),
        "transfers": list(member.transfers.values_list("pk", "status")),
        "disciplines": list(member.disciplines.values_list("pk", flat=True)),
        "audit": ChangeRecord.objects.count(),
    }


def refused(call, member: Member, message: str) -> None:
    before = snapshot(member)
    with pytest.raises(ValidationError) as error:
        call()
    assert message in " ".join(error.value.messages)
    assert snapshot(member) == before


# Admission and recognition (domain-rules §5.2) -------------------------------------------------


def test_admit_member_records_a_probationary_member_with_event_and_audit(tree, people):
    member = services.admit_member(
        organisation=tree.a,
        full_name="  Lê  Thị Hồng ",
        gender="F",
        birth_date=date(1995, 3, 2),
        admission_decision_date=date(2025, 6, 2),
        ceremony_date=date(2025, 6, 20),
        by=people.secretary_a,
    )
    member.refresh_from_db()
    assert (member.full_name, member.status, member.search_name) == (
        "Lê Thị Hồng",
        "probationary",
        "le thi hong",
    )
    assert list(member.events.values_list("kind", "on")) == [("admitted", date(2025, 6, 20))]
    assert list(
        ChangeRecord.objects.filter(object_id=member.pk, model="member").values_list("actor", "action")
    ) == [(people.secretary_a.pk, "create")]


def test_admission_ceremony_late_is_flagged_for_the_superior(tree):
    # V10: decision 02/6/2025, ceremony 25/7/2025 is more than 30 working days later.
    member = services.admit_member(
        organisation=tree.a,
        full_name="Trần Văn Nam",
        gender="M",
        birth_date=date(1990, 1, 1),
        admission_decision_date=date(2025, 6, 2),
        ceremony_date=date(2025, 7, 25),
        by=root(),
    )
    assert "cần ý kiến cấp ủy cấp trên" in member.events.get().description


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"birth_date": date(2010, 1, 1)}, "phải đủ 18 tuổi"),
        ({"ceremony_date": date(2025, 5, 1)}, "không thể trước ngày quyết định kết nạp"),
    ],
    ids=["under-18", "ceremony-before-decision"],
)
def test_admit_member_refuses_impossible_dates(tree, fields, message):
    data = {
        "full_name": "Trần Văn Nam",
        "gender": "M",
        "birth_date": date(1990, 1, 1),
        "admission_decision_date": date(2025, 6, 2),
        "ceremony_date": date(2025, 6, 20),
        **fields,
    }
    with pytest.raises(ValidationError) as error:
        services.admit_member(organisation=tree.a, **data, by=root())
    assert message in " ".join(error.value.messages)
    assert not Member.objects.filter(full_name="Trần Văn Nam").exists()


def test_admit_member_refuses_a_dissolved_branch(tree):
    services.dissolve_organisation(org=tree.a2, on=date(2025, 1, 1), by=root())
    with pytest.raises(ValidationError, match="đã giải thể"):
        services.admit_member(
            organisation=tree.a2,
            full_name="Trần Văn Nam",
            gender="M",
            birth_date=date(1990, 1, 1),
            ceremony_date=date(2025, 6, 20),
            by=root(),
        )
    assert not Member.objects.filter(organisation=tree.a2).exists()


def test_recognise_official_dates_the_end_of_probation_even_when_decided_late(tree, people):
    # V9: ceremony 15/3/2024, decision 10/5/2025 -> official as of 15/3/2025.
    member = MemberFactory(
        organisation=tree.a,
        ceremony_date=date(2024, 3, 15),
        official_date=None,
        admission_decision_date=date(2024, 3, 1),
    )
    services.recognise_official(member=member, decided_on=date(2025, 5, 10), by=people.secretary_a)
    member.refresh_from_db()
    assert (member.status, member.official_date) == ("official", date(2025, 3, 15))
    assert member.events.filter(kind="recognised").get().on == date(2025, 3, 15)


def test_recognise_official_refuses_before_twelve_months(tree):
    member = MemberFactory(organisation=tree.a, ceremony_date=date(2024, 3, 15), official_date=None)
    refused(
        lambda: services.recognise_official(member=member, decided_on=date(2025, 3, 14), by=root()),
        member,
        "Chưa đủ 12 tháng dự bị: sớm nhất được xét từ ngày 15/03/2025",
    )


def test_update_member_refuses_an_official_date_before_the_ceremony(tree, member_a):
    refused(
        lambda: services.update_member(
            member=member_a, version=member_a.version, official_date=date(2009, 1, 1), by=root()
        ),
        member_a,
        "Ngày chính thức phải sau 12 tháng dự bị",
    )


def test_update_member_refuses_a_stale_version_and_keeps_the_first_save(tree, member_a):
    loaded_version = member_a.version
    services.update_member(member=member_a, version=loaded_version, occupation="Giáo viên", by=root())
    refused(
        lambda: services.update_member(
            member=member_a, version=loaded_version, occupation="Nông dân", by=root()
        ),
        member_a,
        "đã được người khác cập nhật",
    )
    member_a.refresh_from_db()
    assert member_a.occupation == "Giáo viên"


def test_update_member_records_who_changed_which_field(tree, people, member_a):
    services.update_member(
        member=member_a, version=member_a.version, full_name="Nguyễn Văn Ân", by=people.secretary_a
    )
    change = ChangeRecord.objects.filter(model="member", object_id=member_a.pk, action="update").get()
    assert (change.actor, change.changes) == (
        people.secretary_a,
        {"full_name": ["Nguyễn Văn An", "Nguyễn Văn Ân"]},
    )
    member_a.refresh_from_db()
    assert member_a.search_name == "nguyen van an"


# Two records of one person ---------------------------------------------------------------------


def admit(org, by=None, **fields):
    return services.admit_member(
        organisation=org,
        by=by or root(),
        **{
            "full_name": "Trần Văn Bảy",
            "gender": "M",
            "birth_date": date(1975, 3, 2),
            "ethnicity": "Kinh",
            "ceremony_date": date(2001, 5, 19),
            **fields,
        },
    )


def refusal(call) -> dict:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.message_dict


def test_a_cccd_already_registered_in_scope_names_the_member_and_chi_bo(tree, people):
    admit(tree.a, full_name="Lê Văn Tám", cccd="084123456789", card_number="01234567")
    count = Member.objects.count()

    cccd = refusal(lambda: admit(tree.a2, by=people.reviewer_x, cccd="084123456789"))
    card = refusal(lambda: admit(tree.a, by=people.secretary_a, card_number="01234567"))

    assert cccd == {
        "cccd": ["Số CCCD 084123456789 đã được đăng ký cho đồng chí Lê Văn Tám (1975), Chi bộ ấp Chợ Dưới."]
    }
    assert card == {
        "card_number": [
            "Số thẻ đảng viên 01234567 đã được đăng ký cho đồng chí Lê Văn Tám (1975), Chi bộ ấp Chợ Dưới."
        ]
    }
    assert Member.objects.count() == count


def test_a_cccd_registered_outside_the_users_scope_names_nobody(tree, people):
    """CCCD identifies a person nationally: refused anywhere, but a name outside the user's
    scope is not theirs to learn."""
    admit(tree.b, full_name="Lê Văn Tám", cccd="084123456789")

    message = refusal(lambda: admit(tree.a, by=people.secretary_a, cccd="084123456789"))

    assert message == {
        "cccd": [
            "Số CCCD 084123456789 đã được đăng ký cho một đảng viên thuộc tổ chức đảng khác. Kiểm tra lại số; "
            "nếu đúng, đề nghị chi bộ nơi đó chuyển sinh hoạt đảng cho đồng chí."
        ]
    }
    assert Member.objects.filter(cccd="084123456789").count() == 1


def test_a_cccd_of_a_member_who_left_says_so(tree, people):
    left = admit(tree.a, full_name="Lê Văn Tám", cccd="084123456789")
    services.record_leaving(member=left, reason="xin_ra", on=date(2020, 1, 1), by=root())

    message = refusal(lambda: admit(tree.a, by=people.secretary_a, cccd="084123456789"))

    assert message == {
        "cccd": [
            "Số CCCD 084123456789 đã được đăng ký cho đồng chí Lê Văn Tám (1975), Chi bộ ấp Chợ Dưới, "
            "đã ra khỏi Đảng."
        ]
    }


def test_correcting_a_record_to_anothers_cccd_is_refused_with_their_name(tree, people, member_a):
    admit(tree.a, cccd="084123456789")

    message = refusal(
        lambda: services.update_member(
            member=member_a, version=member_a.version, cccd="084123456789", by=people.secretary_a
        )
    )

    assert message == {
        "cccd": ["Số CCCD 084123456789 đã được đăng ký cho đồng chí Trần Văn Bảy (1975), Chi bộ ấp Chợ Dưới."]
    }
    member_a.refresh_from_db()
    assert member_a.cccd == ""


def test_the_database_keeps_one_member_per_cccd(tree):
    from django.db import IntegrityError, transaction

    first = admit(tree.a, cccd="084123456789")
    second = admit(tree.b, full_name="Lê Văn Tám")
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.filter(pk=second.pk).update(cccd=first.cccd)
    assert list(Member.objects.filter(cccd="").values_list("pk", flat=True)) == [
        second.pk
    ]  # blanks may repeat


def test_the_same_name_and_birth_date_in_the_chi_bo_asks_first(tree, people):
    first = admit(tree.a)
    count = Member.objects.count()

    with pytest.raises(services.SamePerson) as question:
        admit(tree.a, full_name="Tran Van Bay", by=people.secretary_a)  # typed without diacritics

    assert question.value.members == [first]
    assert question.value.messages == [
        "Đã có đảng viên Trần Văn Bảy cùng họ tên và ngày sinh (02/03/1975) ở chi bộ này (vào Đảng 19/05/2001, "
        f"nhập lúc {timezone.localtime(first.created_at):%H:%M ngày %d/%m/%Y}). Vẫn thêm?"
    ]
    assert Member.objects.count() == count


def test_a_confirmed_namesake_is_added_and_one_added_meanwhile_is_asked_about(tree):
    first = admit(tree.a)

    second = admit(tree.a, same_as=[first.pk])
    with pytest.raises(services.SamePerson) as question:
        admit(tree.a, same_as=[first.pk])  # the same confirmed form, sent a second time

    assert question.value.members == [first, second]
    assert Member.objects.filter(search_name="tran van bay").count() == 2


def test_namesakes_elsewhere_born_another_day_or_with_other_tones_are_not_asked_about(tree):
    admit(tree.a)

    admit(tree.b)
    admit(tree.a, birth_date=date(1975, 3, 3))
    admit(tree.a, full_name="Trần Văn Bày")  # another name, not a typing slip

    assert Member.objects.filter(search_name="tran van bay").count() == 4


# Exemption and suspension ----------------------------------------------------------------------


def test_exemption_and_its_end_are_events_on_the_timeline(tree, member_a):
    services.exempt_member(member=member_a, on=date(2024, 5, 1), reason="Tuổi cao, sức khỏe yếu", by=root())
    services.end_exemption(member=member_a, on=date(2025, 2, 1), by=root())
    member_a.refresh_from_db()
    assert member_a.is_exempt is False
    assert list(member_a.events.values_list("kind", "on")) == [
        ("admitted", date(2010, 1, 15)),
        ("recognised", date(2011, 1, 15)),
        ("exempted", date(2024, 5, 1)),
        ("exemption_ended", date(2025, 2, 1)),
    ]


def test_exempting_twice_is_refused(tree, member_a):
    services.exempt_member(member=member_a, on=date(2024, 5, 1), reason="Tuổi cao", by=root())
    refused(
        lambda: services.exempt_member(member=member_a, on=date(2024, 6, 1), reason="x", by=root()),
        member_a,
        "đang được miễn công tác và sinh hoạt đảng",
    )


def test_ending_a_suspension_that_does_not_exist_is_refused(tree, member_a):
    refused(
        lambda: services.end_suspension(member=member_a, on=date(2025, 1, 1), by=root()),
        member_a,
        "không bị đình chỉ",
    )


# Transfers (domain-rules §5.4) -----------------------------------------------------------------


def test_official_transfer_moves_the_member_when_the_receiving_side_confirms(tree, people, member_a):
    transfer = services.request_transfer(
        member=member_a,
        kind="official",
        to_organisation=tree.b,
        decided_on=date(2025, 6, 1),
        by=people.secretary_a,
    )
    member_a.refresh_from_db()
    assert member_a.organisation == tree.a  # nothing moves until the receiving chi bộ confirms
    services.confirm_transfer(transfer=transfer, on=date(2025, 6, 20), by=people.secretary_b)
    member_a.refresh_from_db()
    transfer.refresh_from_db()
    assert (member_a.organisation, transfer.status, transfer.confirmed_by) == (
        tree.b,
        "ended",
        people.secretary_b,
    )
    assert list(
        member_a.events.exclude(kind__in=["admitted", "recognised"]).values_list("kind", "organisation")
    ) == [("transfer_requested", tree.a.pk), ("transferred", tree.b.pk)]


def test_temporary_activity_hosts_the_member_and_ends_back_home(tree, member_a):
    transfer = services.request_transfer(
        member=member_a,
        kind="temporary",
        to_organisation=tree.b,
        decided_on=date(2025, 4, 1),
        ends_on=date(2025, 12, 1),
        by=root(),
    )
    services.confirm_transfer(transfer=transfer, on=date(2025, 4, 3), by=root())
    member_a.refresh_from_db()
    assert (member_a.organisation, member_a.temporary_organisation) == (tree.a, tree.b)
    services.end_temporary(transfer=transfer, on=date(2025, 11, 30), by=root())
    member_a.refresh_from_db()
    assert member_a.temporary_organisation is None
    assert Transfer.objects.get(pk=transfer.pk).status == "ended"


def test_transfer_into_a_dissolved_branch_is_refused(tree, member_a):
    services.dissolve_organisation(org=tree.a2, on=date(2024, 12, 31), by=root())
    refused(
        lambda: services.request_transfer(
            member=member_a, kind="official", to_organisation=tree.a2, decided_on=date(2025, 6, 1), by=root()
        ),
        member_a,
        "Chi bộ ấp Tân Hạnh đã giải thể ngày 31/12/2024",
    )


@pytest.mark.parametrize(
    ("target", "message"),
    [("a", "trùng với chi bộ hiện tại"), ("x", "không phải là chi bộ")],
    ids=["same-branch", "not-a-branch"],
)
def test_transfer_to_an_unsuitable_place_is_refused(tree, member_a, target, message):
    refused(
        lambda: services.request_transfer(
            member=member_a,
            kind="official",
            to_organisation=getattr(tree, target),
            decided_on=date(2025, 6, 1),
            by=root(),
        ),
        member_a,
        message,
    )


def test_a_second_open_transfer_is_refused(tree, member_a):
    services.request_transfer(
        member=member_a, kind="official", to_organisation=tree.b, decided_on=date(2025, 6, 1), by=root()
    )
    refused(
        lambda: services.request_transfer(
            member=member_a, kind="temporary", to_organisation=tree.a2, decided_on=date(2025, 6, 2), by=root()
        ),
        member_a,
        "chưa kết thúc",
    )


def test_confirming_before_the_decision_date_is_refused(tree, member_a):
    transfer = services.request_transfer(
        member=member_a, kind="official", to_organisation=tree.b, decided_on=date(2025, 6, 1), by=root()
    )
    refused(
        lambda: services.confirm_transfer(transfer=transfer, on=date(2025, 5, 1), by=root()),
        member_a,
        "không thể trước ngày quyết định chuyển",
    )
    assert Transfer.objects.get(pk=transfer.pk).status == "pending"


# Discipline (domain-rules §5.5) ----------------------------------------------------------------

DISCIPLINE = {
    "decision_number": "05-QĐ/ĐU",
    "decided_on": date(2025, 1, 10),
    "authority": "Đảng ủy xã Phước Hưng",
}


@pytest.mark.parametrize("form", ["cach_chuc", "khai_tru"])
def test_probationary_member_cannot_be_dismissed_or_expelled(tree, form):
    # V14: a dự bị member may only be reprimanded or warned.
    member = MemberFactory(organisation=tree.a, ceremony_date=date(2024, 6, 1), official_date=None)
    Position.objects.create(
        member=member, organisation=tree.a, title="chi_uy_vien", starts_on=date(2024, 7, 1)
    )
    refused(
        lambda: services.discipline_member(member=member, form=form, **DISCIPLINE, by=root()),
        member,
        "Đảng viên dự bị chỉ bị kỷ luật khiển trách hoặc cảnh cáo",
    )


def test_dismissal_needs_a_party_post(tree, member_a):
    refused(
        lambda: services.discipline_member(member=member_a, form="cach_chuc", **DISCIPLINE, by=root()),
        member_a,
        "Chỉ cách chức đảng viên đang giữ chức vụ trong Đảng",
    )


def test_reprimand_lapses_after_one_year(tree, member_a):
    # V13: khiển trách announced 10/01/2025 ceases to have effect on 10/01/2026.
    discipline = services.discipline_member(
        member=member_a, form="khien_trach", duty_related=True, **DISCIPLINE, by=root()
    )
    assert discipline.effective_until == date(2026, 1, 10)
    member_a.refresh_from_db()
    assert member_a.is_current


def test_expulsion_ends_membership_and_closes_posts(tree, member_a):
    position = services.add_position(
        member=member_a, organisation=tree.a, title="bi_thu", starts_on=date(2020, 6, 1), by=root()
    )
    services.discipline_member(member=member_a, form="khai_tru", **DISCIPLINE, by=root())
    member_a.refresh_from_db()
    position.refresh_from_db()
    assert (member_a.status, member_a.left_on, position.ends_on) == (
        "left",
        date(2025, 1, 10),
        date(2025, 1, 10),
    )
    assert Discipline.objects.get(member=member_a).effective_until is None
    assert member_a.events.filter(kind=MemberEvent.Kind.LEFT).exists()


def test_a_member_who_left_cannot_be_disciplined_again(tree, member_a):
    services.record_leaving(member=member_a, reason="xin_ra", on=date(2025, 3, 1), by=root())
    refused(
        lambda: services.discipline_member(member=member_a, form="khien_trach", **DISCIPLINE, by=root()),
        member_a,
        "không còn là đảng viên",
    )


# Leaving and positions ------------------------------------------------------------------------


def test_death_is_recorded_and_ends_exemption(tree, member_a):
    services.exempt_member(member=member_a, on=date(2023, 1, 1), reason="Tuổi cao", by=root())
    services.record_leaving(member=member_a, reason="tu_tran", on=date(2025, 8, 8), by=root())
    member_a.refresh_from_db()
    assert (member_a.status, member_a.is_exempt, member_a.left_on) == ("deceased", False, date(2025, 8, 8))


def test_a_branch_has_one_sitting_secretary(tree, member_a):
    services.add_position(
        member=member_a, organisation=tree.a, title="bi_thu", starts_on=date(2020, 6, 1), by=root()
    )
    other = MemberFactory(organisation=tree.a)
    refused(
        lambda: services.add_position(
            member=other, organisation=tree.a, title="bi_thu", starts_on=date(2025, 6, 1), by=root()
        ),
        other,
        "đã có bí thư đương nhiệm",
    )


def test_a_position_cannot_be_held_in_an_unrelated_organisation(tree, member_a):
    refused(
        lambda: services.add_position(
            member=member_a, organisation=tree.b, title="chi_uy_vien", starts_on=date(2025, 1, 1), by=root()
        ),
        member_a,
        "Chức vụ phải thuộc chi bộ của đảng viên",
    )


def test_change_history_reads_in_vietnamese(tree, people, member_a):
    services.update_member(
        member=member_a,
        version=member_a.version,
        political_theory="trung_cap",
        in_political_system=True,
        by=people.secretary_a,
    )
    change = ChangeRecord.objects.get(model="member", object_id=member_a.pk, action="update")
    assert sorted(change.readable_changes()) == [
        ("làm việc trong hệ thống chính trị", "không", "có"),
        ("lý luận chính trị", "Chưa qua đào tạo", "Trung cấp"),
    ]


# Regressions found in review ---------------------------------------------------------------------


def test_entering_an_official_member_writes_admission_and_recognition(tree):
    member = MemberFactory(organisation=tree.a)
    assert list(member.events.values_list("kind", "on")) == [
        ("admitted", date(2010, 1, 15)),
        ("recognised", date(2011, 1, 15)),
    ]


def test_correcting_the_ceremony_date_moves_its_event(tree, member_a):
    services.update_member(
        member=member_a, version=member_a.version, ceremony_date=date(2010, 1, 10), by=root()
    )
    assert member_a.events.get(kind="admitted").on == date(2010, 1, 10)


def test_an_official_date_cannot_be_typed_onto_a_probationary_member(tree):
    member = MemberFactory(organisation=tree.a, ceremony_date=date(2024, 1, 1), official_date=None)
    refused(
        lambda: services.update_member(
            member=member, version=member.version, official_date=date(2025, 1, 2), by=root()
        ),
        member,
        "dùng chức năng “Công nhận chính thức”",
    )


def test_an_official_member_keeps_an_official_date(tree, member_a):
    refused(
        lambda: services.update_member(
            member=member_a, version=member_a.version, official_date=None, by=root()
        ),
        member_a,
        "phải có ngày chính thức",
    )


def test_leaving_closes_every_open_state_on_the_timeline(tree, member_a):
    services.exempt_member(member=member_a, on=date(2024, 1, 1), reason="Tuổi cao", by=root())
    transfer = services.request_transfer(
        member=member_a, kind="temporary", to_organisation=tree.b, decided_on=date(2024, 6, 1), by=root()
    )
    services.confirm_transfer(transfer=transfer, on=date(2024, 6, 2), by=root())
    services.add_position(
        member=member_a, organisation=tree.a, title="chi_uy_vien", starts_on=date(2020, 1, 1), by=root()
    )

    services.record_leaving(member=member_a, reason="tu_tran", on=date(2025, 8, 8), by=root())

    closing = list(member_a.events.filter(on=date(2025, 8, 8)).values_list("kind", flat=True))
    assert closing == ["exemption_ended", "temporary_ended", "position_ended", "died"]
    transfer.refresh_from_db()
    member_a.refresh_from_db()
    assert (transfer.status, transfer.ends_on, member_a.left_reason) == ("ended", date(2025, 8, 8), "tu_tran")


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (services.exempt_member, services.end_exemption, "Ngày thôi miễn không thể trước ngày được miễn"),
        (
            services.suspend_member,
            services.end_suspension,
            "Ngày hết đình chỉ không thể trước ngày bị đình chỉ",
        ),
    ],
)
def test_a_state_cannot_end_before_it_began(tree, member_a, start, end, message):
    start(member=member_a, on=date(2025, 5, 1), reason="x", by=root())
    refused(lambda: end(member=member_a, on=date(2020, 1, 1), by=root()), member_a, message)


def test_an_official_transfer_ends_the_posts_of_the_old_branch_only(tree, member_a):
    services.add_position(
        member=member_a, organisation=tree.a, title="bi_thu", starts_on=date(2020, 6, 1), by=root()
    )
    commune_post = services.add_position(
        member=member_a, organisation=tree.x, title="chi_uy_vien", starts_on=date(2020, 6, 1), by=root()
    )
    transfer = services.request_transfer(
        member=member_a, kind="official", to_organisation=tree.a2, decided_on=date(2025, 6, 1), by=root()
    )
    services.confirm_transfer(transfer=transfer, on=date(2025, 6, 10), by=root())

    open_posts = list(Position.objects.filter(member=member_a, ends_on__isnull=True))
    assert open_posts == [commune_post]  # A2 is in the same commune: the commune post stays
    successor = MemberFactory(organisation=tree.a)
    assert services.add_position(
        member=successor, organisation=tree.a, title="bi_thu", starts_on=date(2025, 6, 15), by=root()
    )


def test_dissolving_closes_its_posts_and_refuses_while_someone_is_hosted(tree, member_a):
    guest = MemberFactory(organisation=tree.b)
    transfer = services.request_transfer(
        member=guest, kind="temporary", to_organisation=tree.a2, decided_on=date(2025, 1, 1), by=root()
    )
    services.confirm_transfer(transfer=transfer, on=date(2025, 1, 2), by=root())
    with pytest.raises(ValidationError, match="1 đảng viên đang sinh hoạt tạm thời"):
        services.dissolve_organisation(org=tree.a2, on=date(2025, 6, 30), by=root())

    services.end_temporary(transfer=transfer, on=date(2025, 3, 1), by=root())
    post = services.add_position(
        member=member_a, organisation=tree.x, title="chi_uy_vien", starts_on=date(2020, 1, 1), by=root()
    )
    services.dissolve_organisation(org=tree.a2, on=date(2025, 6, 30), by=root())
    post.refresh_from_db()
    assert post.ends_on is None  # a post elsewhere is untouched


def test_a_second_deputy_is_refused_in_a_branch_but_allowed_in_a_committee(tree):
    first, second = MemberFactory(organisation=tree.g1), MemberFactory(organisation=tree.g1)
    services.add_position(
        member=first, organisation=tree.g1, title="pho_bi_thu", starts_on=date(2025, 1, 1), by=root()
    )
    refused(
        lambda: services.add_position(
            member=second, organisation=tree.g1, title="pho_bi_thu", starts_on=date(2025, 1, 1), by=root()
        ),
        second,
        "đã có phó bí thư đương nhiệm",
    )
    services.add_position(
        member=first, organisation=tree.g, title="pho_bi_thu", starts_on=date(2025, 1, 1), by=root()
    )
    assert services.add_position(
        member=second, organisation=tree.g, title="pho_bi_thu", starts_on=date(2025, 1, 1), by=root()
    )
