from django.urls import path

from devices import views

urlpatterns = [
    path("", views.devices, name="devices"),
    path("add/", views.device_add, name="device_add"),
    path("<uuid:device_id>/", views.device, name="device"),
    path("<uuid:device_id>/remove/", views.device_remove, name="device_remove"),
]
