"""The site's URLs: each app's pages under its own prefix, the API under /api/, the health check."""

from django.contrib import admin
from django.urls import include, path

from careshift.site import views
from careshift.site.api import api

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("accounts/", include("careshift.apps.accounts.urls")),
    path("places/", include("careshift.apps.places.urls")),
    path("scenarios/", include("careshift.apps.scenarios.urls")),
]

handler400 = "careshift.site.views.bad_request"
handler403 = "careshift.site.views.permission_denied"
handler404 = "careshift.site.views.page_not_found"
handler500 = "careshift.site.views.server_error"
