"""AES-GCM encryption of clinical free text, bound to its row and field by associated data.

A token is ``<key id>$<base64(nonce + ciphertext)>``. Keys come from ``WAYMARK_DATA_KEYS``
(``id:base64key,...``, the first one encrypts) or the file named by ``WAYMARK_DATA_KEYS_FILE``;
they are never derived from ``SECRET_KEY``.
"""

import base64
import os
import re
from dataclasses import dataclass
from functools import cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,16}$")
TOKEN = re.compile(r"^([A-Za-z0-9_-]{1,16})\$([A-Za-z0-9+/=]+)$")
NONCE_BYTES = 12


class DecryptionError(Exception):
    """The token is damaged, was moved to another row or field, or its key is gone."""


@dataclass(frozen=True)
class KeyRing:
    current_id: str
    keys: dict[str, bytes]

    def encrypt(self, plaintext: str, aad: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(self.keys[self.current_id]).encrypt(nonce, plaintext.encode(), aad.encode())
        return f"{self.current_id}${base64.b64encode(nonce + sealed).decode()}"

    def decrypt(self, token: str, aad: str) -> str:
        key_id, blob = split_token(token)
        key = self.keys.get(key_id)
        if key is None:
            raise DecryptionError(f"no key with id {key_id!r} is configured")
        raw = base64.b64decode(blob)
        try:
            plain = AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], aad.encode())
        except Exception as exc:  # cryptography raises InvalidTag without a message
            raise DecryptionError("the ciphertext does not match its row and field") from exc
        return plain.decode()


def split_token(token: str) -> tuple[str, str]:
    match = TOKEN.match(token)
    if not match:
        raise DecryptionError("not an encrypted token")
    return match.group(1), match.group(2)


def is_token(value: str) -> bool:
    return bool(TOKEN.match(value))


def parse_keys(spec: str) -> KeyRing:
    """Parse ``id:base64key,id:base64key``; the first key encrypts, all of them decrypt."""
    keys: dict[str, bytes] = {}
    for part in [p.strip() for p in spec.replace("\n", ",").split(",") if p.strip()]:
        key_id, _, encoded = part.partition(":")
        if not KEY_ID.match(key_id):
            raise ImproperlyConfigured(f"data key id {key_id!r} must be 1-16 letters, digits, - or _")
        try:
            key = base64.b64decode(encoded, validate=True)
        except ValueError as exc:
            raise ImproperlyConfigured(f"data key {key_id!r} is not valid base64") from exc
        if len(key) != 32:
            raise ImproperlyConfigured(f"data key {key_id!r} must be 32 bytes (AES-256)")
        if key_id in keys:
            raise ImproperlyConfigured(f"data key id {key_id!r} appears twice")
        keys[key_id] = key
    if not keys:
        raise ImproperlyConfigured("WAYMARK_DATA_KEYS is empty: set it or WAYMARK_DATA_KEYS_FILE")
    return KeyRing(current_id=next(iter(keys)), keys=keys)


def new_key_spec(key_id: str) -> str:
    return f"{key_id}:{base64.b64encode(os.urandom(32)).decode()}"


@cache
def keyring() -> KeyRing:
    return parse_keys(settings.WAYMARK_DATA_KEYS)
