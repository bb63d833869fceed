from django.urls import path

from plan import views

urlpatterns = [
    path("", views.plan, name="plan"),
    path("edit/", views.plan_edit, name="plan_edit"),
    path("history/", views.plan_history, name="plan_history"),
    path("versions/<uuid:version_id>/sign/", views.plan_sign, name="plan_sign"),
    path("prevention/", views.prevention, name="plan_prevention"),
    path("prevention/edit/", views.prevention_edit, name="plan_prevention_edit"),
]
