"""AES-GCM encryption of clinical free text, bound to its row and field by associated data.

A token is ``<key id>$<base64(nonce + ciphertext)>``. Keys come from ``WAYMARK_DATA_KEYS``
(``id:base64key,...``, the first one encrypts) or the file named by ``WAYMARK_DATA_KEYS_FILE``;
they are never derived from ``SECRET_KEY``. ``manage.py new_data_key`` makes a key and
``manage.py rotate_keys`` moves every value onto the first one.
"""

import base64
import binascii
import os
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,16}$")
TOKEN = re.compile(r"^([A-Za-z0-9_-]{1,16})\$([A-Za-z0-9+/=]+)$")
NONCE_BYTES = 12
TAG_BYTES = 16


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
            raise DecryptionError(
                f"no data key with id {key_id!r} is configured: add it back to WAYMARK_DATA_KEYS "
                "(after the current key) until manage.py rotate_keys has run"
            )
        try:
            raw = base64.b64decode(blob, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise DecryptionError("the token is damaged (not valid base64)") from exc
        if len(raw) < NONCE_BYTES + TAG_BYTES:
            raise DecryptionError("the token is damaged (too short)")
        try:
            plain = AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], aad.encode())
        except Exception as exc:  # cryptography raises InvalidTag without a message
            raise DecryptionError("the ciphertext does not match its row and field, or was damaged") from exc
        try:
            return plain.decode()
        except UnicodeDecodeError as exc:  # only possible if someone encrypted bytes by hand
            raise DecryptionError("the decrypted value is not text") from exc

    def is_current(self, token: str) -> bool:
        """Whether ``token`` is already sealed with the key that encrypts now."""
        return key_id_of(token) == self.current_id


def split_token(token: str) -> tuple[str, str]:
    match = TOKEN.match(token)
    if not match:
        raise DecryptionError("not an encrypted token")
    return match.group(1), match.group(2)


def key_id_of(token: str) -> str:
    return split_token(token)[0]


def is_token(value: str) -> bool:
    return bool(TOKEN.match(value))


def parse_keys(spec: str) -> KeyRing:
    """Parse ``id:base64key,id:base64key``; the first key encrypts, all of them decrypt."""
    keys: dict[str, bytes] = {}
    for part in [p.strip() for p in spec.replace("\n", ",").split(",") if p.strip()]:
        key_id, colon, encoded = (s.strip() for s in part.partition(":"))
        if not KEY_ID.match(key_id):
            raise ImproperlyConfigured(f"data key id {key_id!r} must be 1-16 letters, digits, - or _")
        if not colon:
            raise ImproperlyConfigured(f"data key {key_id!r} must be written id:base64key")
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
    if not KEY_ID.match(key_id):
        raise ValueError(f"data key id {key_id!r} must be 1-16 letters, digits, - or _")
    return f"{key_id}:{base64.b64encode(os.urandom(32)).decode()}"


@cache
def keyring() -> KeyRing:
    return parse_keys(settings.WAYMARK_DATA_KEYS)


@receiver(setting_changed)
def _forget_keys(*, setting: str, **kwargs: Any) -> None:
    """``override_settings(WAYMARK_DATA_KEYS=...)`` takes effect at once."""
    if setting == "WAYMARK_DATA_KEYS":
        keyring.cache_clear()
