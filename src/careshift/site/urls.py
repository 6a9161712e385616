from django.contrib import admin
from django.urls import include, path

from careshift.site.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("accounts/", include("careshift.apps.accounts.urls")),
    path("places/", include("careshift.apps.places.urls")),
    path("scenarios/", include("careshift.apps.scenarios.urls")),
]
