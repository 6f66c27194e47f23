"""Who sees and changes users: the county's administrators keep them (superusers are kept by
superusers); government roles read the county's users (names in choice lists, who handled a ticket);
an enterprise user sees only themself."""
from django.db.models import Q

from yuanqu.core.access import UnsetMeansInstallation, everything, nothing, register

from .models import User


@register(User)
class UserRule(UnsetMeansInstallation):
    read_department = read_commissioner = everything
    write_park_staff = nothing

    def read_enterprise(self, user):
        return Q(pk=user.pk)

    def write_admin(self, user):
        return Q(is_superuser=False)
