"""A member's self-review as the form HD 43 gives it (Mẫu 2A/2B/2C: bản kiểm điểm cá nhân), to
print, sign and keep in the chi bộ's file."""

from __future__ import annotations

from datetime import date

from branches.documents import issuer_lines, locality, paragraphs, place_date, render_pdf

from .models import MemberRating
from .rules.common import score_text
from .services import points_shown

TEMPLATE = "ratings/pdf/self_review.html"


def self_review_context(rating: MemberRating, today: date) -> dict:
    member, year = rating.member, rating.period.year
    return {
        "document_title": f"Bản kiểm điểm đảng viên năm {year} — {member.full_name}",
        "issuer": issuer_lines(rating.organisation),
        "place_date": place_date(locality(rating.organisation), today),
        "rating": rating,
        "member": member,
        "year": year,
        "score": score_text(rating.score) if rating.score is not None else "",
        "points": [(c.label, score_text(given), c.max_points) for c, given in points_shown(rating)],
        "strengths": paragraphs(rating.strengths),
        "shortcomings": paragraphs(rating.shortcomings),
        "remedies": paragraphs(rating.remedies),
        "signer_title": ["NGƯỜI TỰ KIỂM ĐIỂM", "(Ký, ghi rõ họ tên)"],
    }


def render_self_review(rating: MemberRating, today: date) -> bytes:
    return render_pdf(TEMPLATE, self_review_context(rating, today))
