"""Small ORM helpers for the tests of the admin and the models (no factories: plain rows).

`sample_world()` writes one row of every model of the platform, linked the way real data is,
so that every admin page has something to list and every column something to show.
"""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from decimal import Decimal
from types import SimpleNamespace

import pytest

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from yuanqu.core.creditcode import make_code

PASSWORD = "test-pass-123"

# The apps whose every model has an admin (the "foundation" issue).
ADMIN_APPS = ("core", "accounts", "org", "chains", "enterprises", "projects", "land", "service", "policies",
              "factors", "targets", "workdays", "notifications")
# Admins that only show rows the system wrote (no add page): the data batches, notifications and their
# deliveries.
VIEW_ONLY = {"core.DataBatch", "notifications.Notification", "notifications.Delivery"}


@contextmanager
def refused():
    """The database must refuse the write (IntegrityError); a savepoint keeps the test usable."""
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            yield


def region(code="510000", name="示例县", level="county"):
    from yuanqu.org.models import Region
    return Region.objects.create(code=code, name=name, level=level)


def park(reg, code="P1", name="示例工业园区", **kw):
    from yuanqu.org.models import Park
    return Park.objects.create(region=reg, code=code, name=name, **kw)


def enterprise(reg, serial=1, park=None, **kw):
    from yuanqu.enterprises.models import Enterprise
    kw.setdefault("name", f"示例企业{serial}")
    return Enterprise.objects.create(credit_code=make_code("91510000", serial), region=reg, park=park, **kw)


def project(reg, code="XM001", **kw):
    from yuanqu.projects.models import Project
    kw.setdefault("name", f"项目{code}")
    return Project.objects.create(region=reg, code=code, **kw)


def superuser(username="root"):
    return get_user_model().objects.create_superuser(username=username, email="root@example.com",
                                                     password=PASSWORD)


def login_superuser(client):
    """Signed in without the login form: the login throttle (django-axes) needs the request that
    `client.login()` does not pass; the login itself is tested in accounts/tests/test_login.py."""
    user = superuser()
    client.force_login(user)
    return user


def sample_world():
    """One row of every model, linked; returns them in a namespace."""
    from yuanqu.chains.models import Chain, ChainSegment
    from yuanqu.core.models import DataBatch
    from yuanqu.enterprises.models import MonthlyStat, RosterEntry
    from yuanqu.factors.models import Institution, LabourDemand, LabourSupply, Loan
    from yuanqu.land.models import FactoryBuilding, LandParcel, Revitalization, Tenancy
    from yuanqu.org.models import Department, ParkZone
    from yuanqu.policies.models import Claim, Policy, Push
    from yuanqu.projects.models import AnnualPlan, Designation, Lead, Progress, StageChange
    from yuanqu.service.models import Assignment, Ticket, TicketCategory, TicketEvent, Visit
    from yuanqu.targets.models import Action, PublishedIndicator, Target, Task

    w = SimpleNamespace()
    day = dt.date(2023, 8, 15)
    w.region = region()
    w.park = park(w.region, established=dt.date(2010, 5, 1))
    w.zone = ParkZone.objects.create(park=w.park, code="Z1", name="东区", area_mu=Decimal("1200.50"))
    w.department = Department.objects.create(code="FGJ", name="县发展和改革局", short_name="县发改局",
                                             region=w.region)
    w.commissioner = get_user_model().objects.create_user(
        username="zhuanyuan", password=PASSWORD, display_name="张专员", role="commissioner", park=w.park)
    w.batch = DataBatch.objects.create(source=DataBatch.Source.IMPORT, kind="stats", file_name="2023-08.xlsx",
                                       period_year=2023, period_month=8, row_count=1, user=w.commissioner)
    w.enterprise = enterprise(w.region, 1, park=w.park, zone=w.zone, established=dt.date(2015, 3, 1),
                              registered_capital=Decimal("5000.00"), commissioner=w.commissioner)
    w.outside = enterprise(w.region, 2, name="园区外企业")
    w.chain = Chain.objects.create(code="textile", name="纺织鞋服", region=w.region, is_main=True,
                                   owner=w.enterprise, lead_department=w.department,
                                   target_output=Decimal("1000000.00"), target_year=2025)
    w.segment = ChainSegment.objects.create(chain=w.chain, position="mid", code="garment", name="服装制造")
    w.enterprise.segments.add(w.segment)
    w.roster = RosterEntry.objects.create(enterprise=w.enterprise, year=2023)
    w.stat = MonthlyStat.objects.create(enterprise=w.enterprise, year=2023, month=8, batch=w.batch,
                                        output_cum=Decimal("83980.12"), output_prev_cum=Decimal("71700.00"),
                                        revenue_cum=Decimal("80000.00"), profit_cum=Decimal("-12.50"),
                                        employees=320)
    w.project = project(w.region, park=w.park, segment=w.segment, enterprise=w.enterprise,
                        total_investment=Decimal("114880.00"), key_level="province",
                        planned_start=dt.date(2023, 3, 1), commissioner=w.commissioner,
                        responsible_unit=w.department)
    w.stage_change = StageChange.objects.create(project=w.project, stage="signed", date=dt.date(2023, 2, 1),
                                                amount=Decimal("114880.00"))
    w.plan = AnnualPlan.objects.create(project=w.project, year=2023, planned_investment=Decimal("30000.00"),
                                       plan_start=True, quarter_targets={"1": 5000, "2": 15000})
    w.progress = Progress.objects.create(project=w.project, year=2023, month=8,
                                         completed_investment_cum=Decimal("28650.00"))
    w.lead = Lead.objects.create(name="锂电池钢壳制造", region=w.region, segment=w.segment, found_date=day,
                                 estimated_investment=Decimal("50000.00"))
    w.designation = Designation.objects.create(kind="steed", level="city", region=w.region, project=w.project,
                                               year=2023, quarter=1, issuer="示例市“园区提质”“企业满园”行动领导小组办公室")
    w.parcel = LandParcel.objects.create(code="DK001", name="东区一号地块", park=w.park, zone=w.zone,
                                         area_mu=Decimal("120.00"), status="supplied", supplied_date=day,
                                         holder=w.enterprise, project=w.project)
    w.building = FactoryBuilding.objects.create(code="CF001", name="1号标准厂房", park=w.park, parcel=w.parcel,
                                                floor_area_m2=Decimal("10000.00"), let_area_m2=Decimal("6000.00"),
                                                completed_date=dt.date(2021, 6, 30))
    w.tenancy = Tenancy.objects.create(building=w.building, enterprise=w.enterprise, area_m2=Decimal("6000.00"),
                                       start_date=dt.date(2022, 1, 1))
    w.revitalize_land = Revitalization.objects.create(parcel=w.parcel, area_mu=Decimal("120.00"), date=day,
                                                      method="recover")
    w.revitalize_building = Revitalization.objects.create(building=w.building, area_m2=Decimal("46000.00"),
                                                          date=day, method="attract", enterprise=w.enterprise)
    w.assignment = Assignment.objects.create(commissioner=w.commissioner, enterprise=w.enterprise,
                                             start_date=dt.date(2023, 1, 1))
    w.visit = Visit.objects.create(commissioner=w.commissioner, enterprise=w.enterprise, date=day, kind="needs")
    w.category = TicketCategory.objects.create(code="land", name="用地", default_department=w.department)
    w.ticket = Ticket.objects.create(code="SQ001", title="用电增容", region=w.region, category=w.category,
                                     enterprise=w.enterprise, department=w.department, received_date=day)
    w.ticket_event = TicketEvent.objects.create(ticket=w.ticket, status="received", at=timezone.now(),
                                                user=w.commissioner)
    w.policy = Policy.objects.create(title="稳增长十条", region=w.region, issuer="县人民政府", level="county",
                                     issued_date=dt.date(2023, 1, 10), category="财政奖补")
    w.push = Push.objects.create(policy=w.policy, enterprise=w.enterprise, date=day)
    w.claim = Claim.objects.create(policy=w.policy, enterprise=w.enterprise, applied_date=day,
                                   amount_granted=Decimal("50.00"))
    w.institution = Institution.objects.create(name="中国农业银行示例县支行", short_name="农行")
    w.loan = Loan.objects.create(enterprise=w.enterprise, institution=w.institution, amount=Decimal("2000.00"),
                                 date=day)
    w.demand = LabourDemand.objects.create(enterprise=w.enterprise, date=day, positions="缝纫工", headcount=50)
    w.supply = LabourSupply.objects.create(enterprise=w.enterprise, demand=w.demand, date=day, workers=30)
    w.target = Target.objects.create(code="park-output-2025", name="园区总产值", region=w.region,
                                     indicator="park.output_ytd", year=2025, value=Decimal("4000000"), unit="万元")
    w.published = PublishedIndicator.objects.create(region=w.region, code="gdp_growth", name="地区生产总值增速",
                                                    year=2023, month=6, value=Decimal("7.8"), unit="%")
    w.action = Action.objects.create(code="A1", name="产业项目落地促建", region=w.region, lead_unit=w.department,
                                     start_date=dt.date(2023, 1, 1))
    w.task = Task.objects.create(action=w.action, title="开工项目20个", owner_unit=w.department,
                                 deadline=dt.date(2023, 12, 31))
    w.task.projects.add(w.project)
    return w


def registered_models(app_label):
    """(model, model_admin) of every model of `app_label` registered on the admin site."""
    return [(m, a) for m, a in admin.site._registry.items() if m._meta.app_label == app_label]


def assert_admin_pages(client, app_label):
    """Every model of the app has an admin whose pages render.

    For each: the changelist (plain, searched, sorted by every column, first date-hierarchy level),
    the add page (403 where the admin is view-only) and the change page of the first row.
    """
    from django.apps import apps

    registered = registered_models(app_label)
    models = set(apps.get_app_config(app_label).get_models())
    assert {m for m, _ in registered} == models, f"{app_label}: models without an admin"
    for model, model_admin in registered:
        opts = model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        changelist = reverse(f"admin:{name}_changelist")
        response = client.get(changelist)
        assert response.status_code == 200, changelist
        assert response.context["cl"].result_count >= 1, f"{changelist}: no sample row"
        if model_admin.search_fields:
            assert client.get(changelist, {"q": "示例"}).status_code == 200, f"{changelist}?q="
        order = ".".join(str(i) for i in range(len(model_admin.list_display)))
        assert client.get(changelist, {"o": order}).status_code == 200, f"{changelist}?o={order}"
        if model_admin.date_hierarchy:
            params = {f"{model_admin.date_hierarchy}__year": "2023"}
            assert client.get(changelist, params).status_code == 200, f"{changelist} date hierarchy"
        add = client.get(reverse(f"admin:{name}_add"))
        expected_add = 403 if opts.label in VIEW_ONLY else 200
        assert add.status_code == expected_add, f"{name} add page"
        obj = model._default_manager.order_by("pk").first()
        change = client.get(reverse(f"admin:{name}_change", args=[obj.pk]))
        assert change.status_code == 200, f"{name} change page"
