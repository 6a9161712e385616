"""Appraisal pages: appraisals, options, criteria, panel scoring, hurdles, access, equality, the pack,
principles and priorities, hub locations, and the evidence bank. Rules live in services, scoring,
access, equality and location; views gather input and render."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from careshift.analysis.appraisal import normalise
from careshift.apps.accounts.permissions import check, has_permission, permission_required
from careshift.apps.appraisal import access, charts, scoring, services
from careshift.apps.appraisal import equality as eia
from careshift.apps.appraisal.access import access_rows
from careshift.apps.appraisal.forms import (
    ApplyEffectForm,
    AppraisalForm,
    CriterionForm,
    EffectSizeForm,
    EqualityRowForm,
    EvidenceForm,
    HurdleForm,
    LocationForm,
    OptionForm,
    ScoreForm,
    SearchForm,
    TravelMatrixForm,
)
from careshift.apps.appraisal.models import (
    Analysis,
    Appraisal,
    Criterion,
    EvidenceItem,
    Option,
    PanelScore,
    Principle,
    Priority,
)
from careshift.errors import CareshiftError, NotFound
from careshift.site import documents
from careshift.site.charts import ChartBlock, csv_response
from careshift.site.spreadsheets import web

EDIT, SCORE, SIGN_OFF, EVIDENCE = "appraisal.edit", "appraisal.score", "appraisal.sign_off", "evidence.edit"


def _can(request: HttpRequest) -> dict[str, bool]:
    return {a.split(".")[1]: has_permission(request.user, a) for a in (EDIT, SCORE, SIGN_OFF, EVIDENCE)}


@permission_required("view")
def appraisal_list(request: HttpRequest) -> HttpResponse:
    appraisals = Appraisal.objects.prefetch_related("options", "criteria")
    return render(request, "appraisal/list.html", {"appraisals": appraisals, "can": _can(request)})


def _form_page(request: HttpRequest, form: Any, title: str, back: str, **extra: Any) -> HttpResponse:
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "title": title, "back": back, **extra}
    return render(request, "appraisal/form.html", context, status=status)


@permission_required(EDIT)
@require_http_methods(["GET", "POST"])
def appraisal_create(request: HttpRequest) -> HttpResponse:
    form = AppraisalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        item = services.save_form(
            request.user,
            form,
            "appraisal.create",
            slug=services.unique_slug(form.cleaned_data["name"]),
            created_by=request.user,
        )
        messages.success(request, f"Appraisal '{item}' created: add its options and criteria.")
        return redirect(item)
    return _form_page(request, form, "New appraisal", "/appraisal/")


@permission_required(EDIT)
@require_http_methods(["GET", "POST"])
def appraisal_edit(request: HttpRequest, slug: str) -> HttpResponse:
    item = services.get_appraisal(slug)
    form = AppraisalForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        services.save_form(request.user, form, "appraisal.update")
        messages.success(request, "Appraisal saved.")
        return redirect(item)
    return _form_page(request, form, f"Edit {item}", item.get_absolute_url())


def _results(item: Appraisal) -> dict[str, Any]:
    table = scoring.score_table(item)
    try:
        ranking = scoring.rank(item, table)
    except CareshiftError as err:
        table.problems.append(err.message)
        ranking = None
    context: dict[str, Any] = {"table": table, "ranking": ranking, "rows": _score_rows(table)}
    frame = charts.scores_table(table)
    if ranking is not None:
        firsts = [float(share) for share in ranking.acceptability[:, 0]]
        context["ranked"] = sorted(
            zip(ranking.options, ranking.values, ranking.ranks, firsts, strict=True), key=lambda t: t[2]
        )
        context["flips"] = [(table.criteria[f.criterion], f) for f in ranking.flips]
        accept = charts.acceptability_table(ranking)
        context["acceptability"] = ChartBlock(
            "acceptability",
            f"How often each option ranks first, second, ...: {item}",
            accept,
            f"{item.get_absolute_url()}?csv=acceptability",
            charts.acceptability_spec(accept, charts.title(ACCEPTABILITY, item)),
            description="Weights drawn uniformly within each criterion's acceptable range (2,000 draws).",
        )
        matrix = table.matrix(table.options)
        scaled = normalise(matrix, [c.higher_is_better for c in table.criteria])
        norm = pd.DataFrame(
            [
                {"option": o.name, "criterion": c.name, "normalised": float(scaled[i, j])}
                for i, o in enumerate(table.options)
                for j, c in enumerate(table.criteria)
            ]
        )
        context["scores_chart"] = ChartBlock(
            "scores",
            f"Scores by criterion: {item}",
            frame,
            f"{item.get_absolute_url()}?csv=scores",
            charts.scores_spec(frame, norm, charts.title(f"Scores by criterion, {item.horizon_year}", item)),
        )
    context["frame"] = frame
    return context


def _score_rows(table: scoring.ScoreTable) -> list[tuple[Option, list[scoring.Cell]]]:
    return [(o, [table.cells[(o.pk, c.pk)] for c in table.criteria]) for o in table.options]


@permission_required("view")
def appraisal_detail(request: HttpRequest, slug: str) -> HttpResponse:
    item = services.get_appraisal(slug)
    results = _results(item)
    if request.GET.get("csv") in ("scores", "acceptability"):
        name = request.GET["csv"]
        frame = results["frame"] if name == "scores" else charts.acceptability_table(results["ranking"])
        return csv_response(frame, f"appraisal-{item.slug}-{name}.csv")
    context = {
        "appraisal": item,
        "can": _can(request),
        "sensitivity": item.analyses.filter(kind=Analysis.Kind.SENSITIVITY).select_related("job").first(),
        "sensitivity_draws": services.SENSITIVITY_DRAWS,
        "travel_label": access.basis_label(item),
        "hurdle_criteria": item.criteria.filter(kind="hurdle"),
        "options": item.options.select_related("scenario"),
        **results,
    }
    return render(request, "appraisal/detail.html", context)


@permission_required("view")
def appraisal_pack(request: HttpRequest, slug: str) -> HttpResponse:
    from careshift.apps.appraisal import pack

    item = services.get_appraisal(slug)
    body = pack.render(pack.build(item), "html").decode()
    return render(request, "appraisal/pack.html", {"appraisal": item, "body": body})


@permission_required("view")
@require_http_methods(["GET"])
def appraisal_pack_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    from careshift.apps.accounts import audit
    from careshift.apps.appraisal import pack

    item = services.get_appraisal(slug)
    documents.check_format(fmt, "An appraisal pack", error=NotFound)
    content = pack.render(pack.build(item), fmt)
    audit.record(request.user, "appraisal.export", item, {"format": fmt})
    return documents.attachment(content, fmt, pack.file_name(item, fmt))


@permission_required("view")
def appraisal_export(request: HttpRequest, slug: str) -> HttpResponse:
    from careshift.apps.appraisal.exports import workbook

    item = services.get_appraisal(slug)
    content, name = workbook(item, _results(item))
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _basis(request: HttpRequest, item: Appraisal) -> access.TravelBasis:
    return access.choose_basis(request.GET.get("travel") or item.travel_basis, item.travel_matrices.all())


ACCEPTABILITY = "Rank acceptability over the weight ranges"


@permission_required("view")
def appraisal_access(request: HttpRequest, slug: str) -> HttpResponse:
    from careshift.analysis.access import TRAVEL_ASSUMPTIONS

    item = services.get_appraisal(slug)
    matrices = list(item.travel_matrices.defer("areas", "minutes").select_related("uploaded_by"))
    basis = _basis(request, item)
    options = list(item.options.all())
    rows = access_rows(options, basis)
    measured = [r for r in rows if "result" in r]
    query = f"travel={basis.key}"
    chart = None
    if measured:
        frame = charts.access_table({r["option"].name: r["result"] for r in measured})
        title = charts.title(f"Residents within 30 minutes {basis.label}, by locality", item)
        chart = ChartBlock(
            "access",
            title.text,
            frame,
            f"{item.get_absolute_url()}access/?csv=1&{query}",
            charts.access_spec(frame, title),
        )
        if request.GET.get("csv"):
            return csv_response(frame, f"appraisal-{item.slug}-access-{basis.key}.csv")
    maps = [
        ChartBlock(
            f"map-{r['option'].pk}",
            f"Minutes {basis.label} to the nearest site: {r['option']} ({item})",
            pd.DataFrame(),
            "",
            spec_url=f"{item.get_absolute_url()}access/map/{r['option'].pk}.json?{query}",
        )
        for r in measured
    ]
    context = {
        "appraisal": item,
        "rows": rows,
        "chart": chart,
        "maps": maps,
        "basis": basis,
        "choices": access.travel_choices(matrices),
        "matrices": matrices,
        "catchment": access.FCA_CATCHMENT,
        "assumptions": TRAVEL_ASSUMPTIONS,
        "rural_density": access.RURAL_DENSITY,
        "rural_range": access.RURAL_DENSITY_RANGE,
        "can_edit": has_permission(request.user, EDIT),
    }
    return render(request, "appraisal/access.html", context)


@permission_required("view")
def access_map(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = services.get_appraisal(slug)
    option = services.get_in(item, Option, pk)
    basis = _basis(request, item)
    result = access.option_access(list(option.site_codes), basis)
    spec = charts.travel_map_spec(
        result.minutes,
        list(access.small_areas()["code"]),
        access.option_sites(result.sites),
        charts.title(f"Minutes {basis.label} to the nearest site", item, option=str(option)),
        basis.label,
    )
    return HttpResponse(json.dumps(spec, separators=(",", ":")), content_type="application/json")


@permission_required("view")
def access_times(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """Minutes from every small area to every site of the appraisal's options, in the import layout."""
    item = services.get_appraisal(slug)
    basis = _basis(request, item)
    codes = list(dict.fromkeys(code for o in item.options.all() for code in o.site_codes))
    if not codes:
        raise NotFound(
            "No option of this appraisal keeps sites open.", hint="Edit an option to choose sites."
        )
    return web.table_response(
        access.travel_times_table(codes, basis), fmt, item.slug, "travel-times", basis.key
    )


@permission_required(EDIT)
@require_http_methods(["GET", "POST"])
def access_import(request: HttpRequest, slug: str) -> HttpResponse:
    item = services.get_appraisal(slug)
    form = TravelMatrixForm(request.POST or None, request.FILES or None, appraisal=item)
    preview = None
    if request.method == "POST" and form.is_valid():
        preview = web.preview_upload(form.cleaned_data["file"], access.TRAVEL_TIMES)
        if preview.is_valid:
            try:
                imported = access.read_travel_times([(r.number, r.values) for r in preview.rows])
            except CareshiftError as err:
                preview.error(None, "", f"{err.message} {err.hint}")
            else:
                matrix = services.save_travel_matrix(
                    request.user, item, form.cleaned_data["name"], form.cleaned_data["source"], imported
                )
                messages.success(
                    request,
                    f"Imported '{matrix.name}': {len(imported.areas):,} small areas x "
                    f"{len(imported.sites)} sites.",
                )
                return redirect(f"{item.get_absolute_url()}access/?travel=matrix-{matrix.pk}")
    return render(
        request, "appraisal/access_import.html", {"appraisal": item, "form": form, "preview": preview}
    )


@permission_required(EDIT)
@require_http_methods(["GET", "POST"])
def option_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    item = services.get_appraisal(slug)
    option = (
        services.get_in(item, Option, pk) if pk else Option(appraisal=item, position=item.options.count())
    )
    initial = {"site_codes": option.site_codes} if pk else {}
    form = OptionForm(request.POST or None, instance=option, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_form(request.user, form, "option.update" if pk else "option.create", appraisal=item)
        messages.success(request, "Option saved.")
        return redirect(item)
    return _form_page(request, form, f"{'Edit' if pk else 'Add'} an option: {item}", item.get_absolute_url())


@permission_required(EDIT)
@require_http_methods(["GET", "POST"])
def criterion_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    item = services.get_appraisal(slug)
    criterion = (
        services.get_in(item, Criterion, pk)
        if pk
        else Criterion(appraisal=item, position=item.criteria.count())
    )
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        services.save_form(
            request.user, form, "criterion.update" if pk else "criterion.create", appraisal=item
        )
        messages.success(request, "Criterion saved.")
        return redirect(item)
    return _form_page(
        request, form, f"{'Edit' if pk else 'Add'} a criterion: {item}", item.get_absolute_url()
    )


@permission_required(SCORE)
@require_http_methods(["GET", "POST"])
def score(request: HttpRequest, slug: str) -> HttpResponse:
    """The signed-in panel member's own scores: one form per option and panel criterion."""
    item = services.get_appraisal(slug)
    pairs = [
        (o, c) for o in item.options.all() for c in item.criteria.filter(kind="weighted", source="panel")
    ]
    mine = {
        (s.option_id, s.criterion_id): s
        for s in PanelScore.objects.filter(option__appraisal=item, scorer=request.user)  # type: ignore[misc]
    }
    forms_ = []
    for option, criterion in pairs:
        prefix = f"s{option.pk}-{criterion.pk}"
        existing = mine.get((option.pk, criterion.pk))
        initial = {"score": existing.score, "rationale": existing.rationale} if existing else {}
        forms_.append((option, criterion, ScoreForm(request.POST or None, prefix=prefix, initial=initial)))
    if request.method == "POST":
        filled = [(o, c, f) for o, c, f in forms_ if f.has_changed() or f.data.get(f"{f.prefix}-score")]
        if all(f.is_valid() for _, _, f in filled):
            for option, criterion, form in filled:
                services.record_score(
                    request.user,
                    option,
                    criterion,
                    form.cleaned_data["score"],
                    form.cleaned_data["rationale"],
                )
            messages.success(request, f"{len(filled)} score{'s' if len(filled) != 1 else ''} saved.")
            return redirect(item)
    status = 400 if request.method == "POST" else 200
    return render(request, "appraisal/score.html", {"appraisal": item, "forms": forms_}, status=status)


@permission_required(EDIT)
@require_http_methods(["GET", "POST"])
def hurdles(request: HttpRequest, slug: str) -> HttpResponse:
    item = services.get_appraisal(slug)
    results = {(h.option_id, h.criterion_id): h for o in item.options.all() for h in o.hurdles.all()}
    forms_ = []
    for option in item.options.all():
        for criterion in item.criteria.filter(kind="hurdle"):
            old = results.get((option.pk, criterion.pk))
            initial = {"passed": "yes" if old.passed else "no", "reason": old.reason} if old else {}
            forms_.append(
                (
                    option,
                    criterion,
                    HurdleForm(request.POST or None, prefix=f"h{option.pk}-{criterion.pk}", initial=initial),
                )
            )
    if request.method == "POST" and all(f.is_valid() for _, _, f in forms_):
        for option, criterion, form in forms_:
            services.record_hurdle(
                request.user, option, criterion, form.cleaned_data["passed"], form.cleaned_data["reason"]
            )
        messages.success(request, "Hurdles saved.")
        return redirect(item)
    status = 400 if request.method == "POST" else 200
    return render(request, "appraisal/hurdles.html", {"appraisal": item, "forms": forms_}, status=status)


@permission_required("view")
@require_http_methods(["GET", "POST"])
def equality(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = services.get_appraisal(slug)
    option = services.get_in(item, Option, pk)
    assessment = option.equality_assessments.first()
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if action == "start":
            check(request.user, EDIT)
            assessment = eia.start_assessment(option)
            messages.success(
                request,
                f"Version {assessment.version} started; age, deprivation and rurality are pre-filled.",
            )
            return redirect(request.path)
        if assessment is None:
            raise NotFound("This option has no equality impact assessment yet.", hint="Start one first.")
        if action == "sign_off":
            check(request.user, SIGN_OFF)
            try:
                eia.sign_off(assessment, request.user)
            except CareshiftError as err:
                messages.error(request, f"{err.message} {err.hint}")
                return redirect(request.path)
            from careshift.apps.accounts import audit

            audit.record(request.user, "equality.approve", assessment, {"version": assessment.version})
            messages.success(request, f"Version {assessment.version} signed off.")
            return redirect(request.path)
        check(request.user, EDIT)
    rows = []
    if assessment is not None:
        editable = not assessment.is_signed_off and request.method == "POST"
        for row in assessment.rows.all():
            rows.append(
                (row, EqualityRowForm(request.POST if editable else None, instance=row, prefix=f"r{row.pk}"))
            )
        if request.method == "POST" and not assessment.is_signed_off and all(f.is_valid() for _, f in rows):
            for _, form in rows:
                form.save()
            from careshift.apps.accounts import audit

            audit.record(request.user, "equality.update", assessment, {"version": assessment.version})
            messages.success(request, "Assessment saved.")
            return redirect(request.path)
    context = {
        "appraisal": item,
        "option": option,
        "assessment": assessment,
        "rows": rows,
        "can": _can(request),
        "versions": option.equality_assessments.all(),
    }
    return render(
        request, "appraisal/equality.html", context, status=400 if request.method == "POST" else 200
    )


@permission_required("view")
def equality_csv(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    from careshift.site.spreadsheets import neutralise

    option = services.get_in(services.get_appraisal(slug), Option, pk)
    assessment = option.equality_assessments.first()
    if assessment is None:
        raise NotFound("This option has no equality impact assessment yet.", hint="Start one first.")
    frame = pd.DataFrame(
        [
            {
                "characteristic": r.characteristic,
                "impact": r.get_impact_display(),
                "evidence": neutralise(r.evidence),
                "mitigation": neutralise(r.mitigation),
                "pre-filled from the model": "yes" if r.prefilled else "no",
            }
            for r in assessment.rows.all()
        ]
    )
    return csv_response(
        frame, f"equality-{option.appraisal.slug}-option-{option.pk}-v{assessment.version}.csv"
    )


@permission_required("view")
def principles(request: HttpRequest) -> HttpResponse:
    context = {
        "principles": Principle.objects.prefetch_related("priorities"),
        "priorities": Priority.objects.prefetch_related("principles"),
    }
    return render(request, "appraisal/principles.html", context)


@permission_required("view")
@require_http_methods(["GET", "POST"])
def locations(request: HttpRequest) -> HttpResponse:
    form = LocationForm(request.POST or None)
    if request.method == "POST":
        check(request.user, EDIT)
        if form.is_valid():
            analysis = services.start_analysis(request.user, Analysis.Kind.LOCATIONS, form.cleaned_data)
            messages.success(request, "The solver is running in the background.")
            return redirect(analysis)
    recent = Analysis.objects.filter(kind=Analysis.Kind.LOCATIONS).select_related("job")[:10]
    return render(
        request,
        "appraisal/locations.html",
        {"form": form, "recent": recent, "can": _can(request)},
        status=400 if form.is_bound and form.errors else 200,
    )


@permission_required(EDIT)
@require_http_methods(["POST"])
def sensitivity(request: HttpRequest, slug: str) -> HttpResponse:
    item = services.get_appraisal(slug)
    params = {"draws": services.SENSITIVITY_DRAWS, "seed": 1}
    analysis = services.start_analysis(request.user, Analysis.Kind.SENSITIVITY, params, appraisal=item)
    messages.success(request, "The weight sensitivity is running in the background.")
    return redirect(analysis)


@permission_required("view")
def analysis(request: HttpRequest, pk: int) -> HttpResponse:
    """An analysis's page; HTMX polls its status partial while the job is queued or running."""
    from careshift.apps.appraisal.location import from_json

    item = services.get_analysis(pk)
    context: dict[str, Any] = {"analysis": item, "job": item.job}
    if item.result and item.kind == Analysis.Kind.LOCATIONS:
        context["proposal"] = from_json(item.result)
    if item.result and item.kind == Analysis.Kind.SENSITIVITY:
        context["acceptability"] = list(
            zip(item.result["options"], item.result["acceptability"], strict=True)
        )
        context["ranks"] = range(1, len(item.result["options"]) + 1)
    partial = request.headers.get("HX-Request") == "true"
    return render(request, "appraisal/_analysis.html" if partial else "appraisal/analysis.html", context)


@permission_required("view")
def evidence_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    items = services.search_evidence(query) if query else EvidenceItem.objects.prefetch_related("effects")
    from careshift.apps.appraisal.search import method

    context = {"form": form, "items": items, "query": query, "can": _can(request), "method": method()}
    return render(request, "appraisal/evidence_list.html", context)


@permission_required("view")
def evidence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _evidence(pk)
    form = EffectSizeForm(request.POST or None)
    if request.method == "POST":
        check(request.user, EVIDENCE)
        if form.is_valid():
            effect = form.save(commit=False)
            effect.evidence = item
            effect.save()
            from careshift.apps.accounts import audit

            audit.record(request.user, "evidence.update", item, {"effect added": str(effect)})
            messages.success(request, "Effect size added.")
            return redirect(item)
    context = {
        "item": item,
        "form": form,
        "can": _can(request),
        "scores": item.scores.select_related("option", "criterion"),
        "apply": _apply_form(request, item) if has_permission(request.user, "edit_scenario") else None,
    }
    return render(request, "appraisal/evidence_detail.html", context, status=400 if form.errors else 200)


def _apply_form(request: HttpRequest, item: EvidenceItem, data: Any = None) -> ApplyEffectForm:
    return ApplyEffectForm(data, evidence=item, levers=services.scenario_levers())


@permission_required("edit_scenario")
@require_http_methods(["POST"])
def evidence_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Use an effect size of this item as a scenario lever's range (the lever then cites the item)."""
    item = _evidence(pk)
    form = _apply_form(request, item, request.POST)
    if form.is_valid():
        try:
            scenario = services.apply_effect(
                request.user,
                form.cleaned_data["effect"],
                form.cleaned_data["lever"],
                form.cleaned_data["target"],
            )
        except CareshiftError as err:
            form.add_error(None, f"{err.message} {err.hint}")
        else:
            messages.success(
                request, f"{scenario.name} now takes that range from this evidence; run it again."
            )
            return redirect(scenario)
    context = {
        "item": item,
        "form": EffectSizeForm(),
        "can": _can(request),
        "scores": item.scores.select_related("option", "criterion"),
        "apply": form,
    }
    return render(request, "appraisal/evidence_detail.html", context, status=400)


def _evidence(pk: int) -> EvidenceItem:
    try:
        return EvidenceItem.objects.prefetch_related("effects").get(pk=pk)
    except EvidenceItem.DoesNotExist:
        raise NotFound(f"There is no evidence item number {pk}.") from None


@permission_required(EVIDENCE)
@require_http_methods(["GET", "POST"])
def evidence_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    item = _evidence(pk) if pk else EvidenceItem(created_by=request.user)  # type: ignore[misc]
    form = EvidenceForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        saved = services.save_form(request.user, form, "evidence.update" if pk else "evidence.create")
        messages.success(request, "Evidence saved.")
        return redirect(saved)
    return _form_page(request, form, "Edit evidence" if pk else "Add evidence", "/appraisal/evidence/")
