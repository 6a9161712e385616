"""The appraisal app through the test client: demo data, ranking with sources, permissions, bad input."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import openpyxl
from django.test import Client

from careshift.apps.appraisal.models import Appraisal, Criterion, PanelScore, Principle, Priority


def test_the_demo_has_the_agreed_principles_and_loads_once(demo: Appraisal) -> None:
    from careshift.apps.appraisal import demo as demo_data

    demo_data.load()
    assert Principle.objects.count() == 11 and Priority.objects.count() == 4
    assert Priority.objects.get(title="Delivered by an expert team").principles.count() == 2
    assert demo.options.count() == 3 and demo.criteria.count() == 7 and Appraisal.objects.count() == 1


def test_the_ranking_says_where_every_number_comes_from(demo: Appraisal, viewer_client: Client) -> None:
    page = viewer_client.get(demo.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert "Median of run" in html and "Mean of 1 panel scores" in html
    assert "Travel by car (estimated) to" in html
    assert "first in" in html and "What would change the leader" in html
    ranked = page.context["ranked"]
    assert ranked[0][0].name == "Care closer to home with six locality hubs"  # best on every criterion
    assert ranked[-1][0].name == "Do nothing"
    csv = viewer_client.get(f"{demo.get_absolute_url()}?csv=acceptability")
    assert csv["Content-Disposition"].endswith('acceptability.csv"') and b"Rank 1" in csv.content


def test_every_page_renders_for_a_viewer(demo: Appraisal, viewer_client: Client) -> None:
    option = demo.options.first()
    assert option is not None
    for url in (
        "/appraisal/",
        "/appraisal/principles/",
        "/appraisal/evidence/",
        "/appraisal/evidence/?q=reablement",
        f"{demo.get_absolute_url()}access/",
        f"{demo.get_absolute_url()}pack/",
        f"/appraisal/{demo.slug}/options/{option.pk}/equality/",
    ):
        assert viewer_client.get(url).status_code == 200, url
    spec = viewer_client.get(f"/appraisal/{demo.slug}/access/map/{option.pk}.json").json()
    assert len(spec["datasets"]["areas"]) > 400
    assert "Intermediate care" in viewer_client.get("/appraisal/evidence/?q=reablement").content.decode()


def test_only_builders_change_an_appraisal(demo: Appraisal, client_for: Callable[[str], Client]) -> None:
    url = f"/appraisal/{demo.slug}/criteria/new/"
    assert client_for("viewer").get(url).status_code == 403
    assert client_for("contributor").post(url, {}).status_code == 403
    response = client_for("analyst").post(
        url,
        {
            "name": "Carbon",
            "kind": "weighted",
            "source": "panel",
            "higher_is_better": "on",
            "weight": "5",
            "weight_low": "1",
            "weight_high": "10",
        },
    )
    assert response.status_code == 302 and demo.criteria.filter(name="Carbon").exists()


def test_a_weight_outside_its_range_is_explained_beside_the_field(
    demo: Appraisal, analyst_client: Client
) -> None:
    response = analyst_client.post(
        f"/appraisal/{demo.slug}/criteria/new/",
        {
            "name": "Carbon",
            "kind": "weighted",
            "source": "panel",
            "weight": "20",
            "weight_low": "1",
            "weight_high": "10",
        },
    )
    assert response.status_code == 400
    assert "must lie between its lowest and highest" in response.content.decode()


def test_panel_members_score_and_bad_scores_keep_what_was_typed(
    demo: Appraisal, user_factory: Callable[..., Any]
) -> None:
    member = user_factory("contributor")
    client = Client()
    client.force_login(member)
    criterion = demo.criteria.get(name="Quality and experience of care")
    option = demo.options.get(name="Do nothing")
    prefix = f"s{option.pk}-{criterion.pk}"
    bad = client.post(
        f"/appraisal/{demo.slug}/score/", {f"{prefix}-score": "11", f"{prefix}-rationale": "Great"}
    )
    assert bad.status_code == 400 and "less than or equal to 10" in bad.content.decode()
    assert "Great" in bad.content.decode()
    good = client.post(
        f"/appraisal/{demo.slug}/score/", {f"{prefix}-score": "3", f"{prefix}-rationale": "Gaps"}
    )
    assert good.status_code == 302
    assert PanelScore.objects.get(scorer=member, option=option).score == 3
    assert client_for_role_cannot_score(user_factory, demo)


def client_for_role_cannot_score(user_factory: Callable[..., Any], demo: Appraisal) -> bool:
    client = Client()
    client.force_login(user_factory("viewer"))
    return client.get(f"/appraisal/{demo.slug}/score/").status_code == 403


def test_the_equality_assessment_is_prefilled_versioned_and_signed_off(
    demo: Appraisal, client_for: Callable[[str], Client]
) -> None:
    option = demo.options.get(name="Do nothing")
    url = f"/appraisal/{demo.slug}/options/{option.pk}/equality/"
    analyst, lead = client_for("analyst"), client_for("programme_lead")
    assert analyst.post(url, {"action": "start"}).status_code == 302
    assessment = option.equality_assessments.get()
    rows = {r.characteristic: r for r in assessment.rows.all()}
    assert rows["Age"].prefilled and "aged 75 and over" in rows["Age"].evidence
    assert rows["Deprivation"].prefilled and rows["Rurality"].prefilled and not rows["Sex"].prefilled
    assert analyst.post(url, {"action": "sign_off"}).status_code == 403
    page = lead.post(url, {"action": "sign_off"}, follow=True).content.decode()
    assert "is not yet known" in page and not option.equality_assessments.get().is_signed_off
    data = {"action": "save"}
    for row in assessment.rows.all():
        data.update(
            {
                f"r{row.pk}-impact": "negative" if row.characteristic == "Sex" else "neutral",
                f"r{row.pk}-evidence": '=HYPERLINK("http://x")',
                f"r{row.pk}-mitigation": "",
            }
        )
    assert analyst.post(url, data).status_code == 302
    assert "has no mitigation" in lead.post(url, {"action": "sign_off"}, follow=True).content.decode()
    data[f"r{rows['Sex'].pk}-mitigation"] = "Targeted outreach"
    analyst.post(url, data)
    lead.post(url, {"action": "sign_off"})
    assert option.equality_assessments.get().is_signed_off
    csv = analyst.get(f"/appraisal/{demo.slug}/options/{option.pk}/equality.csv").content.decode()
    assert "'=HYPERLINK" in csv
    analyst.post(url, {"action": "start"})
    latest = option.equality_assessments.first()
    assert latest is not None and latest.version == 2
    assert latest.rows.get(characteristic="Sex").mitigation == "Targeted outreach"


def test_the_workbook_has_scores_ranking_and_criteria_and_no_live_formulas(
    demo: Appraisal, analyst_client: Client
) -> None:
    option = demo.options.first()
    assert option is not None
    option.name = '=HYPERLINK("http://evil")'
    option.save()
    response = analyst_client.get(f"/appraisal/{demo.slug}/export.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert {"scores", "ranking", "criteria"} <= set(book.sheetnames)
    values = [c.value for row in book["scores"].iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(v.startswith("=") for v in values)


def test_the_api_gives_the_ranking(demo: Appraisal, api_token: str) -> None:
    client = Client(headers={"Authorization": f"Bearer {api_token}"})
    ranking = client.get(f"/api/appraisal/{demo.slug}/ranking").json()
    assert [r["rank"] for r in ranking] == sorted(r["rank"] for r in ranking) or len(ranking) == 3
    assert abs(sum(r["first_in_share_of_draws"] for r in ranking) - 1) < 1e-9
    assert client.get("/api/appraisal/evidence/?q=virtual").json()[0]["effects"][0]["unit"] == "%"
    assert client.get("/api/appraisal/nope/ranking").status_code == 404


def test_a_missing_run_is_named_instead_of_ranked(demo: Appraisal, viewer_client: Client) -> None:
    from careshift.apps.scenarios.models import Run

    Run.objects.all().delete()
    page = viewer_client.get(demo.get_absolute_url()).content.decode()
    assert "No finished run of" in page and "The ranking appears once" in page
    assert Criterion.objects.filter(appraisal=demo).count() == 7
