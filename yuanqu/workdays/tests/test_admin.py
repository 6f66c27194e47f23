"""The holiday table in the admin: every page renders; a year entered with its days counts at once."""
import datetime as dt

import pytest
from django.urls import reverse

from yuanqu.core.tests.helpers import assert_admin_pages, login_superuser
from yuanqu.workdays.calendar import add_workdays, is_workday
from yuanqu.workdays.models import HolidayYear

from .helpers import publish_2031

pytestmark = pytest.mark.django_db


def test_every_model_has_a_working_admin(client):
    publish_2031()
    login_superuser(client)
    assert_admin_pages(client, "workdays")
    page = client.get(reverse("admin:index")).content.decode()
    assert "节假日安排（年度）" in page and "工作日" in page


def test_an_administrator_publishes_a_new_year(client):
    login_superuser(client)
    rows = [("2031-10-01", "rest"), ("2031-10-02", "rest"), ("2031-10-03", "rest"), ("2031-10-11", "work")]
    data = {"year": "2031", "notice": "国务院办公厅关于2031年部分节假日安排的通知", "published_on": "2030-11-10",
            "note": "", "days-TOTAL_FORMS": str(len(rows)), "days-INITIAL_FORMS": "0",
            "days-MIN_NUM_FORMS": "0", "days-MAX_NUM_FORMS": "1000"}
    for i, (day, kind) in enumerate(rows):
        data.update({f"days-{i}-date": day, f"days-{i}-kind": kind, f"days-{i}-name": "国庆节"})
    response = client.post(reverse("admin:workdays_holidayyear_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert HolidayYear.objects.get(year=2031).days.count() == 4
    assert not is_workday(dt.date(2031, 10, 1)) and is_workday(dt.date(2031, 10, 11))
    assert add_workdays(dt.date(2031, 9, 30), 5) == dt.date(2031, 10, 10)  # Mon 6th … Fri 10th
