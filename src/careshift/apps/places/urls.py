from django.urls import path

from careshift.apps.places import views

app_name = "places"
urlpatterns = [
    path("", views.index, name="index"),
    path("map.json", views.map_spec, name="map_spec"),
    path("charts/<slug:name>/", views.chart_partial, name="chart"),
    path("charts/<slug:name>.csv", views.chart_csv, name="csv"),
    path("baseline/", views.baseline, name="baseline"),
    path("baseline/calibration.csv", views.baseline_csv, name="baseline_csv"),
    path("baseline/method/", views.baseline_method, name="baseline_method"),
]
