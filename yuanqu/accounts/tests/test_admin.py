import pytest
from django.urls import reverse

from yuanqu.accounts.models import User
from yuanqu.core.tests.helpers import assert_admin_pages, login_superuser, park, region, sample_world

pytestmark = pytest.mark.django_db


def test_every_model_has_a_working_admin(client):
    sample_world()
    login_superuser(client)
    assert_admin_pages(client, "accounts")


def test_add_user_with_role_and_park(client):
    reg = region()
    home = park(reg)
    login_superuser(client)
    data = {"username": "lisi", "usable_password": "true", "password1": "Xq7-long-pass", "password2": "Xq7-long-pass",
            "display_name": "李四", "role": User.Role.PARK_STAFF, "region": reg.pk, "park": home.pk}
    response = client.post(reverse("admin:accounts_user_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="lisi")
    assert (user.display_name, user.role, user.park) == ("李四", "park_staff", home)
    assert user.check_password("Xq7-long-pass")


def test_user_change_page_shows_the_profile_fields(client):
    world = sample_world()
    login_superuser(client)
    page = client.get(reverse("admin:accounts_user_change", args=[world.commissioner.pk])).content.decode()
    for label in ("身份与归属", "角色", "姓名", "所属园区", "所属部门", "所属企业"):
        assert label in page
