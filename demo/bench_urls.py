"""The real URLconf plus a bare view, so `manage.py bench` can compare pages with a baseline."""

from django.shortcuts import render
from django.urls import include, path

from waymark import urls


def bare(request):  # type: ignore[no-untyped-def]
    return render(request, "demo/bare.html", {"items": range(5)})


urlpatterns = [path("__bench_bare__/", bare, name="bench_bare"), path("", include(urls))]
