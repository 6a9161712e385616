"""Scenario pages: list, detail, create, import, edit, copy, delete, export, and the HTMX lever rows (a
lever, a discharge lever)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from careshift.apps.accounts.permissions import has_permission, permission_required
from careshift.apps.scenarios import engine, lever_words, library, pinning, services, versions
from careshift.apps.scenarios.discharge_form import DischargeLeverFormSet
from careshift.apps.scenarios.editor import ScenarioEditor
from careshift.apps.scenarios.forms import (
    CopyForm,
    DraftForm,
    ImportForm,
    LeverFormSet,
    PinForm,
    RunForm,
    pack_choices,
)
from careshift.apps.scenarios.models import LeverTemplate, SavedView, Scenario
from careshift.errors import ConflictError, ScenarioError, ValidationError
from careshift.site.concurrency import current_version


def _can(request: HttpRequest) -> dict[str, bool]:
    user = request.user
    return {
        a: has_permission(user, a)
        for a in ("edit_scenario", "run_scenario", "delete_scenario", "cancel_run", "pin_run")
    }


@permission_required("view")
def scenario_list(request: HttpRequest) -> HttpResponse:
    scenarios = Scenario.objects.with_last_run().select_related("owner")
    views = list(SavedView.objects.select_related("owner")[:100])
    for view in views:
        view.can_delete = has_permission(request.user, "delete_saved_view", view)  # type: ignore[attr-defined]
    context = {"scenarios": scenarios, "can": _can(request), "saved_views": views}
    return render(request, "scenarios/list.html", context)


@permission_required("view")
def scenario_detail(request: HttpRequest, slug: str) -> HttpResponse:
    scenario = services.get_scenario(slug)
    return detail_page(request, scenario, RunForm(initial=services.default_run_options(scenario)))


def detail_page(
    request: HttpRequest, scenario: Scenario, run_form: RunForm | None = None, status: int = 200, **forms: Any
) -> HttpResponse:
    """The scenario page; a run form that failed validation is shown open, its errors beside its fields
    and what was typed kept (with status 400: the run was refused). ``forms`` are other bound forms to
    show with their errors (``pin_form``, ``draft_form``)."""
    run_form = run_form or RunForm(initial=services.default_run_options(scenario))
    quoted, why = pinning.quoted_run(scenario)
    labels = lever_words.pack_labels()
    context = {
        "scenario": scenario,
        "runs": scenario.runs.select_related("requested_by", "job")[:20],
        "run_form": run_form,
        "can": _can(request),
        "levers": lever_words.all_levers(scenario.spec, labels),
        "policy": lever_words.policy_words(scenario.spec, labels),
        "savings_target": lever_words.target_words(scenario.spec),
        "quoted_run": quoted,
        "quoted_why": why,
        "pin_form": forms.get("pin_form") or PinForm(scenario=scenario),
        "draft_form": forms.get("draft_form") or DraftForm(),
        "pin_open": bool(forms),
        "copy_name": services.unique_name(f"Copy of {scenario.name}") if scenario.is_sample else "",
    }
    return render(request, "scenarios/detail.html", context, status=status)


def _editor_page(
    request: HttpRequest, editor: ScenarioEditor, scenario: Scenario | None, status: int = 200
) -> HttpResponse:
    context = {"editor": editor, "scenario": scenario, "lever_templates": LeverTemplate.objects.all()}
    return render(request, "scenarios/form.html", context, status=status)


@permission_required("edit_scenario")
@require_http_methods(["GET", "POST"])
def scenario_create(request: HttpRequest) -> HttpResponse:
    editor = ScenarioEditor(request.POST if request.method == "POST" else None)
    if request.method == "POST" and editor.is_valid():
        assert editor.spec is not None
        try:
            scenario = services.create_scenario(
                request.user, name=editor.name, spec=editor.spec, description=editor.description
            )
        except ValidationError as err:
            if "name" not in err.fields:
                raise
            editor.scenario.add_error("name", err.fields["name"])
            return _editor_page(request, editor, None)
        messages.success(request, f"Scenario '{scenario.name}' created.")
        return redirect(scenario)
    return _editor_page(request, editor, None)


def _read_only(request: HttpRequest, scenario: Scenario) -> HttpResponse:
    """A shipped sample cannot be edited: say so, and offer to copy it (the copy is editable)."""
    context = {"scenario": scenario, "copy_name": services.unique_name(f"Copy of {scenario.name}")}
    return render(request, "scenarios/read_only.html", context, status=403)


@permission_required("edit_scenario")
@require_http_methods(["GET", "POST"])
def scenario_edit(request: HttpRequest, slug: str) -> HttpResponse:
    scenario = services.get_scenario(slug)
    if scenario.is_sample:
        return _read_only(request, scenario)
    editor = ScenarioEditor(
        request.POST if request.method == "POST" else None,
        spec=scenario.spec,
        name=scenario.name,
        description=scenario.description,
        version=scenario.version,
    )
    if request.method == "POST" and editor.is_valid():
        assert editor.spec is not None
        try:
            services.update_scenario(
                request.user,
                scenario,
                name=editor.name,
                spec=editor.spec,
                description=editor.description,
                expected_version=editor.version,
            )
        except ConflictError as err:
            editor.refuse_conflict(err, current_version(scenario))
            return _editor_page(request, editor, scenario, status=err.status_code)
        except ValidationError as err:
            if "name" not in err.fields:
                raise
            editor.scenario.add_error("name", err.fields["name"])
            return _editor_page(request, editor, scenario)
        messages.success(request, f"Scenario '{scenario.name}' saved.")
        return redirect(scenario)
    return _editor_page(request, editor, scenario)


@permission_required("view")
def scenario_history(request: HttpRequest, slug: str) -> HttpResponse:
    scenario = services.get_scenario(slug)
    context = {"scenario": scenario, "entries": versions.history(scenario)}
    return render(request, "scenarios/history.html", context)


@permission_required("edit_scenario")
def lever_row(request: HttpRequest) -> HttpResponse:
    """HTMX: one lever form, numbered after the rows already on the page: empty, or filled in from the
    lever library's template ``?template=<id>`` (careshift.apps.scenarios.library)."""
    try:
        index = max(0, int(request.GET.get("levers-TOTAL_FORMS", "0")))
    except ValueError:
        index = 0
    formset = LeverFormSet(prefix="levers", choices=pack_choices())
    form = formset.empty_form
    form.prefix = f"levers-{index}"
    if request.GET.get("template"):
        form.initial = library.initial(library.get_template(request.GET["template"]))
    return render(request, "scenarios/_lever_row.html", {"form": form, "index": index, "total": index + 1})


@permission_required("edit_scenario")
def discharge_row(request: HttpRequest) -> HttpResponse:
    """HTMX: one empty discharge lever form, numbered after the rows already on the page."""
    try:
        index = max(0, int(request.GET.get("discharge-TOTAL_FORMS", "0")))
    except ValueError:
        index = 0
    form = DischargeLeverFormSet(prefix="discharge", choices=pack_choices()).empty_form
    form.prefix = f"discharge-{index}"
    context = {"form": form, "index": index, "total": index + 1}
    return render(request, "scenarios/_discharge_row.html", context)


@permission_required("edit_scenario")
@require_http_methods(["GET", "POST"])
def scenario_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            spec = engine.parse_file(upload.name, upload.read())
            name = form.cleaned_data["name"] or spec["name"]
            scenario = services.create_scenario(
                request.user, name=name, spec=spec, description=spec.get("description", "")
            )
        except ScenarioError as err:
            form.add_error("file", f"{err.message} {err.hint}")
        except ValidationError as err:
            if "name" not in err.fields:
                raise
            form.add_error("name", f"{err.message} Give the scenario another name here.")
        else:
            messages.success(request, f"Scenario '{scenario.name}' imported.")
            return redirect(scenario)
    return render(request, "scenarios/import.html", {"form": form})


@permission_required("view")
def scenario_export(request: HttpRequest, slug: str) -> HttpResponse:
    scenario = services.get_scenario(slug)
    response = HttpResponse(engine.to_yaml(scenario.spec), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{scenario.slug}.yaml"'
    return response


@permission_required("edit_scenario")
@require_http_methods(["GET", "POST"])
def scenario_copy(request: HttpRequest, slug: str) -> HttpResponse:
    scenario = services.get_scenario(slug)
    form = CopyForm(request.POST or None, initial={"name": services.unique_name(f"Copy of {scenario.name}")})
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.copy_scenario(request.user, scenario, form.cleaned_data["name"])
        except ValidationError as err:
            if "name" not in err.fields:
                raise
            form.add_error("name", err.fields["name"])
        else:
            messages.success(request, f"Copied to '{copy.name}'; this copy can be changed.")
            return (
                redirect("scenarios:edit", copy.slug)
                if request.POST.get("then") == "edit"
                else redirect(copy)
            )
    return render(request, "scenarios/copy.html", {"scenario": scenario, "form": form})


@permission_required("delete_scenario")
@require_http_methods(["GET", "POST"])
def scenario_delete(request: HttpRequest, slug: str) -> HttpResponse:
    scenario = services.get_scenario(slug)
    if request.method == "POST":
        name = scenario.name
        services.delete_scenario(request.user, scenario)
        messages.success(request, f"Scenario '{name}' and its runs deleted.")
        return redirect("scenarios:list")
    return render(
        request, "scenarios/confirm_delete.html", {"scenario": scenario, "runs": scenario.runs.count()}
    )
