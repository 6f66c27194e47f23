"""The site's URLs plus pages that fail on purpose (the error pages' tests)."""
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import path

from yuanqu.urls import urlpatterns as site


def forbidden(request):
    raise PermissionDenied("您的角色不能修改此项数据")


def broken(request):
    raise RuntimeError("secret-detail-of-the-failure")


def attachment(request):
    response = HttpResponse(b"x", content_type="application/octet-stream")
    response["Content-Disposition"] = "attachment; filename=x.bin"
    return response


urlpatterns = [
    path("test-forbidden/", forbidden),
    path("test-broken/", broken),
    path("test-attachment/", attachment),
    *site,
]
