"""Helpers for the tests of the working pages on the demo county (login, .xlsx exports, htmx)."""
from __future__ import annotations

import io

import pytest

AUG = {"period": "2023-08"}
HTMX = {"HTTP_HX_REQUEST": "true"}


def login(client, username: str = "park"):
    from yuanqu.accounts.models import User

    client.force_login(User.objects.get(username=username))
    return client


@pytest.fixture
def staff(client, demo_county):
    """A client logged in as the demo county's park staff (who change the rows of their park)."""
    return login(client, "park")


def staff_of(client, park):
    """A client logged in as the demo park staff user, attached to `park` for this test."""
    from yuanqu.accounts.models import User

    User.objects.filter(username="park").update(park=park)
    return login(client, "park")


def read_xlsx(response) -> tuple[list[str], list[list]]:
    """(headers, data rows) of an exported list: a title line, a header line, then the rows."""
    from openpyxl import load_workbook

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    lines = [list(r) for r in sheet.iter_rows(values_only=True)]
    headers = [str(v) for v in lines[1] if v is not None]
    return headers, lines[2:]


def export(client, url: str, params: dict | None = None):
    """Export the filtered list and return (headers, rows, the page's count of the same filter)."""
    params = dict(params or {})
    page = client.get(url, params)
    assert page.status_code == 200
    headers, rows = read_xlsx(client.get(url, {**params, "export": "xlsx"}))
    return headers, rows, page.context["paginator"].count


def first_cells(response, column: int = 0) -> list[str]:
    """The text of one column on the list page, row by row (as shown)."""
    return [str(r["cells"][column]["text"]) for r in response.context["rows"]]
