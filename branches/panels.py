"""Cards the apps above add to a member's page. branches cannot import them (dependencies point
one way), so each registers a function in its AppConfig.ready, as with the standing listeners;
the member's page renders what they return beside its own cards."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict = field(default_factory=dict)


# (request, member) -> Panel or None (nothing to show); each reads with a fixed number of queries.
MEMBER_PANELS: list[Callable[..., Panel | None]] = []


def member_panels(request, member) -> list[Panel]:
    return [panel for make in MEMBER_PANELS if (panel := make(request, member)) is not None]
