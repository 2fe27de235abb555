"""Every named URL of the project is driven with every persona by some app's access matrix."""

from django.urls import URLPattern, URLResolver, get_resolver

from tests.branches.test_access import MATRIX as BRANCHES
from tests.branches.test_criteria_set_access import CRITERIA_SET_MATRIX as CRITERIA_SETS
from tests.branches.test_import_views import IMPORT_MATRIX as IMPORTS
from tests.meetings.test_access import MATRIX as MEETINGS
from tests.meetings.test_dues_access import DUES_MATRIX as DUES
from tests.ratings.test_access import MATRIX as RATINGS
from tests.ratings.test_recognition_access import RECOGNITION_MATRIX as RECOGNITIONS

# Public by design, tested on their own in tests/branches/test_security.py.
# Public: signing in and out, and a forgotten password (tests/branches/test_accounts.py).
NOT_IN_A_MATRIX = {
    "login",
    "logout",
    "password-reset",
    "password-reset-sent",
    "password-reset-confirm",
    "password-reset-complete",
}


def named_urls(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_named_url_is_in_an_access_matrix():
    covered = {
        param.values[0]
        for param in [*BRANCHES, *MEETINGS, *DUES, *RATINGS, *RECOGNITIONS, *CRITERIA_SETS, *IMPORTS]
    } | NOT_IN_A_MATRIX
    assert sorted(set(named_urls()) - covered) == []
