"""The appraisal's travel basis: the access criteria, the equality assessment's pre-filled rows, the access
page's default and the pack all use the travel times the appraisal names (car, public transport or an
imported matrix), and say which."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from careshift.apps.appraisal import equality, scoring
from careshift.apps.appraisal.models import Appraisal, Criterion, TravelMatrix

from .test_travel_times import _download, _upload


def _access_cells(demo: Appraisal) -> dict[tuple[int, str], scoring.Cell]:
    table = scoring.score_table(demo)
    return {
        (option.pk, c.source): table.cells[(option.pk, c.pk)]
        for option in table.options
        for c in table.criteria
        if c.source in scoring.ACCESS_SOURCES
    }


def _edit(client: Client, demo: Appraisal, travel: str, status: int = 200) -> str:
    response = client.post(
        f"/appraisal/{demo.slug}/edit/",
        {
            "name": demo.name,
            "description": demo.description,
            "method": demo.method,
            "horizon_year": demo.horizon_year,
            "travel_basis": travel,
        },
        follow=True,
    )
    assert response.status_code == status
    return response.content.decode()


def test_the_criteria_and_equality_rows_follow_the_appraisals_travel_basis(
    demo: Appraisal, client_for: Callable[[str], Client]
) -> None:
    assert demo.criteria.filter(source__in=scoring.ACCESS_SOURCES).exists()
    by_car = _access_cells(demo)
    assert all("by car (estimated)" in cell.source for cell in by_car.values())
    analyst = client_for("analyst")
    assert "Appraisal saved" in _edit(analyst, demo, "public_transport")
    demo.refresh_from_db()
    assert demo.travel_basis == "public_transport"
    by_bus = _access_cells(demo)
    for key, cell in by_bus.items():
        assert "by public transport (estimated)" in cell.source
        assert cell.value is not None and by_car[key].value is not None
        if key[1] == Criterion.Source.MEAN_TIME:
            assert cell.value > by_car[key].value  # slower by bus
        else:
            assert cell.value <= by_car[key].value  # fewer people within 30 minutes
    option = demo.options.exclude(site_codes=[]).first()
    assert option is not None
    rows = equality.prefill(option)
    assert all("by public transport (estimated)" in text for _, text in rows.values())
    page = analyst.get(demo.get_absolute_url()).content.decode()
    assert "Access criteria use travel times by public transport (estimated)" in page
    default = analyst.get(f"{demo.get_absolute_url()}access/")
    assert default.context["basis"].key == "public_transport"


def test_an_imported_matrix_can_be_the_basis_and_its_loss_is_explained(
    demo: Appraisal, client_for: Callable[[str], Client]
) -> None:
    analyst = client_for("analyst")
    _upload(analyst, demo, _download(analyst, demo, "car"), name="Drive times 2026")
    matrix = TravelMatrix.objects.get(appraisal=demo)
    form = analyst.get(f"/appraisal/{demo.slug}/edit/").content.decode()
    assert f'value="matrix-{matrix.pk}"' in form
    _edit(analyst, demo, f"matrix-{matrix.pk}")
    cells = _access_cells(Appraisal.objects.get(pk=demo.pk))
    assert all("imported times 'Drive times 2026'" in cell.source for cell in cells.values())
    matrix.delete()
    page = analyst.get(demo.get_absolute_url())
    assert page.status_code == 400
    assert "uses travel times that no longer exist" in page.content.decode()


def test_an_unknown_basis_is_refused_beside_the_field_and_nothing_changes(
    demo: Appraisal, client_for: Callable[[str], Client]
) -> None:
    html = _edit(client_for("analyst"), demo, "teleport", status=400)
    assert "Select a valid choice" in html and "--error" in html
    demo.refresh_from_db()
    assert demo.travel_basis == "car"


def test_access_is_measured_to_the_nearest_site_of_each_kind(demo: Appraisal, viewer_client: Client) -> None:
    response = viewer_client.get(f"{demo.get_absolute_url()}access/")
    rows = [r for r in response.context["rows"] if "result" in r]
    mixed = max(rows, key=lambda r: len(r["result"].by_kind))
    by_kind = mixed["result"].by_kind
    assert len(by_kind) >= 2, by_kind.keys()  # hospitals and hubs
    county = mixed["result"].county
    for everyone, over_75 in by_kind.values():
        # the nearest site of any kind is never further than the nearest of one kind
        assert all(county.share_within[t] >= everyone.share_within[t] - 1e-12 for t in county.share_within)
        assert county.mean_minutes <= everyone.mean_minutes + 1e-9
        assert 0 <= over_75.share_within[30.0] <= 1
    best = {t: max(pair[0].share_within[t] for pair in by_kind.values()) for t in county.share_within}
    assert all(county.share_within[t] >= best[t] - 1e-12 for t in best)
    html = response.content.decode()
    assert 'id="access-by-kind"' in html and "nearest open site of each kind" in html
    for label in by_kind:
        assert label in html
