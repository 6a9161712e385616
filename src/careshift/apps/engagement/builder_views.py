"""The questionnaire builder for staff: list a consultation's questions and phases (anyone signed in
may read), and add, edit, reorder and delete them (``engagement.manage_consultation``)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from careshift.apps.accounts import audit
from careshift.apps.accounts.permissions import has_permission, permission_required
from careshift.apps.engagement import builder
from careshift.apps.engagement.models import Consultation, Phase, Question

MANAGE = "engagement.manage_consultation"


def _consultation(slug: str) -> Consultation:
    return get_object_or_404(Consultation, slug=slug)


@permission_required("engagement.view")
def questionnaire(request: HttpRequest, slug: str) -> HttpResponse:
    c = _consultation(slug)
    return render(
        request,
        "engagement/questionnaire.html",
        {
            "c": c,
            "questions": c.questions.select_related("show_if"),
            "phases": c.phases.all(),
            "can_edit": has_permission(request.user, MANAGE),
        },
    )


def _edit(
    request: HttpRequest, c: Consultation, form: builder.QuestionForm | builder.PhaseForm, what: str
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        created = form.instance.pk is None
        obj = form.save()
        audit.record(
            request.user, f"{what}.{'create' if created else 'update'}", obj, {"consultation": c.slug}
        )
        messages.success(request, f"Saved: {obj}.")
        return redirect("engagement:questionnaire", slug=c.slug)
    title = f"{'Edit' if form.instance.pk else 'Add'} a {what} · {c.title}"
    return render(
        request, "engagement/form.html", {"title": title, "form": form}, status=400 if form.is_bound else 200
    )


@permission_required(MANAGE)
def question_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    c = _consultation(slug)
    instance = get_object_or_404(Question, consultation=c, pk=pk) if pk else None
    return _edit(request, c, builder.QuestionForm(c, request.POST or None, instance=instance), "question")


@permission_required(MANAGE)
def phase_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    c = _consultation(slug)
    instance = get_object_or_404(Phase, consultation=c, pk=pk) if pk else None
    return _edit(request, c, builder.PhaseForm(c, request.POST or None, instance=instance), "phase")


@require_POST
@permission_required(MANAGE)
def question_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    q = get_object_or_404(Question, consultation__slug=slug, pk=pk)
    step = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if step is None:
        raise Http404("Move a question 'up' or 'down'.")
    if builder.move(q, step):
        audit.record(request.user, "question.update", q, {"moved": request.POST["direction"]})
    return redirect("engagement:questionnaire", slug=slug)


@require_POST
@permission_required(MANAGE)
def question_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    q = get_object_or_404(Question, consultation__slug=slug, pk=pk)
    if q.answers.exists():
        messages.error(request, f"'{q.text}' already has answers, so it is kept. Edit its wording instead.")
    else:
        audit.record(request.user, "question.delete", q, {"key": q.key})
        q.delete()
        messages.success(request, "Question deleted.")
    return redirect("engagement:questionnaire", slug=slug)


@require_POST
@permission_required(MANAGE)
def add_standard(request: HttpRequest, slug: str, which: str) -> HttpResponse:
    c = _consultation(slug)
    try:
        added = builder.add_standard(c, which)
    except ValueError as e:
        raise Http404(str(e)) from e
    for q in added:
        audit.record(request.user, "question.create", q, {"consultation": c.slug, "standard": which})
    messages.success(
        request, f"Added {len(added)} question(s)." if added else "Those questions are already there."
    )
    return redirect("engagement:questionnaire", slug=slug)
