"""/notifications/: a user sees, opens and marks read only their own notifications; the bell counts them."""
import re

import pytest
from django.urls import reverse

from yuanqu.accounts.factories import UserFactory
from yuanqu.notifications.factories import NotificationFactory
from yuanqu.notifications.models import Notification

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:list")


@pytest.fixture
def two_users(client):
    me, other = UserFactory(username="me"), UserFactory(username="other")
    mine = [NotificationFactory(recipient=me, title=f"我的通知{i}", link="/service/") for i in range(3)]
    theirs = NotificationFactory(recipient=other, title="别人的通知")
    client.force_login(me)
    return me, mine, theirs


def test_the_list_shows_only_my_notifications(client, two_users):
    _, mine, _ = two_users
    page = client.get(LIST).content.decode()
    assert all(n.title in page for n in mine) and "别人的通知" not in page
    assert "未读（3）" in page and "全部标为已读" in page


def test_the_bell_counts_my_unread_notifications(client, two_users):
    page = client.get(LIST).content.decode()
    bell = re.search(r'<a class="bell".*?</a>', page).group(0)
    assert 'aria-label="我的通知，3条未读"' in bell and '<span class="bell-count">3</span>' in bell
    assert client.get(reverse("notifications:unread")).json() == {"unread": 3}


def test_no_inline_script_or_style(client, two_users):
    page = client.get(LIST).content.decode()
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", page))
    assert "<style" not in page and " style=" not in page
    assert "notifications/bell.js" in page and "notifications/notifications.css" in page


def test_opening_marks_read_and_follows_the_link(client, two_users):
    _, mine, _ = two_users
    response = client.get(reverse("notifications:open", args=[mine[0].pk]))
    assert response.status_code == 302 and response["Location"] == "/service/"
    mine[0].refresh_from_db()
    assert mine[0].read_at is not None
    assert client.get(reverse("notifications:unread")).json() == {"unread": 2}
    unread_page = client.get(LIST, {"show": "unread"})
    assert unread_page.context["paginator"].count == 2


def test_an_outside_link_is_not_followed(client, two_users):
    me, _, _ = two_users
    n = NotificationFactory(recipient=me, link="https://evil.example.com/")
    assert client.get(reverse("notifications:open", args=[n.pk]))["Location"] == LIST


def test_another_users_notification_is_not_found(client, two_users):
    _, _, theirs = two_users
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_touches_only_mine(client, two_users):
    me, _, theirs = two_users
    assert client.get(reverse("notifications:read_all")).status_code == 405
    assert client.post(reverse("notifications:read_all"))["Location"] == LIST
    assert not Notification.objects.for_recipient(me).unread().exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    page = client.get(LIST).content.decode()
    assert '<span class="bell-count" hidden>' in page and "全部标为已读" not in page


def test_anonymous_users_are_sent_to_login(client):
    for url in (LIST, reverse("notifications:unread"), reverse("notifications:open", args=[1])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_list_pages(client, two_users):
    me, _, _ = two_users
    NotificationFactory.create_batch(30, recipient=me)
    first = client.get(LIST)
    assert first.context["paginator"].num_pages == 2 and "下一页" in first.content.decode()
    assert len(client.get(LIST, {"page": 2}).context["page_obj"]) == 3
