"""Data batches (imports, demo builds, form saves) are the administrators' record, of the county they
were written for (DataBatch.region; unset: the installation's county); the system
writes them, nobody changes them."""
from yuanqu.core.access import UnsetMeansInstallation, nothing, register
from yuanqu.core.models import DataBatch


@register(DataBatch)
class DataBatchRule(UnsetMeansInstallation):
    region = ("region",)
    read_leader = read_city = read_province = read_park_staff = nothing
    write_admin = write_park_staff = nothing
