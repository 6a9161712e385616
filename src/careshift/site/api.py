"""The JSON API under /api/ (django-ninja); OpenAPI document at /api/openapi.json."""

from ninja import NinjaAPI

from careshift.apps.places.api import router as places_router
from careshift.apps.scenarios.api import router as scenarios_router

api = NinjaAPI(title="careshift API", version="1", urls_namespace="api", docs_url="/docs")
api.add_router("/places", places_router)
api.add_router("/scenarios", scenarios_router)
