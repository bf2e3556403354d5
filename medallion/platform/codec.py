"""AES-256-GCM payload codec: Temporal's history holds ciphertext, never case data in clear.

Each payload (its metadata and data) is encrypted whole with the current key; the key's id rides
in the outer metadata and is bound to the ciphertext as associated data, so keys rotate: every
configured key decrypts, the first one encrypts. Payloads written before encryption was turned on
(no `binary/encrypted` encoding) pass through decode unchanged, so older histories stay readable.

Keys are configured as `MEDALLION_CODEC_KEYS=id:base64key,...` (newest first); a key is 32 random
bytes (`python -m medallion.platform.codec` prints a fresh one).
"""

import base64
import binascii
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from temporalio.api.common.v1 import Payload
from temporalio.converter import PayloadCodec

ENCODING = b"binary/encrypted"
KEY_ID_METADATA = "encryption-key-id"
KEY_BYTES = 32
NONCE_BYTES = 12
KEY_ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class CodecKeyError(ValueError):
    """A codec key setting that cannot be used; the message says why, never the key."""


class UndecryptablePayloadError(ValueError):
    """A payload whose key is not configured, or whose ciphertext fails authentication."""


@dataclass(frozen=True)
class CodecKey:
    key_id: str
    secret: bytes

    def __post_init__(self) -> None:
        if not KEY_ID_PATTERN.match(self.key_id):
            raise CodecKeyError(
                f"codec key id {self.key_id!r} must be 1-64 letters, digits, '.', '_' or '-'"
            )
        if len(self.secret) != KEY_BYTES:
            raise CodecKeyError(
                f"codec key {self.key_id!r} is {len(self.secret)} bytes; AES-256 needs {KEY_BYTES}"
            )

    def to_setting(self) -> str:
        return f"{self.key_id}:{base64.b64encode(self.secret).decode()}"


def new_codec_key(key_id: str | None = None) -> CodecKey:
    """A fresh random key, named by the time it was made unless a name is given."""
    name = key_id or datetime.now(UTC).strftime("k%Y%m%d%H%M%S")
    return CodecKey(name, os.urandom(KEY_BYTES))


def parse_codec_keys(setting: str) -> tuple[CodecKey, ...]:
    """`id:base64key,id:base64key,...`, newest first."""
    keys: list[CodecKey] = []
    for position, entry in enumerate(part.strip() for part in setting.split(",")):
        key_id, sep, encoded = entry.partition(":")
        if not sep:
            raise CodecKeyError(f"codec key #{position + 1} is not of the form id:base64key")
        try:
            secret = base64.b64decode(encoded.strip(), validate=True)
        except binascii.Error:
            raise CodecKeyError(f"codec key {key_id.strip()!r} is not valid base64") from None
        keys.append(CodecKey(key_id.strip(), secret))
    ids = [key.key_id for key in keys]
    if len(set(ids)) != len(ids):
        raise CodecKeyError(f"codec key ids repeat: {', '.join(ids)}")
    return tuple(keys)


class EncryptionCodec(PayloadCodec):
    def __init__(self, keys: Sequence[CodecKey]) -> None:
        if not keys:
            raise CodecKeyError("at least one codec key is needed")
        self._current = keys[0]
        self._ciphers = {key.key_id: AESGCM(key.secret) for key in keys}

    async def encode(self, payloads: Sequence[Payload]) -> list[Payload]:
        key_id = self._current.key_id
        cipher = self._ciphers[key_id]
        encoded = []
        for payload in payloads:
            nonce = os.urandom(NONCE_BYTES)
            sealed = cipher.encrypt(nonce, payload.SerializeToString(), key_id.encode())
            encoded.append(
                Payload(
                    metadata={"encoding": ENCODING, KEY_ID_METADATA: key_id.encode()},
                    data=nonce + sealed,
                )
            )
        return encoded

    async def decode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return [self._decode_one(payload) for payload in payloads]

    def _decode_one(self, payload: Payload) -> Payload:
        if payload.metadata.get("encoding") != ENCODING:
            return payload
        key_id = payload.metadata.get(KEY_ID_METADATA, b"").decode(errors="replace")
        cipher = self._ciphers.get(key_id)
        if cipher is None:
            raise UndecryptablePayloadError(
                f"payload encrypted with codec key {key_id!r}, which MEDALLION_CODEC_KEYS lacks"
            )
        nonce, sealed = payload.data[:NONCE_BYTES], payload.data[NONCE_BYTES:]
        try:
            plain = cipher.decrypt(nonce, sealed, key_id.encode())
        except InvalidTag:
            raise UndecryptablePayloadError(
                f"payload under codec key {key_id!r} failed authentication (altered or wrong key)"
            ) from None
        return Payload.FromString(plain)


if __name__ == "__main__":
    print(new_codec_key(sys.argv[1] if len(sys.argv) > 1 else None).to_setting())
