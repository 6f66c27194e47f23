"""Who sees and changes land and buildings: county readers read them all and park staff change
their park's; departments and commissioners read the parcels of the firms and projects they read."""
from django.db.models import Q

from yuanqu.core.access import Follows, Rule, register, visible

from .models import FactoryBuilding, LandParcel, Revitalization, Tenancy


@register(LandParcel)
class LandParcelRule(Rule):
    region = ("park__region",)
    park = ("park",)

    def read_department(self, user):
        from yuanqu.enterprises.models import Enterprise
        from yuanqu.projects.models import Project

        return (Q(holder__in=visible(Enterprise.objects.all(), user).values("pk"))
                | Q(project__in=visible(Project.objects.all(), user).values("pk")))

    read_commissioner = read_department


@register(FactoryBuilding)
class FactoryBuildingRule(Rule):
    region = ("park__region",)
    park = ("park",)


@register(Tenancy)
class TenancyRule(Follows):
    parent = "building"
    region = ("building__park__region",)


@register(Revitalization)
class RevitalizationRule(Rule):
    region = ("parcel__park__region", "building__park__region")
    park = ("parcel__park", "building__park")
