import pytest

from yuanqu.core.tests.helpers import assert_admin_pages, login_superuser, sample_world

pytestmark = pytest.mark.django_db


def test_every_model_has_a_working_admin(client):
    sample_world()
    login_superuser(client)
    assert_admin_pages(client, "service")
