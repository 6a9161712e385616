from __future__ import annotations

from unittest import mock

from django.test import Client


def test_healthz_ok_when_the_database_answers(client: Client, db: None) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["jobs"]["queued"] == 0 and body["jobs"]["workers_alive"] == 0


def test_healthz_503_when_the_database_fails(client: Client, db: None) -> None:
    with mock.patch("careshift.site.views.connection.cursor", side_effect=RuntimeError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
