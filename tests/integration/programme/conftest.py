"""A small programme for the programme office's integration tests (the demo is tested on its own)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from careshift.analysis.programme import savings
from careshift.apps.programme import models as m
from careshift.apps.programme.demo import STAGES

TODAY = dt.date.today()


@dataclass
class Small:
    programme: m.Programme
    workstream: m.Workstream
    project: m.Project
    other: m.Project
    owner: Any
    lead: Any
    line: m.SavingsLine


def make_programme(user_factory: Callable[..., Any], slug: str = "test-programme") -> Small:
    owner, lead, stranger_owner = (
        user_factory("contributor"),
        user_factory("contributor"),
        user_factory("analyst"),
    )
    programme = m.Programme.objects.create(name="Test programme", slug=slug)
    year = savings.financial_year(TODAY)
    m.SavingsTarget.objects.create(programme=programme, financial_year=year, amount=Decimal(1_000_000))
    for k, (key, name, weight, arts, threshold) in enumerate(STAGES):
        m.Stage.objects.create(
            programme=programme,
            key=key,
            name=name,
            order=k,
            weight=weight,
            required_artefacts=arts,
            approval_threshold=threshold,
        )
    ws = m.Workstream.objects.create(programme=programme, slug="urgent", name="Urgent care", lead=lead)
    idea = programme.stages.get(key="idea")
    project = m.Project.objects.create(
        workstream=ws,
        reference=f"{slug[:4]}-P1",
        name="Virtual ward",
        owner=owner,
        stage=idea,
        localities=["west"],
    )
    other = m.Project.objects.create(
        workstream=ws, reference=f"{slug[:4]}-P2", name="Hubs", owner=stranger_owner, stage=idea
    )
    m.Milestone.objects.create(
        project=project,
        reference=f"{slug[:4]}-M1",
        name="Go live",
        baseline=TODAY + dt.timedelta(days=10),
        forecast=TODAY + dt.timedelta(days=40),
    )
    m.RaidItem.objects.create(
        project=project,
        reference=f"{slug[:4]}-R1",
        title="Staffing",
        residual_likelihood=4,
        residual_impact=5,
        inherent_likelihood=5,
        inherent_impact=5,
    )
    line = m.SavingsLine.objects.create(
        project=project, reference=f"{slug[:4]}-S1", title="Bed days", full_year_effect=Decimal(120_000)
    )
    for month, value in savings.phase_evenly(120_000, year).items():
        actual = Decimal(str(value * 0.5)) if month < TODAY.replace(day=1) else None
        m.SavingsMonth.objects.create(line=line, month=month, plan=Decimal(str(value)), actual=actual)
    return Small(programme, ws, project, other, owner, lead, line)


@pytest.fixture
def small(user_factory: Callable[..., Any]) -> Small:
    return make_programme(user_factory)


@pytest.fixture
def login() -> Callable[[Any], Client]:
    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
