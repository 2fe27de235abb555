"""Dashboards with charts, per scope: a chi bộ's year (attendance and meeting quality by month,
open tasks), a committee's subtree (meetings held and missed by month, the rating distribution
against last year and per organisation below, outliers, recognitions against targets). The numbers
come from the same query functions as the pages, the reports and the exports."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from branches.models import BRANCH_KINDS
from branches.params import year_param
from branches.web import org_or_404
from meetings import calendar_grid
from meetings import queries as meeting_queries

from .. import queries
from ..models import RecognitionScheme
from ..models.recognitions import scheme_overview
from ..reports.figures import LEVELS

MONTHS = [f"T{m}" for m in range(1, 13)]
WORST_BRANCHES = 10


def _year(request: HttpRequest) -> int:
    return year_param(request.GET, date.today().year)


def _share_series(levels) -> list[float | None]:
    return [
        float(share) if share is not None else None for share in (levels.share(level) for level in LEVELS)
    ]


def _monthly_chart(kind: str, title: str, year: int, data: list) -> dict:
    """A chi bộ's year month by month, out of 100."""
    return {
        "type": kind,
        "labels": MONTHS,
        "title": title,
        "series": [{"label": str(year), "data": data}],
        "max": 100,
    }


@login_required
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    org = org_or_404(request, pk)
    year, today = _year(request), date.today()
    context = {"org": org, "year": year, "charts": {}}
    charts = context["charts"]
    if org.kind in BRANCH_KINDS:
        months = meeting_queries.months_of(org, year)
        charts["attendance"] = _monthly_chart(
            "line", "Tỷ lệ đảng viên dự sinh hoạt thường kỳ (%)", year, [m.attendance for m in months]
        )
        charts["quality"] = _monthly_chart(
            "bar", "Điểm chất lượng buổi sinh hoạt", year, [m.score for m in months]
        )
        context["open_tasks"] = list(meeting_queries.open_tasks(org)[:20])
    else:
        grid = calendar_grid.compliance_grid(org, year, today)
        charts["compliance"] = {
            "type": "bar",
            "stacked": True,
            "labels": MONTHS,
            "title": "Chi bộ sinh hoạt thường kỳ theo tháng",
            "series": [
                {"label": "Đã sinh hoạt", "data": grid.held_by_month, "colour": "#198754"},
                {"label": "Không sinh hoạt", "data": grid.missing_by_month, "colour": "#b3151b"},
            ],
        }
        missing = sorted((r for r in grid.rows if r.missing), key=lambda r: (-r.missing, r.org.name))
        context["worst"] = missing[:WORST_BRANCHES]
        context["missing_total"] = len(missing)
    period = queries.period_for(org, year)
    if period is not None:
        before = queries.period_for(org, year - 1)
        parts, total = queries.distribution(org, period, before)
        context.update(
            period=period,
            total=total,
            outliers=[p for p in parts if p.outlier or p.quota_breaches or p.changed],
        )
        charts["levels"] = {
            "type": "bar",
            "labels": LEVELS,
            "title": "Đảng viên theo mức xếp loại (% số đã xếp loại)",
            "max": 100,
            "series": [
                *([{"label": str(year - 1), "data": _share_series(total.members.before)}] if before else []),
                {"label": str(year), "data": _share_series(total.members.levels)},
            ],
        }
        if org.kind not in BRANCH_KINDS and len(parts) > 1:
            charts["units"] = {
                "type": "bar",
                "stacked": True,
                "horizontal": True,
                "labels": [p.org.name for p in parts],
                "title": "Xếp loại đảng viên theo đơn vị (% số đã xếp loại)",
                "max": 100,
                "series": [
                    {"label": level, "data": [float(p.members.levels.share(level) or 0) for p in parts]}
                    for level in LEVELS
                ],
            }
        shares = scheme_overview(RecognitionScheme.objects.in_force(org.province_id, year), org, year)
        shares = [s for s in shares if s.eligible]
        context["recognitions"] = shares
        if org.kind not in BRANCH_KINDS and any(s.recognised or s.targets for s in shares):
            charts["recognitions"] = {
                "type": "bar",
                "labels": [s.scheme.name for s in shares],
                "title": "Danh hiệu: tỷ lệ được công nhận và chỉ tiêu (%)",
                "max": 100,
                "series": [
                    {"label": "Đạt", "data": [float(s.share or 0) for s in shares]},
                    {
                        "label": "Chỉ tiêu tối thiểu",
                        "data": [float(s.targets[0].min_share) if s.targets else None for s in shares],
                    },
                ],
            }
    context["charts"] = [
        {"id": f"chart-{key}", "wide": key == "units", **chart} for key, chart in charts.items()
    ]
    return render(request, "ratings/dashboard.html", context)
