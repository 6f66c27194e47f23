"""The permission matrix: logged in as each role (and anonymous), every URL pattern of the site — lists,
details, edit pages and row actions, exports, figure pages, report downloads, import pages, 系统设置,
the auth pages and every admin page — is requested with rows the role may and may not reach (another
park's firm, another department's ticket, another enterprise, another county's anything).

Forbidden rows answer 403 or 404; allowed ones answer; no response a role receives contains a string
it may not see (names of firms and projects, ticket codes and 劳动争议 titles outside its reach, exact
figures of firms whose figures it may not read, anything of 乙县). A URL pattern without an entry here
fails `test_every_url_pattern_has_a_matrix_entry`; an admin without a 乙县 row fails the admin walk.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from yuanqu.org.tests.test_two_counties import text_of

from . import world as W

pytestmark = pytest.mark.django_db

AUG = {"period": "2023-08"}
REPORT = {"kind": "monthly", "period": "2023-08", "scope": "county"}
FORBIDDEN = {403, 404}
EXPLAINED = ("industry.output_ytd", "industry.output_growth", "park.output_share", "projects.signed.count",
             "land.idle", "service.overdue_open", "rankings.red_list", "enterprises.billion_new_count")


@dataclass
class Req:
    method: str
    url: str
    expect: set
    data: dict = field(default_factory=dict)
    why: str = ""


def logged_out(role):
    return role == "anonymous"


# --- entries ---------------------------------------------------------------------------------------

class Gate:
    """A page without a row: the roles in `who` get `ok`, the others 403 (or `others` per role)."""

    def __init__(self, who, queries=(AUG,), ok=(200,), args=(), method="get", others=None):
        self.who, self.queries, self.ok, self.args, self.method = set(who), queries, set(ok), args, method
        self.others = others or {}

    def requests(self, w, role, name):
        url = reverse(name, args=self.args)
        expect = self.ok if role in self.who else set(self.others.get(role, {403}))
        if logged_out(role):
            expect = {302}  # to the login page
        return [Req(self.method, url, expect, dict(q), f"{sorted(q.items())}") for q in self.queries]


class Everyone(Gate):
    def __init__(self, **kw):
        super().__init__(set(W.ROLES), **kw)


class Public:
    """Login and password pages: about no data; any answer but a server error."""

    def __init__(self, args=(), ok=(200, 302, 405)):
        self.args, self.ok = args, set(ok)

    def requests(self, w, role, name):
        return [Req("get", reverse(name, args=self.args), self.ok)]


# The rows of each kind a page is opened with (names in world.rows; b_… are 乙县's)
KIND_ROWS = {
    "firm": ("own_firm", "park_firm", "other_firm", "dept_firm", "comm_firm", "b_firm"),
    "project": ("park_project", "other_project", "comm_project", "dept_project", "b_project"),
    "parcel": ("park_parcel", "other_parcel", "b_parcel"),
    "building": ("park_building", "other_building", "b_building"),
    "ticket": ("dept_ticket", "comm_ticket", "park_ticket", "labour_ticket", "own_ticket", "b_ticket"),
    "chain": ("chain", "b_chain"),
    "policy": ("own_policy", "not_own_policy", "b_policy"),
    "target": ("target", "b_target"),
    "action": ("action", "b_action"),
    "task": ("dept_task", "park_task", "other_task", "b_task"),
    "batch": ("batch", "b_batch"),
    "system_park": ("system_park", "b_system_park"),
    "system_chain": ("system_chain", "b_system_chain"),
    "system_department": ("system_department", "b_system_department"),
    "system_user": ("system_user", "b_system_user"),
}


class Rows:
    """A page of one row, opened with every row of `kind`: reading (200 to who may read it) or a
    write (GET of an edit form: 200; POST of nothing: 400 — refused, nothing written — to who may
    change it); 403 or 404 to the others."""

    def __init__(self, kind, action="read", method="get", query=None):
        self.kind, self.action, self.method, self.query = kind, action, method, query

    def requests(self, w, role, name):
        out = []
        for key in KIND_ROWS[self.kind]:
            obj = w.rows[key]
            allowed = (W.reads if self.action == "read" else W.writes)(w, role, self.kind, obj)
            ok = {200} if self.method == "get" else {400}
            expect = {302} if logged_out(role) else ok if allowed else FORBIDDEN
            out.append(Req(self.method, reverse(name, args=[obj.pk]), expect, dict(self.query or {}), key))
        return out


class Both:
    def __init__(self, *entries):
        self.entries = entries

    def requests(self, w, role, name):
        return [r for e in self.entries for r in e.requests(w, role, name)]


class ListOf(Everyone):
    """A list (and its export): every logged-in role gets it, holding only the rows it may read."""

    def __init__(self, kind=None, export=True):
        super().__init__(queries=(AUG, {**AUG, "export": "xlsx"}) if export else (AUG,))
        self.kind = kind


class Figures:
    """The figure explanations: the roles that read the county's figures, every figure (those who read
    only part of the county) or a few (county readers); the others 403."""

    def requests(self, w, role, name):
        keys = w.figure_keys if role in ("dept", "commissioner", "enterprise") else EXPLAINED
        expect = {302} if logged_out(role) else {200} if role in W.FIGURES else {403}
        return [Req("get", reverse(name, args=[key]), expect, dict(AUG), key) for key in keys]


class Job:
    """A report job (and its file): its owner (and a superuser) get it; another briefing reader 404."""

    def __init__(self, file=False):
        self.file = file

    def requests(self, w, role, name):
        own, theirs = w.jobs.get(role), w.jobs["leader"]
        if role not in W.BRIEFINGS:
            expect = {302} if logged_out(role) else {403}
            return [Req("get", reverse(name, args=[theirs]), expect, why="the leader's job")]
        out = [Req("get", reverse(name, args=[own]), {200}, why="own job")]
        if role != "leader":
            out.append(Req("get", reverse(name, args=[theirs]), {200} if role == "admin" else {404},
                           why="the leader's job"))
        return out


class Tokens(Gate):
    """An import step of an upload of this session: an unknown token is expired (importers), or 403."""

    def __init__(self, ok):
        super().__init__(W.IMPORTERS, queries=({},), ok=ok, args=["not-a-token"])


DISPATCHERS = {"park", "admin", "county_admin"}  # service/permissions.py: park staff and 系统管理员
RAISERS = DISPATCHERS | {"commissioner", "enterprise"}


def _step_allowed(w, role, step, obj) -> bool:
    """Who may post a ticket's step (service/permissions.py), on a row they may read."""
    ticket = obj.ticket if step == "answer" else obj
    if not W.reads(w, role, "ticket", ticket):
        return False
    if step == "confirm":  # the enterprise itself, or its commissioner on its behalf
        if role == "enterprise":
            return ticket.enterprise_id == w.own.pk
        c = w.users["commissioner"].pk
        return role == "commissioner" and c in (ticket.commissioner_id, getattr(ticket.enterprise, "commissioner_id", None),
                                                getattr(ticket.project, "commissioner_id", None))
    if role in DISPATCHERS:  # on their park's tickets (park staff), every ticket (administrators)
        return W.writes(w, role, "ticket", ticket)
    if role == "dept":
        return (step == "answer" and obj.department_id == w.dept.pk) or (
            step == "resolve" and ticket.department_id == w.dept.pk)
    return False


class Step:
    """A ticket's workflow step, POSTed empty: 400 (the form refused, nothing written) to who may take it
    on the row, 403 or 404 to the others. `answer` is posted to a department's route of a ticket."""

    def __init__(self, step):
        self.step = step

    def requests(self, w, role, name):
        rows = W.ROUTE_ROWS if self.step == "answer" else KIND_ROWS["ticket"]
        out = []
        for key in rows:
            obj = w.rows[key]
            allowed = _step_allowed(w, role, self.step, obj)
            expect = {302} if logged_out(role) else {400} if allowed else FORBIDDEN
            out.append(Req("post", reverse(name, args=[obj.pk]), expect, why=key))
        return out


class OwnNotification:
    """Opening a notification: one's own (marked read, then its link); another user's 404."""

    def requests(self, w, role, name):
        if logged_out(role):
            return [Req("get", reverse(name, args=[w.notifications["leader"].pk]), {302}, why="the leader's")]
        other = "park" if role == "leader" else "leader"
        return [Req("get", reverse(name, args=[w.notifications[role].pk]), {302}, why="own"),
                Req("get", reverse(name, args=[w.notifications[other].pk]), {404}, why=f"the {other}'s")]


def site_entries() -> dict:
    from yuanqu.imports.kinds import names

    reports = Gate(W.BRIEFINGS, queries=(REPORT | {"fmt": "docx"},))
    return {
        # auth: about no data
        **{name: Public() for name in ("login", "logout", "password_change", "password_change_done",
                                       "password_reset", "password_reset_done", "password_reset_complete")},
        "password_reset_confirm": Public(args=["MQ", "not-a-token"]),
        # the cockpit and figure pages
        "cockpit:dashboard": Gate(W.FIGURES, others={"enterprise": {302}}),
        "cockpit:figures": Gate(W.FIGURES),
        "cockpit:explain": Figures(),
        # working pages
        "enterprises:list": ListOf("firm"),
        "enterprises:detail": Rows("firm", query=AUG),
        "enterprises:edit": Both(Rows("firm", "write"), Rows("firm", "write", "post")),
        "chains:list": ListOf("chain"),
        "chains:detail": Rows("chain", query=AUG),
        "projects:list": ListOf("project"),
        "projects:board": ListOf("project", export=False),
        "projects:detail": Rows("project", query=AUG),
        "projects:edit": Both(Rows("project", "write"), Rows("project", "write", "post")),
        "projects:stage": Rows("project", "write", "post"),
        "projects:progress": Rows("project", "write", "post"),
        "land:parcels": ListOf("parcel"),
        "land:parcel": Rows("parcel", query=AUG),
        "land:parcel_edit": Both(Rows("parcel", "write"), Rows("parcel", "write", "post")),
        "land:buildings": ListOf("building"),
        "land:building": Rows("building"),
        "land:building_edit": Both(Rows("building", "write"), Rows("building", "write", "post")),
        "service:list": ListOf("ticket"),
        "service:detail": Rows("ticket"),
        "service:create": Gate(RAISERS, queries=({},)),
        **{f"service:{step}": Step(step) for step in ("route", "return", "resolve", "confirm")},
        "service:answer": Step("answer"),
        # a user's own notifications
        "notifications:list": Everyone(queries=({},)),
        "notifications:unread": Everyone(queries=({},)),
        "notifications:read_all": Everyone(queries=({},), ok=(302,), method="post"),
        "notifications:open": OwnNotification(),
        "policies:list": ListOf("policy"),
        "policies:detail": Rows("policy", query=AUG),
        "targets:list": ListOf("target"),
        "targets:detail": Rows("target", query=AUG),
        "targets:actions": ListOf("action"),
        "targets:action": Rows("action"),
        "targets:tasks": ListOf("task"),
        "targets:task_edit": Both(Rows("task"), Rows("task", "write", "post")),
        # briefings and the draft checker
        "reports:index": Gate(W.BRIEFINGS, queries=({},)),
        "reports:preview": reports,
        "reports:download": Gate(W.BRIEFINGS, queries=(REPORT | {"fmt": "docx"}, REPORT | {"fmt": "xlsx"})),
        "reports:start_job": Gate(W.BRIEFINGS, queries=(REPORT | {"fmt": "txt"},), ok=(302,), method="post"),
        "reports:job": Job(),
        "reports:job_file": Job(file=True),
        "reports:check": Gate(W.FIGURES, queries=({},)),
        # imports
        "imports:upload": Gate(W.IMPORTERS, queries=({},)),
        "imports:preview": Tokens(ok=(302,)),
        "imports:report": Tokens(ok=(404,)),
        "imports:confirm": Gate(W.IMPORTERS, queries=({"token": "x", "sha256": "0" * 64},), ok=(302,), method="post"),
        "imports:template": Both(*[Everyone(queries=({},), args=[kind]) for kind in names()]),
        "imports:batch": Rows("batch"),
        # 系统设置
        "system:index": Everyone(queries=({},), ok=(302,)),  # a redirect to its first list
        "system:regions": Gate({"admin"}, queries=({},)),  # superusers
        **{f"system:{plural}": Gate(W.SETTINGS, queries=({},)) for plural in ("parks", "chains", "departments", "users")},
        **{f"system:{one}_new": Gate(W.SETTINGS, queries=({},)) for one in ("park", "chain", "department", "user")},
        **{f"system:{one}": Rows(f"system_{one}") for one in ("park", "chain", "department", "user")},
    }


# --- the admin ----------------------------------------------------------------------------------------

NO_COUNTY = {"org.Region", "service.TicketCategory", "factors.Institution"}  # rows of the installation
SYSTEM_WRITTEN = {"core.DataBatch", "imports.Revision", "notifications.Notification", "notifications.Delivery",
                  "axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog",
                  "django_tasks_database.DBTaskResult", "service.Reminder"}
UNDELETABLE = {"django_tasks_database.DBTaskResult"}  # the task queue's own admin deletes nothing  # view only, in the admin too
# Apps whose admin is the superusers' alone (accounts/roles.py ADMIN_APPS leaves them out): the users'
# groups and permissions, the login records, everyone's notifications, the installation's holiday table
SUPERUSER_APPS = {"auth", "axes", "notifications", "workdays", "django_tasks_database"}  # (and the task queue)


class AdminGate:
    """An admin page without a row: administrators get `ok`; other roles `others` (403); anonymous
    `anonymous` (the admin's login page)."""

    def __init__(self, ok=(200,), query=None, args=(), others=(403,), anonymous=(302,)):
        self.ok, self.query, self.args = set(ok), query or {}, args
        self.others, self.anonymous = set(others), set(anonymous)

    def requests(self, w, role, name):
        expect = self.anonymous if logged_out(role) else self.ok if role in W.ADMIN_SITE else self.others
        return [Req("get", reverse(name, args=self.args), expect, dict(self.query))]


class AdminModel:
    """One admin view of one model: the list and add page, or a row's change, delete or history page
    with a row of the demo county and one of 乙县."""

    def __init__(self, model, view):
        self.model, self.view = model, view
        self.label = model._meta.label

    def _writes(self, role):
        return role == "admin" or (self.label not in NO_COUNTY | SYSTEM_WRITTEN
                                   and self.model._meta.app_label not in SUPERUSER_APPS)

    def _sees(self, role):
        return role == "admin" or self.model._meta.app_label not in SUPERUSER_APPS

    def requests(self, w, role, name):
        rows = [("", ())] if self.view in ("changelist", "add") else [
            (why, [obj.pk]) for why, obj in admin_rows(w, self.model)]
        out = []
        for why, args in rows:
            out.append(Req("get", reverse(name, args=args), self._expect(w, role, why), why=why))
        return out

    def _expect(self, w, role, why):
        if role not in W.ADMIN_SITE:
            return {302} if logged_out(role) else {403}
        if not self._sees(role):
            return {403} if self.view in ("changelist", "add") else FORBIDDEN  # a row outside the scope: 404
        read_only = self.label in SYSTEM_WRITTEN
        if self.view == "add":
            return {403} if read_only or not self._writes(role) else {200}
        if why == "乙县" and role != "admin" and self.label not in NO_COUNTY:
            return {404}
        if self.view == "delete":
            return {200} if self._writes(role) and self.label not in UNDELETABLE else {403}
        return {200}


def admin_entries() -> dict:
    out = {
        "admin:index": AdminGate(),
        # the login form (an administrator is sent on to the index); logging out is a POST
        "admin:login": AdminGate(ok=(302,), others=(200,), anonymous=(200,)),
        "admin:logout": AdminGate(ok=(405,), others=(302,)),
        "admin:password_change": AdminGate(),
        "admin:password_change_done": AdminGate(),
        "admin:jsi18n": AdminGate(),
        "admin:autocomplete": AdminGate(query={"app_label": "accounts", "model_name": "user",
                                               "field_name": "enterprise", "term": "县"}),
        "admin:view_on_site": AdminGate(ok=(404,), args=[1, 1]),  # no model of ours has a page on the site
        "admin:auth_user_password_change": AdminUserPassword(),
    }
    out.update({"admin:app_list": AppList()})
    for model in admin.site._registry:
        for view in ("changelist", "add", "change", "delete", "history"):
            out[f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"] = AdminModel(model, view)
    return out


class AppList:
    def requests(self, w, role, name):
        out = []
        for label in sorted({m._meta.app_label for m in admin.site._registry}):
            if role in W.ADMIN_SITE:
                expect = {404} if label in SUPERUSER_APPS and role != "admin" else {200}
            else:
                expect = {302} if logged_out(role) else {403}
            out.append(Req("get", reverse(name, args=[label]), expect, why=label))
        return out


class AdminUserPassword:
    def requests(self, w, role, name):
        out = []
        for why, user in (("县领导", w.users["leader"]), ("超级管理员", w.users["admin"]), ("乙县", w.b.leader)):
            if role not in W.ADMIN_SITE:
                expect = {302} if logged_out(role) else {403}
            elif role == "admin":
                expect = {200}
            else:
                expect = {200} if why == "县领导" else ({403} if why == "超级管理员" else {404})
            out.append(Req("get", reverse(name, args=[user.pk]), expect, why=why))
        return out


def matrix() -> dict:
    return {**site_entries(), **admin_entries()}


# --- the walk ---------------------------------------------------------------------------------------

def url_names(patterns=None, prefix="") -> set[str]:
    """Every named URL of the site, admin included, as "namespace:name"."""
    names = set()
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            names |= url_names(p.url_patterns, f"{prefix}{p.namespace}:" if p.namespace else prefix)
        elif isinstance(p, URLPattern) and p.name:
            names.add(prefix + p.name)
    return names


def test_every_url_pattern_has_a_matrix_entry():
    assert url_names() - set(matrix()) == set(), "URL patterns without a permission-matrix entry"
    assert set(matrix()) - url_names() == set(), "matrix entries for URLs that do not exist"


urlpatterns = []  # this module as a URLconf: the site and one page more


def test_a_new_url_pattern_without_an_entry_is_found(settings):
    from django.http import HttpResponse
    from django.urls import clear_url_caches, path

    from yuanqu import urls

    urlpatterns[:] = [*urls.urlpatterns, path("new-page/", lambda request: HttpResponse(), name="new_page")]
    settings.ROOT_URLCONF = __name__
    clear_url_caches()
    try:
        assert url_names() - set(matrix()) == {"new_page"}
    finally:
        clear_url_caches()


def admin_rows(w, model) -> list[tuple[str, object]]:
    """A row of the demo county and one of 乙县 (rows written after the demo county was)."""
    chosen = {"core.DataBatch": (w.demo_batch, w.b_batch),
              "django_tasks_database.DBTaskResult": (w.demo_task, w.b_task_result)}.get(model._meta.label)
    if chosen is not None:
        return [("示例县", chosen[0]), ("乙县", chosen[1])]
    manager = model._default_manager
    demo = manager.filter(pk__lte=w.before.get(model, 0)).order_by("pk").first()
    theirs = manager.filter(pk__gt=w.before.get(model, 0)).order_by("pk").first()
    assert demo is not None, f"no demo county row for the admin of {model._meta.label}"
    if model._meta.app_label == "auth":
        return [("示例县", demo)]
    assert theirs is not None, f"no 乙县 row for the admin of {model._meta.label} (add one in world.py)"
    return [("示例县", demo), ("乙县", theirs)]


def leaks(w, role, response) -> list[str]:
    text = text_of(response)
    texts, values = w.witness[role]
    return sorted(t for t in texts | values if t in text)


def walk(client, w, role) -> list[str]:
    problems = []
    if logged_out(role):
        client.logout()
    else:
        client.force_login(w.users[role])
    for name, entry in sorted(matrix().items()):
        for req in entry.requests(w, role, name):
            send = client.post if req.method == "post" else client.get
            response = send(req.url, req.data)
            if response.status_code not in req.expect:
                problems.append(f"{role} {name} {req.url} {req.why}: {response.status_code}, "
                                f"expected {sorted(req.expect)}")
                continue
            if response.status_code == 200 and not (role == "admin" and name.startswith("admin:")):
                # (a superuser keeps every county's rows in the admin)
                shown = leaks(w, role, response)
                if shown:
                    problems.append(f"{role} {name} {req.url} {req.why}: shows {shown[:3]}")
    return problems


@pytest.mark.parametrize("role", W.ROLES + ("anonymous",))
def test_each_role_reaches_exactly_its_rows(client, world, role):
    problems = walk(client, world, role)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])
