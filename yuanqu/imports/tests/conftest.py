import pytest

from . import helpers as h


@pytest.fixture
def county(db):
    return h.county()
