"""The one scoping layer: which rows of each model a user may see and change, and which county a
request is about.

Every list, detail page, export, figure page, import page, report, form choice and admin page reads
rows through `visible(queryset, user)`; every write asks `may_edit(user, obj)`; confidential fields
are shown through `masked(user, obj)`. Core imports no domain app, so each app registers one small
`Rule` per model in its `rules.py` (imported by its AppConfig.ready):

    @register(Enterprise)
    class EnterpriseRule(Rule):
        park = ("park",)
        def read_enterprise(self, user):
            return Q(pk=user.enterprise_id)

A rule says, per role, which rows of its model a user may read, change, and read unmasked (hooks
`read_<role>`, `write_<role>`, `unmasked_<role>`); this module keeps every rule to the user's region
(`county_for(user)`: a county, or a city or province covering the counties below) first.
A None user is a system context (CLI, background job, the figure engine's sums) and sees everything;
a superuser sees and changes everything; an anonymous or inactive user, or a model without a rule,
nothing. The same rules answer `user.has_perm("app.change_model", obj)` (django-rules, see `register`).

`county_for(user)` is the region a user's pages are about. The rule is org's
(`yuanqu.org.selectors.county_for`); org hands it over when the apps are ready
(`OrgConfig.ready` → `register_county_finder`).
"""
from __future__ import annotations

import rules as django_rules
from django.db.models import BooleanField, ExpressionWrapper, Q, Value


class NoCounty(ValueError):
    """No county to show a page about (message in Chinese)."""


# --- roles: the codes accounts.User.Role stores ------------------------------------------------

LEADER, PARK_STAFF, DEPARTMENT, COMMISSIONER = "leader", "park_staff", "department", "commissioner"
ENTERPRISE, ADMIN, CITY, PROVINCE = "enterprise", "admin", "city", "province"

# Roles that read every row of their region: the county's leaders, park offices and administrators,
# and the city and province above (briefings, rankings, every firm's figures).
COUNTY_READERS = frozenset({LEADER, PARK_STAFF, ADMIN, CITY, PROVINCE})
# Roles that read the region's aggregate figures (the cockpit, figure pages): government, not firms.
FIGURE_READERS = COUNTY_READERS | {DEPARTMENT, COMMISSIONER}
# Roles that record data in the working pages (each rule says which rows).
WRITERS = frozenset({PARK_STAFF, DEPARTMENT, COMMISSIONER, ADMIN})
# The attachment a role is nothing without: a department user's department, an enterprise user's firm.
ATTACHMENT = {DEPARTMENT: "department_id", ENTERPRISE: "enterprise_id"}

MASK = "无权查看"

EVERYTHING = Q()
NOTHING = Q(pk__in=[])


def active(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def role_of(user) -> str:
    return getattr(user, "role", "") or ""


def reads_county(user) -> bool:
    """Superusers and the roles that read every row of their region (briefings, every firm's figures)."""
    return active(user) and (user.is_superuser or role_of(user) in COUNTY_READERS)


def reads_figures(user) -> bool:
    """Whether `user` reads the region's aggregate figures (cockpit, figure pages): not enterprise users."""
    return active(user) and (user.is_superuser or role_of(user) in FIGURE_READERS)


def is_admin(user) -> bool:
    """System administrators (superusers and the 系统管理员 role) set up the county: 系统设置."""
    return active(user) and (user.is_superuser or role_of(user) == ADMIN)


def may_use_admin(user) -> bool:
    """The admin (数据维护): superusers, and staff of the 系统管理员 role (their rows scoped by the rules)."""
    return active(user) and (user.is_superuser or (user.is_staff and role_of(user) == ADMIN))


# --- rules -------------------------------------------------------------------------------------

def everything(rule, user) -> Q:
    return EVERYTHING


def nothing(rule, user) -> Q:
    return NOTHING


def any_of(*qs: Q) -> Q:
    out = NOTHING
    for q in qs:
        out = q if out == NOTHING else out | q
    return out


class Rule:
    """How the rows of one model are scoped. Subclass per model in the app's rules.py; override the
    hooks of the roles that differ from the default (county readers read everything, others nothing;
    administrators change everything, park staff the rows of their park, others nothing)."""

    model = None  # set by register()
    region: tuple[str, ...] = ("region",)  # lookups from a row to its region (any may match); () no county
    park: tuple[str, ...] = ()  # lookups from a row to its park: where park staff change rows
    confidential: tuple[str, ...] = ()  # fields masked to who may read a row but not these (MASK)

    def region_q(self, county) -> Q:
        """Rows of `county` (a city or province: of the counties below)."""
        if not self.region:
            return EVERYTHING
        return any_of(*(county.within_q(path) for path in self.region))

    def _hook(self, kind: str, user) -> Q:
        role = role_of(user)
        attachment = ATTACHMENT.get(role)
        if attachment and getattr(user, attachment, None) is None:
            return NOTHING
        hook = getattr(self, f"{kind}_{role}", None)
        return NOTHING if hook is None else hook(user)

    def read(self, user) -> Q:
        return self._hook("read", user)

    def write(self, user) -> Q:
        return self._hook("write", user)

    def unmasked(self, user) -> Q:
        """Rows whose confidential fields `user` may read (default: every row they may read)."""
        if not self.confidential or not hasattr(self, f"unmasked_{role_of(user)}"):
            return self.read(user)
        return self._hook("unmasked", user)

    read_leader = read_city = read_province = read_park_staff = read_admin = everything
    write_admin = everything

    def write_park_staff(self, user) -> Q:
        return self.in_park(user)

    def in_park(self, user) -> Q:
        """Rows of the user's park (along any of `park`)."""
        if not self.park or getattr(user, "park_id", None) is None:
            return NOTHING
        return any_of(*(Q(**{path: user.park_id}) for path in self.park))


class UnsetMeansInstallation(Rule):
    """Rows whose region may be unset (a user, an import batch by such a user): unset means the
    installation's county, as in county_for()."""

    def region_q(self, county) -> Q:
        q = super().region_q(county)
        try:
            home = county_for(None)
        except NoCounty:
            return q
        unset = any_of(*(Q(**{f"{path}__isnull": True}) for path in self.region))
        return q | unset if county.pk == home.pk else q


class Reference(Rule):
    """Rows every government role of the region reads (parks, chains, departments, targets …);
    administrators keep them, enterprise users do not see them."""

    read_department = read_commissioner = everything
    write_park_staff = nothing


class Follows(Rule):
    """Rows that belong to one parent row (a firm's statistics, a ticket's events, a project's
    progress): read and changed by whoever may read and change the parent. A subclass may still
    give one role its own hook (`write_enterprise` for a firm's own submissions)."""

    parent = ""  # the lookup to the parent row
    reads = "read"  # "unmasked": the rows are the parent's confidential figures

    def _own_hook(self, kind: str, user) -> Q | None:
        """The subclass's own hook for the user's role, if it has one."""
        name = f"{kind}_{role_of(user)}"
        for cls in type(self).__mro__:
            if cls is Follows:
                return None
            if name in cls.__dict__:
                return self._hook(kind, user)
        return None

    def _through(self, user, kind: str) -> Q:
        parent_model = self.model._meta.get_field(self.parent).related_model
        q = getattr(rule_for(parent_model), kind)(user)
        if q == NOTHING or q == EVERYTHING:
            return q  # the region is applied to this model's rows by scope_q
        return Q(**{f"{self.parent}__in": parent_model._default_manager.filter(q).values("pk")})

    def read(self, user) -> Q:
        own = self._own_hook("read", user)
        return own if own is not None else self._through(user, self.reads)

    def write(self, user) -> Q:
        own = self._own_hook("write", user)
        return own if own is not None else self._through(user, "write")


_rules: dict[type, Rule] = {}


def register(model):
    """Class decorator: `rule_class` scopes `model`; `app.view_/change_/delete_model` become object
    rules (django-rules) answered by it."""

    def decorate(rule_class):
        rule = rule_class()
        rule.model = model
        _rules[model] = rule
        opts = model._meta
        for action, kind in (("view", "read"), ("change", "write"), ("delete", "write")):
            django_rules.set_perm(f"{opts.app_label}.{action}_{opts.model_name}", _predicate(kind))
        return rule_class

    return decorate


def _predicate(kind: str):
    @django_rules.predicate
    def allowed(user, obj=None):
        # Model-level questions (no row) are the Django permissions' (ModelBackend, the role's group).
        return obj is not None and _row_allowed(user, obj, kind)

    return allowed


def writes_any(model, role: str) -> bool:
    """Whether users of `role` (with a park, department and firm) may change some rows of `model`."""
    from types import SimpleNamespace

    stand_in = SimpleNamespace(role=role, pk=0, is_active=True, is_authenticated=True, is_superuser=False,
                               park_id=0, department_id=0, enterprise_id=0)
    rule = rule_for(model)
    return rule is not None and rule.write(stand_in) != NOTHING


def rule_for(model) -> Rule | None:
    return _rules.get(model._meta.concrete_model)


def scope_q(model, user, kind: str = "read") -> Q:
    """The rows of `model` that `user` may read ("read"), change ("write"), or read unmasked ("unmasked")."""
    if not active(user):
        return NOTHING
    if user.is_superuser:
        return EVERYTHING
    rule = rule_for(model)
    if rule is None:
        return NOTHING
    q = getattr(rule, kind)(user)
    if q == NOTHING:
        return NOTHING
    if not rule.region:
        return q
    try:
        county = county_for(user)
    except NoCounty:
        return NOTHING
    return rule.region_q(county) & q


def visible(queryset, user=None):
    """Rows of `queryset` that `user` may see. The single hook for role filtering (None: a system context)."""
    if user is None:
        return queryset
    q = scope_q(queryset.model, user)
    return queryset.none() if q == NOTHING else queryset.filter(q)


def of_region(queryset, county):
    """Rows of `queryset` of `county` by the model's rule (a page keeps to its county, a superuser's too)."""
    rule = rule_for(queryset.model)
    if county is None or rule is None or not rule.region:
        return queryset
    return queryset.filter(rule.region_q(county))


def with_figures(queryset, user):
    """Rows of `queryset` whose confidential fields `user` may read (None: a system context)."""
    if user is None:
        return queryset
    q = scope_q(queryset.model, user, "unmasked")
    return queryset.none() if q == NOTHING else queryset.filter(q)


def changeable(queryset, user):
    """Rows of `queryset` that `user` may change."""
    q = scope_q(queryset.model, user, "write")
    return queryset.none() if q == NOTHING else queryset.filter(q)


def _row_allowed(user, obj, kind: str) -> bool:
    model = type(obj)
    q = scope_q(model, user, kind)
    if q == NOTHING or obj.pk is None:
        return False
    return q == EVERYTHING or model._default_manager.filter(q, pk=obj.pk).exists()


def may_read(user, obj) -> bool:
    """Whether `user` may see the row `obj`."""
    return _row_allowed(user, obj, "read")


def may_edit(user, obj=None) -> bool:
    """Whether `user` may change `obj` through the working pages; without a row: whether their role
    records data at all (menus, the 'edit' buttons' first test)."""
    if not active(user):
        return False
    if obj is None:
        return bool(user.is_superuser or role_of(user) in WRITERS)
    return _row_allowed(user, obj, "write")


def masked(user, obj) -> frozenset[str]:
    """The confidential fields of `obj` that `user` may not read (shown as MASK)."""
    rule = rule_for(type(obj))
    if rule is None or not rule.confidential or _row_allowed(user, obj, "unmasked"):
        return frozenset()
    return frozenset(rule.confidential)


def unmasked_flag(model, user):
    """An annotation: True on the rows whose confidential fields `user` may read."""
    q = scope_q(model, user, "unmasked")
    if q == EVERYTHING:
        return Value(True)
    if q == NOTHING:
        return Value(False)
    return ExpressionWrapper(q, output_field=BooleanField())


# --- the county -------------------------------------------------------------------------------

_county_finder = None


def register_county_finder(finder) -> None:
    """`finder(user)` → the Region a user's pages are about; raises NoCounty when there is none."""
    global _county_finder
    _county_finder = finder


def county_for(user=None):
    """The region `user`'s pages are about (None user: the installation's county); raises NoCounty."""
    if _county_finder is None:
        raise NoCounty("尚未加载行政区规则（yuanqu.org 未安装）")
    return _county_finder(user)
