"""The client's goals, at /goals/."""

from django.urls import path

from goals import views

urlpatterns = [
    path("", views.goals, name="goals"),
    path("new/", views.goals_new, name="goals_new"),
    path("<uuid:goal_id>/", views.goal, name="goal"),
    path("<uuid:goal_id>/edit/", views.goal_edit, name="goal_edit"),
    path("<uuid:goal_id>/steps/", views.goal_step_add, name="goal_step_add"),
    path("<uuid:goal_id>/steps/<uuid:step_id>/", views.goal_step_tick, name="goal_step_tick"),
    path("<uuid:goal_id>/review/", views.goal_review, name="goal_review"),
]
