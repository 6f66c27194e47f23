"""Two counties in one installation: a user of the second county 乙县 sees their county on every page,
list, export, import page, report and figure page (every URL pattern is walked), and none of the demo
county's firms; the demo county's figures do not move."""
from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from yuanqu.core.periods import Period
from yuanqu.enterprises.models import Enterprise
from yuanqu.figures.engine import compute
from yuanqu.figures.scope import Scope

from .helpers import second_county

pytestmark = pytest.mark.django_db

AUG = {"period": "2023-08"}
REPORT = {"kind": "monthly", "period": "2023-08", "scope": "county", "fmt": "docx"}
# Not pages about a county: Django's admin and login, and steps that need an upload of this session
# (the import preview and its error report, covered by the import tests) or a POST.
SKIPPED = {"login", "logout", "password_change", "password_change_done", "password_reset", "password_reset_done",
           "password_reset_confirm", "password_reset_complete", "imports:preview", "imports:report",
           "imports:confirm", "imports:batch", "reports:start_job", "projects:stage", "projects:progress",
           "service:move",
           "system:regions",  # every region of the installation, for superusers (yuanqu/system/tests)
           "notifications:open", "notifications:read_all", "notifications:unread"}  # a user's own (notifications/tests)
EXPLAINED = ("industry.output_ytd", "industry.output_growth", "park.output_share", "chains.main_output_ytd",
             "projects.signed.count", "land.idle", "service.tickets_closed")


def url_names(patterns=None, prefix="") -> set[str]:
    """Every named URL of the site outside the admin, as "namespace:name"."""
    names = set()
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":
                continue
            names |= url_names(p.url_patterns, f"{prefix}{p.namespace}:" if p.namespace else prefix)
        elif isinstance(p, URLPattern) and p.name:
            names.add(prefix + p.name)
    return names


def urls_of(b, job_id: str) -> dict[str, list[tuple[str, dict]]]:
    """URL name → [(url, query)] for the second county's rows; None-argument names need no row."""
    rows = {"enterprises:detail": b.firms[0], "enterprises:edit": b.firms[0], "chains:detail": b.chain,
            "projects:detail": b.project, "projects:edit": b.project, "land:parcel": b.parcel,
            "land:parcel_edit": b.parcel, "land:building": b.building, "land:building_edit": b.building,
            "service:detail": b.ticket, "policies:detail": b.policy, "targets:detail": b.target,
            "targets:action": b.action, "targets:task_edit": b.task, "system:park": b.parks["hi"],
            "system:chain": b.chain, "system:department": b.department, "system:user": b.leader}
    from yuanqu.imports.kinds import names

    out = {name: [(reverse(name, args=[obj.pk]), AUG)] for name, obj in rows.items()}
    out["cockpit:explain"] = [(reverse("cockpit:explain", args=[key]), AUG) for key in EXPLAINED]
    out["imports:template"] = [(reverse("imports:template", args=[kind]), {}) for kind in names()]
    out["reports:preview"] = [(reverse("reports:preview"), REPORT)]
    out["reports:download"] = [(reverse("reports:download"), REPORT), (reverse("reports:download"), {**REPORT, "fmt": "xlsx"})]
    out["reports:job"] = [(reverse("reports:job", args=[job_id]), {})]
    out["reports:job_file"] = [(reverse("reports:job_file", args=[job_id]), {})]
    out["cockpit:dashboard"] = [("/", AUG), ("/", {**AUG, "scope": "parks"}), ("/", {**AUG, "scope": f"park:{b.parks['hi'].code}"}),
                                ("/", {**AUG, "scope": f"chain:{b.chain.code}"})]
    return out


def text_of(response) -> str:
    """What a user reads in the response: the page, or the cells / paragraphs of a downloaded file."""
    data = response.content if not response.streaming else b"".join(response.streaming_content)
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                         for v in row if v is not None)
    if "wordprocessingml" in kind:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return z.read("word/document.xml").decode("utf-8")
    return data.decode("utf-8")


@pytest.fixture
def county_b(demo_county, settings):
    """乙县 beside the demo county, which the installation serves (乙县's code sorts first: without
    the setting it would be the default county, and these tests would prove nothing)."""
    settings.YUANQU_REGION = demo_county.code
    return second_county()


@pytest.fixture
def job_id(client, county_b, monkeypatch, settings, tmp_path):
    from yuanqu.reports import jobs

    settings.VAR_DIR = tmp_path
    monkeypatch.setattr(jobs, "INLINE", True)
    client.force_login(county_b.leader)
    response = client.post(reverse("reports:start_job"), {**REPORT, "fmt": "txt"})
    assert response.status_code == 302
    return response["Location"].rstrip("/").rsplit("/", 1)[-1]


def test_every_page_of_the_second_county_speaks_of_it_alone(client, demo_county, county_b, job_id):
    demo_firms = list(Enterprise.objects.filter(region=demo_county).values_list("name", flat=True))
    assert len(demo_firms) > 50
    urls = urls_of(county_b, job_id)
    walked = set()
    for name in sorted(url_names() - SKIPPED):
        entries = urls.get(name) or [(reverse(name), AUG)]
        for url, query in entries:
            for user in (county_b.leader, county_b.admin):
                client.force_login(user)
                response = client.get(url, query, follow=name == "system:index")
                if response.status_code == 403 and user is county_b.leader:
                    continue  # a page for editors or administrators: read it as the county's administrator
                assert response.status_code == 200, (name, url, user.username, response.status_code)
                pages = [response]
                if "export_url" in (response.context or {}):
                    pages.append(client.get(response.wsgi_request.path, {**query, "export": "xlsx"}))
                for page in pages:
                    text = text_of(page)
                    assert county_b.name in text, (name, url)
                    # the import templates' sample rows are written for 示例县 (yuanqu/imports/specs.py)
                    assert name == "imports:template" or "示例县" not in text, (name, url)
                    shown = [firm for firm in demo_firms if firm in text]
                    assert not shown, (name, url, shown[:3])
                walked.add(name)
                break
    assert walked == url_names() - SKIPPED


def test_the_second_countys_lists_hold_its_own_rows(client, county_b):
    client.force_login(county_b.leader)
    firms = client.get(reverse("enterprises:list"), AUG).context["paginator"].count
    assert firms == len(county_b.firms)
    for name, count in (("chains:list", 1), ("projects:list", 1), ("land:parcels", 1), ("land:buildings", 1),
                        ("service:list", 1), ("policies:list", 1), ("targets:list", 1), ("targets:actions", 1),
                        ("targets:tasks", 1)):
        assert client.get(reverse(name), AUG).context["paginator"].count == count, name


def test_rows_of_the_other_county_are_not_found(client, demo_county, county_b):
    """A row of the demo county opened by its number answers 404 to a user of 乙县, and the reverse."""
    from yuanqu.accounts.models import User
    from yuanqu.land.models import LandParcel
    from yuanqu.targets.models import Task

    theirs = Enterprise.objects.filter(region=demo_county).first()
    client.force_login(county_b.leader)
    assert client.get(reverse("enterprises:detail", args=[theirs.pk])).status_code == 404
    parcel = LandParcel.objects.filter(park__region=demo_county).first()
    assert client.get(reverse("land:parcel", args=[parcel.pk])).status_code == 404
    client.force_login(county_b.admin)
    task = Task.objects.filter(action__region=demo_county).first()
    assert client.get(reverse("targets:task_edit", args=[task.pk])).status_code == 404
    assert client.get(reverse("enterprises:edit", args=[theirs.pk])).status_code == 404
    client.force_login(User.objects.get(username="leader"))
    assert client.get(reverse("enterprises:detail", args=[county_b.firms[0].pk])).status_code == 404
    assert client.get(reverse("enterprises:detail", args=[theirs.pk])).status_code == 200


def test_a_park_code_is_found_only_in_its_own_county(client, demo_county, county_b):
    from yuanqu.org.models import Park

    theirs = Park.objects.filter(region=demo_county).first()
    client.force_login(county_b.leader)
    assert client.get("/", {**AUG, "scope": f"park:{theirs.code}"}).status_code == 404
    with pytest.raises(Exception, match="未找到园区代码"):
        Scope.parse(f"park:{theirs.code}", region=county_b.region)
    assert Scope.parse(f"park:{theirs.code}", region=demo_county).park == theirs


def test_the_second_countys_figures_are_its_own_sums(county_b):
    figs = compute(Scope.county(county_b.region), Period(2023, 8), keys=["industry.", "park."])
    assert figs["industry.output_ytd"].value == county_b.output
    assert figs["industry.above_scale_count"].value == len(county_b.firms)
    assert figs["park.output_ytd"].value == county_b.park_output
    growth = (county_b.output / county_b.output_prev - 1) * 100
    assert figs["industry.output_growth"].value == growth


def test_the_demo_countys_figures_do_not_move(demo_county):
    period = Period(2023, 8)
    before = {f.key: f.value for f in compute(Scope.county(demo_county), period).figures()}
    second_county()
    after = {f.key: f.value for f in compute(Scope.county(demo_county), period).figures()}
    assert after == before
    assert before["industry.output_ytd"] is not None


def test_a_city_user_sees_the_counties_below(client, demo_county, county_b):
    """The "county" scope accepts a higher region: a user of the city above 乙县 sees its rows and figures."""
    from yuanqu.accounts.factories import UserFactory

    city_user = UserFactory(username="yi-city", role="leader", region=county_b.city)
    client.force_login(city_user)
    page = client.get("/", AUG)
    assert page.status_code == 200 and page.context["region"] == county_b.city
    assert page.context["scope"].region == county_b.city
    assert client.get(reverse("enterprises:list"), AUG).context["paginator"].count == len(county_b.firms)
    figs = compute(Scope.county(county_b.province), Period(2023, 8), keys=["industry.output_ytd"])
    assert figs["industry.output_ytd"].value == county_b.output
    park = county_b.parks["hi"]
    assert client.get("/", {**AUG, "scope": f"park:{park.code}"}).context["scope"].park == park
