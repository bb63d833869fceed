"""The client's pages under /learn/: the library, a module to read, and the journal of reflections."""

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from caseload.models import Client
from learning import catalogue
from learning.actions import (
    do_delete_entry,
    do_edit_entry,
    do_finish_module,
    do_open_module,
    do_share_entry,
    do_write_reflection,
    own_client,
)
from learning.catalogue import Module
from learning.forms import EntryForm, ReflectionForm
from learning.models import JournalEntry, ReadingProgress
from learning.queries import entries_for_module, library_for, suggestions
from lib.decorators import role_required
from lib.drafts import saved_then_go
from lib.http import AuthenticatedHttpRequest

PAGE_SIZE = 20


def _module_or_404(slug: str) -> Module:
    found = catalogue.module(slug)
    if found is None:
        raise Http404("No such module")
    return found


@role_required(Role.CLIENT)
@require_GET
def library(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = library_for(own_client(request.user))
    read = sum(1 for row in rows if row.status == "read")
    return render(request, "learning/library.html", {"rows": rows, "read": read})


@dataclass(frozen=True)
class Reflection:
    number: int
    form: ReflectionForm
    entries: list[JournalEntry]


def answers(entry: JournalEntry, number: int, module: Module) -> bool:
    """Whether the entry answers question `number`: by the wording it was written to while that is still one of
    the module's questions (so reordered questions keep their answers), else by its position (so a reworded
    question keeps them)."""
    if entry.prompt in module.reflections:
        return entry.prompt == module.reflections[number - 1]
    return entry.question == number


def _reader(
    request: AuthenticatedHttpRequest,
    client: Client,
    module: Module,
    progress: ReadingProgress,
    bound: ReflectionForm | None = None,
) -> HttpResponse:
    entries = entries_for_module(client, module)
    reflections = [
        Reflection(
            number,
            bound if bound is not None and bound.number == number else ReflectionForm(prompt=prompt, number=number),
            [e for e in entries if answers(e, number, module)],
        )
        for number, prompt in enumerate(module.reflections, start=1)
    ]
    ordered = catalogue.modules()
    at = ordered.index(module)
    context: dict[str, Any] = {
        "module": module,
        "progress": progress,
        "reflections": reflections,
        "suggested": module.slug in suggestions(client),
        "previous": ordered[at - 1] if at > 0 else None,
        "next": ordered[at + 1] if at + 1 < len(ordered) else None,
    }
    return render(request, "learning/module.html", context, status=400 if bound is not None else 200)


@role_required(Role.CLIENT)
@require_GET
def module(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    found = catalogue.module(slug)
    if found is None:  # perhaps set as reading before the practice took it out of the library
        return render(request, "learning/gone.html", status=404)
    progress = do_open_module(request.user, found.slug)
    return _reader(request, progress.client, found, progress)


@role_required(Role.CLIENT)
@require_POST
def finish(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    found = _module_or_404(slug)
    do_finish_module(request.user, found.slug)
    messages.success(request, f"“{found.title}” is marked as read. Thank you for taking the time.")
    return redirect("learning_library")


@role_required(Role.CLIENT)
@require_POST
def reflect(request: AuthenticatedHttpRequest, slug: str, number: int) -> HttpResponse:
    found = _module_or_404(slug)
    if not 1 <= number <= len(found.reflections):
        raise Http404("No such question")
    form = ReflectionForm(request.POST, prompt=found.reflections[number - 1], number=number)
    if form.is_valid():
        try:
            entry, _ = do_write_reflection(
                request.user,
                found.slug,
                number,
                form.cleaned_data["text"],
                share=form.cleaned_data["share"],
                key=form.cleaned_data["key"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            shared = " and shared with your therapist" if entry.shared_with_therapist else ""
            messages.success(request, f"Saved to your journal{shared}.")
            return saved_then_go(request, reverse("learning_module", args=[found.slug]) + f"#reflection-{number}")
    progress = do_open_module(request.user, found.slug)
    return _reader(request, progress.client, found, progress, bound=form)


@role_required(Role.CLIENT)
@require_GET
def journal(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = own_client(request.user)
    page = Paginator(JournalEntry.objects.filter(client=client), PAGE_SIZE).get_page(request.GET.get("page"))
    titles = {m.source_name: m.title for m in catalogue.modules()}
    for entry in page:
        entry.module_title = titles.get(entry.source, "")  # type: ignore[attr-defined]
    return render(request, "learning/journal.html", {"page": page})


def _own_entry(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> JournalEntry:
    """The signed-in client's entry; another client's id answers 404 like a missing one."""
    return get_object_or_404(JournalEntry, client__user=request.user, public_id=public_id)


@role_required(Role.CLIENT)
@require_http_methods(["GET", "POST"])
def entry_edit(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    entry = _own_entry(request, public_id)
    form = EntryForm(request.POST or None, initial={"text": entry.text}, prompt=entry.prompt)
    if request.method == "POST" and form.is_valid():
        try:
            do_edit_entry(request.user, entry, form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Your journal entry is updated.")
            return saved_then_go(request, reverse("learning_journal") + f"#entry-{entry.public_id}")
    context = {"entry": entry, "form": form, "module_title": catalogue.title_of(entry.source)}
    return render(request, "learning/entry_edit.html", context, status=400 if form.errors else 200)


@role_required(Role.CLIENT)
@require_POST
def entry_share(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    entry = _own_entry(request, public_id)
    shared = request.POST.get("shared") == "yes"
    do_share_entry(request.user, entry, shared)
    if shared:
        messages.success(request, "Shared with your therapist.")
    else:
        messages.success(request, "This entry is private again: your therapist no longer sees it.")
    return redirect(reverse("learning_journal") + f"#entry-{entry.public_id}")


@role_required(Role.CLIENT)
@require_http_methods(["GET", "POST"])
def entry_delete(request: AuthenticatedHttpRequest, public_id: uuid.UUID) -> HttpResponse:
    entry = _own_entry(request, public_id)
    if request.method == "POST":
        do_delete_entry(request.user, entry)
        messages.success(request, "The entry is deleted.")
        return redirect("learning_journal")
    return render(request, "learning/entry_delete.html", {"entry": entry})
