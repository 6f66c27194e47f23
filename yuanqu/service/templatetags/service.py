"""{% load service %}: whether the user may raise a ticket (the 提出诉求 and 转为诉求 links)."""
from django import template

from yuanqu.service import permissions

register = template.Library()


@register.filter
def may_raise(user) -> bool:
    return permissions.may_raise(user)
