"""The client's skills pages, mounted at /skills/."""

from django.urls import path

from skills import views

urlpatterns = [
    path("", views.practice, name="skills_practice"),
    path("cards/", views.cards, name="skills_cards"),
    path("cards/<slug:card_id>/", views.card, name="skills_card"),
]
