from django.urls import path

from . import views

app_name = "system"


def rows(plural: str, singular: str, listing, page) -> list:
    """The list of one kind of row, its "new" page and the page of one row."""
    return [path(f"{plural}/", listing.as_view(), name=plural),
            path(f"{plural}/new/", page.as_view(), name=f"{singular}_new"),
            path(f"{plural}/<int:pk>/", page.as_view(), name=singular)]


urlpatterns = [
    path("", views.index, name="index"),
    *rows("parks", "park", views.ParkList, views.ParkPage),
    *rows("chains", "chain", views.ChainList, views.ChainPage),
    *rows("departments", "department", views.DepartmentList, views.DepartmentPage),
    *rows("users", "user", views.UserList, views.UserPage),
    path("regions/", views.RegionPage.as_view(), name="regions"),
]
