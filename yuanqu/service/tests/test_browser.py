"""Browser test on a phone (390 px wide, Debian's chromium): park staff routes a ticket, the lead
department refuses without a reason (the form comes back in place, by htmx, with the message), then
with one; nothing on the page is wider than the screen."""
import pytest

from yuanqu.cockpit.tests.browser import chromium_session
from yuanqu.service.models import TicketRoute

from .conftest import day

pytestmark = [pytest.mark.django_db(transaction=True)]
PHONE = (390, 844)


def login(s, username: str, path: str) -> None:
    """Straight to `path` (the cockpit at / needs a county's statistics, which this one has not)."""
    s.goto(f"/accounts/login/?next={path}")
    s.page.fill("input[name=username]", username)
    s.page.fill("input[name=password]", "yuanqu2023")
    s.click("button[type=submit]")


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]


def test_route_and_refuse_on_a_phone(live_server, world, raise_):
    for user in (world.dispatcher, world.land_clerk):
        user.set_password("yuanqu2023")
        user.save()
    ticket = raise_(on=day("2023-09-20"), announce=False)
    with chromium_session(live_server.url, viewport=PHONE) as s:
        page = s.page
        login(s, "dispatcher", f"/service/{ticket.pk}/")
        assert "交办" in page.inner_text(f"#route-{ticket.pk} h2") and fits(page)
        s.shot("service-01-route-390")
        page.select_option(f"#route-{ticket.pk} select[name=lead]", str(world.land.pk))
        page.check(f"#route-{ticket.pk} input[name=assisting][value='{world.build.pk}']")
        page.fill(f"#route-{ticket.pk} input[name=date]", "2023-09-21")
        s.click(f"#route-{ticket.pk} button[type=submit]")  # htmx answers HX-Redirect: the page reloads
        assert "诉求SQ51990100001已交办县自然资源局" in page.inner_text(".messages")
        assert "县住建局" in page.inner_text("ul.routes") and fits(page)

        page.context.clear_cookies()
        login(s, "land_clerk", f"/service/{ticket.pk}/")
        route = ticket.routes.get(department=world.land)
        form = f"#answer-{route.pk}"
        assert page.locator(f"#answer-{ticket.routes.get(department=world.build).pk}").count() == 0
        page.evaluate("window.notReloaded = true")
        page.check(f"{form} input[name=position][value=refused]")
        page.click(f"{form} button[type=submit]")
        page.wait_for_selector(f"{form} .error")
        assert "拒收须说明理由" in page.inner_text(form)
        assert page.evaluate("window.notReloaded === true") and fits(page)  # swapped in place
        s.shot("service-02-refuse-error-390")
        page.fill(f"{form} textarea[name=reason]", "园区内配套用地由管委会统筹")
        s.click(f"{form} button[type=submit]")
        assert "拒收" in page.inner_text("ul.routes") and "园区内配套用地由管委会统筹" in page.inner_text("ul.routes")
        assert fits(page)
        s.shot("service-03-refused-390")
    route.refresh_from_db()
    assert (route.position, route.decided_by) == (TicketRoute.Position.REFUSED, world.land_clerk)
