"""Who sees and changes enterprises: county readers read every firm; a department the firms its
tickets, tasks and projects concern, with the confidential figures masked; a commissioner the firms
they serve; an enterprise user its own firm. Park staff change the firms of their park.

The monthly statistics are the confidential figures themselves: read with the firm unmasked."""
from django.db.models import Q

from yuanqu.core.access import Follows, Rule, register
from yuanqu.service.rules import assigned

from .models import Enterprise, MonthlyStat, RosterEntry

# shown as access.MASK to who may read the firm but not its figures (the statistics are MonthlyStat's)
CONFIDENTIAL = ("legal_representative", "phone")


def firms(q: Q) -> Q:
    """Firms matching `q` across to-many relations, each once."""
    return Q(pk__in=Enterprise.objects.filter(q).values("pk"))


@register(Enterprise)
class EnterpriseRule(Rule):
    park = ("park",)
    confidential = CONFIDENTIAL

    def read_department(self, user):
        unit = user.department_id
        return firms(Q(tickets__department=unit) | Q(projects__responsible_unit=unit)
                     | Q(projects__tasks__owner_unit=unit))

    def unmasked_department(self, user):
        return Q(pk__in=[])

    def read_commissioner(self, user):
        return firms(Q(commissioner=user) | assigned(user))

    def read_enterprise(self, user):
        return Q(pk=user.enterprise_id)


@register(RosterEntry)
class RosterEntryRule(Follows):
    parent = "enterprise"
    region = ("enterprise__region",)


@register(MonthlyStat)
class MonthlyStatRule(Follows):
    parent = "enterprise"
    region = ("enterprise__region",)
    reads = "unmasked"
