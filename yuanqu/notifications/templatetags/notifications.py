"""{% notification_bell %}: the bell in the top bar with the user's unread count (bell.js refreshes it)."""
from django import template

from yuanqu.notifications.models import Notification

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context):
    user = context.get("user")
    if user is None:
        return {"unread": 0}
    return {"unread": Notification.objects.for_recipient(user).unread().count()}
