"""{{ rating.score|score }}: 89,5 and 80, not 89.5 and 80,0."""

from django import template

from ..rules.common import score_text

register = template.Library()


@register.filter
def score(value) -> str:
    return score_text(value)
