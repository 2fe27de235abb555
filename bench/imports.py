"""The province's first load from Excel (issue 12 §6): the Trà Vinh demo exported from `chibo_bench`
and imported into an empty database, previewed and applied, timed, with the peak memory measured.

    .venv/bin/python bench/imports.py            # what `make bench-imports` runs
    .venv/bin/python bench/imports.py --source chibo_other --target chibo_other_import

Each step is a child process with DATABASE_URL pointing at its database (Django settings are read
once per process), so each step's peak memory (ru_maxrss, the whole process: Python, Django and the
step) is its own:

1. export (source, seeded by bench/run.py's seeding when empty): the province in the import
   template's layout (`branches.imports.workbook.write_export`, what the export button and
   `manage.py export_members` write), and the reference: current members by organisation code and
   a sample of 500 members with every field the template carries;
2. load (target, dropped and created again): migrations, the province's root organisation and a
   provincial staff login, as a province starting on the app has;
3. preview (target): the file read, matched and compared, the preview built (what the check job
   does, branches.imports.checks);
4. apply (target): read and planned again, the digest compared with the preview's, applied in one
   transaction (what the confirmation does);
5. verify (target): the same members by organisation, the sample compared field by field.

The figures go to docs/BENCHMARKS.md between this script's markers.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as pages_bench  # noqa: E402  (bench/run.py: databases, seeding, the document)

ROOT = pages_bench.ROOT
OUT = ROOT / "bench" / "out" / "imports"
SERVER = pages_bench.SERVER
DOC_START, DOC_END = "<!-- bench/imports.py: start -->", "<!-- bench/imports.py: end -->"
TARGET_SECONDS = 60  # preview and apply together (DESIGN §6)
TARGET_RSS_MB = 500
SAMPLE = 500
STAFF = "bench.nhap"


# Parent -----------------------------------------------------------------------------------------


def child(step: str, database: str) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": f"{SERVER}/{database}",
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-only-not-a-secret"),
        "LOG_LEVEL": "ERROR",
    }
    result = OUT / f"{step}.json"
    result.unlink(missing_ok=True)
    subprocess.run(
        [sys.executable, __file__, "--child", step, "--result", str(result)], env=env, cwd=ROOT, check=True
    )
    return json.loads(result.read_text())


def drop_and_create(name: str) -> None:
    import psycopg2

    connection = psycopg2.connect(f"{SERVER}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def section(figures: dict) -> tuple[str, bool]:
    export, preview, apply, verify = (figures[k] for k in ("export", "preview", "apply", "verify"))
    total = preview["seconds"] + apply["seconds"]
    peak = max(preview["peak_mb"], apply["peak_mb"])
    ok = total <= TARGET_SECONDS and peak <= TARGET_RSS_MB and verify["same"]
    counts = apply["counts"]
    lines = [
        DOC_START,
        "## Importing the province from Excel (bench/imports.py)",
        "",
        f"* data: the Trà Vinh demo (`seed_demo --scale province`, seed 2022, as bench/run.py seeds it) in "
        f"`{figures['source']}`, exported by the export button's code: "
        f"{export['organisations']:,} organisations, {export['members']:,} current members, a {export['megabytes']:.1f} MB "
        f"workbook written in {export['seconds']:.1f} s; imported into an empty database (`{figures['target']}`) "
        "holding only the province's root organisation and a provincial staff login",
        f"* machine: {pages_bench.machine()}; {date.today().isoformat()}",
        "* method: each step a process of its own; time from the file's bytes in memory to the step's end; "
        "CPU is the step's process alone (PostgreSQL's share is in the wall time); peak memory is the process's "
        "maximum resident set (ru_maxrss: Python, Django and the step); the load average (2 cores) says how "
        "busy the machine was",
        "",
        "| step | what | seconds | of it CPU here | peak MB | load average | target |",
        "|---|---|---:|---:|---:|---:|---|",
        f"| preview | read, match, compare, the preview's JSON ({preview['errors']} errors) | {preview['seconds']:.1f} | {preview['cpu']:.1f} | {preview['peak_mb']:.0f} | {preview['load']:.1f} | |",
        f"| apply | read and plan again, digest checked, written in one transaction | {apply['seconds']:.1f} | {apply['cpu']:.1f} | {apply['peak_mb']:.0f} | {apply['load']:.1f} | |",
        f"| both | | **{total:.1f}** | {preview['cpu'] + apply['cpu']:.1f} | **{peak:.0f}** | | ≤ {TARGET_SECONDS} s, ≤ {TARGET_RSS_MB} MB: {'ok' if ok else 'MISSED'} |",
        "",
        f"* written: {counts['organisations_created']:,} organisations, {counts['members_created']:,} members "
        f"(with {apply['events']:,} timeline events and {apply['records']:,} change records)",
        f"* check: the tree (code, superior, kind, name) {'identical' if verify['same_tree'] else 'DIFFERENT'}; "
        f"current members by organisation {'identical' if verify['by_organisation'] else 'DIFFERENT'} "
        f"for all {verify['organisations']:,} organisations; a sample of {verify['sampled']} members compared "
        f"field by field: {verify['differences']} differences",
        DOC_END,
    ]
    return "\n".join(lines), ok


def parent(args: argparse.Namespace) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    pages_bench.ensure_database(args.source, reseed=False)
    exported = OUT / "export.json"
    if args.reuse_export and exported.exists() and (OUT / "province.xlsx").exists():
        export = json.loads(exported.read_text())
    else:
        export = child("export", args.source)
    figures = {"source": args.source, "target": args.target, "export": export}
    drop_and_create(args.target)
    for step in ("load", "preview", "apply", "verify"):
        print(f"— {step}", flush=True)
        figures[step] = child(step, args.target)
    text, ok = section(figures)
    print("\n".join(line for line in text.splitlines() if not line.startswith("<!--")))
    if not args.no_doc:
        pages_bench.write_doc(text, DOC_START, DOC_END)
    return 0 if ok else 1


# Children ---------------------------------------------------------------------------------------


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def cpu_seconds() -> float:
    """This process's CPU time so far (user and system): wall time less the waits, the database's
    own work and other processes' share of the cores."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


FIELDS = ("status", "is_exempt", "organisation__code")


def member_key(values: dict) -> str:
    return (
        values["cccd"]
        or values["card_number"]
        or f"{values['full_name']}|{values['birth_date']}|{values['organisation__code']}"
    )


def tree_and_counts() -> dict:
    from django.db.models import Count

    from branches.models import Member, Organisation

    current = Member.objects.current()
    by_org = (
        current.values("organisation__code").annotate(n=Count("pk")).values_list("organisation__code", "n")
    )
    return {
        "organisations": sorted(Organisation.objects.values_list("code", "parent__code", "kind", "name")),
        "by_organisation": dict(by_org),
    }


def sample() -> list[dict]:
    from branches.imports.matching import MEMBER_FIELDS
    from branches.models import Member

    pks = sorted(Member.objects.current().values_list("pk", flat=True))
    chosen = random.Random(2022).sample(pks, min(SAMPLE, len(pks)))
    rows = Member.objects.filter(pk__in=chosen).order_by("pk").values(*MEMBER_FIELDS, *FIELDS)
    return [{k: str(v) for k, v in r.items()} for r in rows]


def find(values: dict) -> dict | None:
    """The imported member the sampled one became: by CCCD, else card number, else name, birth date
    and chi bộ (as the import matched them)."""
    from branches.imports.matching import MEMBER_FIELDS
    from branches.models import Member

    if values["cccd"]:
        qs = Member.objects.filter(cccd=values["cccd"])
    elif values["card_number"]:
        qs = Member.objects.filter(card_number=values["card_number"])
    else:
        qs = Member.objects.filter(
            full_name=values["full_name"],
            birth_date=values["birth_date"],
            organisation__code=values["organisation__code"],
        )
    row = qs.values(*MEMBER_FIELDS, *FIELDS).first()
    return {k: str(v) for k, v in row.items()} if row else None


def step_export() -> dict:
    from django.core.management import call_command

    from branches.imports import workbook
    from branches.models import Organisation

    call_command("migrate", verbosity=0)
    pages_bench.seed_if_empty("province", 2022)
    province = Organisation.objects.get(parent=None)
    started = time.perf_counter()
    with (OUT / "province.xlsx").open("wb") as out:
        workbook.write_export(province, out)
    seconds = time.perf_counter() - started
    size = (OUT / "province.xlsx").stat().st_size
    ref = {**tree_and_counts(), "sample": sample()}
    (OUT / "reference.json").write_text(json.dumps(ref, ensure_ascii=False))
    (OUT / "province.json").write_text(
        json.dumps({"code": province.code, "name": province.name, "kind": province.kind}, ensure_ascii=False)
    )
    return {
        "seconds": seconds,
        "megabytes": size / 1e6,
        "organisations": len(ref["organisations"]),
        "members": sum(ref["by_organisation"].values()),
    }


def step_load() -> dict:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from branches.models import Organisation, RoleAssignment

    call_command("migrate", verbosity=0)
    values = json.loads((OUT / "province.json").read_text())
    province = Organisation.objects.create(**values, path="/")
    province.path = f"/{province.pk}/"
    province.save(update_fields=["path"])
    staff = get_user_model().objects.create_user(STAFF, password=None)
    RoleAssignment.objects.create(user=staff, organisation=province, role=RoleAssignment.Role.PROVINCE_STAFF)
    return {}


def _read_and_plan():
    from branches.imports.checks import read_contents
    from branches.imports.preview import plan
    from branches.models import Organisation

    content = (OUT / "province.xlsx").read_bytes()
    started = time.perf_counter(), cpu_seconds()
    result, sources = read_contents({"members": ("province.xlsx", content)})
    made = plan(result, Organisation.objects.get(parent=None))
    return started, made, sources


def _spent(started: tuple[float, float]) -> dict:
    return {
        "seconds": time.perf_counter() - started[0],
        "cpu": cpu_seconds() - started[1],
        "peak_mb": peak_mb(),
        "load": os.getloadavg()[0],
    }


def step_preview() -> dict:
    from branches.imports.preview import preview

    started, made, _ = _read_and_plan()
    shown = preview(made)
    (OUT / "shown.json").write_text(json.dumps(shown, ensure_ascii=False))
    return {**_spent(started), "errors": len(made.errors)}


def step_apply() -> dict:
    from django.contrib.auth import get_user_model

    from branches.imports.apply import apply_plan
    from branches.models import ChangeRecord, MemberEvent

    shown = json.loads((OUT / "shown.json").read_text())
    started, made, sources = _read_and_plan()
    if made.digest() != shown["digest"]:
        raise SystemExit("the plan differs from the preview's")
    apply_plan(plan=made, sources=sources, by=get_user_model().objects.get(username=STAFF))
    return {
        **_spent(started),
        "counts": made.counts(),
        "events": MemberEvent.objects.count(),
        "records": ChangeRecord.objects.count(),
    }


def step_verify() -> dict:
    expected = json.loads((OUT / "reference.json").read_text())
    found = tree_and_counts()
    differences = []
    for values in expected["sample"]:
        got = find(values)
        if got is None:
            differences.append(f"{values['full_name']}: missing")
            continue
        differences += [
            f"{values['full_name']} {k}: {v} → {got[k]}" for k, v in values.items() if got[k] != v
        ]
    for line in differences[:20]:
        print("  ", line)
    same_tree = [list(o) for o in found["organisations"]] == expected["organisations"]
    by_organisation = found["by_organisation"] == expected["by_organisation"]
    return {
        "by_organisation": by_organisation,
        "organisations": len(expected["organisations"]),
        "same_tree": same_tree,
        "sampled": len(expected["sample"]),
        "differences": len(differences),
        "same": by_organisation and same_tree and not differences,
    }


STEPS = {
    "export": step_export,
    "load": step_load,
    "preview": step_preview,
    "apply": step_apply,
    "verify": step_verify,
}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--source", default=pages_bench.DATABASES["province"])
    parser.add_argument("--target", default="chibo_bench_import")
    parser.add_argument(
        "--no-doc", action="store_true", help="print the figures, leave docs/BENCHMARKS.md as it is"
    )
    parser.add_argument("--reuse-export", action="store_true", help="import the file the last run exported")
    parser.add_argument("--child", choices=sorted(STEPS), help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        setup()
        Path(args.result).write_text(json.dumps(STEPS[args.child](), ensure_ascii=False))
        return 0
    return parent(args)


if __name__ == "__main__":
    sys.exit(main())
