"""Project-wide pytest fixtures."""
import pytest


@pytest.fixture(scope="session")
def demo_county(django_db_setup, django_db_blocker):
    """The demo county 示例县 (`yuanqu demo`), built once per test session into the test database.

    Returns its Region. Use it with the `db` fixture (or `@pytest.mark.django_db`): each test runs in
    a transaction that is rolled back, so the county stays as built. Once built it stays in the
    database for the rest of the session, so the tests that use it run last (see below).
    """
    from yuanqu.demo.county import ensure_county

    with django_db_blocker.unblock():
        region, _ = ensure_county()
    return region


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the tests that use `demo_county` after all others, and mark them `demo`.

    Every other test expects an empty database; the demo county, once built, is not. (pytest-django
    has already put transactional tests after the others; this keeps that order within each part.)
    """
    uses_demo = [item for item in items if "demo_county" in getattr(item, "fixturenames", ())]
    for item in uses_demo:
        item.add_marker(pytest.mark.demo)
    chosen = set(uses_demo)
    items[:] = [item for item in items if item not in chosen] + uses_demo
