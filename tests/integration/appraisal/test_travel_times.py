"""Access on other travel bases: public transport estimates, an imported travel-time matrix (checked row
by row, nothing saved from a file with an error) and two-step floating catchment accessibility."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from careshift.apps.accounts.models import AuditEvent
from careshift.apps.appraisal.models import Appraisal, TravelMatrix


def _sites(demo: Appraisal) -> list[str]:
    return list(dict.fromkeys(code for o in demo.options.all() for code in o.site_codes))


def _download(client: Client, demo: Appraisal, travel: str) -> list[dict[str, str]]:
    response = client.get(f"/appraisal/{demo.slug}/access/travel-times.csv?travel={travel}")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(
        f'{demo.slug}-travel-times-{travel.replace("_", "-")}.csv"'
    )
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def _upload(client: Client, demo: Appraisal, rows: list[dict[str, str]], name: str = "Bus, AM peak") -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["Small area", "Site", "Minutes"])
    writer.writeheader()
    writer.writerows(rows)
    upload = SimpleUploadedFile("times.csv", out.getvalue().encode(), content_type="text/csv")
    response = client.post(
        f"/appraisal/{demo.slug}/access/import/",
        {"name": name, "source": "r5r 2026-11, BODS GTFS", "file": upload},
        follow=True,
    )
    assert response.status_code == 200
    return response.content.decode()


def test_public_transport_is_slower_than_car_and_the_page_says_which(
    demo: Appraisal, viewer_client: Client
) -> None:
    car = viewer_client.get(f"{demo.get_absolute_url()}access/")
    bus = viewer_client.get(f"{demo.get_absolute_url()}access/?travel=public_transport")
    assert "by public transport (estimated)" in bus.content.decode()
    car_rows = {r["option"].pk: r for r in car.context["rows"]}
    for row in bus.context["rows"]:
        assert row["result"].county.mean_minutes > car_rows[row["option"].pk]["result"].county.mean_minutes
        assert row["fca"] > 0 and len(row["localities"]) == 6 and len(row["quintiles"]) == 5
    unknown = viewer_client.get(f"{demo.get_absolute_url()}access/?travel=teleport")
    assert (
        unknown.status_code == 400
        and "no travel times called &#x27;teleport&#x27;" in unknown.content.decode()
    )


def test_an_imported_matrix_round_trips_and_drives_the_measures(
    demo: Appraisal, client_for: Callable[[str], Client]
) -> None:
    analyst = client_for("analyst")
    rows = _download(analyst, demo, "public_transport")
    assert len(rows) == 428 * len(_sites(demo))
    for row in rows:  # every time doubled: the measures must follow the file, not the estimates
        row["Minutes"] = str(round(float(row["Minutes"]) * 2, 1))
    html = _upload(analyst, demo, rows)
    matrix = TravelMatrix.objects.get(appraisal=demo)
    assert "Imported &#x27;Bus, AM peak&#x27;: 428 small areas" in html
    assert AuditEvent.objects.filter(action="travel_matrix.import").count() == 1
    page = analyst.get(f"{demo.get_absolute_url()}access/?travel=matrix-{matrix.pk}")
    estimated = analyst.get(f"{demo.get_absolute_url()}access/?travel=public_transport")
    base = {r["option"].pk: r["result"].county.mean_minutes for r in estimated.context["rows"]}
    for row in page.context["rows"]:
        assert row["result"].county.mean_minutes == pytest.approx(2 * base[row["option"].pk], rel=1e-3)
    assert "r5r 2026-11, BODS GTFS" in page.content.decode()
    option = demo.options.exclude(site_codes=[]).first()
    assert option is not None
    spec = analyst.get(f"/appraisal/{demo.slug}/access/map/{option.pk}.json?travel=matrix-{matrix.pk}").json()
    assert "imported times" in str(spec["title"])


def test_a_bad_matrix_is_refused_with_the_row_and_nothing_saved(
    demo: Appraisal, client_for: Callable[[str], Client]
) -> None:
    analyst = client_for("analyst")
    rows = _download(analyst, demo, "car")
    rows[4]["Minutes"] = "-3"
    html = _upload(analyst, demo, rows)
    assert "row 6" in html.lower() and TravelMatrix.objects.count() == 0
    rows[4]["Minutes"] = "12"
    rows[7]["Small area"] = "E99999999"
    assert "unknown small area &#x27;E99999999&#x27;" in _upload(analyst, demo, rows)
    html = _upload(analyst, demo, _download(analyst, demo, "car")[:-3])
    assert "no time for 3 small area and site pairs" in html and TravelMatrix.objects.count() == 0


def test_an_option_with_a_site_the_matrix_lacks_says_so(
    demo: Appraisal, client_for: Callable[[str], Client]
) -> None:
    analyst = client_for("analyst")
    sites = _sites(demo)
    rows = [r for r in _download(analyst, demo, "car") if r["Site"] != sites[0]]
    _upload(analyst, demo, rows, name="Partial")
    matrix = TravelMatrix.objects.get(name="Partial")
    page = analyst.get(f"{demo.get_absolute_url()}access/?travel=matrix-{matrix.pk}").content.decode()
    assert f"have no times to {sites[0]}" in page and "Not measured" in page


def test_only_editors_import_travel_times(demo: Appraisal, client_for: Callable[[str], Client]) -> None:
    url = f"/appraisal/{demo.slug}/access/import/"
    assert client_for("viewer").get(url).status_code == 403
    assert client_for("analyst").get(url).status_code == 200
