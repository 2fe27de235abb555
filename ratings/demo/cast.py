"""Who and what a demo rating year is built over: the rated units with the organisation that decides for
each, their committees and heads, the members with their standing and disciplines, and the logins
that act for each organisation."""

from __future__ import annotations

import random
from collections import defaultdict

from django.contrib.auth import get_user_model

from branches.demo import COMMUNE, Built, Shape
from branches.models import Discipline, Member, Organisation, Position, RoleAssignment

from .. import services
from ..rules.authority import authority_for
from .plan import OUTLIER_COMMUNES, Person, Role, Unit


class Cast:
    def __init__(self, built: Built, shape: Shape, rng: random.Random):
        self.built, self.shape, self.rng = built, shape, rng
        self._load_tree()
        self._load_people()

    def _load_tree(self) -> None:
        orgs = {o.pk: o for o in Organisation.objects.subtree(self.built.province).active().order_by("pk")}
        self.units: dict[int, Unit] = {}
        for org in orgs.values():
            if org.kind not in services.RATED_KINDS:
                continue
            parent = orgs.get(org.parent_id)
            up = authority_for(org.kind, parent.kind if parent else None).levels_up
            ancestors = org.ancestor_ids()
            decider = orgs.get(ancestors[-up]) if 0 < up <= len(ancestors) else None
            self.units[org.pk] = Unit(org, decider, self.rng.gauss(0, 1))
        for unit in self.units.values():
            if unit.org.parent_id in self.units:
                self.units[unit.org.parent_id].children.append(unit)
        posts = Position.objects.filter(organisation_id__in=list(self.units), ends_on__isnull=True).order_by(
            "pk"
        )
        for member_id, org_id, title in posts.values_list("member_id", "organisation_id", "title"):
            self.units[org_id].committee.add(member_id)
            if title == Position.Title.SECRETARY:
                self.units[org_id].head = member_id
        if self.shape is COMMUNE:
            outliers = [self.built.uppers[1].pk]
        else:
            communes = [
                pk
                for pk, u in self.units.items()
                if u.org.kind == Organisation.Kind.GRASSROOTS_COMMITTEE
                and u.org.area_type == Organisation.Area.COMMUNE
            ]
            outliers = self.rng.sample(communes, OUTLIER_COMMUNES)
        for unit in self.units.values():
            unit.outlier = unit.org.pk in outliers or unit.org.parent_id in outliers

    def _load_people(self) -> None:
        members = (
            Member.objects.current()
            .in_subtree(self.built.province)
            .order_by("pk")
            .values_list(
                "pk",
                "organisation_id",
                "status",
                "in_political_system",
                "account_id",
                "is_exempt",
                "ceremony_date",
            )
        )
        self.people = {
            pk: Person(org, status == Member.Status.OFFICIAL, political, account, exempt, ceremony)
            for pk, org, status, political, account, exempt, ceremony in members
        }
        self.merit = {pk: self.rng.gauss(0, 1) for pk in self.people}
        roles = list(RoleAssignment.objects.select_related("organisation").order_by("pk"))
        self.secretary = {a.organisation_id: a.user_id for a in roles if a.role == Role.SECRETARY}
        # The most specific reviewer above a deciding organisation acts for it; the administrator
        # for what the provincial committee decides; nobody has a login elsewhere.
        self.reviewers = sorted(
            ((a.organisation.path, a.user_id) for a in roles if a.role == Role.REVIEWER),
            key=lambda pair: -len(pair[0]),
        )
        self.admin = next(
            (
                a.user_id
                for a in roles
                if a.role == Role.ADMIN and a.organisation_id == self.built.province.pk
            ),
            None,
        )
        self.users = get_user_model().objects.in_bulk([a.user_id for a in roles])
        self.disciplines: dict[int, list[Discipline]] = defaultdict(list)
        for d in Discipline.objects.filter(
            member__organisation__path__startswith=self.built.province.path
        ).order_by("pk"):
            self.disciplines[d.member_id].append(d)

    def acting_for(self, org: Organisation | None) -> int | None:
        """The login that acts for `org` (its decisions, or its own self-assessment)."""
        if org is None:
            return None
        if org.kind == Organisation.Kind.PROVINCE:
            return self.admin
        return next((user for path, user in self.reviewers if org.path.startswith(path)), None)

    def user(self, pk: int | None):
        return self.users.get(pk) if pk else None

    def actor(self, pk: int | None):
        """Who calls a service for `pk`'s login: every service names who acts, and where nobody
        has a login the province's administrator does."""
        return self.user(pk or self.admin)
