"""Roles as Django groups: one group per role, named as the role; a user is a member of their role's group.

`User.role` is the source of truth (one role per user; the scoping rules read it). The groups are
derived from it: seeded after `migrate` (`seed_groups`), and a user's membership follows their role
on every save (`sync_user`, a post_save receiver; bulk writes call `sync_users`). The 系统管理员 group
holds the explicit Django permissions the admin asks for: view of every model of the platform's apps,
add/change/delete of those the rules let administrators change (not regions, the installation's
lists or the rows the system writes); each row is then still scoped by the rules
(yuanqu.core.access). The other groups hold no model permissions: their users do not use the admin,
and the working pages ask the rules.
"""
from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from .models import User

# The platform's apps whose models the 系统管理员 group may keep in the admin. Left out, the superusers'
# alone: auth (groups, permissions), axes (login records), notifications (everyone's own), workdays (the
# installation's holiday table) and the task queue.
ADMIN_APPS = ("accounts", "org", "chains", "enterprises", "projects", "land", "service", "policies", "factors",
              "targets", "core", "imports")


def group_names() -> dict[str, str]:
    """Role code → group name (the role's Chinese label)."""
    return {value: str(label) for value, label in User.Role.choices}


def seed_groups() -> dict[str, Group]:
    """One group per role (idempotent); the 系统管理员 group with the platform's model permissions."""
    groups = {}
    for role, name in group_names().items():
        groups[role], _ = Group.objects.get_or_create(name=name)
    groups[User.Role.ADMIN].permissions.set(admin_permissions())
    return groups


def admin_permissions() -> list[Permission]:
    """view_* of every model of ADMIN_APPS; add/change/delete_* where the rules let administrators write."""
    from django.apps import apps

    from yuanqu.core.access import writes_any

    chosen = []
    for perm in Permission.objects.filter(content_type__app_label__in=ADMIN_APPS).select_related("content_type"):
        try:
            model = apps.get_model(perm.content_type.app_label, perm.content_type.model)
        except LookupError:  # a content type left by a removed model
            continue
        action = perm.codename.split("_", 1)[0]
        if action == "view" or writes_any(model, User.Role.ADMIN):
            chosen.append(perm)
    return chosen


def seed_after_migrate(sender, app_config=None, using="default", **kwargs) -> None:
    """post_migrate: seed the groups once the last app's permissions exist."""
    from django.apps import apps

    with_models = [c for c in apps.get_app_configs() if c.models_module is not None]
    if app_config is not None and with_models and app_config.label != with_models[-1].label:
        return
    if not Permission.objects.using(using).exists():
        return
    seed_groups()


def _role_groups() -> dict[str, Group]:
    names = group_names()
    found = {g.name: g for g in Group.objects.filter(name__in=names.values())}
    if len(found) < len(names):
        return seed_groups()
    return {role: found[name] for role, name in names.items()}


def sync_users(users) -> None:
    """Put each user in their role's group and out of the other roles' groups (only what differs is written)."""
    users = [u for u in users if u.pk is not None]
    if not users:
        return
    groups = _role_groups()
    through = User.groups.through
    held = set(through.objects.filter(user_id__in=[u.pk for u in users], group_id__in=[g.pk for g in groups.values()])
               .values_list("user_id", "group_id"))
    wanted = {(u.pk, groups[u.role].pk) for u in users if u.role in groups}
    for user_id, group_id in held - wanted:
        through.objects.filter(user_id=user_id, group_id=group_id).delete()
    through.objects.bulk_create([through(user_id=u, group_id=g) for u, g in sorted(wanted - held)])


def sync_user(sender, instance, raw=False, **kwargs) -> None:
    """post_save of a user: their groups follow their role (not while loading fixtures or a backup)."""
    if not raw:
        sync_users([instance])
