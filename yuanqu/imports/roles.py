"""Who may import which kind of file (the import pages and the command's web twin ask `may_import`).

Every kind writes rows of the whole county (the statistics bureau's table, the county's project,
land, ticket and policy ledgers), so only the county's administrators import; a role that writes
part of the county (park staff: their park) joins a kind here once that kind's import keeps each
row to what the importing user may change (yuanqu.core.access.changeable).
"""
from __future__ import annotations

from yuanqu.core.access import ADMIN, active, role_of

DEFAULT = frozenset({ADMIN})
BY_KIND: dict[str, frozenset[str]] = {}  # kind → roles, where they differ from DEFAULT


def may_import(user, kind: str | None = None) -> bool:
    """Whether `user` may import files of `kind` (None: of some kind)."""
    if not active(user):
        return False
    if user.is_superuser:
        return True
    if kind is None:
        from .kinds import names

        return any(role_of(user) in BY_KIND.get(k, DEFAULT) for k in names())
    return role_of(user) in BY_KIND.get(kind, DEFAULT)


def kinds_for(user, kinds) -> list[str]:
    return [k for k in kinds if may_import(user, k)]
