"""Included at clients/<uuid:client_id>/goals/: the client's therapist works on the same goals here."""

from django.urls import path

from goals import views

urlpatterns = [
    path("", views.client_goals, name="client_goals"),
    path("new/", views.client_goals_new, name="client_goals_new"),
    path("<uuid:goal_id>/", views.client_goal, name="client_goal"),
    path("<uuid:goal_id>/edit/", views.client_goal_edit, name="client_goal_edit"),
    path("<uuid:goal_id>/steps/", views.client_goal_step_add, name="client_goal_step_add"),
    path("<uuid:goal_id>/steps/<uuid:step_id>/", views.client_goal_step_tick, name="client_goal_step_tick"),
    path("<uuid:goal_id>/review/", views.client_goal_review, name="client_goal_review"),
]
