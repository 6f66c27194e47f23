"""An import's revisions (each changed record, values before and after) follow their batch."""
from yuanqu.core.access import Follows, UnsetMeansInstallation, register

from .models import Revision


@register(Revision)
class RevisionRule(UnsetMeansInstallation, Follows):
    parent = "batch"
    region = ("batch__user__region",)
