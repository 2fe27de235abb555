"""Server time and query counts of the main pages on the province-scale demo (PostgreSQL).

    .venv/bin/python bench/run.py            # what `make bench` runs
    .venv/bin/python bench/run.py --reseed   # drop the bench databases and seed them again
    .venv/bin/python bench/run.py --explain  # also print EXPLAIN ANALYZE of each page's slowest query

The script runs itself once per database, as a child process with DATABASE_URL pointing there
(Django settings are read once per process): the Trà Vinh shape in `chibo_bench`, the commune
demo in `chibo_bench_commune`. Each child migrates, seeds when the database is empty, and
measures every page in-process with Django's test client; the parent compares the query counts
of the two sizes, prints the table and writes it to docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
import warnings
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DOC = ROOT / "docs" / "BENCHMARKS.md"
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASES = {"province": "chibo_bench", "commune": "chibo_bench_commune"}
# DESIGN.md §6: p95 ≤ 150 ms for pages scoped to a commune; province-wide ≤ 200 ms (issue 10 §7, was 500). The 2022 shape
# has districts between the two; their pages are held to the commune target.
TARGET_MS = {"commune": 150, "district": 150, "province": 200}
# Pages held to their own target (issue 13 §1: the province's dues page, 500 ms).
PAGE_TARGET_MS = {"dues/province": 500}
SEARCH = "nguyen van"
DOC_START, DOC_END = "<!-- bench/run.py: start -->", "<!-- bench/run.py: end -->"


# Parent: databases, children, table, document -----------------------------------------------------


def ensure_database(name: str, reseed: bool) -> None:
    import psycopg2

    connection = psycopg2.connect(f"{SERVER}/postgres")
    connection.autocommit = True  # CREATE DATABASE cannot run inside a transaction
    with connection.cursor() as cursor:
        if reseed:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def run_child(scale: str, args: argparse.Namespace) -> dict:
    result_file = OUT / f"result-{scale}.json"
    env = {
        **os.environ,
        "DATABASE_URL": f"{SERVER}/{DATABASES[scale]}",
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-only-not-a-secret"),
        "LOG_LEVEL": "ERROR",
    }
    command = [
        sys.executable,
        __file__,
        "--child",
        scale,
        "--rounds",
        str(args.rounds),
        "--warmups",
        str(args.warmups),
        "--seed",
        str(args.seed),
        "--result",
        str(result_file),
    ]
    if args.explain:
        command.append("--explain")
    subprocess.run(command, env=env, cwd=ROOT, check=True)
    return json.loads(result_file.read_text())


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: of 30 samples, p95 is the 29th smallest."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def table(province: dict, commune: dict) -> tuple[list[str], bool]:
    commune_queries = {page["key"]: page["queries"] for page in commune["pages"]}
    lines = [
        "| scope | page | p50 ms | p95 ms | target p95 | SQL ms | queries | queries, commune demo | |",
        "|---|---|--:|--:|--:|--:|--:|--:|---|",
    ]
    all_ok = True
    for page in province["pages"]:
        target = PAGE_TARGET_MS.get(page["key"], TARGET_MS[page["scope"]])
        p50, p95 = statistics.median(page["ms"]), percentile(page["ms"], 0.95)
        small = commune_queries.get(page["key"])
        ok = p95 <= target and small == page["queries"]
        all_ok &= ok
        problems = [
            text
            for bad, text in ((p95 > target, "slow"), (small != page["queries"], "query count varies"))
            if bad
        ]
        lines.append(
            f"| {page['scope']} | {page['label']} | {p50:.1f} | {p95:.1f} | {target} | {page['sql_ms']:.1f} "
            f"| {page['queries']} | {small if small is not None else '–'} | {'ok' if ok else ', '.join(problems)} |"
        )
    return lines, all_ok


def machine() -> str:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        model = next(
            (
                line.split(":", 1)[1].strip()
                for line in cpuinfo.read_text().splitlines()
                if line.startswith("model name")
            ),
            "",
        )
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(meminfo.read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    return f"{os.cpu_count()} cores ({model or platform.processor() or 'unknown CPU'}){memory}"


def seed_line(result: dict) -> str:
    seed = result["seed"]
    if seed.get("seconds") is None:
        return "not measured (the database was seeded before this run; `--reseed` measures it)"
    when = "this run" if seed["date"] == date.today().isoformat() else seed["date"]
    memory = f", peak memory {seed['peak_mb']:.0f} MB" if seed.get("peak_mb") else ""
    return f"{seed['seconds']:.1f} s (`seed_demo --scale {result['scale']}` on PostgreSQL, {when}{memory})"


def report(province: dict, commune: dict, rounds: int, warmups: int) -> tuple[str, bool]:
    rows, all_ok = table(province, commune)
    figures = province["figures"]
    text = [
        DOC_START,
        f"## Page server time, province scale ({date.today().isoformat()})",
        "",
        f"* machine: {machine()}; {province['postgres']}; Python {platform.python_version()}, Django {province['django']}",
        f"* data: the Trà Vinh shape, seed {province['seed_value']}: {figures['organisations']} organisations "
        f"({figures['upper']} upper, {figures['grassroots_committee']} đảng bộ cơ sở, {figures['grassroots_cell']} chi bộ cơ sở, "
        f"{figures['cell']} chi bộ trực thuộc), {figures['members']:,} members ({figures['women']:,} women, {figures['khmer']:,} Khmer, "
        f"{figures['hoa']} Hoa, {figures['exempt_percent']:.2f} % exempt), {figures['events']:,} timeline events; fingerprint `{province['fingerprint']}`",
        f"* meetings: {meetings_line(figures)}",
        f"* seed time: {seed_line(province)}",
        f"* method: `bench/run.py`, in-process with Django's test client, DEBUG off, {warmups} warm-up requests then "
        f"{rounds} timed ones per page; p95 is the nearest rank; then one more request with its queries captured "
        '(`CaptureQueriesContext`) and timed: "SQL ms" is their total. The database connection is kept between '
        "requests (CONN_MAX_AGE=60, the default), as in production; tables were `VACUUM ANALYZE`d after seeding",
        f"* users, one per scope: commune: {province['users']['commune']}; district: {province['users']['district']}; "
        f"province: {province['users']['province']} (bench users, created by the script)",
        "* query counts: the same pages on the commune demo (`chibo_bench_commune`, "
        f"{commune['figures']['members']} members) must issue the same number of queries",
        "",
        *rows,
        "",
        kept_line(province["pages"]),
        "",
        decide_line(province["decide"]),
        "",
        f"Targets (DESIGN.md §6): p95 ≤ {TARGET_MS['commune']} ms for commune-scoped pages (here also for the district "
        f"ones), ≤ {TARGET_MS['province']} ms province-wide (the province's dues page ≤ {PAGE_TARGET_MS['dues/province']} ms, "
        "issue 13); query count independent of the amount of data. "
        + ("All met." if all_ok else "**Not all met**: see the rows not marked ok."),
        DOC_END,
    ]
    return "\n".join(text), all_ok


def kept_line(pages: list[dict]) -> str:
    figures = [
        f"{page['label']} p50 {statistics.median(page['cold_ms']):.0f} ms, p95 {percentile(page['cold_ms'], 0.95):.0f} ms"
        for page in pages
        if "cold_ms" in page
    ]
    return (
        "The province's watch lists and rating distribution are kept for 5 minutes (in each server process, or shared by them through `CACHE_URL`) "
        "(`branches/summaries.py`; the page says when they were worked out), so the rows above are as served. "
        f"Worked out afresh (the cache cleared before each of the {len(pages[0]['ms'])} requests): "
        + "; ".join(figures)
        + "."
    )


def decide_line(decide: dict) -> str:
    p50, p95 = statistics.median(decide["ms"]), percentile(decide["ms"], 0.95)
    verdict = "ok" if p95 <= DECIDE_TARGET_MS else "**slow**"
    return (
        f"Deciding a chi bộ's list of {decide['members']} proposed members in one action ({decide['branch']}; one POST, "
        f"with the quota check over its group and a transition row each; {len(decide['ms'])} rounds, each rolled back): "
        f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, target ≤ {DECIDE_TARGET_MS} ms: {verdict}."
    )


def write_doc(section: str, start: str = DOC_START, end: str = DOC_END) -> None:
    """Put `section`, which begins with `start` and ends with `end`, in docs/BENCHMARKS.md in place
    of the one between those markers; every bench script writes its own section through here."""
    if DOC.exists():
        current = DOC.read_text()
    else:
        current = "# Benchmarks\n\nFigures written by the scripts in `bench/` (see bench/README.md).\n\n"
    if start in current and end in current:
        before, rest = current.split(start, 1)
        current = before + section + rest.split(end, 1)[1]
    else:
        current = current.rstrip("\n") + "\n\n" + section + "\n"
    DOC.write_text(current)


def parent(args: argparse.Namespace) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    results = {}
    for scale in ("province", "commune"):
        ensure_database(DATABASES[scale], args.reseed)
        print(f"— {scale} scale in {DATABASES[scale]}", flush=True)
        results[scale] = run_child(scale, args)
    section, all_ok = report(results["province"], results["commune"], args.rounds, args.warmups)
    all_ok &= percentile(results["province"]["decide"]["ms"], 0.95) <= DECIDE_TARGET_MS
    print()
    print("\n".join(line for line in section.splitlines() if not line.startswith("<!--")))
    if not args.no_doc:
        write_doc(section)
        print(f"\nWritten to {DOC.relative_to(ROOT)}")
    return 0 if all_ok else 1


# Child: one database ------------------------------------------------------------------------------


def child(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.conf import settings
    from django.test.utils import override_settings

    django.setup()
    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collected files
    # With DEBUG off the settings pick the manifest storage, which needs `collectstatic` first;
    # static URLs cost the same either way, so use the plain storage and collect nothing.
    staticfiles = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": staticfiles}).enable()

    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    seed = seed_if_empty(args.child, args.seed)
    with connection.cursor() as cursor:
        # Bulk-loaded tables: statistics for the planner and visibility maps for index-only scans
        # now, rather than from autovacuum in the middle of the measurements.
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("SELECT version()")
        postgres = " ".join(cursor.fetchone()[0].split()[:2])
    figures = shape_figures(args.child)
    users, pages = bench_pages()
    measured = [measure(page, args.rounds, args.warmups, args.explain) for page in pages]
    decide = measure_decide(max(5, args.rounds // 3))
    result = {
        "scale": args.child,
        "seed": seed,
        "seed_value": args.seed,
        "figures": figures,
        "fingerprint": fingerprint(),
        "postgres": postgres,
        "django": django.get_version(),
        "users": users,
        "pages": measured,
        "decide": decide,
    }
    Path(args.result).write_text(json.dumps(result, ensure_ascii=False, indent=1))


def seed_if_empty(scale: str, seed: int) -> dict:
    import resource

    from django.core.management import call_command

    from branches.models import Organisation

    record = OUT / f"seed-{scale}.json"
    if Organisation.objects.exists():
        if record.exists():
            return json.loads(record.read_text())
        return {"seconds": None, "date": None}
    started = time.perf_counter()
    call_command("seed_demo", scale=scale, seed=seed)  # prints its own line: organisations, members, meetings
    seconds = time.perf_counter() - started
    peak_mb = (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    )  # kB on Linux; includes the migrations
    print(f"  seeded the {scale} demo in {seconds:.1f} s, peak memory {peak_mb:.0f} MB", flush=True)
    result = {"seconds": seconds, "date": date.today().isoformat(), "peak_mb": peak_mb}
    record.write_text(json.dumps(result))
    return result


def shape_figures(scale: str) -> dict:
    """The figures DESIGN.md §6 asks of the demo, counted back from the database."""
    from django.db.models import Count, Q

    from branches import demo
    from branches.models import Member, MemberEvent, Organisation
    from branches.services import check_tree

    kinds = dict(Organisation.objects.values_list("kind").annotate(n=Count("pk")).order_by())
    members = Member.objects.aggregate(
        members=Count("pk"),
        women=Count("pk", filter=Q(gender="F")),
        khmer=Count("pk", filter=Q(ethnicity="Khmer")),
        hoa=Count("pk", filter=Q(ethnicity="Hoa")),
        exempt=Count("pk", filter=Q(is_exempt=True)),
    )
    # Every chi bộ trực thuộc of the province sits under a đảng bộ cơ sở.
    misplaced = Organisation.objects.filter(kind="cell").exclude(parent__kind="grassroots_committee").count()
    figures = {
        "organisations": sum(kinds.values()),
        **{kind: kinds.get(kind, 0) for kind in ("upper", "grassroots_committee", "grassroots_cell", "cell")},
        **members,
        "exempt_percent": 100 * members["exempt"] / members["members"],
        "events": MemberEvent.objects.count(),
    }
    meetings, meeting_problems = meeting_figures()
    figures.update(meetings)
    problems = check_tree() + meeting_problems
    if scale == "province":
        shape = demo.PROVINCE
        expected = {
            "upper": shape.uppers,
            "grassroots_committee": shape.grassroots_committees,
            "grassroots_cell": shape.grassroots_cells,
            "cell": shape.cells,
            "members": shape.members,
            "women": shape.women,
            "khmer": shape.khmer,
            "hoa": shape.hoa,
            "exempt": round(shape.members * shape.exempt_share),
        }
        problems += [
            f"{key}: {figures[key]}, expected {value}"
            for key, value in expected.items()
            if figures[key] != value
        ]
        if misplaced:
            problems.append(f"{misplaced} chi bộ trực thuộc not under a đảng bộ cơ sở")
    if problems:
        raise SystemExit("The demo data is not the expected shape:\n  " + "\n  ".join(problems))
    return figures


def meeting_figures() -> tuple[dict, list[str]]:
    """The demo's year of meetings counted back from the database, and any row that breaks what
    meetings.demo promises: nothing in the future, scores that add up, one row per roster member."""
    from collections import Counter
    from datetime import datetime, time

    from django.db.models import Count, F, Q, Sum
    from django.utils import timezone

    from branches.demo import TODAY
    from branches.models import Member
    from meetings.models import Attendance, Meeting

    def grouped(qs, column: str) -> dict:
        return dict(qs.values_list(column).annotate(n=Count("pk")).order_by(column))

    held = Meeting.objects.exclude(status=Meeting.Status.PLANNED)
    finalised = Meeting.objects.filter(status=Meeting.Status.FINALISED)
    attendance = grouped(Attendance.objects.all(), "status")
    counted = sum(n for status, n in attendance.items() if status in Attendance.COUNTED)
    figures = {
        "meetings": Meeting.objects.count(),
        "meetings_by_status": grouped(Meeting.objects.all(), "status"),
        "meetings_by_kind": grouped(held, "kind"),
        "levels": grouped(finalised, "level"),
        "attendance": sum(attendance.values()),
        "attendance_by_status": attendance,
        "present_percent": 100 * attendance.get("present", 0) / counted if counted else 0.0,
    }
    # The roster of a chi bộ: its current members and those hosted there (meetings.services.roster).
    current = Member.objects.current()
    roster = Counter(dict(current.values_list("organisation").annotate(n=Count("pk")).order_by()))
    roster.update(
        dict(
            current.exclude(temporary_organisation=None)
            .values_list("temporary_organisation")
            .annotate(n=Count("pk"))
            .order_by()
        )
    )
    rows = held.values_list("organisation", "year", "month", "kind").annotate(n=Count("attendance"))
    not_roster = [row for row in rows if row[-1] != roster[row[0]]]
    today = timezone.make_aware(datetime.combine(TODAY, time()))
    checks = [
        (held.filter(Q(started_at__gte=today) | Q(ended_at__gte=today)).count(), "meetings in the future"),
        (
            finalised.filter(Q(score=None) | Q(level="") | Q(sheet=None)).count(),
            "finalised meetings without a score",
        ),
        (
            finalised.annotate(total=Sum("scores__points")).exclude(total=F("score")).count(),
            "meetings whose criteria do not add up to the score",
        ),
        (len(not_roster), "meetings whose attendance is not the chi bộ's roster"),
    ]
    return figures, [f"{n} {text}" for n, text in checks if n]


def meetings_line(figures: dict) -> str:
    status, kinds, levels = figures["meetings_by_status"], figures["meetings_by_kind"], figures["levels"]
    scored = sum(levels.values()) or 1
    shares = ", ".join(
        f"{label} {100 * levels.get(key, 0) / scored:.1f} %"
        for key, label in (("tot", "Tốt"), ("kha", "Khá"), ("trung_binh", "Trung bình"), ("kem", "Kém"))
    )
    return (
        f"{figures['meetings']:,} ({status.get('finalised', 0):,} finalised, {status.get('draft', 0):,} drafts, "
        f"{status.get('planned', 0):,} planned; held: {kinds.get('regular', 0):,} regular, {kinds.get('combined', 0):,} "
        f"combined, {kinds.get('thematic', 0):,} thematic), {figures['attendance']:,} attendance rows "
        f"({figures['present_percent']:.1f} % of the counted present); quality: {shares}"
    )


def fingerprint() -> str:
    """Same seed, same data: a hash of names and places that does not depend on primary keys."""
    import hashlib

    from django.db.models import Count, Q

    from branches.models import Member, Organisation
    from meetings.models import Attendance, Meeting

    digest = hashlib.sha256()
    for row in (
        Organisation.objects.order_by("code").values_list("code", "kind", "name", "parent__code").iterator()
    ):
        digest.update(repr(row).encode())
    rows = Member.objects.order_by("dossier_number", "cccd").values_list(
        "full_name", "birth_date", "cccd", "organisation__code"
    )
    for row in rows.iterator(chunk_size=5000):
        digest.update(repr(row).encode())
    meetings = (
        Meeting.objects.order_by("organisation__code", "year", "month", "kind", "started_at", "planned_start")
        .annotate(
            **{
                status: Count("attendance", filter=Q(attendance__status=status))
                for status in Attendance.COUNTED
            }
        )
        .values_list(
            "organisation__code",
            "year",
            "month",
            "kind",
            "status",
            "started_at",
            "ended_at",
            "score",
            "level",
            *Attendance.COUNTED,
        )
    )
    for row in meetings.iterator(chunk_size=5000):
        digest.update(repr(row).encode())
    return digest.hexdigest()[:16]


def bench_pages() -> tuple[dict, list[dict]]:
    """The users and the pages to measure, chosen from the data the same way at both sizes."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Q
    from django.urls import reverse

    from branches.member_views import PAGE_SIZE
    from branches.models import Member, Organisation, Position, RoleAssignment
    from meetings.models import Meeting
    from ratings.models import RatingPeriod

    Role, Area = RoleAssignment.Role, Organisation.Area
    province = Organisation.objects.get(parent__isnull=True)

    def biggest(orgs):
        """The organisation with the most current members in its subtree."""
        best = None
        for org in orgs:
            n = Member.objects.current().filter(organisation__path__startswith=org.path).count()
            if best is None or n > best[0]:
                best = (n, org)
        return best[1]

    communes = Organisation.objects.filter(area_type=Area.COMMUNE)
    # The reviewer's committee: the largest upper organisation with communes (not a bloc).
    uppers = [
        u for u in province.children.order_by("path") if communes.filter(path__startswith=u.path).exists()
    ]
    upper = biggest(uppers)
    commune = biggest(communes.filter(path__startswith=upper.path).order_by("path"))
    branch = (
        Organisation.objects.subtree(commune)
        .filter(kind__in=["cell", "grassroots_cell"])
        .annotate(n=Count("members", filter=Q(members__status__in=Member.CURRENT_STATUSES)))
        .order_by("-n", "path")
        .first()
    )
    secretary = (
        Position.objects.filter(organisation=branch, title=Position.Title.SECRETARY)
        .select_related("member")
        .first()
    ).member

    User = get_user_model()

    def user_with_role(username: str, org: Organisation, role: str):
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_unusable_password()
            user.save()
        RoleAssignment.objects.get_or_create(user=user, organisation=org, role=role)
        return user

    staff = user_with_role("bench.tinh", province, Role.PROVINCE_STAFF)
    district_reviewer = user_with_role("bench.huyen", upper, Role.REVIEWER)
    commune_reviewer = user_with_role("bench.xa", commune, Role.REVIEWER)
    branch_secretary = user_with_role("bench.bithu", branch, Role.SECRETARY)
    meeting = (
        Meeting.objects.filter(organisation=branch, status=Meeting.Status.FINALISED)
        .order_by("-started_at")
        .first()
    )
    planned = (
        Meeting.objects.filter(organisation=branch, status=Meeting.Status.PLANNED)
        .order_by("planned_start")
        .first()
    )
    year = meeting.year
    # The dues of the branch's latest finalised meeting: that month's books are written.
    dues_month, dues_query = f"{meeting.month}/{meeting.year}", f"{meeting.year}-{meeting.month}"
    users = {
        "province": f"`{staff.username}` province_staff at {province.name}",
        "district": f"`{district_reviewer.username}` reviewer at {upper.name}",
        "commune": f"`{commune_reviewer.username}` reviewer at {commune.name}",
    }
    years = sorted(RatingPeriod.objects.values_list("year", flat=True))
    open_year, done_year = years[-1], max(y for y in years if y < date.today().year)

    def ratings_url(name: str, org: Organisation, year: int) -> str:
        return reverse(f"ratings:{name}", args=[org.pk, year])

    member_list = reverse("branches:member-list")
    search = f"{member_list}?q={SEARCH.replace(' ', '+')}"
    last_page = math.ceil(Member.objects.visible_to(staff).current().count() / PAGE_SIZE)
    pages = [
        ("home", "Home (dashboard)", commune_reviewer, "commune", reverse("home")),
        ("tree", "Tree browser", commune_reviewer, "commune", reverse("branches:org-tree")),
        (
            "children",
            f"Tree children of {commune.name}",
            commune_reviewer,
            "commune",
            reverse("branches:org-children", args=[commune.pk]),
        ),
        (
            "org-commune",
            f"Organisation: {commune.name}",
            commune_reviewer,
            "commune",
            reverse("branches:org-detail", args=[commune.pk]),
        ),
        (
            "org-branch",
            f"Organisation: {branch.name} ({branch.members.count()} members)",
            commune_reviewer,
            "commune",
            reverse("branches:org-detail", args=[branch.pk]),
        ),
        ("members", "Member list", commune_reviewer, "commune", member_list),
        ("members-search", f"Member list, q=“{SEARCH}”", commune_reviewer, "commune", search),
        (
            "member",
            f"Member: {secretary.full_name} (bí thư)",
            commune_reviewer,
            "commune",
            reverse("branches:member-detail", args=[secretary.pk]),
        ),
        ("home-secretary", "Home of the chi bộ's secretary", branch_secretary, "commune", reverse("home")),
        (
            "record",
            f"Meeting entry page ({planned.month}/{planned.year}, planned)",
            branch_secretary,
            "commune",
            f"{reverse('meetings:meeting-record', args=[branch.pk])}?month={planned.year}-{planned.month}",
        ),
        (
            "meeting",
            f"Meeting page {meeting.month}/{meeting.year}",
            branch_secretary,
            "commune",
            reverse("meetings:meeting-detail", args=[meeting.pk]),
        ),
        (
            "compliance",
            f"Compliance calendar {year}",
            commune_reviewer,
            "commune",
            f"{reverse('meetings:compliance', args=[commune.pk])}?year={year}",
        ),
        (
            "watchlist",
            f"Watch lists {year}",
            commune_reviewer,
            "commune",
            f"{reverse('meetings:watchlist', args=[commune.pk])}?year={year}",
        ),
        (
            "rating-sheet",
            f"Rating sheet {open_year} of {branch.name}",
            branch_secretary,
            "commune",
            ratings_url("org-year", branch, open_year),
        ),
        (
            "rating-org",
            f"Ratings {done_year} of {commune.name}",
            commune_reviewer,
            "commune",
            ratings_url("org-year", commune, done_year),
        ),
        (
            "rating-queue",
            f"Rating queue {open_year}",
            commune_reviewer,
            "commune",
            ratings_url("queue", commune, open_year),
        ),
        (
            "rating-distribution",
            f"Rating distribution {done_year}",
            commune_reviewer,
            "commune",
            ratings_url("distribution", commune, done_year),
        ),
        (
            "dues",
            f"Dues {dues_month}: collection rates of {commune.name}",
            commune_reviewer,
            "commune",
            f"{reverse('meetings:dues-overview', args=[commune.pk])}?month={dues_query}",
        ),
        (
            "dues-book",
            f"Dues book {dues_month} of {branch.name}",
            branch_secretary,
            "commune",
            reverse("meetings:dues-month", args=[branch.pk, meeting.year, meeting.month]),
        ),
        ("home", "Home (dashboard)", district_reviewer, "district", reverse("home")),
        ("tree", "Tree browser", district_reviewer, "district", reverse("branches:org-tree")),
        (
            "children",
            f"Tree children of {upper.name}",
            district_reviewer,
            "district",
            reverse("branches:org-children", args=[upper.pk]),
        ),
        ("members", "Member list", district_reviewer, "district", member_list),
        ("members-search", f"Member list, q=“{SEARCH}”", district_reviewer, "district", search),
        (
            "compliance",
            f"Compliance calendar {year}",
            district_reviewer,
            "district",
            f"{reverse('meetings:compliance', args=[upper.pk])}?year={year}",
        ),
        (
            "rating-queue",
            f"Rating queue {open_year}",
            district_reviewer,
            "district",
            ratings_url("queue", upper, open_year),
        ),
        (
            "rating-distribution",
            f"Rating distribution {done_year}",
            district_reviewer,
            "district",
            ratings_url("distribution", upper, done_year),
        ),
        ("home", "Home (dashboard)", staff, "province", reverse("home")),
        ("tree", "Tree browser", staff, "province", reverse("branches:org-tree")),
        (
            "children",
            f"Tree children of {province.name}",
            staff,
            "province",
            reverse("branches:org-children", args=[province.pk]),
        ),
        (
            "org-province",
            f"Organisation: {province.name}",
            staff,
            "province",
            reverse("branches:org-detail", args=[province.pk]),
        ),
        ("members", "Member list", staff, "province", member_list),
        ("members-search", f"Member list, q=“{SEARCH}”", staff, "province", search),
        (
            "members-last",
            f"Member list, last page ({last_page})",
            staff,
            "province",
            f"{member_list}?page={last_page}",
        ),
        (
            "compliance",
            f"Compliance calendar {year}",
            staff,
            "province",
            f"{reverse('meetings:compliance', args=[province.pk])}?year={year}",
        ),
        (
            "compliance-problems",
            f"Compliance calendar {year}, problems only",
            staff,
            "province",
            f"{reverse('meetings:compliance', args=[province.pk])}?year={year}&problems=1",
        ),
        (
            "watchlist",
            f"Watch lists {year}",
            staff,
            "province",
            f"{reverse('meetings:watchlist', args=[province.pk])}?year={year}",
        ),
        (
            "rating-queue",
            f"Rating queue {open_year}",
            staff,
            "province",
            ratings_url("queue", province, open_year),
        ),
        (
            "rating-distribution",
            f"Rating distribution {done_year}",
            staff,
            "province",
            ratings_url("distribution", province, done_year),
        ),
        (
            "dues",
            f"Dues {dues_month}: collection rates per unit",
            staff,
            "province",
            f"{reverse('meetings:dues-overview', args=[province.pk])}?month={dues_query}",
        ),
    ]
    return users, [
        {
            "key": f"{key}/{scope}",
            "label": label,
            "user": user.username,
            "user_obj": user,
            "scope": scope,
            "url": url,
        }
        for key, label, user, scope, url in pages
    ]


DECIDE_MEMBERS = 50  # issue 4: decide a 50-member chi bộ's list in one action, ≤ 1 s server time
DECIDE_TARGET_MS = 1000


class RolledBack(Exception):
    pass


def measure_decide(rounds: int) -> dict:
    """Server time of one POST deciding a whole chi bộ list of 50 proposed members (with the quota
    check over its group). Each round sets the list up and rolls everything back afterwards."""
    from datetime import date as day

    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from branches.models import Member, Organisation, RoleAssignment
    from ratings.models import MemberRating, RatingPeriod, Status
    from ratings.services import heads_of

    period = RatingPeriod.objects.order_by("-year").first()
    rated = MemberRating.objects.current().filter(period=period).exclude(status=Status.EXCLUDED)
    branch_id = (
        rated.values("organisation_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "organisation_id")[0]["organisation_id"]
    )
    branch = Organisation.objects.select_related("parent").get(pk=branch_id)
    assert branch.province_id == period.province_id
    reviewer, _ = get_user_model().objects.get_or_create(username="bench.quyetdinh")
    RoleAssignment.objects.get_or_create(
        user=reviewer, organisation=branch.parent, role=RoleAssignment.Role.REVIEWER
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(reviewer)
    url = reverse("ratings:members-decide", args=[branch.pk, period.year])
    timings = []
    for _ in range(rounds):
        try:
            with transaction.atomic():
                # The bí thư is decided after the collective, so the list is the other members.
                rows = list(
                    rated.filter(organisation=branch)
                    .exclude(member_id__in=heads_of(branch))
                    .order_by("pk")[:DECIDE_MEMBERS]
                )
                template = rows[0].member
                for i in range(DECIDE_MEMBERS - len(rows)):  # a smaller chi bộ is topped up to 50
                    extra = Member.objects.create(
                        organisation=branch,
                        full_name=f"Đảng viên thử {i}",
                        gender="M",
                        birth_date=template.birth_date,
                        ceremony_date=day(2010, 1, 1),
                        official_date=day(2011, 1, 1),
                        status=Member.Status.OFFICIAL,
                    )
                    rows.append(
                        MemberRating.objects.create(
                            period=period, member=extra, organisation=branch, sheet="PL5"
                        )
                    )
                excellent = max(1, DECIDE_MEMBERS // 6 - 1)  # within floor(0.2·50/1.2) = 8
                for i, rating in enumerate(rows):
                    top = i < excellent
                    MemberRating.objects.filter(pk=rating.pk).update(
                        status=Status.PROPOSED,
                        score=93 if top else 82,
                        tasks_assigned=10,
                        tasks_on_time=10,
                        tasks_exceeded=4 if top else 1,
                        tasks_late=0,
                        tasks_not_done=0,
                        shortcomings_pointed=0,
                        shortcomings_remedied=0,
                        self_level="HTXSNV" if top else "HTTNV",
                        proposed_level="HTXSNV" if top else "HTTNV",
                        level="",
                        waiting_for=[],
                        version=7,
                    )
                form = {"decision_number": "99-QĐ/ĐU", "decided_on": "20/12/2025"}
                for i, rating in enumerate(rows):
                    form[f"level-{rating.pk}"] = "HTXSNV" if i < excellent else "HTTNV"
                    form[f"version-{rating.pk}"] = "7"
                started = time.perf_counter()
                response = client.post(url, form, secure=True)
                timings.append((time.perf_counter() - started) * 1000)
                decided = MemberRating.objects.filter(
                    pk__in=[r.pk for r in rows], status=Status.DECIDED
                ).count()
                if response.status_code != 302 or decided != DECIDE_MEMBERS:
                    raise SystemExit(f"deciding the list failed: {response.status_code}, {decided} decided")
                raise RolledBack
        except RolledBack:
            pass
    p95 = percentile(timings, 0.95)
    print(
        f"  Decide a {DECIDE_MEMBERS}-member list ({branch.name}) p50 {statistics.median(timings):6.1f}  p95 {p95:6.1f} ms",
        flush=True,
    )
    return {"branch": branch.name, "members": DECIDE_MEMBERS, "ms": timings}


# Province summaries kept a few minutes per server process (branches/summaries.py): measured as served and
# worked out afresh.
KEPT_PAGES = {"watchlist/province", "rating-distribution/province"}


def measure(page: dict, rounds: int, warmups: int, explain: bool) -> dict:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # ALLOWED_HOSTS holds 127.0.0.1; secure=True keeps the SSL redirect of DEBUG-off settings out of the way.
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(page.pop("user_obj"))

    def get():
        response = client.get(page["url"], secure=True)
        if response.status_code != 200:
            raise SystemExit(f"{page['label']} ({page['url']}) answered {response.status_code}")
        return response

    for _ in range(warmups):
        get()
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        get()
        timings.append((time.perf_counter() - started) * 1000)
    if page["key"] in KEPT_PAGES:  # also worked out afresh each time, as after the cache expires
        page["cold_ms"] = []
        for _ in range(rounds):
            cache.clear()
            started = time.perf_counter()
            get()
            page["cold_ms"].append((time.perf_counter() - started) * 1000)
    durations = []

    def timed(execute, sql, params, many, context):
        # The debug cursor rounds to whole milliseconds; time each query more finely here.
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            durations.append((time.perf_counter() - started) * 1000)

    with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timed):
        get()
    queries = [
        {"sql": q["sql"], "ms": ms} for q, ms in zip(captured.captured_queries, durations, strict=True)
    ]
    slowest = max(queries, key=lambda q: q["ms"])
    page.update(ms=timings, queries=len(queries), sql_ms=sum(q["ms"] for q in queries), slowest_sql=slowest)
    p95 = percentile(timings, 0.95)
    print(
        f"  {page['label'][:48]:<48} {page['user']:<15} p50 {statistics.median(timings):6.1f}  p95 {p95:6.1f} ms  "
        f"{len(queries):2d} queries, slowest {slowest['ms']:.1f} ms",
        flush=True,
    )
    if explain:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
            print("    " + "\n    ".join(row[0] for row in cursor.fetchall()))
    (OUT / "queries").mkdir(exist_ok=True)
    name = f"{connection.settings_dict['NAME']}-{page['key'].replace('/', '-')}-{page['user']}.sql"
    (OUT / "queries" / name).write_text("".join(f"-- {q['ms']:.2f} ms\n{q['sql']};\n\n" for q in queries))
    return page


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=30, help="timed requests per page (default 30)")
    parser.add_argument("--warmups", type=int, default=3, help="untimed requests first (default 3)")
    parser.add_argument("--seed", type=int, default=2022, help="demo seed used when seeding (default 2022)")
    parser.add_argument("--reseed", action="store_true", help="drop the bench databases and seed again")
    parser.add_argument(
        "--explain", action="store_true", help="EXPLAIN ANALYZE the slowest query of each page"
    )
    parser.add_argument("--no-doc", action="store_true", help="print only; leave docs/BENCHMARKS.md alone")
    parser.add_argument("--child", choices=sorted(DATABASES), help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return 0
    return parent(args)


if __name__ == "__main__":
    sys.exit(main())
