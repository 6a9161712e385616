from django.apps import AppConfig

from careshift.site.registry import AppSpec, HomeCard, MenuEntry


class PlacesConfig(AppConfig):
    name = "careshift.apps.places"
    label = "places"
    default_auto_field = "django.db.models.BigAutoField"
    careshift = AppSpec(
        url_prefix="places/",
        urls="careshift.apps.places.urls",
        api_prefix="/places",
        api_router="careshift.apps.places.api:router",
        menu=(
            MenuEntry("Places", "places:index", order=10, exclude_prefixes=("/places/baseline/",)),
            MenuEntry("Baseline", "places:baseline", order=11),
        ),
        cards=(
            HomeCard(
                "Places",
                "places:index",
                "Oxfordshire at a glance: localities, people, deprivation and sites.",
                count="careshift.apps.places.dashboard:locality_count",
                count_label="localities",
                order=10,
            ),
        ),
    )
