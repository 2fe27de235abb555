"""The annual rating report ("Báo cáo kết quả kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng,
đảng viên năm …") and the rating list of a chi bộ, as Party documents (HD 36).

A report is built in parts so that workers can render them in parallel and memory stays flat:
part 0 is the report itself (header, the tables of §8, charts, signature); the other parts are the
appendix, one section per grassroots organisation, a batch of sections per part. The parts are
merged and numbered "Trang X/Y" afterwards (branches.documents.number_pages)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.template.loader import render_to_string

from branches.documents import UNNUMBERED, committee_name, issuer_lines, locality, place_date, render_html
from branches.formatting import number
from branches.models import BRANCH_KINDS, Organisation, Position

from ..models import IN_FORCE, MemberRating, OrganisationRating, RatingPeriod, Status
from ..queries import period_for
from . import tables
from .figures import LEVELS, Levels

SECTIONS_PER_PART = 20  # grassroots organisations per appendix part (about 20 pages)
Kind = Organisation.Kind
GRASSROOTS_KINDS = (Kind.GRASSROOTS_COMMITTEE, Kind.GRASSROOTS_CELL)


def sections(scope: Organisation) -> list[int]:
    """The grassroots organisations of the scope, one appendix section each: đảng bộ cơ sở and
    chi bộ cơ sở, and chi bộ directly under a commune-level committee."""
    qs = Organisation.objects.filter(path__startswith=scope.path, dissolved_on__isnull=True).filter(
        Q(kind__in=GRASSROOTS_KINDS) | Q(kind=Kind.CELL, parent__kind=Kind.UPPER)
    )
    return list(qs.order_by("path").values_list("pk", flat=True))


def parts(scope: Organisation, year: int) -> list[list[int]]:
    """Part 0 is the report; then batches of appendix sections, when there is anything rated."""
    period = period_for(scope, year)
    rated = (
        period is not None
        and MemberRating.objects.in_force().in_subtree(scope).filter(period=period).exists()
    )
    ids = sections(scope) if rated and scope.kind not in BRANCH_KINDS else []
    return [[]] + [ids[i : i + SECTIONS_PER_PART] for i in range(0, len(ids), SECTIONS_PER_PART)]


# The report ---------------------------------------------------------------------------------------------


ISSUER_CODES = {
    Kind.PROVINCE: "TU",
    Kind.UPPER: "ĐU",
    Kind.GRASSROOTS_COMMITTEE: "ĐU",
    Kind.SUB_COMMITTEE: "ĐU",
}


def issuer_code(scope: Organisation) -> str:
    return ISSUER_CODES.get(scope.kind, "CB")


def on_behalf(scope: Organisation) -> str:
    """Who signs for the issuing body (HD 36): the standing committee of a province or commune
    committee, the đảng ủy of a grassroots organisation, the chi ủy of a chi bộ."""
    if scope.kind in (Kind.PROVINCE, Kind.UPPER):
        return "T/M BAN THƯỜNG VỤ"
    if scope.kind in (Kind.GRASSROOTS_COMMITTEE, Kind.SUB_COMMITTEE):
        return "T/M ĐẢNG ỦY"
    return "T/M CHI ỦY"


def secretary_name(scope: Organisation) -> str:
    position = (
        Position.objects.filter(organisation=scope, title=Position.Title.SECRETARY, ends_on__isnull=True)
        .select_related("member")
        .first()
    )
    return position.member.full_name if position else ""


def header(scope: Organisation, today: date) -> dict:
    return {
        "issuer": issuer_lines(scope),
        # The number is given when the report is signed and registered: left blank to fill in.
        "number": f"Số      -BC/{issuer_code(scope)}",
        "place_date": place_date(locality(scope), today),
    }


@dataclass(frozen=True)
class Bar:
    label: str
    x: float
    y: float
    height: float
    width: float
    css: str
    value: str


CHART = {"width": 440, "height": 170, "top": 14, "bottom": 130, "left": 36}


def level_chart(now: Levels, before: Levels | None, title: str) -> dict:
    """A grouped bar chart, as numbers for an inline SVG (vector graphics in the PDF): the share
    of each level this year beside last year's."""
    span = CHART["bottom"] - CHART["top"]
    group = (CHART["width"] - CHART["left"]) / len(LEVELS)
    bars, labels = [], []
    for i, level in enumerate(LEVELS):
        x = CHART["left"] + i * group + 10
        for j, (series, css) in enumerate(((before, "before"), (now, "now"))):
            share = series.share(level) if series else None
            if share is None:
                continue
            height = float(share) / 100 * span
            bars.append(Bar(level, x + j * 34, CHART["bottom"] - height, height, 30, css, number(share, 1)))
        labels.append((x + 32, level))
    ticks = [(CHART["bottom"] - t / 100 * span, t) for t in (0, 25, 50, 75, 100)]
    return {"title": title, "bars": bars, "labels": labels, "ticks": ticks, **CHART}


def no_results(scope: Organisation, year: int, period: RatingPeriod | None) -> str:
    """What the report says instead of its tables when nothing of the year is decided; the PDF and
    the workbook say the same."""
    unopened = "" if period else f" (năm {year} chưa được mở đánh giá)"
    return (
        f"Đến ngày lập báo cáo, {scope.name} chưa có kết quả đánh giá, xếp loại chất lượng tổ chức đảng, "
        f"đảng viên năm {year}{unopened}. Báo cáo này không nêu số liệu xếp loại; sẽ lập lại khi có kết quả."
    )


def has_results(organisations_total: tables.OrganisationRow, members_total: tables.MemberRow) -> bool:
    return bool(members_total.levels.rated or organisations_total.levels.rated)


def report_context(scope: Organisation, year: int, today: date, requested_by: str = "") -> dict:
    period = period_for(scope, year)
    context = {
        **header(scope, today),
        "scope": scope,
        "year": year,
        "period": period,
        "document_title": f"Báo cáo kết quả kiểm điểm, đánh giá, xếp loại năm {year} — {scope.name}",
        "signature_lines": [on_behalf(scope), "BÍ THƯ"],
        "signer": secretary_name(scope),
        "recipients": [
            f"{committee_name(scope.parent)} (để báo cáo)"
            if scope.parent
            else "Ban Tổ chức Trung ương (để báo cáo)",
            "Các tổ chức đảng trực thuộc",
            "Lưu Văn phòng",
        ],
        "levels": LEVELS,
        "no_results": no_results(scope, year, period),
    }
    if period is None:
        return {**context, "rated": False}
    before = period_for(scope, year - 1)
    unit_list = tables.units(scope)
    organisations, organisations_total = tables.organisations(scope, period, before, unit_list)
    members, members_total = tables.members(scope, period, before, unit_list)
    meetings, meetings_total = tables.meetings(scope, year, unit_list)
    recognitions, recognitions_total, schemes = tables.recognitions(scope, period, before, unit_list)
    for row in [*recognitions, recognitions_total]:
        row.scheme_cells = row.cells(schemes)
    return {
        **context,
        "rated": has_results(organisations_total, members_total),
        "before": before,
        "organisations": organisations,
        "organisations_total": organisations_total,
        "members": members,
        "members_total": members_total,
        "meetings": meetings,
        "meetings_total": meetings_total,
        "recognitions": recognitions,
        "recognitions_total": recognitions_total,
        "schemes": schemes,
        "composition": tables.composition(scope),
        "charts": [
            level_chart(
                members_total.levels,
                members_total.before if before else None,
                "Đảng viên theo mức xếp loại (%)",
            ),
            level_chart(
                organisations_total.levels,
                organisations_total.before if before else None,
                "Tổ chức đảng theo mức xếp loại (%)",
            ),
        ],
        "quota_flags": [r for r in members if r.levels.over_quota()],
    }


# The appendix: one section per grassroots organisation --------------------------------------------------


@dataclass
class BranchLine:
    org: Organisation
    levels: Levels
    excluded: int
    own: str  # the chi bộ's own level, if decided


@dataclass
class Section:
    org: Organisation
    own: str
    lines: list[BranchLine]
    total: Levels

    @property
    def excluded(self) -> int:
        return sum(line.excluded for line in self.lines)


def appendix(ids: list[int], year: int, period: RatingPeriod | None) -> list[Section]:
    """The sections of one part: per grassroots organisation, its chi bộ with their members by
    level and their own level. Three queries for the whole batch."""
    orgs = list(Organisation.objects.filter(pk__in=ids).order_by("path"))
    if not orgs or period is None:
        return [Section(o, "", [], Levels()) for o in orgs]
    filter_q = Q()
    for org in orgs:
        filter_q |= Q(path__startswith=org.path)
    branches = {
        b.path: b
        for b in Organisation.objects.filter(
            filter_q, kind__in=BRANCH_KINDS, dissolved_on__isnull=True
        ).order_by("path")
    }
    member_q = Q()
    for org in orgs:
        member_q |= Q(organisation__path__startswith=org.path)
    counts: dict[int, Levels] = {b.pk: Levels() for b in branches.values()}
    excluded: dict[int, int] = dict.fromkeys(counts, 0)
    for org_id, status, level, n in (
        MemberRating.objects.current()
        .filter(member_q, period=period)
        .values_list("organisation_id", "status", "level")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        if org_id not in counts:
            continue
        if status == Status.EXCLUDED:
            excluded[org_id] += n
        elif status in IN_FORCE:
            counts[org_id].add(level, n)
    own = dict(
        OrganisationRating.objects.in_force()
        .filter(period=period)
        .filter(Q(organisation__in=orgs) | Q(organisation_id__in=counts))
        .values_list("organisation_id", "level")
    )
    result = []
    for org in orgs:
        lines = [
            BranchLine(b, counts[b.pk], excluded[b.pk], own.get(b.pk, ""))
            for path, b in branches.items()
            if path.startswith(org.path)
        ]
        total = Levels()
        for line in lines:
            total += line.levels
        result.append(Section(org, own.get(org.pk, ""), lines, total))
    return result


def part_html(scope: Organisation, year: int, ids: list[int], index: int, today: date) -> str:
    """The HTML of one part (the queries and the template; bench/reports.py renders it alone)."""
    if index == 0:
        return render_to_string("ratings/pdf/annual.html", report_context(scope, year, today))
    first = (index - 1) * SECTIONS_PER_PART + 1
    return render_to_string(
        "ratings/pdf/appendix.html",
        {
            "sections": appendix(ids, year, period_for(scope, year)),
            "first": first,
            "year": year,
            "levels": LEVELS,
            "document_title": f"Phụ lục báo cáo năm {year} — {scope.name}",
        },
    )


def render_part(scope: Organisation, year: int, ids: list[int], index: int, today: date) -> bytes:
    """One part as an unnumbered PDF chunk."""
    return render_html(part_html(scope, year, ids, index, today), UNNUMBERED)


# The rating list of a chi bộ or grassroots organisation ---------------------------------------------------


def rating_list_context(scope: Organisation, year: int, today: date) -> dict:
    period = period_for(scope, year)
    ratings = []
    if period is not None:
        ratings = list(
            MemberRating.objects.current()
            .in_subtree(scope)
            .filter(period=period)
            .select_related("member", "organisation")
            .order_by("organisation__path", "member__sort_key")
        )
    return {
        **header(scope, today),
        "scope": scope,
        "year": year,
        "period": period,
        "ratings": ratings,
        "document_title": f"Danh sách đảng viên xếp loại năm {year} — {scope.name}",
        "signature_lines": [on_behalf(scope), "BÍ THƯ"],
        "signer": secretary_name(scope),
        "several": scope.kind not in BRANCH_KINDS,
        "recipients": [
            f"{committee_name(scope.parent)} (để báo cáo)" if scope.parent else "Lưu",
            "Lưu hồ sơ",
        ],
    }


def render_rating_list(scope: Organisation, year: int, ids: list[int], index: int, today: date) -> bytes:
    """The rating list as one unnumbered chunk (numbered with the others after the merge)."""
    return render_html(
        render_to_string("ratings/pdf/rating_list.html", rating_list_context(scope, year, today)), UNNUMBERED
    )
