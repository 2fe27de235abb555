"""Form widgets that pages with long forms need to render fast."""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class QuickSelect(forms.Select):
    """A <select> whose options are written in Python rather than by a template each: the meeting
    form has six pickers of a chi bộ's members, 200 option templates that were a fifth of the page's
    time. Plain choices only (no groups), the same markup as Django's Select."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = set(self.format_value(value))
        options = format_html_join(
            "\n",
            '<option value="{}"{}>{}</option>',
            ((key, " selected" if str(key) in chosen else "", label) for key, label in self.choices),
        )
        return format_html("<select{}>\n{}\n</select>", flatatt(final), options)
