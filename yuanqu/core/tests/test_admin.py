import pytest
from django.contrib import admin
from django.urls import reverse

from yuanqu.core.admin import BaseAdmin, ReadOnlyAdmin, period_label, stamp_user
from yuanqu.core.models import DataBatch
from yuanqu.core.tests.helpers import ADMIN_APPS, assert_admin_pages, login_superuser, sample_world

pytestmark = pytest.mark.django_db


def test_every_model_has_a_working_admin(client):
    sample_world()
    login_superuser(client)
    assert_admin_pages(client, "core")


def test_admin_index_is_in_chinese(client):
    login_superuser(client)
    page = client.get(reverse("admin:index")).content.decode()
    assert "园区调度平台" in page
    assert "数据维护" in page
    for label in ("企业", "月度统计", "项目", "标准厂房", "企业诉求", "惠企政策", "数据批次", "企业与统计"):
        assert label in page
    assert "Site administration" not in page


def test_login_page_is_in_chinese(client):
    page = client.get(reverse("admin:login")).content.decode()
    assert "园区调度平台" in page
    assert "用户名" in page


def test_every_model_of_the_platform_apps_is_registered_on_a_shared_base():
    from django.apps import apps
    from django.contrib.auth.admin import UserAdmin

    for label in ADMIN_APPS:
        for model in apps.get_app_config(label).get_models():
            model_admin = admin.site._registry.get(model)
            assert model_admin is not None, model._meta.label
            assert isinstance(model_admin, (BaseAdmin, UserAdmin)), model._meta.label


def test_data_batches_are_view_only(client):
    world = sample_world()
    login_superuser(client)
    url = reverse("admin:core_databatch_change", args=[world.batch.pk])
    assert client.get(reverse("admin:core_databatch_add")).status_code == 403
    assert client.get(url).status_code == 200
    assert client.post(url, {"source": "form", "row_count": 0}).status_code == 403
    world.batch.refresh_from_db()
    assert world.batch.source == DataBatch.Source.IMPORT


def test_data_batch_list_shows_the_period(client):
    sample_world()
    login_superuser(client)
    page = client.get(reverse("admin:core_databatch_changelist")).content.decode()
    assert "2023年1-8月" in page


def test_period_label():
    assert period_label(2023, 8) == "2023年1-8月"
    assert period_label(2023, 2) == "2023年1-2月"
    assert period_label(None, None) is None
    assert period_label(2023, 13) == "2023年13月"


def test_stamp_user_sets_the_writer_always_and_the_recorder_once():
    from yuanqu.accounts.models import User
    from yuanqu.projects.models import Progress, StageChange

    first, second = User(pk=1, username="a"), User(pk=2, username="b")
    row = Progress()
    stamp_user(row, first)
    stamp_user(row, second)
    assert row.written_by is second  # the last writer
    change = StageChange()
    stamp_user(change, first)
    stamp_user(change, second)
    assert change.created_by is first  # who recorded it


def test_stamp_user_ignores_anonymous_users():
    from django.contrib.auth.models import AnonymousUser

    from yuanqu.projects.models import Progress

    row = Progress()
    stamp_user(row, AnonymousUser())
    assert row.written_by_id is None


BIG_TABLES = {"enterprises.Enterprise", "projects.Project", "accounts.User"}


def _admins_and_inlines():
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in ADMIN_APPS:
            yield model_admin
            for inline_class in model_admin.inlines:
                yield inline_class(model, admin.site)


def test_links_to_big_tables_use_autocomplete():
    """A select listing every enterprise, project or user would be a page of thousands of options."""
    from django.contrib.auth.admin import UserAdmin

    for model_admin in _admins_and_inlines():
        if isinstance(model_admin, (UserAdmin, ReadOnlyAdmin)):
            continue  # groups and permissions use Django's own widgets; read-only admins have no inputs
        readonly = set(model_admin.get_readonly_fields(None))
        parent = getattr(model_admin, "parent_model", None)  # an inline's link to its parent is implicit
        for field in model_admin.model._meta.get_fields():
            if not (field.many_to_one or field.many_to_many) or not field.concrete or not field.editable:
                continue
            if field.related_model._meta.label not in BIG_TABLES or field.name in readonly:
                continue
            if field.related_model is parent:
                continue
            assert field.name in model_admin.autocomplete_fields, f"{type(model_admin).__name__}.{field.name}"
