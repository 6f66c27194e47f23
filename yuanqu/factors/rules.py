"""Finance and labour: the institutions are the installation's list (government roles read it); a
firm's loans and labour rows are its confidential figures, read with the firm unmasked."""
from yuanqu.core.access import Follows, Rule, everything, nothing, register

from .models import Institution, LabourDemand, LabourSupply, Loan


@register(Institution)
class InstitutionRule(Rule):
    region = ()
    read_department = read_commissioner = everything
    write_admin = write_park_staff = nothing


class OfFirm(Follows):
    parent = "enterprise"
    region = ("enterprise__region",)
    reads = "unmasked"


@register(Loan)
class LoanRule(OfFirm):
    pass


@register(LabourDemand)
class LabourDemandRule(OfFirm):
    pass


@register(LabourSupply)
class LabourSupplyRule(OfFirm):
    pass
