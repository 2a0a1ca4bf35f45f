"""AES-256-GCM encryption with a key ring: every value records the id of the key that sealed it.

Keys come from settings.ENCRYPTION_KEYS ({key id: 32 random bytes, base64}) and the newest is
settings.ENCRYPTION_ACTIVE_KEY_ID. Old keys stay in the ring until `manage.py rotate_keys` has re-encrypted
everything under the active one. Associated data binds a value to where it belongs (model and field), so a
ciphertext copied into another column does not decrypt.
"""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

TEXT_PREFIX = "v1"
BLOB_MAGIC = b"PCENC1"
_NONCE_BYTES = 12


class DecryptionError(Exception):
    """A value could not be decrypted: unknown key, altered ciphertext or the wrong associated data."""


@dataclass(frozen=True)
class KeyRing:
    keys: dict[str, bytes]
    active_id: str

    def _cipher(self, key_id: str) -> AESGCM:
        try:
            return AESGCM(self.keys[key_id])
        except KeyError as exc:
            raise DecryptionError(f"No key with id {key_id!r} in the key ring.") from exc

    def encrypt(self, plaintext: bytes, *, associated_data: bytes) -> tuple[str, bytes]:
        """Returns (key id, nonce + ciphertext)."""
        nonce = os.urandom(_NONCE_BYTES)
        return self.active_id, nonce + self._cipher(self.active_id).encrypt(nonce, plaintext, associated_data)

    def decrypt(self, key_id: str, sealed: bytes, *, associated_data: bytes) -> bytes:
        try:
            return self._cipher(key_id).decrypt(sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:], associated_data)
        except InvalidTag as exc:
            raise DecryptionError("The value was altered or belongs elsewhere.") from exc

    # --- text tokens, for database columns: "v1$<key id>$<base64url>"
    def encrypt_text(self, plaintext: str, *, associated_data: str) -> str:
        key_id, sealed = self.encrypt(plaintext.encode(), associated_data=associated_data.encode())
        return f"{TEXT_PREFIX}${key_id}${base64.urlsafe_b64encode(sealed).decode()}"

    def decrypt_text(self, token: str, *, associated_data: str) -> str:
        return self.decrypt(*_split_token(token), associated_data=associated_data.encode()).decode()

    # --- blobs, for files: MAGIC, key id length, key id, nonce + ciphertext
    def encrypt_blob(self, data: bytes, *, associated_data: str) -> bytes:
        key_id, sealed = self.encrypt(data, associated_data=associated_data.encode())
        encoded_id = key_id.encode()
        return BLOB_MAGIC + bytes([len(encoded_id)]) + encoded_id + sealed

    def decrypt_blob(self, blob: bytes, *, associated_data: str) -> bytes:
        return self.decrypt(*blob_key_id_and_payload(blob), associated_data=associated_data.encode())


def token_key_id(token: str) -> str:
    return _split_token(token)[0]


def _split_token(token: str) -> tuple[str, bytes]:
    try:
        prefix, key_id, payload = token.split("$", 2)
        if prefix != TEXT_PREFIX:
            raise ValueError(prefix)
        return key_id, base64.urlsafe_b64decode(payload)
    except (ValueError, binascii.Error) as exc:
        raise DecryptionError("Not an encrypted value of this service.") from exc


def blob_key_id_and_payload(blob: bytes) -> tuple[str, bytes]:
    if not blob.startswith(BLOB_MAGIC) or len(blob) < len(BLOB_MAGIC) + 2:
        raise DecryptionError("Not an encrypted file of this service.")
    length = blob[len(BLOB_MAGIC)]
    start = len(BLOB_MAGIC) + 1
    return blob[start : start + length].decode(), blob[start + length :]


def parse_keys(raw: dict[str, str]) -> dict[str, bytes]:
    keys = {}
    for key_id, encoded in raw.items():
        if not key_id or "$" in key_id or len(key_id.encode()) > 255:
            raise ImproperlyConfigured(f"Encryption key id {key_id!r} must be 1-255 bytes without '$'.")
        try:
            material = base64.b64decode(encoded, validate=True)
        except binascii.Error as exc:
            raise ImproperlyConfigured(f"Encryption key {key_id!r} is not valid base64.") from exc
        if len(material) != 32:
            raise ImproperlyConfigured(f"Encryption key {key_id!r} must be 32 bytes (AES-256), not {len(material)}.")
        keys[key_id] = material
    return keys


@cache
def _ring(keys: tuple[tuple[str, str], ...], active_id: str) -> KeyRing:
    parsed = parse_keys(dict(keys))
    if active_id not in parsed:
        raise ImproperlyConfigured(f"ENCRYPTION_ACTIVE_KEY_ID {active_id!r} is not in ENCRYPTION_KEYS.")
    return KeyRing(keys=parsed, active_id=active_id)


def keyring() -> KeyRing:
    """The key ring from settings (parsed once per distinct configuration)."""
    return _ring(tuple(sorted(settings.ENCRYPTION_KEYS.items())), settings.ENCRYPTION_ACTIVE_KEY_ID)


def new_key() -> str:
    """A fresh key, base64, for the operator to add to PREVENT_ENCRYPTION_KEYS."""
    return base64.b64encode(os.urandom(32)).decode()
