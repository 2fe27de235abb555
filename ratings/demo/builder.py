"""The rating years built for every unit of the cast (cast.py): self-assessments, proposals and
decisions within the rules and the quota, organisations after their members, re-ratings, the open
year part-way, and the transition and change records the app would have written."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from branches import services as branch_services
from branches.demo import COMMUNE, Built, Shape
from branches.models import BRANCH_KINDS, Discipline, Member, RoleAssignment

from .. import services
from ..models import IN_FORCE, Comment, MemberRating, OrganisationRating, RatingPeriod, Status, Transition
from ..rules.common import DisciplineFact, Level, Regime
from . import levels as demo_levels
from .bulk import insert_transitions, write_back
from .cast import Cast
from .levels import HTNV, HTTNV, HTXSNV, Plan, Trouble
from .plan import (
    DISCIPLINED,
    MEMBER_STEPS,
    OPEN_STAGES,
    ORG_STEPS,
    OVER_PROPOSED,
    RERATINGS,
    Calendar,
    Figures,
    Role,
    Slot,
    Unit,
    Year,
    decision_suffix,
)
from .steps import fill, transition_rows
from .text import (
    DUTY_VIOLATIONS,
    HOST_COMMENTS,
    OTHER_VIOLATIONS,
    RERATE_DOWN_EXCELLENT,
    RERATE_DOWN_GOOD,
)


class Builder(Cast):
    def __init__(self, built: Built, shape: Shape, seed: int):
        # Its own stream, so the ratings depend on the seed and the data, not on the other demos.
        super().__init__(built, shape, random.Random(f"ratings/{seed}"))
        self.tz = timezone.get_default_timezone()
        self.figures = Figures()
        self.before: dict[int, Level] = {}  # member id → last year's decided level

    def at(self, year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
        return datetime(year, month, day, tzinfo=self.tz) + timedelta(hours=hour, minutes=minute)

    # Discipline: a few a year, through the service --------------------------------------------

    def discipline(self, year: int) -> None:
        rng = self.rng
        committee = {m for u in self.units.values() for m in u.committee}
        # Members of some years' standing, not exempt, and not the demo member with a login.
        rated = [
            pk
            for pk, p in self.people.items()
            if p.official and not p.exempt and not p.account_id and p.ceremony_date < date(year - 1, 1, 1)
        ]
        ordinary = [pk for pk in rated if pk not in committee]
        political = [pk for pk in ordinary if self.people[pk].political]
        if self.shape is COMMUNE:
            picks = [(rng.choice(political), True)] if year == 2025 else [(rng.choice(ordinary), False)]
        else:
            duty = rng.sample(political, DISCIPLINED["duty"])
            other = rng.sample([pk for pk in ordinary if pk not in duty], DISCIPLINED["other"])
            leaders = rng.sample(sorted(committee & set(rated)), DISCIPLINED["committee"])
            picks = [(pk, True) for pk in duty] + [(pk, False) for pk in other + leaders]
        found = Member.objects.in_bulk([pk for pk, _ in picks])
        for pk, duty in picks:
            member, decided_on = found[pk], date(year, rng.randint(3, 10), rng.randint(1, 28))
            form = rng.choice([Discipline.Form.REPRIMAND] * 3 + [Discipline.Form.WARNING])
            unit = self.units[member.organisation_id]
            by_branch = form == Discipline.Form.REPRIMAND or unit.decider is None
            issuer = unit.org if by_branch else unit.decider
            self.disciplines[pk].append(
                branch_services.discipline_member(
                    member=member,
                    form=form,
                    decided_on=decided_on,
                    authority=issuer.name,
                    duty_related=duty,
                    decision_number=f"{rng.randint(2, 60):02d}-QĐ/{'CB' if by_branch else decision_suffix(issuer)}",
                    reason=rng.choice(DUTY_VIOLATIONS if duty else OTHER_VIOLATIONS),
                    by=self.actor(self.acting_for(unit.decider)),
                )
            )
            self.figures.disciplines += 1

    # Levels and facts (demo_levels) -----------------------------------------------------------

    def trouble(self, member_id: int, year: int) -> Trouble:
        """(a discipline decided in the year, a duty-related one): counted in the year decided."""
        found = [d for d in self.disciplines.get(member_id, ()) if d.decided_on.year == year]
        return bool(found), any(d.duty_related for d in found)

    def org_level(self, unit: Unit, year: int, below: list[Level]) -> Level:
        standing = 0.6 * unit.merit + self.rng.gauss(0, 0.4) + (0.8 if unit.outlier else 0)
        return demo_levels.organisation_level(
            standing, [self.trouble(m, year) for m in unit.committee], below
        )

    # A year -----------------------------------------------------------------------------------

    def open(self, calendar: Calendar, opened: datetime) -> Year:
        """The real services.open_period, then the comments its ratings wait for (the host chi bộ
        of a temporary stay), through services.record_comment."""
        period = services.open_period(
            province=self.built.province, year=calendar.year, by=self.actor(self.admin)
        )
        RatingPeriod.objects.filter(pk=period.pk).update(opened_at=opened)
        when = self.at(calendar.year, calendar.assess[0], calendar.assess[1], 9)
        for rating in (
            MemberRating.objects.filter(period=period).exclude(waiting_for=[]).order_by("member_id")
        ):
            for wait in rating.waiting_for:
                host = self.units[wait["organisation_id"]].org
                comment = services.record_comment(
                    rating=rating,
                    from_organisation=host,
                    text=self.rng.choice(HOST_COMMENTS),
                    by=self.actor(self.secretary.get(host.pk)),
                )
                Comment.objects.filter(pk=comment.pk).update(at=when)
        # By member and organisation: the order open_period inserted them in depends on the database.
        rows = list(MemberRating.objects.filter(period=period, status=Status.PENDING).order_by("member_id"))
        own = list(
            OrganisationRating.objects.filter(period=period, status=Status.PENDING).order_by(
                "organisation_id"
            )
        )
        return Year(period, calendar, rows, own)

    def steps(self, table: dict, stage: str, share: float = 0.5) -> int:
        found = table[stage]
        return int(self.rng.random() < share) if found is None else found

    def plan(
        self, year: Year, stages: dict[int, str] | None = None, over: frozenset[int] = frozenset()
    ) -> None:
        """Every rated organisation and member, lower levels first. `stages`: how far each chi bộ
        has got in the open year (None: the whole way, published)."""
        rng, y, scored = self.rng, year.calendar.year, year.period.regime == Regime.QD366
        members = defaultdict(list)
        for row in year.rows:
            members[row.organisation_id].append(row)
        own = {r.organisation_id: r for r in year.own}
        deciders: dict[int | None, list] = {}  # → [decision day, publication day, numbers, places given]
        levels: dict[int, Level] = {}
        for unit in sorted(self.units.values(), key=lambda u: (-u.org.depth, u.org.pk)):
            key = unit.decider.pk if unit.decider else None
            if key not in deciders:
                first, publish = rng.randint(100, 300), year.calendar.publish
                deciders[key] = [
                    rng.randint(*year.calendar.decide[1:]),
                    publish and rng.randint(*publish[2:]),
                    (first, first + rng.randint(1, 9)),
                    0,
                ]
            day, publish, numbers, order = deciders[key]
            deciders[key][3] += 1
            if stages is None and unit.children:  # decided after its sub-organisations
                day = max(year.slots[c.org.pk].decide for c in unit.children) + rng.randint(1, 2)
            suffix = decision_suffix(unit.decider) if unit.decider else "TW"
            year.slots[unit.org.pk] = Slot(
                rng.randint(*year.calendar.meet[1:]),
                day,
                min(order, 100),
                publish,
                (f"{numbers[0]}-QĐ/{suffix}", f"{numbers[1]}-QĐ/{suffix}"),
            )
            stage = "published" if stages is None else stages.get(unit.org.pk, "pending")
            if unit.org.kind in BRANCH_KINDS:
                below, level = self.plan_branch(year, unit, members[unit.org.pk], stage, unit.org.pk in over)
            else:
                below = [levels[c.org.pk] for c in unit.children if c.org.pk in levels]
                level = self.org_level(unit, y, below)
            if unit.org.pk not in own:
                continue  # founded too recently to be rated
            levels[unit.org.pk] = level
            plan = Plan(level, level, steps=self.steps(ORG_STEPS, stage))
            if level == HTTNV and rng.random() < 0.08:
                plan.self_level = HTXSNV
            demo_levels.organisation_facts(
                rng, plan, [self.trouble(m, y) for m in unit.committee], below, scored
            )
            year.own_plans[own[unit.org.pk].pk] = plan

    def plan_branch(
        self, year: Year, unit: Unit, rows: list[MemberRating], stage: str, over: bool
    ) -> tuple[list[Level], Level]:
        """The chi bộ's list as proposed and as it will be decided (within the quota), the
        collective's level, then its head's, not above it. Returns the levels the collective is
        judged on (its members but the head) and its level."""
        rng, y, scored = self.rng, year.calendar.year, year.period.regime == Regime.QD366
        over = over or (stage == "published" and rng.random() < OVER_PROPOSED)
        effect = 0.3 * unit.merit + rng.gauss(0, 0.15)
        standing = {r.member_id: 0.9 * self.merit[r.member_id] + rng.gauss(0, 0.45) + effect for r in rows}
        trouble = {m: self.trouble(m, y) for m in standing}
        head = unit.head if unit.head in standing else None
        plans = demo_levels.propose_list(rng, standing, trouble, head, unit.outlier, over)
        demo_levels.trim(plans, standing, head, plans[head].proposed if head else None)
        level = self.org_level(unit, y, [p.decided for m, p in plans.items() if m != head])
        if head:
            plans[head].decided = min(plans[head].proposed, level, key=lambda lv: lv.rank)
            demo_levels.trim(plans, standing, head, plans[head].decided)
        voters = sum(self.people[m].official for m in plans)
        present = voters - (rng.choice([0, 0, 1, 1, 2]) if voters > 3 else 0)
        votes = (present - (rng.random() < 0.15), present) if present else None
        share = rng.uniform(0.3, 0.85)  # of a chi bộ still self-assessing
        for row in rows:
            m, plan = row.member_id, plans[row.member_id]
            facts = tuple(
                DisciplineFact(d.form, d.duty_related, d.decided_on, d.organisation_id)
                for d in self.disciplines.get(m, ())
            )
            demo_levels.member_facts(rng, plan, self.before.get(m), facts, y, unit.org.pk, scored)
            plan.votes, plan.steps = votes, self.steps(MEMBER_STEPS, stage, share)
            year.plans[row.pk] = plan
        return [p.decided for m, p in plans.items() if m != head], level

    # Writing ----------------------------------------------------------------------------------

    def write(self, year: Year) -> None:
        rng, cal = self.rng, year.calendar
        y, month = cal.year, cal.decide[0]
        transitions = []
        for row in year.rows:
            plan = year.plans[row.pk]
            if not plan.steps:
                continue
            unit = self.units[row.organisation_id]
            slot, decider = year.slots[unit.org.pk], self.acting_for(unit.decider)
            fill(row, plan, slot.numbers[0], date(y, month, slot.decide))
            row.shortcomings_pointed, row.shortcomings_remedied = plan.pointed, plan.remedied
            if plan.steps >= 2:
                row.votes_for, row.votes_total = plan.votes or (None, None)
            times = [
                self.at(
                    y, cal.assess[0], rng.randint(*cal.assess[1:]), rng.randint(7, 20), rng.randint(0, 59)
                ),
                self.at(y, cal.meet[0], slot.meet, 19, 30),
                self.at(
                    y, month, slot.decide, 16 if row.member_id == unit.head else 8, slot.order
                ),  # the head after the collective
                cal.publish and self.at(*cal.publish[:2], slot.publish, 9, slot.order),
            ]
            secretary = self.secretary.get(unit.org.pk)
            users = [self.people[row.member_id].account_id or secretary, secretary, decider, decider]
            transitions += transition_rows(row.pk, None, plan, times, users)
        for rating in year.own:
            plan, unit = year.own_plans[rating.pk], self.units[rating.organisation_id]
            if not plan.steps:
                continue
            slot, decider = year.slots[unit.org.pk], self.acting_for(unit.decider)
            fill(rating, plan, slot.numbers[1], date(y, month, slot.decide))
            branch = unit.org.kind in BRANCH_KINDS
            times = [
                self.at(y, cal.meet[0], slot.meet, 19 if branch else 8),
                self.at(y, month, slot.decide, 10, slot.order),
                self.at(y, month, slot.decide, 14, slot.order),  # after its members, before its head
                cal.publish and self.at(*cal.publish[:2], slot.publish, 10, slot.order),
            ]
            own = self.secretary.get(unit.org.pk) if branch else self.acting_for(unit.org)
            transitions += transition_rows(None, rating.pk, plan, times, [own, decider, decider, decider])
        write_back(MemberRating, [r for r in year.rows if r.status != Status.PENDING])
        write_back(OrganisationRating, [r for r in year.own if r.status != Status.PENDING])
        insert_transitions(transitions)
        self.figures.transitions += len(transitions)
        self.before.update(
            {row.member_id: plan.decided for row in year.rows if (plan := year.plans[row.pk]).steps >= 3}
        )

    # Re-rating (Mẫu 03), through the service --------------------------------------------------

    def rerate(self, year: Year) -> None:
        """A few published results of the year cancelled and rated again the next spring: mostly
        HTXSNV found not to hold, some HTTNV lowered where the quota still holds."""
        rng = self.rng
        count = 3 if self.shape is COMMUNE else RERATINGS
        decided = defaultdict(dict)
        for row in year.rows:
            if row.status == Status.PUBLISHED:
                decided[row.organisation_id][row.member_id] = Level(row.level)
        candidates = [r for r in year.rows if r.status == Status.PUBLISHED]
        if self.shape is COMMUNE:  # where the demo reviewer sees them
            candidates = [r for r in candidates if self.acting_for(self.units[r.organisation_id].decider)]
        rng.shuffle(candidates)
        for i in range(count):
            want = HTTNV if i % 3 == 2 else HTXSNV
            lower = HTTNV if want == HTXSNV else HTNV
            found = next(
                (
                    r
                    for r in candidates
                    if r.level == want
                    and demo_levels.within_quota(
                        [lower if m == r.member_id else lv for m, lv in decided[r.organisation_id].items()]
                    )
                ),
                None,
            )
            if found is None:
                continue
            candidates.remove(found)
            unit = self.units[found.organisation_id]
            decided_on = date(year.calendar.year + 1, rng.randint(2, 6), rng.randint(1, 28))
            new = services.rerate(
                rating=found,
                version=found.version,
                level=lower,
                reason=rng.choice(RERATE_DOWN_EXCELLENT if want == HTXSNV else RERATE_DOWN_GOOD),
                decision_number=f"{rng.randint(5, 90):02d}-QĐ/{decision_suffix(unit.decider)}",
                decided_on=decided_on,
                by=self.actor(self.acting_for(unit.decider)),
            )
            when = self.at(decided_on.year, decided_on.month, decided_on.day, 15)
            Transition.objects.filter(
                Q(member_rating=found, to_status=Status.CANCELLED) | Q(member_rating=new)
            ).update(at=when)
            decided[found.organisation_id][found.member_id] = self.before[found.member_id] = lower
            self.figures.reratings += 1
            self.figures.transitions += 2

    # The open year ----------------------------------------------------------------------------

    def stages(self) -> tuple[dict[int, str], frozenset[int]]:
        """Each chi bộ's progress at TODAY, and those proposing more HTXSNV than the quota. The
        demo secretary's chi bộ has self-assessed in full (its list can be proposed); of its
        sister chi bộ one proposes over the quota, one within it, one is decided."""
        rng = self.rng
        names, weights = zip(*OPEN_STAGES, strict=True)
        stages, over = {}, set()
        for pk, unit in self.units.items():
            if unit.org.kind in BRANCH_KINDS:
                stages[pk] = rng.choices(names, weights)[0]
                if stages[pk] == "proposed" and rng.random() < OVER_PROPOSED:
                    over.add(pk)
        own = (
            RoleAssignment.objects.filter(user__username="bithu", role=Role.SECRETARY)
            .values_list("organisation_id", flat=True)
            .first()
        )
        if own in self.units:
            mine = self.units[own].org
            sisters = sorted(
                (
                    u.org
                    for u in self.units.values()
                    if u.org.parent_id == mine.parent_id and u.org.kind in BRANCH_KINDS and u.org != mine
                ),
                key=lambda o: (o.area_type != mine.area_type, o.pk),
            )
            stages[own] = "assessed"
            for org, stage in zip(sisters, ["proposed", "proposed", "decided"], strict=False):
                stages[org.pk] = stage
                over.discard(org.pk)
            over.update(o.pk for o in sisters[:1])
        return stages, frozenset(over)

    def count(self) -> None:
        for period in RatingPeriod.objects.filter(province=self.built.province):
            for model, counts in (
                (MemberRating, self.figures.members),
                (OrganisationRating, self.figures.organisations),
            ):
                rows = (
                    model.objects.filter(period=period)
                    .values_list("status", "level")
                    .annotate(n=Count("pk"))
                    .order_by()
                )
                for status, level, n in rows:
                    counts[period.year][status] += n
                    if status in IN_FORCE:
                        counts[period.year][level] += n
