"""站内通知 and 发送记录 in the admin: listed and viewable, never added or edited there."""
import pytest
from django.urls import reverse

from yuanqu.core.tests.helpers import assert_admin_pages, login_superuser
from yuanqu.notifications.factories import NotificationFactory
from yuanqu.notifications.models import Delivery

pytestmark = pytest.mark.django_db


def test_every_model_has_a_working_admin(client):
    note = NotificationFactory()
    Delivery.objects.create(channel="wecom", title=note.title, target="企业微信群机器人", status="failed",
                            attempts=3, error="HTTP 500 Internal Server Error")
    login_superuser(client)
    assert_admin_pages(client, "notifications")
    page = client.get(reverse("admin:notifications_delivery_changelist")).content.decode()
    assert "发送失败" in page and "企业微信群机器人" in page
