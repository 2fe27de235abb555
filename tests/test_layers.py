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
