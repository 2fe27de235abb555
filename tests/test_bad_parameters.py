"""Every route of the access matrices, as every role, GET and POST, with parameters nobody meant:
the answer is a page or a 400/404, never a 500.

Junk goes into the query string and the posted form under every name a view reads, and into the
URL's own numbers (an id or a year that names nothing). Anonymous visitors are left out: they are
sent to the login page before any parameter is read (tests/branches/test_access.py).
"""

import pytest
from django.urls import reverse
from django.utils.http import urlencode

from ratings.models import MemberRating
from tests.branches.test_access import MATRIX as BRANCHES
from tests.branches.test_access import PERSONAS
from tests.branches.test_access import objects as branch_objects  # noqa: F401
from tests.branches.test_criteria_set_access import CRITERIA_SET_MATRIX as CRITERIA_SETS
from tests.branches.test_criteria_set_access import criteria_sets  # noqa: F401
from tests.branches.test_import_views import IMPORT_MATRIX as IMPORTS
from tests.branches.test_import_views import imports as import_objects  # noqa: F401
from tests.meetings.test_access import MATRIX as MEETINGS
from tests.meetings.test_access import objects as meeting_objects  # noqa: F401
from tests.meetings.test_dues_access import DUES_MATRIX as DUES
from tests.meetings.test_dues_access import dues_objects  # noqa: F401
from tests.ratings.test_access import MATRIX as RATINGS
from tests.ratings.test_access import objects as rating_objects  # noqa: F401
from tests.ratings.test_recognition_access import RECOGNITION_MATRIX as RECOGNITIONS
from tests.ratings.test_recognition_access import objects as recognition_objects  # noqa: F401

GROUPS = {
    "branches": (BRANCHES, "branch_objects"),
    "meetings": (MEETINGS, "meeting_objects"),
    "criteria-sets": (CRITERIA_SETS, "criteria_sets"),
    "imports": (IMPORTS, "import_objects"),
    "dues": (DUES, "dues_objects"),
    "ratings": (RATINGS, "rating_objects"),
    "recognitions": (RECOGNITIONS, "recognition_objects"),
}
# Every name a view reads from the query string or a form by hand, and a few form fields.
NAMES = [
    "year",
    "month",
    "page",
    "kind",
    "scope",
    "problems",
    "version",
    "level",
    "action",
    "org",
    "q",
    "status",
    "username",
    "on",
    "reason",
    "score",
    "organisation",
    "role",
    "outcome",
    "amount",
    "method",
    "category",
    "effective_from",
    "window",
    "submission",
    "token",
    "identifier",
    "first_row",
    "members",
    "organisations",
]
JUNK = ["BOGUS", "-1", "1.5", "²", "a\x00b", "99999999999999999999"]
NO_SUCH_NUMBER = [0, 99999999999999999999]


def rating_fields(value: str) -> dict[str, str]:
    """The bulk rating forms post one level and one version per row, named by the row's id."""
    pks = MemberRating.objects.values_list("pk", flat=True)
    return {f"{field}-{pk}": value for pk in pks for field in ("level", "version", "override")}


def dues_fields(value: str) -> dict[str, str]:
    """The dues book posts a box, an amount and a reason per member; the parameters one value each."""
    from meetings.dues.models import DuesEntry

    pks = DuesEntry.objects.values_list("member_id", flat=True)
    return {f"{field}_{pk}": value for pk in pks for field in ("paid", "amount", "why")} | {
        "rate_khac": value,
        "kept_cell": value,
    }


def junk_paths(name: str, kwargs: dict) -> list[str]:
    """The route's own URL, then each of its numbers replaced by one that names nothing."""
    paths = [reverse(name, kwargs=kwargs)]
    for key, value in kwargs.items():
        if isinstance(value, int):
            paths += [reverse(name, kwargs={**kwargs, key: number}) for number in NO_SUCH_NUMBER]
    return paths


def answers(client, method: str, url: str, query: dict, body: dict) -> int:
    full = f"{url}?{urlencode(query)}" if query else url
    return getattr(client, method)(full, body if method == "post" else None).status_code


@pytest.mark.parametrize("persona", PERSONAS[1:])
@pytest.mark.parametrize("group", GROUPS)
def test_junk_parameters_never_answer_500(client, tree, people, request, group, persona):
    rows, fixture = GROUPS[group]
    objects = request.getfixturevalue(fixture)
    client.raise_request_exception = False  # an exception in a view becomes the 500 we look for
    client.force_login(getattr(people, persona))
    failures = {}  # (route, method) → the first junk that made it answer 500

    for row in rows:
        name, kwargs, _, expected = row.values
        if expected[persona] in (403, 404) and persona != "admin":
            continue  # refused before any parameter is read; the administrator goes everywhere
        base, *no_such = junk_paths(name, kwargs(tree, objects))
        # The administrator gets every kind of junk; the other roles, one of each family (word, digit-like, huge).
        junk = JUNK if persona == "admin" else ["BOGUS", "²", "99999999999999999999"]
        tries = [
            (base, {n: v for n in NAMES}, {n: v for n in NAMES} | rating_fields(v) | dues_fields(v))
            for v in junk
        ]
        if persona == "admin":
            # One name at a time, so a parameter read early cannot hide one read later.
            tries += [(base, {n: "abc"}, None) for n in NAMES]
            tries += [(path, {}, {}) for path in no_such]
        for url, query, body in tries:
            for method in ("get", "post") if body is not None else ("get",):
                status = answers(client, method, url, query, body)
                if status >= 500:
                    failures.setdefault(f"{method.upper()} {name}", f"{status} {url}?{urlencode(query)[:50]}")

    assert failures == {}


def test_the_junk_covers_every_route_of_the_matrices():
    from tests.test_url_coverage import NOT_IN_A_MATRIX, named_urls

    driven = {row.values[0] for rows, _ in GROUPS.values() for row in rows}
    assert sorted(set(named_urls()) - driven - NOT_IN_A_MATRIX) == []
