from django.urls import path

from careshift.apps.places import views

app_name = "places"
urlpatterns = [
    path("", views.index, name="index"),
    path("map.json", views.map_spec, name="map_spec"),
    path("charts/<slug:name>/", views.chart_partial, name="chart"),
    path("charts/<slug:name>.csv", views.chart_csv, name="csv"),
]
