import pytest

from yuanqu.workdays import calendar


@pytest.fixture(autouse=True)
def fresh_calendar():
    """Each test rolls its holiday rows back; the process's cache must not keep them for the next."""
    calendar.invalidate()
    yield
    calendar.invalidate()
