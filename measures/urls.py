"""The client's questionnaires. (The therapist's pages live under the client's record.)"""

from django.urls import path

from measures.views import client

# A question is addressed by a hex token (views.client.question_token), never by its item id;
# hex is never "review" or "result".
urlpatterns = [
    path("", client.due, name="measures_due"),
    path("<uuid:public_id>/", client.start, name="measures_start"),
    path("<uuid:public_id>/review/", client.review, name="measures_review"),
    path("<uuid:public_id>/result/", client.result, name="measures_result"),
    path("<uuid:public_id>/<str:token>/", client.item, name="measures_item"),
]
