"""Dependencies point one way, ratings → meetings → branches (DESIGN §4): a lower app never
imports a higher one, so the member's page (ratings) is reached from the home page (meetings) by
URL name only."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ABOVE = {"branches": {"meetings", "ratings"}, "meetings": {"ratings"}}


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("app", sorted(ABOVE))
def test_an_app_imports_no_app_above_it(app):
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported(path) & ABOVE[app])
        for path in (ROOT / app).rglob("*.py")
        if imported(path) & ABOVE[app]
    }
    assert wrong == {}


APPS = ["branches", "meetings", "ratings", "config"]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """Every module the file imports, relative imports resolved; `from a import b` counts a.b too,
    since b may be a module."""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names |= {module} | {f"{module}.{alias.name}" for alias in node.names}
    return names


def is_tasks(module: str) -> bool:
    return "tasks" in module.split(".")


def test_the_job_mechanism_knows_no_kind_of_job():
    """branches.jobs and the job tasks build whatever an app registered, reports included."""
    files = [*(ROOT / "branches" / "jobs").rglob("*.py"), ROOT / "branches" / "tasks.py"]
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported(path) & {"meetings", "ratings"})
        for path in files
        if imported(path) & {"meetings", "ratings"}
    }
    assert wrong == {}


def test_tasks_are_roots_no_other_module_imports_them():
    """Celery tasks import the domain, never the reverse (STYLE 18): a service queues a task by name."""
    wrong = {
        str(path.relative_to(ROOT)): sorted(
            m for m in imported_modules(path) if is_tasks(m) and m.split(".")[0] in APPS
        )
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if not is_tasks(module_name(path))
        and any(is_tasks(m) and m.split(".")[0] in APPS for m in imported_modules(path))
    }
    assert wrong == {}
