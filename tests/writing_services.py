"""The writing services, found rather than listed: every public function of the service modules of
branches, meetings and ratings that runs in `transaction.atomic`. The meta-tests that hold each
of them to a rule (tests/test_audit.py: a change record; tests/test_service_permissions.py: the
policy) fail when a new one is missing from their tables."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from django.db import transaction

SERVICE_PACKAGES = (
    "branches.services",
    "branches.imports",
    "meetings.services",
    "meetings.dues",
    "ratings.services",
)


def is_atomic(function) -> bool:
    """Decorated with @transaction.atomic: Django's wrapper closes over its Atomic instance."""
    return any(isinstance(cell.cell_contents, transaction.Atomic) for cell in function.__closure__ or ())


def writing_services() -> set[str]:
    found = set()
    for package_name in SERVICE_PACKAGES:
        package = importlib.import_module(package_name)
        modules = [package] + [
            importlib.import_module(f"{package_name}.{info.name}")
            for info in pkgutil.iter_modules(getattr(package, "__path__", []))
        ]
        for module in modules:
            for name, function in vars(module).items():
                if (
                    inspect.isfunction(function)
                    and not name.startswith("_")
                    and function.__module__ == module.__name__
                    and is_atomic(function)
                ):
                    found.add(f"{module.__name__}.{name}")
    return found
