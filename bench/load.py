"""Fifty users at once: `make bench-load` (issue 10 §7).

    .venv/bin/python bench/load.py               # what `make bench-load` runs
    .venv/bin/python bench/load.py --minutes 1   # a shorter run
    .venv/bin/python bench/load.py --no-doc      # print only; leave docs/BENCHMARKS.md alone

Uses the province demo in `chibo_bench` (created and seeded like bench/run.py does when missing),
gives it login accounts (30 chi bộ secretaries, 15 commune reviewers, 5 province staff, password
of the demo), starts gunicorn with 4 workers on 127.0.0.1 with production settings (DEBUG off,
bench/load_settings.py), then runs locust (bench/.venv-load, see bench/locustfile.py) twice:
one user logging in and out alone for `--login-seconds`, then the 50 users for `--minutes`.
Per request type: count, errors, p50, p95 into docs/BENCHMARKS.md between its own markers.
Exits non-zero when a request failed or a p95 is above 300 ms.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import DATABASES, OUT, ROOT, SERVER, ensure_database, machine, write_doc  # noqa: E402

LOCUST = ROOT / "bench" / ".venv-load" / "bin" / "locust"
PLAN = OUT / "load-plan.json"
HOST = "127.0.0.1"
TARGET_MS = 300
USERS = {"secretary": 30, "reviewer": 15, "staff": 5}
DOC_START, DOC_END = "<!-- bench/load.py: start -->", "<!-- bench/load.py: end -->"


def env_for_app() -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"{SERVER}/{DATABASES['province']}",
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-only-not-a-secret"),
        "DJANGO_SETTINGS_MODULE": "load_settings",
        "PYTHONPATH": f"{ROOT / 'bench'}{os.pathsep}{ROOT}",
        "LOG_LEVEL": "ERROR",
        # As in production: the gunicorn workers share one cache (province summaries), here Redis db 12.
        "CACHE_URL": os.environ.get("BENCH_CACHE", "redis://127.0.0.1:6379/12"),
    }


# Child: accounts and the plan ---------------------------------------------------------------------


def prepare() -> None:
    """Migrate, seed when empty, create the load accounts and write the plan the locustfile reads."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import check_password, make_password
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db.models import Count, Q
    from django.urls import reverse
    from run import SEARCH, seed_if_empty

    from branches.demo import DEMO_PASSWORD
    from branches.models import Member, Organisation, RoleAssignment
    from meetings.models import Meeting
    from ratings.models import RatingPeriod

    call_command("migrate", verbosity=0)
    seed_if_empty("province", 2022)
    cache.clear()  # the run starts with no province summary worked out
    Role, Kind = RoleAssignment.Role, Organisation.Kind
    User = get_user_model()
    password_hash = make_password(
        DEMO_PASSWORD
    )  # one Argon2 hash shared by the accounts: the seed stays quick

    def account(username: str, org: Organisation, role: str) -> str:
        user, _ = User.objects.get_or_create(username=username)
        if not check_password(DEMO_PASSWORD, user.password):
            user.password = password_hash
            user.save(update_fields=["password"])
        RoleAssignment.objects.get_or_create(user=user, organisation=org, role=role)
        return username

    province = Organisation.objects.get(parent__isnull=True)
    years = sorted(RatingPeriod.objects.values_list("year", flat=True))
    open_year, done_year = years[-1], max(y for y in years if y < date.today().year)
    ratings = lambda name, org, year: reverse(f"ratings:{name}", args=[org.pk, year])  # noqa: E731
    communes = list(
        Organisation.objects.filter(
            kind=Kind.UPPER, area_type=Organisation.Area.COMMUNE, dissolved_on__isnull=True
        ).order_by("path")
    )
    if not communes:  # the province demo's communes are its upper organisations' children
        communes = list(
            Organisation.objects.filter(
                area_type=Organisation.Area.COMMUNE, dissolved_on__isnull=True
            ).order_by("path")
        )
    communes = communes[:: max(1, len(communes) // USERS["reviewer"])][: USERS["reviewer"]]
    member_list = reverse("branches:member-list")
    year = (
        Meeting.objects.filter(status=Meeting.Status.FINALISED)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    plan = {
        "login": reverse("login"),
        "logout": reverse("logout"),
        "password": DEMO_PASSWORD,
        "accounts": {"secretary": [], "reviewer": [], "staff": []},
    }
    for i, commune in enumerate(communes, 1):
        plan["accounts"]["reviewer"].append(
            {
                "username": account(f"tai.xetduyet.{i:02}", commune, Role.REVIEWER),
                "urls": {
                    "home": reverse("home"),
                    "tree-children": reverse("branches:org-children", args=[commune.pk]),
                    "org-commune": reverse("branches:org-detail", args=[commune.pk]),
                    "members": member_list,
                    "members-search": f"{member_list}?q={SEARCH.replace(' ', '+')}",
                    "compliance": f"{reverse('meetings:compliance', args=[commune.pk])}?year={year}",
                    "watchlist": f"{reverse('meetings:watchlist', args=[commune.pk])}?year={year}",
                    "rating-queue": ratings("queue", commune, open_year),
                    "rating-org": ratings("org-year", commune, done_year),
                    "rating-distribution": ratings("distribution", commune, done_year),
                },
            }
        )
        # Two chi bộ of each reviewer's commune, the largest, each with a secretary.
        branches = (
            Organisation.objects.subtree(commune)
            .filter(kind__in=[Kind.CELL, Kind.GRASSROOTS_CELL], dissolved_on__isnull=True)
            .annotate(n=Count("members", filter=Q(members__status__in=Member.CURRENT_STATUSES)))
            .order_by("-n", "path")
        )
        for branch in branches[:2]:
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
            member = Member.objects.current().filter(organisation=branch).order_by("sort_key").first()
            n = len(plan["accounts"]["secretary"]) + 1
            plan["accounts"]["secretary"].append(
                {
                    "username": account(f"tai.bithu.{n:02}", branch, Role.SECRETARY),
                    "urls": {
                        "home-secretary": reverse("home"),
                        "rating-sheet": ratings("org-year", branch, open_year),
                        "meeting-record": f"{reverse('meetings:meeting-record', args=[branch.pk])}?month={planned.year}-{planned.month}",
                        "meeting": reverse("meetings:meeting-detail", args=[meeting.pk]),
                        "org-branch": reverse("branches:org-detail", args=[branch.pk]),
                        "member": reverse("branches:member-detail", args=[member.pk]),
                    },
                }
            )
    for i in range(1, USERS["staff"] + 1):
        commune = communes[i % len(communes)]
        plan["accounts"]["staff"].append(
            {
                "username": account(f"tai.tinh.{i:02}", province, Role.PROVINCE_STAFF),
                "urls": {
                    "home-province": reverse("home"),
                    "tree-children-province": reverse("branches:org-children", args=[province.pk]),
                    "members-province": member_list,
                    "compliance-province": f"{reverse('meetings:compliance', args=[province.pk])}?year={year}",
                    "watchlist-province": f"{reverse('meetings:watchlist', args=[province.pk])}?year={year}",
                    "rating-queue-province": ratings("queue", province, open_year),
                    "rating-queue-commune": ratings(
                        "queue", commune.parent if commune.parent_id != province.pk else commune, open_year
                    ),
                    "rating-distribution-province": ratings("distribution", province, done_year),
                },
            }
        )
    counts = {role: len(found) for role, found in plan["accounts"].items()}
    if counts != USERS:
        raise SystemExit(f"the demo gave {counts} accounts, expected {USERS}")
    # What one Argon2 check costs here, without any load: the floor of a login's time.
    started = time.perf_counter()
    for _ in range(10):
        check_password(DEMO_PASSWORD, password_hash)
    plan["hash_ms"] = (time.perf_counter() - started) * 100
    plan["hasher"] = password_hash.split("$", 3)[:3]
    PLAN.write_text(json.dumps(plan, ensure_ascii=False, indent=1))


# Parent -------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "config.wsgi",
        "-w",
        str(workers),
        "-b",
        f"{HOST}:{port}",
        "--log-level",
        "warning",
        "--error-logfile",
        str(OUT / "load-gunicorn.log"),
    ]
    server = subprocess.Popen(command, env=env_for_app(), cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://{HOST}:{port}/dang-nhap/", timeout=5).read()
            return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("gunicorn stopped: see bench/out/load-gunicorn.log") from None
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


def locust(port: int, users: int, seconds: int, classes: list[str], prefix: str) -> list[dict]:
    command = [
        str(LOCUST),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        "--headless",
        "--host",
        f"http://{HOST}:{port}",
        "-u",
        str(users),
        "-r",
        "5",
        "-t",
        f"{seconds}s",
        "--csv",
        str(OUT / prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        *classes,
    ]
    subprocess.run(
        command,
        env={**os.environ, "BENCH_LOAD_PLAN": str(PLAN)},
        cwd=ROOT,
        check=False,
        stdout=(OUT / f"{prefix}.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    with (OUT / f"{prefix}_stats.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def cpu_seconds() -> float:
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    return sum(int(v) for v in fields[:3] + fields[5:8]) / os.sysconf(
        "SC_CLK_TCK"
    )  # user, nice, system, irq, softirq, steal


def rows_of(stats: list[dict]) -> tuple[list[str], bool]:
    lines = ["| request | count | errors | p50 ms | p95 ms | max ms | |", "|---|--:|--:|--:|--:|--:|---|"]
    ok_all = True
    for row in stats:
        name = row["Name"]
        p95, failures = float(row["95%"]), int(row["Failure Count"])
        ok = failures == 0 and (p95 <= TARGET_MS)
        if name != "Aggregated":
            ok_all &= ok
        verdict = (
            "ok"
            if ok
            else ", ".join(t for bad, t in ((failures, "errors"), (p95 > TARGET_MS, "slow")) if bad)
        )
        label = "**all requests**" if name == "Aggregated" else f"{row['Type']} {name}"
        lines.append(
            f"| {label} | {int(row['Request Count']):,} | {failures} | {float(row['50%']):.0f} | {p95:.0f} "
            f"| {float(row['Max Response Time']):.0f} | {verdict} |"
        )
    return lines, ok_all


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=3, help="length of the 50-user run (default 3)")
    parser.add_argument(
        "--login-seconds", type=int, default=30, help="length of the login-alone run (default 30)"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--no-doc", action="store_true", help="print only; leave docs/BENCHMARKS.md alone")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare()
        return 0
    if not LOCUST.exists():
        raise SystemExit(f"{LOCUST} is missing: `make bench-load` installs locust there")
    OUT.mkdir(parents=True, exist_ok=True)
    ensure_database(DATABASES["province"], reseed=False)
    print("— accounts and plan in chibo_bench", flush=True)
    subprocess.run([sys.executable, __file__, "--prepare"], env=env_for_app(), cwd=ROOT, check=True)
    plan = json.loads(PLAN.read_text())
    port = free_port()
    server = start_gunicorn(port, args.workers)
    try:
        print(f"— one user logging in and out alone, {args.login_seconds} s", flush=True)
        alone = locust(port, 1, args.login_seconds, ["LoginAlone"], "load-login")
        users = sum(USERS.values())
        print(
            f"— {users} users for {args.minutes:g} min against gunicorn -w {args.workers} on {HOST}:{port}",
            flush=True,
        )
        cpu, wall = cpu_seconds(), time.monotonic()
        stats = locust(
            port, users, round(args.minutes * 60), ["Secretary", "CommuneReviewer", "ProvinceStaff"], "load"
        )
        busy = 100 * (cpu_seconds() - cpu) / (time.monotonic() - wall) / os.cpu_count()
    finally:
        server.terminate()
        server.wait(30)
    rows, ok = rows_of(stats)
    login_alone = next((r for r in alone if r["Name"] == "login (POST)"), None)
    login_line = (
        f"p50 {float(login_alone['50%']):.0f} ms, p95 {float(login_alone['95%']):.0f} ms over "
        f"{int(login_alone['Request Count'])} logins"
        if login_alone
        else "not measured"
    )
    section = "\n".join(
        [
            DOC_START,
            f"## Fifty users at once ({date.today().isoformat()})",
            "",
            f"* machine: {machine()}; Python {platform.python_version()}; CPU busy during the run (whole machine, "
            f"load generator included): {busy:.0f} %",
            f"* set-up: `make bench-load` (`bench/load.py`): gunicorn `-w {args.workers}` (sync workers) on {HOST}, DEBUG off, "
            f"the province demo in `chibo_bench` on PostgreSQL; locust {USERS['secretary']} chi bộ secretaries, "
            f"{USERS['reviewer']} commune reviewers, {USERS['staff']} province staff, each its own account, think time 1–3 s, "
            f"spawned 5 a second, {args.minutes:g} minutes; every user logs in through the form first and logs out and "
            "in again as one task of its mix (`bench/locustfile.py`); pages only, no static files",
            f"* login alone (one user, nothing else running, {args.login_seconds} s): {login_line}; one Argon2 check "
            f"({'$'.join(plan['hasher'])}) costs {plan['hash_ms']:.0f} ms of CPU here",
            "",
            *rows,
            "",
            f"Target: 0 errors and p95 ≤ {TARGET_MS} ms for every request type, logins included. "
            + ("Met." if ok else "**Not met**: see the rows not marked ok."),
            DOC_END,
        ]
    )
    print("\n".join(line for line in section.splitlines() if not line.startswith("<!--")))
    if not args.no_doc:
        write_doc(section, DOC_START, DOC_END)
        print(f"\nWritten to {Path('docs/BENCHMARKS.md')}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
