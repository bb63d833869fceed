"""The client's pages, mounted at /learn/."""

from django.urls import path

from learning import views

urlpatterns = [
    path("", views.library, name="learning_library"),
    path("journal/", views.journal, name="learning_journal"),
    path("journal/<uuid:public_id>/", views.entry_edit, name="learning_entry_edit"),
    path("journal/<uuid:public_id>/share/", views.entry_share, name="learning_entry_share"),
    path("journal/<uuid:public_id>/delete/", views.entry_delete, name="learning_entry_delete"),
    path("<slug:slug>/", views.module, name="learning_module"),
    path("<slug:slug>/finished/", views.finish, name="learning_finish"),
    path("<slug:slug>/reflections/<int:number>/", views.reflect, name="learning_reflect"),
]
