"""Scenario, run, results and comparison pages under /scenarios/."""

from django.urls import path

from careshift.apps.scenarios.views import (
    compare_download,
    explore,
    library,
    method,
    pinning,
    report,
    runs,
    saved,
    scenarios,
    sensitivity,
)

app_name = "scenarios"
urlpatterns = [
    path("", scenarios.scenario_list, name="list"),
    path("new/", scenarios.scenario_create, name="create"),
    path("import/", scenarios.scenario_import, name="import"),
    path("lever-row/", scenarios.lever_row, name="lever_row"),
    path("discharge-row/", scenarios.discharge_row, name="discharge_row"),
    path("levers/", library.lever_library, name="lever_library"),
    path("levers/save/", library.lever_template_save, name="lever_template_save"),
    path("levers/<int:pk>/delete/", library.lever_template_delete, name="lever_template_delete"),
    path("compare/", runs.compare, name="compare"),
    path("compare/document.<str:fmt>", report.compare_document, name="compare_document"),
    path("compare/download.<str:fmt>", compare_download.compare_download, name="compare_download"),
    path("method/", method.method, name="method"),
    path("views/save/", saved.save, name="save_view"),
    path("views/<int:pk>/", saved.open_view, name="saved_view"),
    path("views/<int:pk>/delete/", saved.delete, name="delete_saved_view"),
    path("runs/<int:pk>/", runs.run_detail, name="run"),
    path("runs/<int:pk>/progress/", runs.run_progress, name="run_progress"),
    path("runs/<int:pk>/cancel/", runs.run_cancel, name="run_cancel"),
    path("runs/<int:pk>/results/", runs.run_results, name="results"),
    path("runs/<int:pk>/drivers/", sensitivity.run_drivers, name="drivers"),
    path("runs/<int:pk>/explore/", explore.run_explore, name="explore"),
    path("runs/<int:pk>/download.<str:fmt>", runs.run_download, name="download"),
    path("runs/<int:pk>/document.<str:fmt>", report.results_document, name="results_document"),
    path("<slug:slug>/", scenarios.scenario_detail, name="detail"),
    path("<slug:slug>/edit/", scenarios.scenario_edit, name="edit"),
    path("<slug:slug>/history/", scenarios.scenario_history, name="history"),
    path("<slug:slug>/copy/", scenarios.scenario_copy, name="copy"),
    path("<slug:slug>/delete/", scenarios.scenario_delete, name="delete"),
    path("<slug:slug>/export.yaml", scenarios.scenario_export, name="export"),
    path("<slug:slug>/run/", runs.run_start, name="start_run"),
    path("<slug:slug>/pin/", pinning.scenario_pin, name="pin"),
    path("<slug:slug>/draft/", pinning.scenario_draft, name="draft"),
]
