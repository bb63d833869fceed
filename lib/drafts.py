"""The server's half of static/waymark/drafts.js, which sends a form with fetch so that unsaved words stay
on the open page (never in browser storage) while there is no connection.

A save sent that way carries the ``X-Waymark-Draft`` header. Once it is stored, the page is told where
to go as JSON instead of being redirected: fetch would follow a redirect itself and use up the message
meant for the next page. A plain form post (no JavaScript) is redirected as usual.
"""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse

HEADER = "X-Waymark-Draft"


def sent_by_drafts(request: HttpRequest) -> bool:
    return request.headers.get(HEADER) == "1"


def saved_then_go(request: HttpRequest, url: str) -> HttpResponse:
    """After a successful save: ``{"redirect": url}`` for drafts.js, a redirect for a plain form post."""
    if sent_by_drafts(request):
        return JsonResponse({"redirect": url})
    return HttpResponseRedirect(url)
