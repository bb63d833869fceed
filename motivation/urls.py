"""The client's motivation tools, under /motivation/."""

from django.urls import path

from motivation import views

urlpatterns = [
    path("", views.home, name="motivation"),
    path("balance/", views.balance, name="motivation_balance"),
    path("balance/edit/", views.balance_edit, name="motivation_balance_edit"),
    path("balance/<uuid:version_id>/", views.balance, name="motivation_balance_version"),
    path("rulers/", views.rulers, name="motivation_rulers"),
    path("rulers/start/", views.rulers_start, name="motivation_rulers_start"),
    path("values/", views.values, name="motivation_values"),
    path("values/edit/", views.values_edit, name="motivation_values_edit"),
]
