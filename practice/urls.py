from django.urls import path

from practice import views

urlpatterns = [
    path("people/", views.people, name="practice_people"),
    path("people/invite/", views.invite_therapist, name="practice_invite_therapist"),
    path("people/<uuid:public_id>/active/", views.set_active, name="practice_set_active"),
    path("invitations/<uuid:public_id>/withdraw/", views.withdraw_invitation, name="practice_withdraw_invitation"),
    path("settings/", views.practice_settings, name="practice_settings"),
]
