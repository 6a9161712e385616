"""Saved views: save a results or compare page with its filters, open one by its link, delete one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from careshift.apps.accounts.permissions import check, permission_required
from careshift.apps.scenarios import saved_views
from careshift.apps.scenarios.forms import SaveViewForm
from careshift.apps.scenarios.models import SavedView
from careshift.errors import NotFound, ValidationError


def _get(pk: int) -> SavedView:
    try:
        return SavedView.objects.select_related("owner").get(pk=pk)
    except SavedView.DoesNotExist:
        raise NotFound(f"There is no saved view number {pk}.", hint="It may have been deleted.") from None


@permission_required("save_view")
@require_POST
def save(request: HttpRequest) -> HttpResponse:
    form = SaveViewForm(request.POST)
    if not form.is_valid():
        fields = {k: " ".join(str(e) for e in v) for k, v in form.errors.items()}
        raise ValidationError("The view was not saved: give it a name.", fields=fields)
    view = saved_views.save_view(request.user, form.cleaned_data["name"], form.cleaned_data["path"])
    link = request.build_absolute_uri(view.get_absolute_url())
    messages.success(request, f"Saved as '{view.name}'. Share it with this link: {link}")
    return HttpResponseRedirect(view.target)


@permission_required("view")
def open_view(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponseRedirect(_get(pk).target)


@permission_required("delete_saved_view")
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    view = _get(pk)
    check(request.user, "delete_saved_view", view)
    saved_views.delete_view(request.user, view)
    messages.success(request, f"Saved view '{view.name}' deleted.")
    return redirect("scenarios:list")
