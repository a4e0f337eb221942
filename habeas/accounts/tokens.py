"""Token format: ``hab_<prefix>_<secret>``. The prefix identifies the row; SHA-256 of the whole
token is compared in constant time. Tokens carry 256 bits of randomness, so a fast hash is safe."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass


@dataclass(frozen=True)
class NewToken:
    prefix: str
    plaintext: str
    digest: str


def token_digest(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


def token_generate() -> NewToken:
    prefix = secrets.token_hex(4)
    plaintext = f"hab_{prefix}_{secrets.token_urlsafe(32)}"
    return NewToken(prefix=prefix, plaintext=plaintext, digest=token_digest(plaintext))


def token_prefix(plaintext: str) -> str | None:
    parts = plaintext.split("_")
    if len(parts) < 3 or parts[0] != "hab" or len(parts[1]) != 8:
        return None
    return parts[1]


def token_matches(plaintext: str, digest: str) -> bool:
    return hmac.compare_digest(token_digest(plaintext), digest)
