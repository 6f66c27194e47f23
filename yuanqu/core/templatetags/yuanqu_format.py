"""Template filters: values the way briefings write them (yuanqu.figures.format via core.pages.show)."""
from django import template

from yuanqu.core.pages import show

register = template.Library()


@register.filter
def money(value):
    """万元 → "83.98亿元" / "5000万元"."""
    return show(value, "money")


@register.filter
def pct(value, places=1):
    return show(value, "pct", places=int(places))


@register.filter
def growth(value):
    return show(value, "growth")


@register.filter
def points(value):
    return show(value, "points")


@register.filter
def num(value, places=2):
    return show(value, "number", places=int(places))
