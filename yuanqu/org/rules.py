"""Who sees and changes the organisation: regions are the map everyone reads (superusers set them up);
parks, their zones and departments are read by every government role and kept by administrators."""
from yuanqu.core.access import Reference, Rule, everything, nothing, register

from .models import Department, Park, ParkZone, Region


@register(Region)
class RegionRule(Rule):
    region = ()
    read_department = read_commissioner = read_enterprise = everything
    write_admin = write_park_staff = nothing


@register(Park)
class ParkRule(Reference):
    pass


@register(ParkZone)
class ParkZoneRule(Reference):
    region = ("park__region",)


@register(Department)
class DepartmentRule(Reference):
    pass
