"""Appraisal and evidence pages under /appraisal/."""

from django.urls import path

from careshift.apps.appraisal import views

app_name = "appraisal"
urlpatterns = [
    path("", views.appraisal_list, name="list"),
    path("new/", views.appraisal_create, name="create"),
    path("principles/", views.principles, name="principles"),
    path("locations/", views.locations, name="locations"),
    path("analyses/<int:pk>/", views.analysis, name="analysis"),
    path("evidence/", views.evidence_list, name="evidence_list"),
    path("evidence/new/", views.evidence_edit, name="evidence_create"),
    path("evidence/<int:pk>/", views.evidence_detail, name="evidence_detail"),
    path("evidence/<int:pk>/edit/", views.evidence_edit, name="evidence_edit"),
    path("evidence/<int:pk>/apply/", views.evidence_apply, name="evidence_apply"),
    path("<slug:slug>/", views.appraisal_detail, name="detail"),
    path("<slug:slug>/edit/", views.appraisal_edit, name="edit"),
    path("<slug:slug>/pack/", views.appraisal_pack, name="pack"),
    path("<slug:slug>/pack.<str:fmt>", views.appraisal_pack_download, name="pack_download"),
    path("<slug:slug>/export.xlsx", views.appraisal_export, name="export"),
    path("<slug:slug>/access/", views.appraisal_access, name="access"),
    path("<slug:slug>/access/map/<int:pk>.json", views.access_map, name="access_map"),
    path("<slug:slug>/access/import/", views.access_import, name="access_import"),
    path("<slug:slug>/access/travel-times.<str:fmt>", views.access_times, name="access_times"),
    path("<slug:slug>/options/new/", views.option_edit, name="option_create"),
    path("<slug:slug>/options/<int:pk>/", views.option_edit, name="option_edit"),
    path("<slug:slug>/options/<int:pk>/equality/", views.equality, name="equality"),
    path("<slug:slug>/options/<int:pk>/equality.csv", views.equality_csv, name="equality_csv"),
    path("<slug:slug>/criteria/new/", views.criterion_edit, name="criterion_create"),
    path("<slug:slug>/criteria/<int:pk>/", views.criterion_edit, name="criterion_edit"),
    path("<slug:slug>/score/", views.score, name="score"),
    path("<slug:slug>/hurdles/", views.hurdles, name="hurdles"),
    path("<slug:slug>/sensitivity/", views.sensitivity, name="sensitivity"),
]
