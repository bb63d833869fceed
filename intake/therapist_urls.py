from django.urls import path

from intake import views

urlpatterns = [
    path("", views.therapist_summary, name="client_intake"),
]
