"""Agreeing a scenario and pinning its run (or returning it to draft): POST from the scenario page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from careshift.apps.accounts.permissions import permission_required
from careshift.apps.scenarios import pinning, services
from careshift.apps.scenarios.forms import DraftForm, PinForm
from careshift.apps.scenarios.views.scenarios import detail_page
from careshift.errors import ValidationError


@permission_required("pin_run")
@require_POST
def scenario_pin(request: HttpRequest, slug: str) -> HttpResponse:
    scenario = services.get_scenario(slug)
    form = PinForm(request.POST, scenario=scenario)
    if form.is_valid():
        run = services.get_run(form.cleaned_data["run"])
        try:
            pinning.pin_run(request.user, scenario, run, reason=form.cleaned_data["reason"])
        except ValidationError as err:
            form.add_error("run" if "run" in err.fields else None, err.message)
        else:
            messages.success(request, f"'{scenario.name}' is agreed; run {run.pk} is pinned.")
            return redirect(scenario)
    return detail_page(request, scenario, status=400, pin_form=form)


@permission_required("pin_run")
@require_POST
def scenario_draft(request: HttpRequest, slug: str) -> HttpResponse:
    scenario = services.get_scenario(slug)
    form = DraftForm(request.POST)
    if form.is_valid():
        try:
            pinning.return_to_draft(request.user, scenario, reason=form.cleaned_data["reason"])
        except ValidationError as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, f"'{scenario.name}' is a draft again; compare uses its latest run.")
            return redirect(scenario)
    return detail_page(request, scenario, status=400, draft_form=form)
