"""Daily reminders at province scale (branches/reminders/): what is due over the Trà Vinh demo, the
refresh that keeps the reminder rows in step with it, one user's "what is due", the home page's read.

    .venv/bin/python bench/reminders.py            # what `make bench-reminders` runs
    .venv/bin/python bench/reminders.py --no-doc   # print the figures, leave docs/BENCHMARKS.md alone

The measurement is a child process with DATABASE_URL pointing at `chibo_bench` (seeded by
bench/run.py). That database is shared with the other benchmarks, so the child writes everything
(the logins, the reminder rows) in one transaction and rolls it back at the end. The figures go to
docs/BENCHMARKS.md between this script's markers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as pages_bench  # noqa: E402  (bench/run.py: the databases, the document, the machine line)

DATABASE = pages_bench.DATABASES["province"]
RESULT = pages_bench.OUT / "reminders.json"
DOC_START, DOC_END = "<!-- bench/reminders.py: start -->", "<!-- bench/reminders.py: end -->"
PREFIX = "bench.nhacviec."  # the logins this script adds (and takes away again)
ROUNDS = 5  # due_for and the home page's read are cheap enough to take a median


# Parent -----------------------------------------------------------------------------------------


def section(f: dict) -> str:
    on, later = (date.fromisoformat(f[k]).strftime("%d/%m/%Y") for k in ("on", "later"))
    kinds = ", ".join(f"{n:,} `{kind}`" for kind, n in f["by_kind"])
    first, again, two_weeks = f["first"], f["again"], f["two_weeks"]
    counts = "{created:,} new, {updated:,} reworded, {cleared:,} cleared"
    lines = [
        DOC_START,
        f"## Daily reminders, province scale ({date.today().isoformat()})",
        "",
        f"* machine: {pages_bench.machine()}; {f['postgres']}; Python {platform.python_version()}, "
        f"Django {f['django']}",
        f"* data: the Trà Vinh demo in `{DATABASE}` (`seed_demo --scale province`, as bench/run.py seeds it: "
        f"{f['branches']:,} chi bộ, {f['members']:,} members, a year of meetings and dues, three rating years), "
        "plus a secretary login for every chi bộ and a reviewer login for every grassroots and upper "
        f"organisation ({f['added']:,} logins added; {f['holders']:,} hold either role in all), "
        f"the demo's day {on}",
        f"* method: `bench/reminders.py`, one process, DEBUG off, one run of each (`due_for` and the home "
        f"page's read: the median of {ROUNDS}); the logins and the reminder rows are written in one "
        "transaction rolled back at the end, so the database is left as it was",
        f"* finding what is due (every registered source, the whole province): {f['collect_s']:.1f} s, "
        f"{f['due']:,} things ({kinds}).",
        f"* the refresh on an empty table: {first['s']:.1f} s, {first['created']:,} rows written, "
        f"{f['peak_mb']:.0f} MB peak Python memory (tracemalloc, in a run of its own); again the same day: "
        f"{again['s']:.1f} s, {counts.format(**again)}; two weeks later ({later}): {two_weeks['s']:.1f} s, "
        f"{counts.format(**two_weeks)}.",
        f"* one user's “what is due” (`due_for`): {f['reviewer_s'] * 1000:.0f} ms for a commune reviewer "
        f"({f['reviewer_at']}, told of {f['reviewer_told']}), {f['staff_s']:.1f} s for the province "
        f"staff (told of {f['staff_told']}: reminders go to the nearest secretary or reviewer).",
        f"* the home page's read of the user's reminders: {f['home_s'] * 1000:.1f} ms for that reviewer's "
        f"{f['home_rows']}, {f['home_queries']} query (the same with 1 or 3: "
        "`tests/branches/test_reminders.py`).",
        DOC_END,
    ]
    return "\n".join(lines)


def parent(args: argparse.Namespace) -> int:
    pages_bench.OUT.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": f"{pages_bench.SERVER}/{DATABASE}",
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-only-not-a-secret"),
        "LOG_LEVEL": "ERROR",
    }
    RESULT.unlink(missing_ok=True)
    subprocess.run([sys.executable, __file__, "--child"], env=env, cwd=pages_bench.ROOT, check=True)
    text = section(json.loads(RESULT.read_text()))
    print("\n".join(line for line in text.splitlines() if not line.startswith("<!--")))
    if not args.no_doc:
        pages_bench.write_doc(text, DOC_START, DOC_END)
    return 0


# Child ------------------------------------------------------------------------------------------


class RolledBack(Exception):
    pass


@contextmanager
def rolled_back() -> Iterator[None]:
    """A transaction (a savepoint inside another) undone at the end of the block."""
    from django.db import transaction

    try:
        with transaction.atomic():
            yield
            raise RolledBack
    except RolledBack:
        pass


def add_logins() -> int:
    """A secretary for every chi bộ and a reviewer for every grassroots and upper organisation, as a
    province using the app would have: a thing due goes to the nearest holder of a role, so who holds
    one decides how many rows the refresh writes. Bulk inserts: no password to hash."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from branches.models import BRANCH_KINDS, Organisation, RoleAssignment

    Kind, Role = Organisation.Kind, RoleAssignment.Role
    reviewed = [Kind.UPPER, Kind.GRASSROOTS_COMMITTEE, Kind.GRASSROOTS_CELL]
    wanted = [(org, Role.SECRETARY) for org in Organisation.objects.filter(kind__in=BRANCH_KINDS)]
    wanted += [(org, Role.REVIEWER) for org in Organisation.objects.filter(kind__in=reviewed)]
    User = get_user_model()
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [User(username=f"{PREFIX}{role}.{org.pk}", password=unusable) for org, role in wanted]
    )
    assignments = zip(users, wanted, strict=True)
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=user, organisation=org, role=role) for user, (org, role) in assignments]
    )
    return len(users)


def timed(function, *args, rounds: int = 1) -> tuple[object, float]:
    """The function's value and its median time in seconds over `rounds` calls."""
    seconds = []
    for _ in range(rounds):
        started = time.perf_counter()
        value = function(*args)
        seconds.append(time.perf_counter() - started)
    return value, statistics.median(seconds)


def measure(f: dict) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    from branches.demo import TODAY
    from branches.models import BRANCH_KINDS, Member, Organisation, Reminder, RoleAssignment
    from branches.reminders.refresh import due_for, refresh
    from branches.reminders.registry import collect

    def timed_refresh(on: date) -> dict:
        done, seconds = timed(refresh, on)
        return {**asdict(done), "s": seconds}

    Role, User = RoleAssignment.Role, get_user_model()
    on, later = TODAY, TODAY + timedelta(weeks=2)
    f.update(on=on.isoformat(), later=later.isoformat(), added=add_logins())
    f["branches"] = Organisation.objects.filter(kind__in=BRANCH_KINDS).count()
    f["members"] = Member.objects.current().count()
    f["holders"] = RoleAssignment.objects.filter(role__in=[Role.SECRETARY, Role.REVIEWER]).count()
    staff = User.objects.create(username=f"{PREFIX}tinh", password="!")
    province = Organisation.objects.get(parent__isnull=True)
    RoleAssignment.objects.create(user=staff, organisation=province, role=Role.PROVINCE_STAFF)
    Reminder.objects.all().delete()  # "an empty table"; rolled back with the rest

    print(f"— what is due on {on}", file=sys.stderr, flush=True)
    dues, f["collect_s"] = timed(collect, on)
    f["due"], f["by_kind"] = len(dues), Counter(due.kind for due in dues).most_common()
    print("— the refresh's memory, then the refreshes", file=sys.stderr, flush=True)
    tracemalloc.start()  # tracing slows the refresh down: it is timed in a run of its own below
    with rolled_back():
        refresh(on)
    f["peak_mb"] = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    f["first"] = timed_refresh(on)

    # The commune reviewer told of the most: the home page's longest list of reminders.
    communes = Organisation.objects.filter(area_type=Organisation.Area.COMMUNE).values_list("pk", flat=True)
    reviewers = User.objects.filter(username__in=[f"{PREFIX}{Role.REVIEWER}.{pk}" for pk in communes])
    reviewer = reviewers.annotate(n=Count("reminders")).order_by("-n", "pk").first()
    f["reviewer_at"] = Organisation.objects.get(role_assignments__user=reviewer).name
    with CaptureQueriesContext(connection) as captured:
        f["home_rows"] = len(Reminder.objects.open_for(reviewer))
    f["home_queries"] = len(captured)
    _, f["home_s"] = timed(lambda: list(Reminder.objects.open_for(reviewer)), rounds=ROUNDS)

    f["again"] = timed_refresh(on)
    print("— due_for", file=sys.stderr, flush=True)
    told, f["reviewer_s"] = timed(due_for, reviewer, on, rounds=ROUNDS)
    f["reviewer_told"] = len(told)
    told, f["staff_s"] = timed(due_for, staff, on, rounds=ROUNDS)
    f["staff_told"] = len(told)
    print(f"— the refresh two weeks later, {later}", file=sys.stderr, flush=True)
    f["two_weeks"] = timed_refresh(later)
    version = connection.pg_version  # 150020 is 15.20
    f["postgres"] = f"PostgreSQL {version // 10000}.{version % 10000}"


def child() -> None:
    sys.path.insert(0, str(pages_bench.ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from branches.models import Organisation, Reminder

    if not Organisation.objects.exists():
        raise SystemExit(f"{DATABASE} is empty: bench/run.py seeds it")
    reminders, figures = Reminder.objects.count(), {"django": django.get_version()}
    print("— logins", file=sys.stderr, flush=True)
    with rolled_back():  # the database is shared with the other benchmarks: leave it as it was
        measure(figures)
    left = get_user_model().objects.filter(username__startswith=PREFIX).exists()
    if left or Reminder.objects.count() != reminders:
        raise SystemExit("the rollback left rows behind")
    RESULT.write_text(json.dumps(figures, ensure_ascii=False, indent=1))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--no-doc", action="store_true", help="print only; leave docs/BENCHMARKS.md alone")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child()
        return 0
    return parent(args)


if __name__ == "__main__":
    sys.exit(main())
