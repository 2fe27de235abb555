"""Template filters over branches.formatting: {{ n|number }} → 46.437, {{ share|percent }} →
27,27%, {{ change|points }} → +1,50. An empty value stays empty, so `|default:"…"` can say why."""

from django import template

from branches import formatting

register = template.Library()


@register.filter
def number(value, places=0):
    if value is None or value == "":
        return ""
    return formatting.number(value, int(places))


@register.filter
def percent(value, places=2):
    if value == "":
        return ""
    return formatting.percent(value, int(places))


@register.filter
def points(value, places=2):
    if value == "":
        return ""
    return formatting.points(value, int(places))
