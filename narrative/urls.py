from django.urls import path

from narrative import views

urlpatterns = [
    path("", views.overview, name="narrative"),
    path("print/", views.print_story, name="narrative_print"),
    path("<slug:step_id>/", views.step_page, name="narrative_step"),
    path("<slug:step_id>/versions/", views.step_versions, name="narrative_versions"),
]
