"""A year the package does not know, published in the holiday table (2031: National Day on a Wednesday)."""
import datetime as dt

from yuanqu.workdays.factories import HolidayArrangementFactory, HolidayYearFactory
from yuanqu.workdays.models import HolidayArrangement

UNKNOWN_YEAR = 2031
NATIONAL_DAY = [dt.date(2031, 10, d) for d in range(1, 8)]
MAKE_UP = [dt.date(2031, 9, 28), dt.date(2031, 10, 11)]  # Sunday and Saturday worked


def publish_2031():
    year = HolidayYearFactory(year=UNKNOWN_YEAR)
    for day in NATIONAL_DAY:
        HolidayArrangementFactory(year=year, date=day, kind=HolidayArrangement.Kind.REST, name="国庆节")
    for day in MAKE_UP:
        HolidayArrangementFactory(year=year, date=day, kind=HolidayArrangement.Kind.WORK, name="国庆节")
    return year
