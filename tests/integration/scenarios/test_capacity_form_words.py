"""The scenario form's capacity fields say what the engine does: the risk target is the probability
that an arriving patient finds no bed (the default measure, not Erlang B), and today's beds are the
published stock counted as residents' beds (949 of OUH's 1,018 for Oxfordshire, not 1,018)."""

from __future__ import annotations

import html as htmllib

from django.test import Client


def test_the_risk_target_and_todays_beds_are_worded_as_the_engine_uses_them(analyst_client: Client) -> None:
    page = htmllib.unescape(analyst_client.get("/scenarios/new/").content.decode())
    assert "(Erlang B) as a percentage" not in page
    assert "risk target (%)" in page
    assert "probability that an arriving patient finds no bed" in page and "one day in twenty" in page
    assert "counted as the pack's residents' beds" in page
