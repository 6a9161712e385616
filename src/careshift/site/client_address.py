"""The client's network address, for rate limits and sign-in throttling.

Not behind a proxy, the address is the peer's, ``REMOTE_ADDR``: an ``X-Forwarded-For`` header is
whatever the client chose to send and is never read. Behind ``CARESHIFT_BEHIND_PROXY=1`` the peer is
the proxy, so the address is taken from ``X-Forwarded-For``, where each proxy appends the address it
was reached from. With ``CARESHIFT_TRUSTED_PROXY_COUNT`` proxies in the chain, the client is the
``count``-th entry from the right: the right-most one that no trusted proxy wrote. Entries left of it
were sent by the client and could be anything, so they are ignored (the same rule as waitress's
``trusted_proxy_count``, which ``careshift serve`` is given).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def forwarded_client(header: str, trusted_proxies: int) -> str:
    """The right-most address in an ``X-Forwarded-For`` value not written by a trusted proxy:
    ``"6.6.6.6, 203.0.113.9, 10.0.0.2"`` behind two proxies is ``"203.0.113.9"``; an empty header ``""``.
    A chain shorter than ``trusted_proxies`` gives its left-most entry (as waitress does)."""
    hops = [hop.strip() for hop in header.split(",") if hop.strip()]
    if not hops:
        return ""
    return hops[-min(trusted_proxies, len(hops))]


def client_address(request: HttpRequest) -> str:
    """The address a request came from (see the module docstring for when a proxy's header counts)."""
    peer = str(request.META.get("REMOTE_ADDR", ""))
    if not settings.BEHIND_PROXY:
        return peer
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    return forwarded_client(forwarded, settings.TRUSTED_PROXY_COUNT) or peer
