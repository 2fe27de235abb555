"""Every write through a service leaves a change record: who, when, what changed, where.

The writing services are found, not listed by hand (tests/writing_services.py). Each must have a
row in SERVICES below (how to prepare a small case and call it, and which organisation the record is
about); a new service without a row fails `test_every_writing_service_is_in_the_table`, one that
writes no record fails `test_each_writing_service_leaves_a_change_record`.

The rating and recognition workflows also write their own step rows (Transition, RecognitionEvent);
those say which step, the change record says what else the step changed (score, tasks, texts,
decision), so both are written and a history reads one table.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from branches import services as bs
from branches.imports.apply import Sources, apply_plan
from branches.imports.preview import plan
from branches.models import ChangeRecord, Discipline, Member, Organisation, Reminder, RoleAssignment
from branches.services import accounts
from branches.services.criteria_sets import copy_criteria_set, update_criteria_set
from branches.services.reminders import mark_reminder_done
from meetings import services as ms
from meetings.dues import rules as dues_rules
from meetings.dues import services as dues
from meetings.dues.configure import update_parameters
from meetings.dues.statements import import_statement
from meetings.models import ScoreCriterion
from ratings import services as rs
from ratings.models import MemberRating, OrganisationRating, RecognitionScheme
from ratings.rules.common import Tasks
from tests.branches.import_rows import member_row, result
from tests.branches.test_access import lock_out
from tests.documents import pdf_upload
from tests.factories import MemberFactory, UserFactory, root
from tests.writing_services import writing_services

GOOD_YEAR = Tasks(assigned=10, on_time=10, exceeded=4)


# Small cases -------------------------------------------------------------------------------------


def at(days: int, hour: int = 19):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def own_reminder(c):
    """A reminder of the administrator's (whoever else calls the service is refused)."""
    return Reminder.objects.create(
        user=c.people.admin,
        kind="member.recognition",
        key=str(c.member.pk),
        organisation=c.tree.a,
        title="Nguyễn Văn An: đến hạn xét công nhận chính thức",
        url=f"/dang-vien/{c.member.pk}/",
        first_seen=timezone.localdate(),
    )


def branch_of_three(c):
    return [c.member, MemberFactory(organisation=c.tree.a), MemberFactory(organisation=c.tree.a)]


def meeting_record(members, **fields):
    started = at(-3)
    values = {
        "kind": "regular",
        "started_at": started,
        "ended_at": started + timedelta(minutes=120),
        "chair_id": members[0].pk,
        "recorder_id": members[1].pk,
        "conclusion": "Chi bộ thống nhất nhiệm vụ tháng tới.",
        "attendance": {},
    }
    return ms.Record(**{**values, **fields})


def manual_max(meeting):
    sheet = ms.sheet_for(meeting.organisation, meeting.year, meeting.kind)
    return {cr.pk: cr.max_points for cr in sheet.criteria.all() if not cr.auto}


def draft(c):
    return ms.save_meeting(organisation=c.tree.a, record=meeting_record(branch_of_three(c)), by=root())


def finalised(c):
    meeting = draft(c)
    return ms.finalise_meeting(
        meeting=meeting, version=meeting.version, manual_scores=manual_max(meeting), by=root()
    )


def planned(c):
    return ms.plan_meeting(
        organisation=c.tree.a, kind="thematic", planned_start=at(20), topic="Học tập Nghị quyết", by=root()
    )


def province_sheet(c):
    national = ms.sheet_for(c.tree.a, timezone.localdate().year + 1, "regular")
    return copy_criteria_set(
        source=national, province=c.tree.province, year=timezone.localdate().year + 1, by=root()
    )


def sheet_rows(sheet):
    return [
        {
            "label": cr.label,
            "max_points": cr.max_points,
            "auto": cr.auto,
            "required_for_good": cr.required_for_good,
        }
        for cr in sheet.criteria.all()
    ]


def period(c):
    return rs.open_period(province=c.tree.province, year=2025, small_group_minimum=1, by=root())


def rating(c, status="pending"):
    p = period(c)
    r = MemberRating.objects.current().get(period=p, member=c.member)
    if status == "pending":
        return r
    r = rs.self_assess(
        rating=r,
        version=r.version,
        score=92,
        tasks=GOOD_YEAR,
        shortcomings_pointed=0,
        shortcomings_remedied=0,
        self_level="HTXSNV",
        by=root(),
    )
    if status == "self_assessed":
        return r
    [r] = rs.propose(ratings=[r], levels={r.pk: "HTXSNV"}, versions={r.pk: r.version}, by=root())
    if status == "proposed":
        return r
    [r] = rs.decide(
        ratings=[r],
        levels={r.pk: "HTXSNV"},
        versions={r.pk: r.version},
        decision_number="25-QĐ/ĐU",
        decided_on=date(2025, 12, 20),
        by=root(),
    )
    return r


def waiting_rating(c):
    """member_a on a temporary stay at chi bộ B: the rating waits for B's comment."""
    stay = bs.request_transfer(
        member=c.member, kind="temporary", to_organisation=c.tree.b, decided_on=date(2025, 3, 1), by=root()
    )
    bs.confirm_transfer(transfer=stay, on=date(2025, 3, 2), by=root())
    return rating(c)


def org_rating(c, status="pending"):
    decided_member = rating(c, "decided")
    r = OrganisationRating.objects.current().get(period=decided_member.period, organisation=c.tree.a)
    if status == "pending":
        return r
    r = rs.self_assess_organisation(
        rating=r, version=r.version, score=92, tasks=GOOD_YEAR, self_level="HTXSNV", by=root()
    )
    if status == "self_assessed":
        return r
    r = rs.propose_organisation(rating=r, version=r.version, level="HTXSNV", by=root())
    if status == "proposed":
        return r
    return rs.decide_organisation(
        rating=r,
        version=r.version,
        level="HTXSNV",
        decision_number="30-QĐ/ĐU",
        decided_on=date(2025, 12, 25),
        by=root(),
    )


def scheme(code="chi-bo-bon-tot"):
    return RecognitionScheme.objects.get(code=code, province__isnull=True)


def registration(c, status="registered"):
    rec = rs.register_recognition(
        scheme=scheme(), organisation=c.tree.a, year=2025, today=date(2025, 1, 15), by=root()
    )
    if status == "registered":
        return rec
    rec = rs.report_recognition(recognition=rec, version=rec.version, evidence=evidence(rec), by=root())
    if status == "reported":
        return rec
    return rs.appraise_recognition(
        recognition=rec, version=rec.version, verdicts={r.pk: True for r in rec.results.all()}, by=root()
    )


def evidence(rec):
    return {r.pk: "Đã thực hiện." for r in rec.results.filter(kind="manual")}


def good_year(c):
    """Chi bộ A meets "Chi bộ bốn tốt" in 2025 (as tests/ratings/test_recognitions.py builds it)."""
    from tests.ratings.test_recognitions import meetings, rate

    Organisation.objects.filter(pk=c.tree.a.pk).update(area_type="ap")
    c.tree.a.refresh_from_db()
    crew = [MemberFactory(organisation=c.tree.a) for _ in range(5)]
    rate(
        c.tree.province,
        2025,
        members={m: "HTTNV" for m in [c.member, *crew]},
        orgs={c.tree.a: "HTXSNV", c.tree.x: "HTTNV"},
    )
    meetings(c.tree.a, 2025)


def recognised(c):
    good_year(c)
    rec = registration(c, "appraised")
    return rs.recognise(
        recognition=rec,
        version=rec.version,
        decision_number="45-QĐ/ĐU",
        decided_on=date(2026, 1, 20),
        by=root(),
    )


def basis_gone(c):
    """Recognised on 2025's results, then the chi bộ's 2025 level lowered (as a re-rating does)."""
    recognised(c)
    OrganisationRating.objects.filter(organisation=c.tree.a, period__year=2025).update(level="HTNV")


def province_scheme(c):
    return copy_criteria_set(source=scheme(), province=c.tree.province, by=root())


def scheme_fields(s):
    names = (
        "name",
        "issuing_body",
        "basis",
        "valid_from",
        "valid_until",
        "applies_to",
        "area_types",
        "years_running",
        "appraised_by",
        "decided_by",
        "revocation",
    )
    return {name: getattr(s, name) for name in names}


def scheme_criteria(s):
    names = ("group", "label", "kind", "measure", "level", "comparison", "threshold")
    return [{name: getattr(cr, name) for name in names} for cr in s.criteria.all()]


def rating_sheet(c):
    national = rs.sheet_for(SimpleNamespace(year=2026, province_id=c.tree.province.pk), "PL5")
    return copy_criteria_set(source=national, province=c.tree.province, year=2026, by=root())


def rating_sheet_rows(s):
    return [{"group": cr.group, "label": cr.label, "max_points": cr.max_points} for cr in s.criteria.all()]


def nothing(c):
    return None


def dues_period():
    return dues_rules.add_months(dues_rules.first_of(timezone.localdate()), -1)


def dues_book(c):
    """Last month's book of chi bộ A, written with member_a unpaid."""
    period = dues_period()
    dues.collect_month(
        organisation=c.tree.a,
        period=period,
        on=period.replace(day=3),
        version=0,
        rows={c.member.pk: dues.Collected(False)},
        by=c.people.secretary_a,
    )
    return period


def statement_token(c):
    from meetings.dues import statements

    Member.objects.filter(pk=c.member.pk).update(card_number="12345678")
    columns = statements.Columns("A", "card", "B", "C", "D", "")
    content = f"the,so,ngay,ma\n12345678,6000,{timezone.localdate():%d/%m/%Y},DVC1\n".encode()
    return statements.sign(statements.read(content, "sao-ke.csv", columns, timezone.localdate()), columns)


def upload():
    return pdf_upload("bien-ban.pdf")


# The table: service → (prepare, call, the organisation the record is about) ----------------------

A = "a"  # shorthand: the record is scoped to chi bộ A


def new_tree(under):
    committee = bs.NewOrganisation(
        under, Organisation.Kind.GRASSROOTS_COMMITTEE, "NEWG", "Đảng bộ trường học"
    )
    return [committee, bs.NewOrganisation(committee, Organisation.Kind.CELL, "NEWC", "Chi bộ giáo viên")]


def import_plan(c):
    """A file of one new member of chi bộ A, planned within commune X."""
    return plan(result([member_row(2, "A", cccd="084090000077")]), c.tree.x)


SERVICES = {
    # branches.services.admissions: the members of an import, in bulk
    "branches.services.admissions.admit_members": (
        nothing,
        lambda c, _: bs.admit_members(
            entries=[
                (
                    c.tree.a,
                    {
                        "full_name": "Trần Thị Bé",
                        "gender": "F",
                        "birth_date": date(1990, 1, 1),
                        "ceremony_date": date(2020, 1, 1),
                    },
                )
            ],
            by=c.by,
        ),
        A,
    ),
    # branches.imports.apply: the import of a checked file
    "branches.imports.apply.apply_plan": (
        import_plan,
        lambda c, p: apply_plan(plan=p, sources=Sources("dang-vien.xlsx"), by=c.by),
        "x",
    ),
    # branches.services.members
    "branches.services.members.admit_member": (
        nothing,
        lambda c, _: bs.admit_member(
            organisation=c.tree.a,
            by=c.by,
            full_name="Trần Thị Bé",
            gender="F",
            birth_date=date(1990, 1, 1),
            ethnicity="Kinh",
            ceremony_date=date(2020, 1, 1),
            official_date=date(2021, 1, 1),
        ),
        A,
    ),
    "branches.services.members.update_member": (
        nothing,
        lambda c, _: bs.update_member(
            member=c.member, version=c.member.version, political_theory="trung_cap", by=c.by
        ),
        A,
    ),
    "branches.services.lifecycle.recognise_official": (
        lambda c: MemberFactory(
            organisation=c.tree.a,
            ceremony_date=date(2023, 1, 1),
            official_date=None,
            admission_decision_date=date(2022, 12, 1),
        ),
        lambda c, m: bs.recognise_official(member=m, decided_on=date(2024, 2, 1), by=c.by),
        A,
    ),
    "branches.services.lifecycle.exempt_member": (
        nothing,
        lambda c, _: bs.exempt_member(member=c.member, on=date(2025, 1, 1), reason="Tuổi cao", by=c.by),
        A,
    ),
    "branches.services.lifecycle.end_exemption": (
        lambda c: bs.exempt_member(member=c.member, on=date(2025, 1, 1), reason="Tuổi cao", by=root()),
        lambda c, m: bs.end_exemption(member=m, on=date(2025, 6, 1), by=c.by),
        A,
    ),
    "branches.services.lifecycle.suspend_member": (
        nothing,
        lambda c, _: bs.suspend_member(
            member=c.member, on=date(2025, 1, 1), reason="Đang bị điều tra", by=c.by
        ),
        A,
    ),
    "branches.services.lifecycle.end_suspension": (
        lambda c: bs.suspend_member(
            member=c.member, on=date(2025, 1, 1), reason="Đang bị điều tra", by=root()
        ),
        lambda c, m: bs.end_suspension(member=m, on=date(2025, 6, 1), by=c.by),
        A,
    ),
    "branches.services.lifecycle.discipline_member": (
        nothing,
        lambda c, _: bs.discipline_member(
            member=c.member,
            form=Discipline.Form.REPRIMAND,
            decision_number="12-QĐ/UBKT",
            decided_on=date(2025, 3, 1),
            authority="Ủy ban kiểm tra Đảng ủy xã",
            by=c.by,
        ),
        A,
    ),
    "branches.services.lifecycle.record_leaving": (
        nothing,
        lambda c, _: bs.record_leaving(member=c.member, reason="xin_ra", on=date(2025, 5, 1), by=c.by),
        A,
    ),
    "branches.services.positions.add_position": (
        nothing,
        lambda c, _: bs.add_position(
            member=c.member, organisation=c.tree.a, title="chi_uy_vien", starts_on=date(2024, 1, 1), by=c.by
        ),
        A,
    ),
    "branches.services.positions.end_position": (
        lambda c: bs.add_position(
            member=c.member, organisation=c.tree.a, title="chi_uy_vien", starts_on=date(2024, 1, 1), by=root()
        ),
        lambda c, p: bs.end_position(position=p, on=date(2025, 1, 1), by=c.by),
        A,
    ),
    # branches.services.accounts
    "branches.services.accounts.reset_password": (
        nothing,
        lambda c, _: accounts.reset_password(user=c.people.secretary_a, by=c.by),
        A,
    ),
    "branches.services.accounts.disable_account": (
        nothing,
        lambda c, _: accounts.disable_account(user=c.people.secretary_a, by=c.by),
        A,
    ),
    "branches.services.accounts.enable_account": (
        lambda c: accounts.disable_account(user=c.people.secretary_a, by=c.people.admin),
        lambda c, _: accounts.enable_account(user=c.people.secretary_a, by=c.by),
        A,
    ),
    "branches.services.accounts.create_member_login": (
        nothing,
        lambda c, _: accounts.create_member_login(member=c.member, username="dangvien.a", by=c.by),
        A,
    ),
    "branches.services.accounts.reset_forgotten_password": (
        nothing,
        lambda c, _: accounts.reset_forgotten_password(user=c.by, password="mat-khau-moi-12345"),
        "province",
    ),
    "branches.services.accounts.change_own_password": (
        nothing,
        lambda c, _: accounts.change_own_password(user=c.by, password="mat-khau-moi-12345"),
        "province",
    ),
    "branches.services.accounts.update_own_email": (
        nothing,
        lambda c, _: accounts.update_own_email(email="quantri@example.vn", email_reminders=False, by=c.by),
        "province",
    ),
    # branches.services.reminders: the reminder is the administrator's own, about chi bộ A
    "branches.services.reminders.mark_reminder_done": (
        own_reminder,
        lambda c, reminder: mark_reminder_done(reminder=reminder, by=c.by),
        A,
    ),
    "branches.services.accounts.lift_lockout": (
        lambda c: lock_out("bithu_a", "203.0.113.9"),
        lambda c, attempt: accounts.lift_lockout(attempt=attempt, by=c.by),
        A,
    ),
    # branches.services.organisations
    "branches.services.organisations.create_organisation": (
        nothing,
        lambda c, _: bs.create_organisation(
            parent=c.tree.x, kind=Organisation.Kind.CELL, code="NEW", name="Chi bộ ấp Mới", by=c.by
        ),
        "x",
    ),
    # An import's new tree: a đảng bộ cơ sở and a chi bộ under it, in one batch.
    "branches.services.founding.create_organisations": (
        nothing,
        lambda c, _: bs.create_organisations(new=new_tree(c.tree.x), by=c.by),
        "x",
    ),
    "branches.services.organisations.update_organisation": (
        nothing,
        lambda c, _: bs.update_organisation(
            org=c.tree.a, version=c.tree.a.version, name="Chi bộ ấp Chợ Trên", by=c.by
        ),
        A,
    ),
    "branches.services.organisations.move_organisation": (
        nothing,
        lambda c, _: bs.move_organisation(org=c.tree.a2, new_parent=c.tree.y, by=c.by),
        "y",
    ),
    "branches.services.organisations.dissolve_organisation": (
        nothing,
        lambda c, _: bs.dissolve_organisation(org=c.tree.a2, on=date(2025, 7, 1), by=c.by),
        "a2",
    ),
    # branches.services.roles
    "branches.services.roles.create_account": (
        nothing,
        lambda c, _: bs.create_account(
            username="moi", full_name="Người Mới", password="mat-khau-dai-12345", by=c.by
        ),
        None,
    ),
    "branches.services.roles.grant_role": (
        lambda c: UserFactory(),
        lambda c, user: bs.grant_role(
            user=user, organisation=c.tree.a, role=RoleAssignment.Role.SECRETARY, by=c.by
        ),
        A,
    ),
    "branches.services.roles.revoke_role": (
        lambda c: RoleAssignment.objects.get(user=c.people.secretary_a),
        lambda c, assignment: bs.revoke_role(assignment=assignment, by=c.by),
        A,
    ),
    # branches.services.transfers
    "branches.services.transfers.request_transfer": (
        nothing,
        lambda c, _: bs.request_transfer(
            member=c.member, kind="official", to_organisation=c.tree.b, decided_on=date(2025, 5, 1), by=c.by
        ),
        A,
    ),
    "branches.services.transfers.confirm_transfer": (
        lambda c: bs.request_transfer(
            member=c.member, kind="official", to_organisation=c.tree.b, decided_on=date(2025, 5, 1), by=root()
        ),
        lambda c, t: bs.confirm_transfer(transfer=t, on=date(2025, 5, 5), by=c.by),
        "b",
    ),
    "branches.services.transfers.end_temporary": (
        lambda c: bs.confirm_transfer(
            transfer=bs.request_transfer(
                member=c.member,
                kind="temporary",
                to_organisation=c.tree.b,
                decided_on=date(2025, 5, 1),
                by=root(),
            ),
            on=date(2025, 5, 2),
            by=root(),
        ),
        lambda c, t: bs.end_temporary(transfer=t, on=date(2025, 9, 1), by=c.by),
        A,
    ),
    "branches.services.transfers.cancel_transfer": (
        lambda c: bs.request_transfer(
            member=c.member, kind="official", to_organisation=c.tree.b, decided_on=date(2025, 5, 1), by=root()
        ),
        lambda c, t: bs.cancel_transfer(transfer=t, on=date(2025, 5, 3), by=c.by),
        A,
    ),
    # branches.services.criteria_sets: each call writes for the three kinds
    "branches.services.criteria_sets.copy_criteria_set": (
        nothing,
        lambda c, _: [
            copy_criteria_set(source=source, province=c.tree.province, year=2030, by=c.by)
            for source in (
                ms.sheet_for(c.tree.a, 2025, "thematic"),
                rs.sheet_for(SimpleNamespace(year=2026, province_id=None), "PL4"),
                scheme(),
            )
        ],
        "province",
    ),
    "branches.services.criteria_sets.update_criteria_set": (
        lambda c: (province_sheet(c), rating_sheet(c), province_scheme(c)),
        lambda c, versions: [
            update_criteria_set(
                criteria_set=versions[0],
                fields={"name": "Phiếu của tỉnh", "good_min": 85, "fair_min": 70, "average_min": 50},
                criteria=sheet_rows(versions[0]),
                by=c.by,
            ),
            update_criteria_set(
                criteria_set=versions[1],
                fields={"name": "Phụ lục 5 của tỉnh"},
                criteria=rating_sheet_rows(versions[1]),
                by=c.by,
            ),
            update_criteria_set(
                criteria_set=versions[2],
                version=versions[2].version,
                fields={**scheme_fields(versions[2]), "name": "Chi bộ bốn tốt (tỉnh)"},
                criteria=scheme_criteria(versions[2]),
                by=c.by,
            ),
        ],
        "province",
    ),
    # meetings.services
    "meetings.services.minutes.save_meeting": (
        branch_of_three,
        lambda c, members: ms.save_meeting(organisation=c.tree.a, record=meeting_record(members), by=c.by),
        A,
    ),
    "meetings.services.scoring.finalise_meeting": (
        draft,
        lambda c, m: ms.finalise_meeting(meeting=m, version=m.version, manual_scores=manual_max(m), by=c.by),
        A,
    ),
    "meetings.services.minutes.amend_meeting": (
        finalised,
        lambda c, m: ms.amend_meeting(
            meeting=m,
            version=m.version,
            reason="Ghi nhầm kết luận",
            record=meeting_record([m.chair, m.recorder], conclusion="Kết luận đã sửa."),
            by=c.by,
        ),
        A,
    ),
    "meetings.services.minutes.comment_meeting": (
        finalised,
        lambda c, m: ms.comment_meeting(meeting=m, text="Cần bổ sung nghị quyết.", by=c.by),
        A,
    ),
    "meetings.services.scoring.adjust_score": (
        finalised,
        lambda c, m: ms.adjust_score(
            meeting=m,
            version=m.version,
            criterion=ScoreCriterion.objects.get(sheet=m.sheet, max_points=30),
            points=15,
            reason="Nghị quyết chưa sát thực tế",
            by=c.by,
        ),
        A,
    ),
    "meetings.services.plans.plan_meeting": (
        nothing,
        lambda c, _: ms.plan_meeting(
            organisation=c.tree.a, kind="thematic", planned_start=at(20), topic="Học tập Nghị quyết", by=c.by
        ),
        A,
    ),
    "meetings.services.minutes.record_and_finalise": (
        branch_of_three,
        lambda c, members: ms.record_and_finalise(
            organisation=c.tree.a,
            record=meeting_record(members),
            manual_scores=manual_max(
                SimpleNamespace(organisation=c.tree.a, year=at(-3).year, kind="regular")
            ),
            by=c.by,
        ),
        A,
    ),
    "meetings.services.plans.add_attachment": (
        finalised,
        lambda c, m: ms.add_attachment(meeting=m, upload=upload(), by=c.by),
        A,
    ),
    "meetings.services.plans.withdraw_plan": (planned, lambda c, m: ms.withdraw_plan(meeting=m, by=c.by), A),
    # meetings.dues
    "meetings.dues.services.set_basis": (
        nothing,
        lambda c, _: dues.set_basis(member=c.member, year=2026, category="bhxh", amount=8_500_000, by=c.by),
        A,
    ),
    "meetings.dues.services.collect_month": (
        nothing,
        lambda c, _: dues.collect_month(
            organisation=c.tree.a,
            period=dues_period(),
            on=dues_period(),
            version=0,
            rows={c.member.pk: dues.Collected(True, 6000)},
            by=c.by,
        ),
        A,
    ),
    "meetings.dues.services.record_payment": (
        nothing,
        lambda c, _: dues.record_payment(
            member=c.member, amount=18_000, on=timezone.localdate(), method="tien_mat", by=c.by
        ),
        A,
    ),
    "meetings.dues.services.excuse_month": (
        dues_book,
        lambda c, period: dues.excuse_month(member=c.member, period=period, reason="Nằm viện", by=c.by),
        A,
    ),
    "meetings.dues.statements.import_statement": (
        statement_token,
        lambda c, token: import_statement(
            scope=c.tree.x, token=token, source_name="sao-ke.csv", by=c.by, today=timezone.localdate()
        ),
        A,
    ),
    "meetings.dues.configure.update_parameters": (
        nothing,
        lambda c, _: update_parameters(
            province=c.tree.province,
            effective_from=date(2027, 1, 1),
            rates={"khac": 7000},
            kept={"cell": Decimal(40)},
            window="12_thang",
            by=c.by,
        ),
        "province",
    ),
    # ratings.services.members
    "ratings.services.roll.open_period": (
        nothing,
        lambda c, _: rs.open_period(province=c.tree.province, year=2025, by=c.by),
        "province",
    ),
    "ratings.services.roll.record_comment": (
        waiting_rating,
        lambda c, r: rs.record_comment(
            rating=r, from_organisation=c.tree.b, text="Gương mẫu tại nơi cư trú.", by=c.by
        ),
        A,
    ),
    "ratings.services.members.self_assess": (
        rating,
        lambda c, r: rs.self_assess(
            rating=r,
            version=r.version,
            score=92,
            tasks=GOOD_YEAR,
            shortcomings_pointed=0,
            shortcomings_remedied=0,
            self_level="HTXSNV",
            by=c.by,
        ),
        A,
    ),
    "ratings.services.members.propose": (
        lambda c: rating(c, "self_assessed"),
        lambda c, r: rs.propose(ratings=[r], levels={r.pk: "HTXSNV"}, versions={r.pk: r.version}, by=c.by),
        A,
    ),
    "ratings.services.members.decide": (
        lambda c: rating(c, "proposed"),
        lambda c, r: rs.decide(
            ratings=[r],
            levels={r.pk: "HTXSNV"},
            versions={r.pk: r.version},
            decision_number="25-QĐ/ĐU",
            decided_on=date(2025, 12, 20),
            by=c.by,
        ),
        A,
    ),
    "ratings.services.members.publish": (
        lambda c: rating(c, "decided"),
        lambda c, r: rs.publish(ratings=[r], by=c.by),
        A,
    ),
    "ratings.services.members.rerate": (
        lambda c: rating(c, "decided"),
        lambda c, r: rs.rerate(
            rating=r,
            version=r.version,
            level="HTTNV",
            reason="Kê khai chưa trung thực",
            decision_number="03-QĐ/ĐU",
            decided_on=date(2026, 3, 1),
            by=c.by,
        ),
        A,
    ),
    # ratings.services.organisations
    "ratings.services.organisations.self_assess_organisation": (
        org_rating,
        lambda c, r: rs.self_assess_organisation(
            rating=r, version=r.version, score=92, tasks=GOOD_YEAR, self_level="HTXSNV", by=c.by
        ),
        A,
    ),
    "ratings.services.organisations.propose_organisation": (
        lambda c: org_rating(c, "self_assessed"),
        lambda c, r: rs.propose_organisation(rating=r, version=r.version, level="HTXSNV", by=c.by),
        A,
    ),
    "ratings.services.organisations.decide_organisation": (
        lambda c: org_rating(c, "proposed"),
        lambda c, r: rs.decide_organisation(
            rating=r,
            version=r.version,
            level="HTXSNV",
            decision_number="30-QĐ/ĐU",
            decided_on=date(2025, 12, 25),
            by=c.by,
        ),
        A,
    ),
    "ratings.services.organisations.publish_organisation": (
        lambda c: org_rating(c, "decided"),
        lambda c, r: rs.publish_organisation(rating=r, by=c.by),
        A,
    ),
    "ratings.services.organisations.rerate_organisation": (
        lambda c: org_rating(c, "decided"),
        lambda c, r: rs.rerate_organisation(
            rating=r,
            version=r.version,
            level="HTTNV",
            reason="Kê khai chưa trung thực",
            decision_number="05-QĐ/ĐU",
            decided_on=date(2026, 4, 1),
            by=c.by,
        ),
        A,
    ),
    # ratings.services.periods
    "ratings.services.periods.update_period": (
        period,
        lambda c, p: rs.update_period(period=p, by=c.by, htxsnv_min=91),
        "province",
    ),
    # ratings.services.recognitions
    "ratings.services.recognitions.register_recognition": (
        nothing,
        lambda c, _: rs.register_recognition(
            scheme=scheme(), organisation=c.tree.a, year=2025, today=date(2025, 1, 15), by=c.by
        ),
        A,
    ),
    "ratings.services.recognitions.report_recognition": (
        registration,
        lambda c, rec: rs.report_recognition(
            recognition=rec, version=rec.version, evidence=evidence(rec), by=c.by
        ),
        A,
    ),
    "ratings.services.recognitions.appraise_recognition": (
        lambda c: registration(c, "reported"),
        lambda c, rec: rs.appraise_recognition(
            recognition=rec, version=rec.version, verdicts={r.pk: False for r in rec.results.all()}, by=c.by
        ),
        A,
    ),
    "ratings.services.recognitions.recognise": (
        lambda c: good_year(c) or registration(c, "appraised"),
        lambda c, rec: rs.recognise(
            recognition=rec,
            version=rec.version,
            decision_number="45-QĐ/ĐU",
            decided_on=date(2026, 1, 20),
            by=c.by,
        ),
        A,
    ),
    "ratings.services.recognitions.refuse_recognition": (
        registration,
        lambda c, rec: rs.refuse_recognition(
            recognition=rec,
            version=rec.version,
            reason="Không báo cáo",
            decided_on=date(2026, 1, 20),
            by=c.by,
        ),
        A,
    ),
    "ratings.services.recognitions.revoke_recognition": (
        recognised,
        lambda c, rec: rs.revoke_recognition(
            recognition=rec,
            version=rec.version,
            reason="Phát hiện vi phạm",
            revoked_on=date(2026, 3, 1),
            by=c.by,
        ),
        A,
    ),
    "ratings.services.recognitions.revoke_after_rerating": (
        basis_gone,
        lambda c, _: rs.revoke_after_rerating(organisation=c.tree.a, year=2025, by=c.by, on=date(2026, 4, 1)),
        A,
    ),
    "ratings.services.recognitions.set_target": (
        nothing,
        lambda c, _: rs.set_target(
            scheme=scheme(), scope=c.tree.x, year=2025, min_share=Decimal(40), max_share=Decimal(50), by=c.by
        ),
        "x",
    ),
}


def test_every_writing_service_is_in_the_table():
    assert sorted(writing_services() ^ set(SERVICES)) == []


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_each_writing_service_leaves_a_change_record(tree, people, member_a, settings, tmp_path, name):
    settings.MEDIA_ROOT = tmp_path
    c = SimpleNamespace(tree=tree, people=people, member=member_a, by=people.admin)
    prepare, call, where = SERVICES[name]
    prepared = prepare(c)
    last = ChangeRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    call(c, prepared)

    written = list(ChangeRecord.objects.filter(pk__gt=last).values_list("actor", "scope_path"))
    # The organisation as it is now (a move changes its path); the record lies within it.
    within = Organisation.objects.get(pk=getattr(tree, where).pk).path if where else ""
    assert written, f"{name} wrote no change record"
    assert [
        (actor, path) for actor, path in written if actor != people.admin.pk or not path.startswith(within)
    ] == []


def test_a_rating_that_follows_the_members_standing_leaves_a_change_record(tree, people, member_a):
    """The rating changes inside a lifecycle service of branches (a listener, not a service of its
    own): the member's history shows that too."""
    period = rs.open_period(province=tree.province, year=timezone.localdate().year, by=root())
    last = ChangeRecord.objects.order_by("-pk").values_list("pk", flat=True).first()

    bs.exempt_member(member=member_a, on=timezone.localdate(), reason="Tuổi cao", by=people.secretary_a)

    written = ChangeRecord.objects.filter(pk__gt=last).order_by("pk")
    assert [(c.model, c.summary, c.member_id, c.actor) for c in written] == [
        ("member", "Miễn công tác và sinh hoạt đảng", member_a.pk, people.secretary_a),
        ("memberrating", "Cập nhật theo hồ sơ đảng viên", member_a.pk, people.secretary_a),
    ]
    assert written.last().changes["status"] == ["pending", "excluded"]
    assert written.last().object_id == MemberRating.objects.get(period=period, member=member_a).pk
