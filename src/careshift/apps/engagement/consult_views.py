"""Consultation pages: the public questionnaire and outcomes (no sign-in), and the staff side:
representativeness, moderation, exports, erasure, theme coding and decisions."""

from __future__ import annotations

import importlib

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from careshift.apps.accounts import audit
from careshift.apps.accounts.permissions import has_permission, permission_required
from careshift.apps.engagement import coding, outcomes, submissions
from careshift.apps.engagement.forms import DecisionForm
from careshift.apps.engagement.models import (
    Action,
    Answer,
    Consultation,
    Question,
    Respondent,
    Response,
    Theme,
)
from careshift.apps.engagement.questionnaire import ResponseForm
from careshift.apps.engagement.representativeness import reach
from careshift.site.client_address import client_address
from careshift.site.spreadsheets import Column, Table, TableSchema, web


def _public(slug: str) -> Consultation:
    return get_object_or_404(Consultation, slug=slug)


@permission_required("engagement.respond")
def respond(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _public(slug)
    if not consultation.is_open:
        return render(request, "engagement/public/closed.html", {"c": consultation}, status=200)
    form = ResponseForm(consultation, request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = submissions.submit(consultation, form, client_address(request))
        return render(request, "engagement/public/thanks.html", {"c": consultation, "outcome": outcome})
    return render(
        request,
        "engagement/public/respond.html",
        {"c": consultation, "form": form, "phase": consultation.current_phase()},
        status=400 if form.is_bound else 200,
    )


@permission_required("engagement.view_outcomes")
def outcomes_page(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _public(slug)
    decisions = consultation.decisions.prefetch_related("themes", "actions")
    return render(request, "engagement/public/outcomes.html", {"c": consultation, "decisions": decisions})


@permission_required("engagement.view")
def consultation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    c = _public(slug)
    return render(
        request,
        "engagement/consultation.html",
        {
            "c": c,
            "reach": reach(c),
            "questions": c.questions.all(),
            "held": c.responses.filter(status=Response.Status.HELD).prefetch_related("answers__question")[
                :50
            ],
            "counts": {s: c.responses.filter(status=s).count() for s in Response.Status.values},
            "can_moderate": has_permission(request.user, "engagement.moderate"),
        },
    )


@require_POST
@permission_required("engagement.moderate")
def moderate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    response = get_object_or_404(Response, consultation__slug=slug, pk=pk)
    decision = request.POST.get("decision")
    if decision not in ("accepted", "rejected"):
        raise Http404("Choose accept or reject.")
    response.status = decision
    response.save(update_fields=["status"])
    audit.record(request.user, "response.update", response, {"status": ["held", decision]})
    return redirect("engagement:consultation", slug=slug)


def _export_schema(c: Consultation) -> TableSchema:
    columns = [Column("response", "Response"), Column("submitted", "Submitted"), Column("status", "Status")]
    columns += [Column(q.key, q.text[:60]) for q in c.questions.exclude(kind__in=["equality", "publish"])]
    return TableSchema("responses", title=f"{c.title}: responses", columns=tuple(columns))


@permission_required("engagement.moderate")
def export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """Answers only (personal data stays out); free text with personal information redacted."""
    c = _public(slug)
    rows = []
    for r in c.responses.prefetch_related("answers__question"):
        row = {
            "response": str(r.pk),
            "submitted": r.submitted_at.isoformat(timespec="seconds"),
            "status": r.status,
        }
        for a in r.answers.all():
            row[a.question.key] = (
                a.redacted_text
                or ", ".join(map(str, a.choices))
                or ("" if a.number is None else str(a.number))
            )
        rows.append(row)
    audit.record(request.user, "responses.export", c, {"rows": len(rows), "format": fmt})
    return web.table_response(Table(_export_schema(c), rows), fmt, "careshift", c.slug, "responses")


@permission_required("engagement.moderate")
def person(request: HttpRequest, slug: str) -> HttpResponse:
    """Find one person's data by e-mail: export it, or erase it."""
    c = _public(slug)
    email = (request.POST.get("email") or request.GET.get("email") or "").strip()
    found = list(Respondent.objects.filter(consultation=c, email__iexact=email)) if email else []
    if request.method == "POST" and request.POST.get("erase") and found:
        removed = sum(submissions.erase_person(r) for r in found)
        audit.record(
            request.user,
            "respondent.delete",
            c,
            {"people": len(found), "responses_removed": removed},
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, f"Erased {len(found)} person's data and {removed} unpublishable responses.")
        return redirect("engagement:consultation", slug=slug)
    return render(request, "engagement/person.html", {"c": c, "email": email, "found": found})


@permission_required("engagement.code_responses")
def coding_screen(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    question = get_object_or_404(Question, consultation__slug=slug, key=key)
    if request.method == "POST":
        return _coding_post(request, question)
    themes = coding.live_themes(question)
    show = request.GET.get("show", "all")
    answers = Answer.objects.filter(question=question, response__status="accepted").exclude(text="")
    if show == "machine":
        answers = answers.exclude(codes__by="person")
    answers = answers.prefetch_related("codes").order_by("pk")[:200]
    rows = [(a, {c.theme_id: c for c in a.codes.all()}) for a in answers]
    return render(
        request,
        "engagement/coding.html",
        {"q": question, "c": question.consultation, "themes": themes, "rows": rows, "show": show},
    )


def _coding_post(request: HttpRequest, question: Question) -> HttpResponse:
    action = request.POST.get("action")
    if action == "propose":
        added = coding.propose(question)
        messages.success(request, f"Proposed {len(added)} candidate themes.")
    elif action == "code":
        messages.success(request, _start_coding(request, question))
    elif action == "theme":
        name = request.POST.get("name", "").strip()[:200]
        if name:
            Theme.objects.create(
                question=question, name=name, description=request.POST.get("description", "")[:500]
            )
    elif action == "signoff":
        question.themes.filter(status=Theme.Status.CANDIDATE).update(
            status=Theme.Status.SIGNED_OFF, signed_off_by=request.user
        )
    elif action == "merge":
        ids = [int(i) for i in request.POST.getlist("merge") if i.isdigit()]
        if len(ids) >= 2:
            themes = list(question.themes.filter(pk__in=ids))
            coding.merge(themes[0], themes[1:])
    elif action == "save":
        answer = get_object_or_404(Answer, pk=request.POST.get("answer"), question=question)
        valid = set(question.themes.values_list("pk", flat=True))
        coding.set_codes(
            answer,
            {int(t) for t in request.POST.getlist("themes") if t.isdigit() and int(t) in valid},
            request.user,
        )
        if request.headers.get("HX-Request"):
            return HttpResponse('<span class="careshift-saved">Saved (person)</span>')
    return redirect("engagement:coding", slug=question.consultation.slug, key=question.key)


def _start_coding(request: HttpRequest, question: Question) -> str:
    try:
        services = importlib.import_module("careshift.apps.jobs.services")
    except ImportError:
        done = coding.code_question(question)
        return f"Coded {done} answers."
    services.enqueue(
        "engagement.code_responses",
        {"question": question.pk},
        owner=request.user,
        title=f"Code answers to {question.text[:60]}",
    )
    return "Coding started in the background: see its progress on the jobs page."


@permission_required("engagement.record_decision")
def decision_new(request: HttpRequest, slug: str) -> HttpResponse:
    c = _public(slug)
    form = DecisionForm(request.POST or None)
    form.fields["themes"].queryset = (  # type: ignore[attr-defined]
        Theme.objects.filter(question__consultation=c).exclude(status="merged")
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            decision = form.save(commit=False)
            decision.consultation = c
            decision.save()
            form.save_m2m()
            Action.objects.create(
                decision=decision,
                description=form.cleaned_data["action"],
                status=form.cleaned_data["action_status"],
                owner=form.cleaned_data["action_owner"],
            )
            audit.record(request.user, "decision.create", decision)
        told = outcomes.notify(decision, "A decision has been made on what you told us.")
        messages.success(request, f"Recorded; {told} respondents who asked for updates were told.")
        return redirect("engagement:outcomes", slug=slug)
    return render(request, "engagement/form.html", {"form": form, "title": f"Record a decision: {c}"})


@require_POST
@permission_required("engagement.record_decision")
def action_update(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    action = get_object_or_404(Action, pk=pk, decision__consultation__slug=slug)
    status = request.POST.get("status", "")
    if status in Action.Status.values and status != action.status:
        before = action.status
        action.status = status
        action.save(update_fields=["status"])
        audit.record(request.user, "action.update", action, {"status": [before, status]})
        outcomes.notify(
            action.decision, f"The action '{action}' is now {action.get_status_display().lower()}."
        )
    return redirect("engagement:outcomes", slug=slug)
