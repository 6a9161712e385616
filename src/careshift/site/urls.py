"""The site's URLs: each registered app's pages under its prefix, the API under /api/, the health check."""

from django.contrib import admin
from django.urls import include, path

from careshift.site import views
from careshift.site.api import api
from careshift.site.registry import app_specs

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
# Each installed app's pages under its own prefix (declared in its AppConfig: careshift.site.registry).
urlpatterns += [path(app.spec.url_prefix, include(app.spec.urls)) for app in app_specs() if app.spec.urls]

handler400 = "careshift.site.views.bad_request"
handler403 = "careshift.site.views.permission_denied"
handler404 = "careshift.site.views.page_not_found"
handler500 = "careshift.site.views.server_error"
