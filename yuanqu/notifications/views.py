"""/notifications/: the user's own notifications (all or unread), opening one (marks it read, follows
its link), marking all read, and the unread count the top bar's bell polls. Nobody sees another's."""
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from . import services
from .models import Notification

PER_PAGE = 30


def _own(request):
    return Notification.objects.for_recipient(request.user)


@login_required
@require_GET
def notification_list(request):
    unread_only = request.GET.get("show") == "unread"
    own = _own(request)
    shown = own.unread() if unread_only else own
    page_obj = Paginator(shown, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {
        "page_obj": page_obj, "paginator": page_obj.paginator, "unread_only": unread_only,
        "unread_count": own.unread().count(),
    })


@login_required
@require_GET
def notification_open(request, pk):
    notification = get_object_or_404(_own(request), pk=pk)
    services.mark_read(notification)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()},
                                                require_https=request.is_secure()):
        return redirect(link)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request):
    services.mark_all_read(request.user)
    return redirect("notifications:list")


@login_required
@require_GET
def unread_count(request):
    return JsonResponse({"unread": _own(request).unread().count()})
