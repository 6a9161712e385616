"""The client address behind rate limits and sign-in throttling: REMOTE_ADDR unless behind a proxy,
then the right-most X-Forwarded-For entry that no trusted proxy wrote (CARESHIFT_TRUSTED_PROXY_COUNT)."""

from __future__ import annotations

from typing import Any

import pytest
from axes.helpers import get_client_ip_address
from django.test import RequestFactory

from careshift.site.client_address import client_address, forwarded_client


@pytest.mark.parametrize(
    ("header", "proxies", "expected"),
    [
        ("203.0.113.9", 1, "203.0.113.9"),
        ("6.6.6.6, 203.0.113.9", 1, "203.0.113.9"),
        ("6.6.6.6,203.0.113.9, 10.0.0.2", 2, "203.0.113.9"),
        ("203.0.113.9", 3, "203.0.113.9"),  # a shorter chain: its left-most entry
        (" , ", 1, ""),
        ("", 1, ""),
    ],
)
def test_the_right_most_untrusted_forwarded_address(header: str, proxies: int, expected: str) -> None:
    assert forwarded_client(header, proxies) == expected


def _request(**meta: str) -> Any:
    return RequestFactory().get("/", **meta)


def test_not_behind_a_proxy_the_header_is_never_trusted(settings: Any) -> None:
    settings.BEHIND_PROXY = False
    request = _request(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert client_address(request) == "203.0.113.9"
    assert get_client_ip_address(request) == "203.0.113.9"  # sign-in throttling keys on the same


def test_behind_a_proxy_the_forwarded_client_counts(settings: Any) -> None:
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 2
    request = _request(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9, 10.0.0.2")
    assert client_address(request) == "203.0.113.9"
    assert get_client_ip_address(request) == "203.0.113.9"
    assert client_address(_request(REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"  # no header: the peer
