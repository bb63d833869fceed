from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from practice.models import DEFAULT_CRISIS_LINES, CrisisLine


def crisis(request: HttpRequest) -> HttpResponse:
    """Crisis help for anyone, signed in or not: the practice's lines, or the defaults."""
    user = request.user
    lines: list[object] = []
    if user.is_authenticated and user.practice_id:  # type: ignore[union-attr]
        lines = list(CrisisLine.objects.filter(practice_id=user.practice_id))  # type: ignore[union-attr]
    if not lines:
        lines = [CrisisLine(name=n, number=num, description=d) for n, num, d in DEFAULT_CRISIS_LINES]
    return render(request, "safety/crisis.html", {"lines": lines})
