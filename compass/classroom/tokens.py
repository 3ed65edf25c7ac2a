"""Join codes, teacher tokens and device tokens: how they are drawn and how they are stored.

Secrets are stored only as SHA-256 hashes: the teacher token, and each device token salted
with the class code, so one device cannot be linked across classes.

Device tokens are drawn and signed by the server (HMAC with the app's secret key): a cookie
the client made up, or one from another installation, is never accepted, so every device in a
class went through a join that the join limits counted.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

# Six characters from 22 that cannot be mistaken for each other on a projector or when
# typed: none of O/Q/D/0, I/L/1, S/5, Z/2, B/8, G. 22**6 ≈ 1.1e8 codes.
CODE_ALPHABET = "ACEFHJKMNPRTUVWXY34679"
CODE_LENGTH = 6
TOKEN_BYTES = 32
DEVICE_BYTES = 24
_DEVICE_SIGNATURE = 22  # characters of the base64url HMAC kept (132 bits)


def new_code() -> str:
    """Return a random join code."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str | None) -> str:
    """Upper-case a typed code and drop spaces and dashes ("ack 34m" → "ACK34M")."""
    return "".join((raw or "").split()).replace("-", "").upper()


def looks_like_code(code: str) -> bool:
    """Whether `code` could be a join code at all (saves a query for typos)."""
    return len(code) == CODE_LENGTH and all(c in CODE_ALPHABET for c in code)


def new_token() -> str:
    """A long random secret: a teacher token or a device token."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_secret(secret: str) -> str:
    """SHA-256 hex digest of a secret token."""
    return hashlib.sha256(secret.encode()).hexdigest()


def device_hash(code: str, device_token: str) -> str:
    """The stored identity of a device in the class with join code `code`."""
    return hash_secret(f"{code}:{device_token}")


def _device_signature(secret_key: str, nonce: str) -> str:
    mac = hmac.new(secret_key.encode(), f"klass-enhet:{nonce}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()).decode()[:_DEVICE_SIGNATURE]


def new_device_token(secret_key: str) -> str:
    """A device token drawn and signed by the server: `<random>.<signature>`."""
    nonce = secrets.token_urlsafe(DEVICE_BYTES)
    return f"{nonce}.{_device_signature(secret_key, nonce)}"


def verified_device_token(secret_key: str, token: str | None) -> str | None:
    """`token` if this server signed it, else None (made-up or foreign cookies count as none)."""
    if not token or len(token) > 100:
        return None
    nonce, dot, signature = token.partition(".")
    if not dot or not nonce:
        return None
    if hmac.compare_digest(signature, _device_signature(secret_key, nonce)):
        return token
    return None
