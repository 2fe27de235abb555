"""The province annual report on the province-scale demo, built by real Celery workers on Redis.

    .venv/bin/python bench/reports.py             # what `make bench-reports` runs
    .venv/bin/python bench/reports.py --rounds 3  # each worker count three times; the table shows the median
    .venv/bin/python bench/reports.py --reseed    # drop chibo_bench and seed it again first

The parent makes sure the `chibo_bench` database (the Trà Vinh shape of bench/run.py) exists,
holds the demo's ratings and is seeded, then runs itself as a child process with DATABASE_URL and
CELERY_BROKER_URL pointing there (Django settings are read once per process). The child

1. renders the same HTML as the report's parts in this one process, one part after the other,
   timing only WeasyPrint ("WeasyPrint alone");
2. for 1 and then 2 renderers: deletes the scope's report jobs (a job reuses a stored file when the
   data is unchanged), purges the queues, starts a worker as `make worker` does with
   `--concurrency=N` and a fresh PRIVATE_MEDIA_ROOT under bench/out/reports/, asks for the report
   through `ratings.reports.jobs.request_report` and polls the job row until it is done, sampling
   the peak memory (VmHWM in /proc) of the worker and each of its pool processes meanwhile;
3. writes the figures as JSON; the parent prints the table and writes it to docs/BENCHMARKS.md
   between its own markers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as pages_bench  # noqa: E402  (bench/run.py: database, seeding and machine helpers)

ROOT = pages_bench.ROOT
OUT = ROOT / "bench" / "out" / "reports"
DOC = pages_bench.DOC
SERVER = pages_bench.SERVER
DATABASE = pages_bench.DATABASES["province"]
# A Redis database of its own: a worker of another project or test run consuming the same queues
# would take some of the report's tasks (and this worker theirs).
BROKER = os.environ.get("BENCH_BROKER", "redis://127.0.0.1:6379/13")
STALL_SECONDS = 120  # no progress on the job row for this long: give up
DOC_START, DOC_END = "<!-- bench/reports.py: start -->", "<!-- bench/reports.py: end -->"
# The issue's targets for the province report with two workers.
TARGET_SECONDS = 60
TARGET_RSS_MB = 500
TARGET_RATIO = 1.3
# `make worker` as written in the Makefile when it cannot be read from there.
WORKER_FALLBACK = ".venv/bin/celery -A config worker -Q celery,pdf --loglevel=INFO --concurrency=2 --max-tasks-per-child=10 --prefetch-multiplier=1"
TASK_LINE = re.compile(r"Task (branches\.tasks\.\w+)\[[^\]]+\] succeeded in ([\d.]+)s")


# Parent: database, child, table, document ---------------------------------------------------------


def needs_reseed() -> bool:
    """True when chibo_bench holds a demo seeded before the ratings were part of it."""
    import psycopg2

    try:
        connection = psycopg2.connect(f"{SERVER}/{DATABASE}")
    except psycopg2.OperationalError:
        return False  # no database yet: it is created and seeded anyway
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('branches_organisation'), to_regclass('ratings_ratingperiod')")
            organisations, periods = cursor.fetchone()
            if organisations is None:
                return False
            cursor.execute("SELECT EXISTS (SELECT 1 FROM branches_organisation)")
            if not cursor.fetchone()[0]:
                return False
            if periods is None:
                return True
            cursor.execute("SELECT EXISTS (SELECT 1 FROM ratings_ratingperiod)")
            return not cursor.fetchone()[0]
    finally:
        connection.close()


def parent(args: argparse.Namespace) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    reseed = args.reseed or needs_reseed()
    if reseed and not args.reseed:
        print(
            f"— {DATABASE} predates the demo's ratings: dropping it and seeding again (about 2 minutes)",
            flush=True,
        )
    pages_bench.ensure_database(DATABASE, reseed)
    if reseed:
        (pages_bench.OUT / "seed-province.json").unlink(missing_ok=True)
    result_file = OUT / "result.json"
    env = {
        **os.environ,
        "DATABASE_URL": f"{SERVER}/{DATABASE}",
        "CELERY_BROKER_URL": BROKER,
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-only-not-a-secret"),
        "LOG_LEVEL": "ERROR",
    }
    command = [
        sys.executable,
        __file__,
        "--child",
        "--rounds",
        str(args.rounds),
        "--quiet",
        str(args.quiet),
        "--year",
        str(args.year),
        "--seed",
        str(args.seed),
        "--result",
        str(result_file),
        "--workers",
        *map(str, args.workers),
    ]
    print(f"— province annual report {args.year} in {DATABASE}, broker {BROKER}", flush=True)
    subprocess.run(command, env=env, cwd=ROOT, check=True)
    result = json.loads(result_file.read_text())
    section, all_ok = report(result)
    print()
    print("\n".join(line for line in section.splitlines() if not line.startswith("<!--")))
    if not args.no_doc:
        pages_bench.write_doc(section, DOC_START, DOC_END)
        print(f"\nWritten to {DOC.relative_to(ROOT)}")
    return 0 if all_ok else 1


def median_run(runs: list[dict]) -> dict:
    """The round with the median end-to-end time (the lower middle one of an even count)."""
    ordered = sorted(runs, key=lambda r: r["seconds"])
    return ordered[(len(ordered) - 1) // 2]


def mb(kb: int) -> str:
    return f"{kb / 1024:.0f}"


def report(result: dict) -> tuple[str, bool]:
    alone = median_run(result["alone"])
    by_workers = {int(n): median_run(runs) for n, runs in result["runs"].items()}
    most = max(by_workers)
    best = by_workers[most]
    ratio = best["seconds"] / alone["write_pdf"]
    ratio_render = best["seconds"] / alone["render"]
    rss_peak = max(run["pool_peak_kb"] for run in by_workers.values())
    rounds = len(result["alone"])
    alone_times = ", ".join(f"{r['write_pdf']:.1f}" for r in result["alone"])
    rows = [
        "| renderers | end to end s | queued → running s | parts rendered s | merge and numbering s | ratio to WeasyPrint alone "
        "| peak RSS per pool process MB | worker main process MB | all worker processes at once MB | pool processes "
        "| CPU s, worker and script | CPU s, rest of the machine |",
        "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for n, run in sorted(by_workers.items()):
        times = ", ".join(f"{r['seconds']:.1f}" for r in result["runs"][str(n)])
        rows.append(
            f"| {n} | {run['seconds']:.1f}{f' ({times})' if rounds > 1 else ''} | {run['to_running']:.1f} | {run['rendering']:.1f} "
            f"| {run['merging']:.1f} | {run['seconds'] / alone['write_pdf']:.2f} | {mb(run['pool_peak_kb'])} | {mb(run['main_peak_kb'])} "
            f"| {mb(run['tree_peak_kb'])} | {run['pool_processes']} | {run['cpu']['own']:.1f} | {run['cpu']['other']:.1f} |"
        )
    one = by_workers.get(1)
    speedup = (
        f"; {most} renderers take {best['seconds'] / one['seconds']:.2f}× the time of one"
        if one and most > 1
        else ""
    )
    checks = [
        (
            best["seconds"] <= TARGET_SECONDS,
            f"end to end with {most} renderers {best['seconds']:.1f} s ≤ {TARGET_SECONDS} s",
        ),
        (
            rss_peak <= TARGET_RSS_MB * 1024,
            f"peak memory per renderer {mb(rss_peak)} MB ≤ {TARGET_RSS_MB} MB",
        ),
        (ratio <= TARGET_RATIO, f"end to end / WeasyPrint alone {ratio:.2f} ≤ {TARGET_RATIO}"),
        (one is None or most == 1 or best["seconds"] < one["seconds"], f"{most} renderers faster than one"),
    ]
    all_ok = all(ok for ok, _ in checks)
    tasks = best["tasks"]
    render_tasks = tasks.get("branches.tasks.task_render_part", [])
    merge = tasks.get("branches.tasks.task_merge_job", [0])
    text = [
        DOC_START,
        f"## Province annual report with Celery workers ({date.today().isoformat()})",
        "",
        f"* machine: {pages_bench.machine()}; {result['postgres']}; Redis {result['redis']}; Python {platform.python_version()}, "
        f"Django {result['django']}, Celery {result['celery']}, WeasyPrint {result['weasyprint']}, pypdf {result['pypdf']}",
        f"* data: `{DATABASE}` (the Trà Vinh shape of bench/run.py, seed {result['seed_value']}), report {result['year']} of "
        f"{result['scope']}: {result['sections']} grassroots organisations, one appendix section each, "
        f"{result['parts']} parts (the report, then {result['sections_per_part']} sections per part); the merged PDF has "
        f"{best['pages']} pages, {best['size'] / 1024 / 1024:.1f} MB",
        f'* method: `bench/reports.py`. "Renderers" are the pool processes of one worker started as `make worker` starts it '
        f"(`{result['worker_command']}`) with `--concurrency` set to the count, DEBUG off, a fresh PRIVATE_MEDIA_ROOT, "
        f"queues purged and the scope's earlier report jobs deleted first, so nothing is reused. End to end: from "
        "`request_report` to the job row read as done (polled every 0.1 s); the columns after it split that time at the "
        "row turning running and at its last part counted. Memory: VmHWM of every process of the worker read from /proc "
        f'every 0.05 s; "all at once" is the largest sum of their VmRSS. CPU: /proc/stat and /proc/<pid>/stat over the '
        'run; "rest of the machine" includes PostgreSQL and Redis serving the job, and anything else running then '
        "(the script first waits for the machine to be quiet). "
        f"{rounds} round(s), the measurements interleaved"
        + ("; the median shown, every round in brackets" if rounds > 1 else ""),
        f"* WeasyPrint alone: the same parts' HTML (`annual.part_html`) rendered one after the other in one process with "
        f"`render_html`: {alone['write_pdf']:.1f} s in `write_pdf`{f' ({alone_times})' if rounds > 1 else ''}; "
        f"{alone['render']:.1f} s for the whole `render_html` calls; {alone['html']:.1f} s building the HTML beforehand, not "
        f"counted; {alone['pages']} pages; {alone['cpu']['other']:.1f} CPU s used elsewhere on the machine meanwhile",
        f"* in the workers ({most} renderers): {len(render_tasks)} part tasks of {statistics.median(render_tasks) if render_tasks else 0:.1f} s "
        f"median, {max(render_tasks, default=0):.1f} s the longest; the merge task {merge[0]:.1f} s",
        "",
        *rows,
        "",
        f"Ratio = end to end with {most} renderers / WeasyPrint alone (`write_pdf`) = {ratio:.2f} "
        f"({ratio_render:.2f} against the whole `render_html` calls){speedup}.",
        "",
        "Targets (the issue): "
        + "; ".join(f"{text}: {'ok' if ok else '**missed**'}" for ok, text in checks)
        + ".",
        DOC_END,
    ]
    return "\n".join(text), all_ok


def child(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    import celery
    import pypdf
    import weasyprint
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from branches.models import Organisation, RoleAssignment
    from ratings.queries import period_for
    from ratings.reports import annual

    pages_bench.OUT.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    seeded = pages_bench.seed_if_empty("province", args.seed)
    with connection.cursor() as cursor:
        if seeded.get("date") == date.today().isoformat():
            cursor.execute("VACUUM ANALYZE")
        cursor.execute("SELECT version()")
        postgres = " ".join(cursor.fetchone()[0].split()[:2])
    scope = Organisation.objects.get(parent__isnull=True, kind=Organisation.Kind.PROVINCE)
    if period_for(scope, args.year) is None:
        raise SystemExit(f"{DATABASE} has no rating period {args.year}: run with --reseed")
    user, _ = get_user_model().objects.get_or_create(
        username="bench.baocao", defaults={"first_name": "Bench", "last_name": "Báo cáo"}
    )
    # The province's organisation staff ask for the report: the job checks who may.
    RoleAssignment.objects.get_or_create(
        user=user, organisation=scope, role=RoleAssignment.Role.PROVINCE_STAFF
    )
    today = timezone.localdate()
    plan = annual.parts(scope, args.year)
    sections = sum(len(ids) for ids in plan)
    print(f"  {scope.name}, {args.year}: {sections} sections in {len(plan)} parts", flush=True)

    alone, runs = [], {n: [] for n in args.workers}
    for r in range(args.rounds):  # interleaved, so that load from elsewhere falls on every kind of run alike
        wait_for_quiet(args.quiet)
        alone.append(weasyprint_alone(scope, args.year, plan, today))
        for n in args.workers:
            wait_for_quiet(args.quiet)
            runs[n].append(run_workers(n, scope, user, args.year, r))
    result = {
        "year": args.year,
        "scope": scope.name,
        "sections": sections,
        "parts": len(plan),
        "sections_per_part": annual.SECTIONS_PER_PART,
        "seed_value": args.seed,
        "postgres": postgres,
        "redis": redis_version(),
        "django": django.get_version(),
        "celery": celery.__version__,
        "weasyprint": weasyprint.__version__,
        "pypdf": pypdf.__version__,
        "worker_command": " ".join(worker_command(None)),
        "alone": alone,
        "runs": runs,
    }
    Path(args.result).write_text(json.dumps(result, ensure_ascii=False, indent=1))


def weasyprint_alone(scope, year: int, plan: list[list[int]], today) -> dict:
    """The parts' HTML built first, then rendered one after the other here; only WeasyPrint timed."""
    from io import BytesIO

    import weasyprint
    from pypdf import PdfReader

    from branches.documents import UNNUMBERED, render_html
    from ratings.reports import annual

    cpu = CpuMeter()
    started = time.perf_counter()
    htmls = [annual.part_html(scope, year, ids, index, today) for index, ids in enumerate(plan)]
    html_seconds = time.perf_counter() - started
    spent: list[float] = []
    original = weasyprint.HTML.write_pdf

    def timed(self, *args, **kwargs):
        begun = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            spent.append(time.perf_counter() - begun)

    weasyprint.HTML.write_pdf = timed
    pages = 0
    started = time.perf_counter()
    try:
        for html in htmls:
            pages += len(PdfReader(BytesIO(render_html(html, UNNUMBERED))).pages)
    finally:
        weasyprint.HTML.write_pdf = original
    render_seconds = time.perf_counter() - started
    used = cpu.stop([os.getpid()])
    peak = status_kb(os.getpid(), "VmHWM") or 0
    print(
        f"  WeasyPrint alone: {sum(spent):.1f} s write_pdf, {render_seconds:.1f} s render_html, {pages} pages "
        f"(HTML built in {html_seconds:.1f} s), peak RSS {peak / 1024:.0f} MB; {used['other']:.1f} CPU s elsewhere",
        flush=True,
    )
    return {
        "seconds": sum(spent),
        "write_pdf": sum(spent),
        "render": render_seconds,
        "html": html_seconds,
        "pages": pages,
        "peak_kb": peak,
        "per_part": spent,
        "cpu": used,
    }


def worker_command(concurrency: int | None) -> list[str]:
    """`make worker`'s command from the Makefile, with the concurrency replaced."""
    line = WORKER_FALLBACK
    lines = (ROOT / "Makefile").read_text().splitlines()
    for i, text in enumerate(lines):
        if text.startswith("worker:"):
            recipe = next((r.strip() for r in lines[i + 1 :] if r.startswith("\t") and "celery" in r), "")
            line = recipe or line
            break
    words = shlex.split(line)
    if concurrency is None:
        return words
    words = [w for w in words if not w.startswith("--concurrency")] + [f"--concurrency={concurrency}"]
    assert words[0].endswith("/celery") or words[0] == "celery", words
    return [sys.executable, "-m", "celery", *words[1:]]


def status_kb(pid: int, field: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    return None


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except (FileNotFoundError, ProcessLookupError):
        return []


class MemorySampler(threading.Thread):
    """Peak RSS (VmHWM) of the worker's main process and of every pool process it forks."""

    def __init__(self, main: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.main, self.interval = main, interval
        self.peaks: dict[int, int] = {}
        self.tree_peak = 0
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.is_set():
            total = 0
            for pid in [self.main, *children(self.main)]:
                hwm, rss = status_kb(pid, "VmHWM"), status_kb(pid, "VmRSS")
                if hwm is not None:
                    self.peaks[pid] = max(self.peaks.get(pid, 0), hwm)
                total += rss or 0
            self.tree_peak = max(self.tree_peak, total)
            self.halt.wait(self.interval)

    def stop(self) -> None:
        self.halt.set()
        self.join()


TICK = os.sysconf("SC_CLK_TCK")


def machine_cpu() -> tuple[float, float]:
    """(busy, idle) CPU seconds of the whole machine since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return (sum(values[:8]) - idle) / TICK, idle / TICK


def process_cpu(pid: int, reaped: bool = False) -> float:
    """User and system CPU seconds of a process (and of its children it has waited for)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    # fields[0] is the state (field 3); utime, stime, cutime, cstime are fields 14–17.
    ticks = int(fields[11]) + int(fields[12]) + ((int(fields[13]) + int(fields[14])) if reaped else 0)
    return ticks / TICK


class CpuMeter:
    """How much CPU a measurement used, and how much the rest of the machine used meanwhile:
    on a shared machine, other work slows the renderers down and the figures say so."""

    def __init__(self, pids: list[int] | None = None):
        self.machine = machine_cpu()[0]
        self.own = sum(process_cpu(pid, reaped=True) for pid in pids or [os.getpid()])

    def stop(self, pids: list[int]) -> dict:
        busy = machine_cpu()[0] - self.machine
        own = sum(process_cpu(pid, reaped=True) for pid in pids) - self.own
        return {"busy": busy, "own": own, "other": max(0.0, busy - own)}


def wait_for_quiet(limit: float) -> None:
    """Wait (up to `limit` seconds) until the rest of the machine uses less than a fifth of a core."""
    deadline = time.monotonic() + limit
    while True:
        busy, idle = machine_cpu()
        time.sleep(2)
        busy2, idle2 = machine_cpu()
        load = (busy2 - busy) / 2
        if load < 0.2:
            return
        if time.monotonic() > deadline:
            print(f"  the machine is busy elsewhere ({load:.1f} cores in use): measuring anyway", flush=True)
            return
        time.sleep(3)


def redis_version() -> str:
    import redis

    return redis.Redis.from_url(BROKER).info()["redis_version"]


def run_workers(n: int, scope, user, year: int, round_: int) -> dict:
    from branches.models import Job
    from ratings.reports import jobs
    from ratings.reports.jobs import ReportKind

    media = OUT / f"media-{n}-{round_}"
    shutil.rmtree(media, ignore_errors=True)
    media.mkdir(parents=True)
    log_path = OUT / f"worker-{n}-{round_}.log"
    env = {**os.environ, "PRIVATE_MEDIA_ROOT": str(media)}
    Job.objects.filter(kind=ReportKind.ANNUAL, scope=scope, params={"year": year}).delete()
    subprocess.run(
        [sys.executable, "-m", "celery", "-A", "config", "purge", "-f", "-Q", "celery,pdf"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with open(log_path, "w") as log:
        worker = subprocess.Popen(worker_command(n), env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while " ready." not in log_path.read_text():
            if worker.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the worker did not start:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.1)
        sampler = MemorySampler(worker.pid)
        sampler.start()
        cpu = CpuMeter([os.getpid(), worker.pid, *children(worker.pid)])
        started = time.perf_counter()
        job = jobs.request_report(kind=ReportKind.ANNUAL, scope=scope, year=year, by=user)
        running = parts_done = None
        progress, moved = None, 0.0
        while True:
            job.refresh_from_db()
            now = time.perf_counter() - started
            if (job.status, job.parts_done) != progress:
                progress, moved = (job.status, job.parts_done), now
            elif now - moved > STALL_SECONDS:
                raise SystemExit(
                    f"the report is stuck at {job.status}, {job.parts_done}/{job.parts_total} parts, for "
                    f"{STALL_SECONDS} s: another worker on {BROKER} may have taken its tasks (set BENCH_BROKER "
                    f"to an unused Redis database); worker log {log_path}"
                )
            if running is None and job.status != Job.Status.QUEUED:
                running = now
            if parts_done is None and job.parts_total and job.parts_done == job.parts_total:
                parts_done = now
            if job.finished:
                break
            time.sleep(0.1)
        seconds = time.perf_counter() - started
        used = cpu.stop([os.getpid(), worker.pid, *children(worker.pid)])
        time.sleep(0.2)  # one more sample after the merge
        sampler.stop()
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    if job.status != Job.Status.DONE:
        raise SystemExit(f"the report failed: {job.error}\n{log_path.read_text()[-3000:]}")
    log_text = log_path.read_text()
    if "ERROR/" in log_text:
        raise SystemExit(f"the worker logged errors (a task of another job on {BROKER}?): see {log_path}")
    tasks: dict[str, list[float]] = {}
    for name, took in TASK_LINE.findall(log_text):
        tasks.setdefault(name, []).append(float(took))
    rendered = len(tasks.get("branches.tasks.task_render_part", []))
    if rendered != job.parts_total or len(tasks.get("branches.tasks.task_merge_job", [])) != 1:
        raise SystemExit(
            f"this worker ran {rendered} of {job.parts_total} part tasks: another worker on {BROKER} took some; "
            "stop it or set BENCH_BROKER to another Redis database"
        )
    pool = {pid: kb for pid, kb in sampler.peaks.items() if pid != worker.pid}
    pdf = OUT / f"province-{year}-{n}.pdf"
    shutil.copyfile(media / job.file.name, pdf)
    running = running if running is not None else seconds
    parts_done = parts_done if parts_done is not None else seconds
    result = {
        "seconds": seconds,
        "to_running": running,
        "rendering": parts_done - running,
        "merging": seconds - parts_done,
        "pages": job.pages,
        "size": job.size,
        "parts": job.parts_total,
        "job_seconds": job.seconds,
        "main_peak_kb": sampler.peaks.get(worker.pid, 0),
        "pool_peak_kb": max(pool.values(), default=0),
        "pool_peaks_kb": sorted(pool.values(), reverse=True),
        "pool_processes": len(pool),
        "tree_peak_kb": sampler.tree_peak,
        "tasks": tasks,
        "pdf": str(pdf.relative_to(ROOT)),
        "cpu": used,
    }
    print(
        f"  {n} renderer(s), round {round_ + 1}: {seconds:.1f} s end to end (running after {running:.1f} s, parts done at "
        f"{parts_done:.1f} s), {job.pages} pages; peak RSS per pool process {result['pool_peak_kb'] / 1024:.0f} MB, "
        f"main {result['main_peak_kb'] / 1024:.0f} MB, all at once {sampler.tree_peak / 1024:.0f} MB; "
        f"{used['own']:.1f} CPU s in the worker and here, {used['other']:.1f} CPU s elsewhere",
        flush=True,
    )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds of every measurement; the median is shown (default 3)"
    )
    parser.add_argument(
        "--quiet",
        type=float,
        default=120,
        help="seconds to wait, before each measurement, for other work on the machine to stop (default 120)",
    )
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[1, 2], help="renderer counts to measure (default 1 2)"
    )
    parser.add_argument(
        "--year", type=int, default=2025, help="report year (default 2025, the latest full year)"
    )
    parser.add_argument("--seed", type=int, default=2022, help="demo seed used when seeding (default 2022)")
    parser.add_argument("--reseed", action="store_true", help="drop chibo_bench and seed it again")
    parser.add_argument("--no-doc", action="store_true", help="print only; leave docs/BENCHMARKS.md alone")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return 0
    return parent(args)


if __name__ == "__main__":
    sys.exit(main())
