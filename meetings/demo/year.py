"""A year of meetings built for every chi bộ: who meets, the schedule (missing, late and short meetings,
thematic quarters), attendance by the roster, tasks and their follow-up, next month's plan. The record
of a sitting is minutes.py's, its score scores.py's, the bulk insert write.py's."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import datetime, timedelta

from django.db.models import F
from django.utils import timezone

from branches.demo import RESIDENTIAL, TODAY, Built
from branches.models import Organisation, Position, RoleAssignment
from branches.rules import add_months

from .. import rules, services
from ..models import Attendance, Guest, Meeting, Score, Speech, Task
from .minutes import following_member, sitting_record
from .plan import (
    COMBINED,
    COMBINED_UNDER_120,
    DRAFT_FORGOTTEN,
    DRAFT_THIS_MONTH,
    DRAFT_THIS_MONTH_LATE,
    FLUSH_BRANCHES,
    FOLLOW_UP,
    FOLLOWING_MEMBER_PRESENT,
    LATE,
    LONG_ABSENT,
    MISSING,
    REGULAR_DAYS,
    SHORT,
    TASK_CHANCE,
    THEMATIC_QUARTER,
    UNEXCUSED_HABIT,
    UNEXCUSED_SHARE,
    Branch,
    Kind,
    Person,
    Present,
    Sitting,
    State,
    YearFigures,
    year_months,
)
from .scores import score_sitting
from .text import (
    REASONS,
    SPEECHES,
    TASKS,
    TOPICS,
    TOPICS_BY_AREA,
    TOPICS_FROM_2026,
    theme,
)
from .write import write_rows


class YearBuilder:
    def __init__(self, built: Built, seed: int, overrides: dict | None = None):
        self.built = built
        # Its own stream, so the year depends on the seed and the members, not on how many numbers
        # branches.demo happened to draw.
        self.rng = random.Random(f"meetings/{seed}")
        self.months = year_months()
        self.tz = timezone.get_default_timezone()
        self.today_start = datetime(TODAY.year, TODAY.month, TODAY.day, tzinfo=self.tz)
        # (chi bộ id, year, month) → what the story needs of that month's sitting.
        self.overrides = overrides or {}
        self.sheets = {}
        for year in {y for y, _ in self.months}:
            for kind in (Kind.REGULAR, Kind.THEMATIC):
                sheet = services.sheet_for(built.province, year, kind)
                self.sheets[(year, kind)] = (sheet, list(sheet.criteria.all()))
        self.figures = YearFigures()
        self._reset()

    def _reset(self) -> None:
        self.meetings: list[Meeting] = []
        self.children: dict[type, list[tuple]] = defaultdict(list)

    # Who meets -------------------------------------------------------------------------------

    def branches(self) -> list[Branch]:
        posts = defaultdict(dict)
        titles = [Position.Title.SECRETARY, Position.Title.DEPUTY_SECRETARY, Position.Title.COMMITTEE_MEMBER]
        rows = Position.objects.filter(
            organisation__in=self.built.branches, ends_on__isnull=True, title__in=titles
        )
        for org_id, title, member_id in rows.order_by("pk").values_list(
            "organisation_id", "title", "member_id"
        ):
            posts[org_id].setdefault(title, member_id)
        logins = dict(
            RoleAssignment.objects.filter(role=RoleAssignment.Role.SECRETARY).values_list(
                "organisation_id", "user_id"
            )
        )
        found = []
        for org in self.built.branches:
            people = [
                Person(e.member.pk, e.member.full_name, e.counted, e.reason, e.probationary, e.hosted)
                for e in services.roster(org)
            ]
            counted = [p.pk for p in people if p.counted]
            if not counted:
                continue  # everyone exempt: the chi bộ cannot meet
            official = [p.pk for p in people if p.counted and not p.probationary] or counted
            chair = next(
                (posts[org.pk][t] for t in titles[:2] if posts[org.pk].get(t) in counted), official[0]
            )
            others = [posts[org.pk].get(t) for t in titles[1:]] + official
            recorder = next((m for m in others if m in official and m != chair), chair)
            found.append(Branch(org, people, chair, recorder, logins.get(org.pk)))
        return found

    def absentees(self, branches: list[Branch]) -> tuple[dict[int, int], set[int]]:
        """Members away for the last months (how many), and members who skip without a reason:
        the two lists a reviewer watches (HD 12; Điều lệ Đ.8)."""
        candidates = [
            p.pk for b in branches for p in b.people if p.counted and p.pk not in (b.chair, b.recorder)
        ]
        rng = self.rng
        away = rng.sample(candidates, min(len(candidates), max(2, round(LONG_ABSENT * len(candidates)))))
        chosen = set(away)
        rest = [pk for pk in candidates if pk not in chosen]
        habit = rng.sample(rest, min(len(rest), max(2, round(UNEXCUSED_HABIT * len(candidates)))))
        return {pk: rng.randint(5, 7) for pk in away}, set(habit)

    # The year of one chi bộ ------------------------------------------------------------------

    def _at(self, year: int, month: int, day: int, minute: int = 0) -> datetime:
        return datetime(year, month, day, 19, minute, tzinfo=self.tz)

    def _minutes(self, kind: str) -> int:
        rng = self.rng
        if rng.random() < SHORT:
            return rng.randint(55, 85)
        if kind == Kind.COMBINED:
            return (
                rng.randint(95, 118)
                if rng.random() < COMBINED_UNDER_120
                else int(rng.triangular(120, 180, 130))
            )
        return int(rng.triangular(90, 160, 120))

    def schedule(self, branch: Branch) -> list[Sitting]:
        rng, last = self.rng, self.months[-1]
        monthly: dict[tuple[int, int], Sitting] = {}
        for year, month in self.months:
            forced = self.overrides.get((branch.org.pk, year, month), {})
            if not forced and rng.random() < MISSING:
                continue
            late = forced.get("late", rng.random() < LATE)
            usual = rng.choice(REGULAR_DAYS)
            if "day" in forced:
                day = forced["day"]
            elif late:
                day = rng.randint(14, TODAY.day - 1) if (year, month) == last else rng.randint(18, 28)
            else:
                day = usual
            start = self._at(year, month, day, rng.choice((0, 0, 0, 0, 15, 30)))
            if "status" in forced:
                status = forced["status"]
            elif (year, month) == last:
                status = (
                    State.DRAFT
                    if rng.random() < (DRAFT_THIS_MONTH_LATE if late else DRAFT_THIS_MONTH)
                    else State.FINALISED
                )
            else:
                status = State.DRAFT if rng.random() < DRAFT_FORGOTTEN else State.FINALISED
            minutes = forced.get("minutes") or self._minutes(Kind.REGULAR)
            monthly[(year, month)] = Sitting(
                Kind.REGULAR, start, minutes, status, self._at(year, month, usual), late
            )

        sittings = list(monthly.values())
        quarters = defaultdict(list)
        for year, month in self.months:
            quarters[(year, (month - 1) // 3)].append((year, month))
        for months in quarters.values():
            if rng.random() >= THEMATIC_QUARTER * len(months) / 3:
                continue
            when = rng.choice(months)
            topic = self._topic(branch.org, when[0])
            if when in monthly and rng.random() < COMBINED and not self.overrides.get((branch.org.pk, *when)):
                held = monthly[when]
                held.kind, held.topic, held.minutes = Kind.COMBINED, topic, self._minutes(Kind.COMBINED)
            else:
                day = rng.randint(8, TODAY.day - 1 if when == last else 25)
                start = self._at(*when, day, rng.choice((0, 0, 30)))
                status = State.DRAFT if when == last and rng.random() < 0.3 else State.FINALISED
                sittings.append(
                    Sitting(Kind.THEMATIC, start, self._minutes(Kind.THEMATIC), status, start, topic=topic)
                )
        sittings.sort(key=lambda s: s.start)
        if sittings and sittings[-1].start >= self.today_start:
            raise AssertionError("A demo meeting would be in the future.")
        return sittings

    def _topic(self, org: Organisation, year: int) -> str:
        pool = [*TOPICS, TOPICS_BY_AREA[theme(org)], TOPICS_BY_AREA[theme(org)]]
        if year >= 2026:
            pool += TOPICS_FROM_2026
        return self.rng.choice(pool)

    def branch_year(self, branch: Branch, away: dict[int, int], habit: set[int]) -> None:
        rng, org = self.rng, branch.org
        sittings = self.schedule(branch)
        monthly = [s for s in sittings if s.kind in Meeting.MONTHLY_KINDS]
        finalised_monthly = [s for s in monthly if s.status == State.FINALISED]
        counted = [p for p in branch.people if p.counted]
        absence = {p.pk: 0.02 + 0.24 * rng.random() ** 2 for p in counted}
        away_from = {
            p.pk: monthly[-away[p.pk]].start for p in counted if p.pk in away and len(monthly) >= away[p.pk]
        }
        skipped = {
            p.pk: {
                id(s) for s in rng.sample(finalised_monthly, min(len(finalised_monthly), rng.randint(3, 4)))
            }
            for p in counted
            if p.pk in habit
        }
        strength = rng.gauss(0.9, 0.065)
        history: dict[int, list[bool]] = defaultdict(
            list
        )  # absent at the finalised monthly meetings, in order
        waiting: list[list] = []  # tasks to follow up at the next finalised monthly meeting
        reasons = REASONS[org.area_type in RESIDENTIAL]
        presenter = None
        by_pk = {p.pk: p for p in branch.people}
        for s in sittings:
            if s.kind != Kind.REGULAR:
                official = [p.pk for p in counted if not p.probationary and p.pk not in away_from]
                presenter = rng.choice([branch.chair, branch.chair, *official[:5]])
            must = {branch.chair, branch.recorder, presenter if s.kind != Kind.REGULAR else None}
            seasonal = 1.8 if s.start.month == 2 else 1.0
            rows: dict[int, tuple[str, str]] = {}
            for p in branch.people:
                if not p.counted:
                    rows[p.pk] = (Present.NOT_COUNTED, p.reason)
                elif p.pk in must:
                    rows[p.pk] = (Present.PRESENT, "")
                elif p.pk in away_from and s.start >= away_from[p.pk]:
                    rows[p.pk] = (Present.EXCUSED, "Đi làm ăn xa" if org.area_type in RESIDENTIAL else "Ốm")
                elif id(s) in skipped.get(p.pk, ()):
                    rows[p.pk] = (Present.UNEXCUSED, "")
                elif rng.random() < absence[p.pk] * seasonal and p.pk not in skipped:
                    unexcused = rng.random() < UNEXCUSED_SHARE
                    rows[p.pk] = (
                        (Present.UNEXCUSED, "") if unexcused else (Present.EXCUSED, rng.choice(reasons))
                    )
                else:
                    rows[p.pk] = (Present.PRESENT, "")
            meeting = sitting_record(rng, branch, s, rows, presenter, by_pk)
            self.meetings.append(meeting)
            self.children[Attendance] += [
                (meeting, pk, status, reason, by_pk[pk].probationary, by_pk[pk].hosted)
                for pk, (status, reason) in rows.items()
            ]
            if s.status != State.FINALISED:
                continue
            is_monthly = s.kind in Meeting.MONTHLY_KINDS
            absent = [pk for pk, (status, _) in rows.items() if status in Attendance.ABSENT]
            if is_monthly:
                streaks = [rules.longest_absence_streak([*history[pk], True]) for pk in absent]
                for pk, (status, _) in rows.items():
                    history[pk].append(status in Attendance.ABSENT)
            else:
                streaks = [1] * len(absent)  # as services._absence_streaks: only monthly meetings make a run
            self.children[Score] += score_sitting(
                rng, self.sheets, meeting, s, rows, max(streaks, default=0), strength
            )
            present = [pk for pk, (status, _) in rows.items() if status == Present.PRESENT]
            names = [by_pk[pk].name for pk in present if pk != branch.chair]
            for order, speaker in enumerate(rng.sample(names, min(len(names), rng.randint(2, 4)))):
                self.children[Speech].append((meeting, order, speaker, rng.choice(SPEECHES)))
            if not is_monthly:
                continue
            if rng.random() < FOLLOWING_MEMBER_PRESENT:
                self.children[Guest].append((meeting, *following_member(org)))
            done = []
            for task in waiting:
                status = rng.choices([s_ for s_, _ in FOLLOW_UP], [w for _, w in FOLLOW_UP])[0]
                task[3], task[4] = status, meeting
                if status == Task.Status.DONE:
                    done.append(by_pk[task[1]].name)
            waiting = []
            if rng.random() < TASK_CHANCE:
                for pk in rng.sample(present, min(len(present), rng.randint(1, 2))):
                    deadline = (s.start + timedelta(days=rng.randint(20, 40))).date()
                    task = [
                        meeting,
                        pk,
                        rng.choice(TASKS[org.area_type in RESIDENTIAL]),
                        Task.Status.OPEN,
                        None,
                        deadline,
                    ]
                    self.children[Task].append(task)
                    waiting.append(task)
            unexcused = [by_pk[pk].name for pk, (status, _) in rows.items() if status == Present.UNEXCUSED]
            if unexcused:
                meeting.reminders = f"Nhắc nhở đồng chí {', '.join(unexcused)} vắng sinh hoạt không có lý do."
            if done:
                meeting.commendations = (
                    f"Biểu dương đồng chí {', '.join(done[:2])} hoàn thành tốt nhiệm vụ được giao."
                )

    def plan_next_month(self, branch: Branch, combined: bool) -> None:
        """Next month's sitting, planned (combined when its quarter still lacks a thematic one)."""
        when = add_months(TODAY.replace(day=1), 1)
        start = self._at(when.year, when.month, self.rng.choice(REGULAR_DAYS))
        kind, topic = (Kind.COMBINED, self._topic(branch.org, when.year)) if combined else (Kind.REGULAR, "")
        self.meetings.append(
            Meeting(
                organisation_id=branch.org.pk,
                kind=kind,
                year=when.year,
                month=when.month,
                day=start.date(),
                status=State.PLANNED,
                planned_start=start,
                topic=topic,
                created_by_id=branch.user_id,
            )
        )

    # Writing ---------------------------------------------------------------------------------

    def flush(self) -> None:
        write_rows(self.meetings, self.children, self.figures)
        self._reset()

    def build(self) -> YearFigures:
        branches = self.branches()
        away, habit = self.absentees(branches)
        after = add_months(TODAY.replace(day=1), 1)
        same_quarter = [
            m for m in self.months if (m[0], (m[1] - 1) // 3) == (after.year, (after.month - 1) // 3)
        ]
        for i, branch in enumerate(branches, 1):
            start = len(self.meetings)
            self.branch_year(branch, away, habit)
            held = any(
                m.kind in Meeting.THEMATIC_KINDS and (m.year, m.month) in same_quarter
                for m in self.meetings[start:]
            )
            self.plan_next_month(branch, combined=not held)
            if i % FLUSH_BRANCHES == 0:
                self.flush()
        self.flush()
        # The record was written the evening of the sitting, the plan a fortnight ahead.
        Meeting.objects.filter(started_at__isnull=False).update(
            created_at=F("started_at") + timedelta(hours=3)
        )
        Meeting.objects.filter(status=State.PLANNED).update(
            created_at=F("planned_start") - timedelta(days=14)
        )
        return self.figures
