"""Included at clients/<uuid:client_id>/notes/: the treating therapist's session notes."""

from django.urls import path

from notes import views

urlpatterns = [
    path("", views.notes_list, name="notes_list"),
    path("new/", views.note_new, name="notes_new"),
    path("<uuid:note_id>/", views.note_view, name="notes_view"),
    path("<uuid:note_id>/edit/", views.note_edit, name="notes_edit"),
    path("<uuid:note_id>/sign/", views.note_sign, name="notes_sign"),
    path("<uuid:note_id>/addenda/", views.note_addendum, name="notes_addendum"),
    path("<uuid:note_id>/delete/", views.note_delete, name="notes_delete"),
]
