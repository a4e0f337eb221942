"""Strict environment parsing: a typo in a setting fails at start-up, not at 3 a.m."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


@dataclass(frozen=True)
class TransportSecurity:
    """Cookie and HSTS settings derived from the public address: on by default for an https site,
    so a deployment does not depend on someone remembering HABEAS_SECURE_COOKIES."""

    https: bool
    secure_cookies: bool
    hsts_seconds: int
    hsts_include_subdomains: bool
    ssl_redirect: bool
    proxy_ssl_header: tuple[str, str] | None


def transport_security(site_url: str) -> TransportSecurity:
    https = urlparse(site_url).scheme == "https"
    header = env_str("HABEAS_PROXY_SSL_HEADER", "").strip()  # e.g. X-Forwarded-Proto
    return TransportSecurity(
        https=https,
        secure_cookies=env_bool("HABEAS_SECURE_COOKIES", https),
        hsts_seconds=env_int("HABEAS_HSTS_SECONDS", 365 * 24 * 3600 if https else 0),
        # Off unless asked: HSTS on the parent domain's other hosts (an intranet wiki, a printer on
        # plain http) would lock browsers out of them for a year, and this app cannot know them.
        hsts_include_subdomains=env_bool("HABEAS_HSTS_INCLUDE_SUBDOMAINS", False),
        # Off unless asked: behind a TLS proxy that is not named in HABEAS_PROXY_SSL_HEADER every
        # request looks like http and the redirect would loop; the proxy usually redirects itself.
        ssl_redirect=env_bool("HABEAS_SSL_REDIRECT", False),
        proxy_ssl_header=("HTTP_" + header.upper().replace("-", "_"), "https") if header else None,
    )
