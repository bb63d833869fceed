from django.urls import path

from intake import views

urlpatterns = [
    path("", views.overview, name="intake"),
    path("review/", views.review, name="intake_review"),
    path("send/", views.submit, name="intake_submit"),
    path("<slug:slug>/", views.step, name="intake_step"),
]
