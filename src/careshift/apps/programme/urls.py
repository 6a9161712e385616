"""Programme office pages under /programme/."""

from django.urls import path

from careshift.apps.programme.views import pages, records, reports, transfer

app_name = "programme"
urlpatterns = [
    path("", pages.dashboard, name="dashboard"),
    path("my-actions/", pages.my_actions, name="my_actions"),
    path("import/", transfer.tracker_import, name="import"),
    path("import/template.xlsx", transfer.tracker_template, name="tracker_template"),
    path("projects/<int:pk>/", pages.project_detail, name="project"),
    path("projects/<int:pk>/edit/", records.project_edit, name="project_edit"),
    path("projects/<int:pk>/stage/", records.move_stage, name="move_stage"),
    path("projects/<int:pk>/assess/", records.assess, name="assess"),
    path("projects/<int:pk>/chart/<slug:name>.csv", pages.project_chart_csv, name="project_chart"),
    path("projects/<int:pk>/raid/<int:item>/convert/", records.convert_risk, name="convert_risk"),
    path(
        "projects/<int:pk>/savings/<int:item>/months/<int:year>/",
        records.savings_months,
        name="savings_months",
    ),
    path("projects/<int:pk>/<slug:kind>/new/", records.record_edit, name="record_new"),
    path("projects/<int:pk>/<slug:kind>/<int:item>/", records.record_edit, name="record_edit"),
    path("projects/<int:pk>/<slug:kind>/<int:item>/delete/", records.record_delete, name="record_delete"),
    path("reports/<int:pk>/", reports.report_detail, name="report"),
    path("reports/<int:pk>/commentary/", reports.report_commentary, name="report_commentary"),
    path("reports/<int:pk>/review/", reports.report_review, name="report_review"),
    path("reports/<int:pk>/lock/", reports.report_lock, name="report_lock"),
    path("reports/new/<str:kind>/<int:pk>/", reports.report_start, name="report_start"),
    path("board-packs/<int:pk>/", reports.pack_file, name="pack_file"),
    path("board-packs/<int:pk>/download/", reports.pack_file_download, name="pack_file_download"),
    path("<slug:slug>/", pages.programme_detail, name="programme"),
    path("<slug:slug>/projects/new/", records.project_edit, name="project_new"),
    path("<slug:slug>/calendar/", pages.calendar, name="calendar"),
    path("<slug:slug>/export.xlsx", transfer.programme_export, name="export"),
    path("<slug:slug>/calendar/new/", records.meeting_edit, name="meeting_new"),
    path("<slug:slug>/chart/<slug:name>.csv", pages.programme_chart_csv, name="programme_chart"),
    path("<slug:slug>/board-pack/", reports.board_pack, name="board_pack"),
    path("<slug:slug>/board-pack/render/", reports.board_pack_render, name="board_pack_render"),
    path("<slug:slug>/board-pack.<str:fmt>", reports.board_pack_download, name="board_pack_download"),
    path("<slug:slug>/<slug:ws>/", pages.workstream_detail, name="workstream"),
]
