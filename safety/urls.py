from django.urls import path

from safety import views

urlpatterns = [path("", views.crisis, name="crisis")]
