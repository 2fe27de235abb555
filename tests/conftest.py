import os
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from django.core.cache import cache

from branches.models import Organisation, RoleAssignment
from tests.factories import MemberFactory, OrganisationFactory, user_with_role

# Playwright's sync API runs an event loop in the test thread; the ORM would refuse to run there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

Kind = Organisation.Kind
Role = RoleAssignment.Role


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Province summaries are kept in the process's cache (branches/summaries.py); each test starts
    without them, as its database starts empty."""
    cache.clear()


@pytest.fixture(autouse=True)
def _require_real_services(settings):
    """In CI (REQUIRE_REAL_SERVICES=1) the suite must be on PostgreSQL; never silently on SQLite."""
    if os.environ.get("REQUIRE_REAL_SERVICES"):
        assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
        assert os.environ.get("CELERY_BROKER_URL", "").startswith("redis://")


@pytest.fixture
def tree(db):
    """province
    ├── commune X: branch A, branch A2, grassroots committee G (cell G1)
    └── commune Y: branch B
    """
    province = OrganisationFactory(kind=Kind.PROVINCE, name="Đảng bộ tỉnh Trà Vinh", code="TV")
    x = OrganisationFactory(parent=province, kind=Kind.UPPER, name="Đảng bộ xã Phước Hưng", code="X")
    y = OrganisationFactory(parent=province, kind=Kind.UPPER, name="Đảng bộ xã Đại Phúc", code="Y")
    a = OrganisationFactory(parent=x, name="Chi bộ ấp Chợ Dưới", code="A")
    a2 = OrganisationFactory(parent=x, name="Chi bộ ấp Tân Hạnh", code="A2")
    g = OrganisationFactory(parent=x, kind=Kind.GRASSROOTS_COMMITTEE, name="Đảng bộ cơ quan xã", code="G")
    g1 = OrganisationFactory(parent=g, name="Chi bộ Cơ quan chính quyền", code="G1")
    b = OrganisationFactory(parent=y, name="Chi bộ ấp Hòa Lạc", code="B")
    return SimpleNamespace(province=province, x=x, y=y, a=a, a2=a2, g=g, g1=g1, b=b)


@pytest.fixture
def people(tree):
    """The personas of the access matrix."""
    return SimpleNamespace(
        secretary_a=user_with_role("bithu_a", tree.a, Role.SECRETARY),
        reviewer_x=user_with_role("xetduyet_x", tree.x, Role.REVIEWER),
        secretary_b=user_with_role("bithu_b", tree.b, Role.SECRETARY),
        province_staff=user_with_role("bantochuc", tree.province, Role.PROVINCE_STAFF),
        admin=user_with_role("quantri", tree.province, Role.ADMIN),
    )


@pytest.fixture
def member_a(tree):
    return MemberFactory(organisation=tree.a, full_name="Nguyễn Văn An")


@contextmanager
def tasks_sent_to(broker_url: str):
    """Send tasks to `broker_url` instead of running them in-process (the test settings' default).
    Celery keeps its connection and producer pools once made, so they are dropped on the way in
    and out: a pool made for one broker would otherwise carry on sending there."""
    from config.celery import app

    def reset_pools():
        app._pool = None
        app.amqp._producer_pool = None

    previous = app.conf.task_always_eager, app.conf.broker_url
    app.conf.update(task_always_eager=False, broker_url=broker_url)
    reset_pools()
    try:
        yield
    finally:
        app.conf.update(task_always_eager=previous[0], broker_url=previous[1])
        reset_pools()
