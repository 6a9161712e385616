"""The lever library page: templates in words, save a scenario's lever as one, remove one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from careshift.apps.accounts.permissions import has_permission, permission_required
from careshift.apps.scenarios import lever_words, library, services
from careshift.apps.scenarios.forms import SaveTemplateForm
from careshift.apps.scenarios.models import LeverTemplate
from careshift.errors import ValidationError


def _page(request: HttpRequest, form: SaveTemplateForm | None = None, status: int = 200) -> HttpResponse:
    labels = lever_words.pack_labels()
    templates = [
        (template, lever_words.lever_words(template.lever, _spec(template), labels))
        for template in LeverTemplate.objects.all()
    ]
    context = {
        "templates": templates,
        "can_manage": has_permission(request.user, "manage_lever_library"),
        "form": form or SaveTemplateForm(levers=library.scenario_levers()),
    }
    return render(request, "scenarios/lever_library.html", context, status=status)


def _spec(template: LeverTemplate) -> dict[str, object]:
    """Just enough of a scenario for the lever's words: its implementation cost."""
    cost = {"one_off": template.one_off_cost or 0, "recurring": template.recurring_cost or 0}
    return {"finance": {"implementation_cost": {template.lever.get("name", template.name): cost}}}


@permission_required("view")
def lever_library(request: HttpRequest) -> HttpResponse:
    return _page(request)


@permission_required("manage_lever_library")
@require_POST
def lever_template_save(request: HttpRequest) -> HttpResponse:
    form = SaveTemplateForm(request.POST, levers=library.scenario_levers())
    if not form.is_valid():
        return _page(request, form, status=400)
    slug, _, name = form.cleaned_data["lever"].partition("|")
    try:
        template = library.save_from_scenario(request.user, services.get_scenario(slug), name)
    except ValidationError as err:
        form.add_error("lever", str(err))
        return _page(request, form, status=400)
    messages.success(request, f"'{template.name}' is in the lever library.")
    return redirect(template)


@permission_required("manage_lever_library")
@require_POST
def lever_template_delete(request: HttpRequest, pk: int) -> HttpResponse:
    template = library.get_template(pk)
    library.delete_template(request.user, template)
    messages.success(request, f"'{template.name}' was removed from the lever library; no scenario changes.")
    return redirect("scenarios:lever_library")
