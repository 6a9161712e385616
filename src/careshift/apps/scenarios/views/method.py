"""How this is calculated: the method and every assumption of the data pack, with source and range."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from careshift.apps.accounts.permissions import permission_required
from careshift.apps.scenarios import engine
from careshift.apps.scenarios import method as methods


@permission_required("view")
def method(request: HttpRequest) -> HttpResponse:
    pack = engine.load_pack()
    context = {
        "title": "How this is calculated",
        "method": methods.method_html(),
        "pack": pack,
        "assumptions": methods.assumptions(pack),
    }
    return render(request, "scenarios/method.html", context)
