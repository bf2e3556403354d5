"""Webhook signing secrets: made in the Standard Webhooks form (`whsec_` + base64) and kept
sealed with AES-256-GCM under the payload codec's keys, so they stay usable for signing and a
database dump alone never reveals them. The codec's key rotation applies: the newest key seals,
any configured key opens what it sealed."""

import base64
import os
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from medallion.platform.codec import NONCE_BYTES, CodecKey

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32
# Bound to the ciphertext, so a sealed secret cannot pass for some other sealed value.
_PURPOSE = b"medallion-webhook-secret"


class SecretUnavailableError(RuntimeError):
    """A sealed secret whose key is not configured, or that fails authentication."""


@dataclass(frozen=True)
class SealedSecret:
    key_id: str
    sealed: bytes


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(os.urandom(SECRET_BYTES)).decode()


def seal(secret: str, keys: Sequence[CodecKey]) -> SealedSecret:
    key = keys[0]
    nonce = os.urandom(NONCE_BYTES)
    return SealedSecret(
        key.key_id, nonce + AESGCM(key.secret).encrypt(nonce, secret.encode(), _PURPOSE)
    )


def unseal(sealed: SealedSecret, keys: Sequence[CodecKey]) -> str:
    key = next((k for k in keys if k.key_id == sealed.key_id), None)
    if key is None:
        raise SecretUnavailableError(
            f"webhook secret sealed with codec key {sealed.key_id!r}, "
            "which MEDALLION_CODEC_KEYS lacks: add that key back"
        )
    nonce, body = sealed.sealed[:NONCE_BYTES], sealed.sealed[NONCE_BYTES:]
    try:
        return AESGCM(key.secret).decrypt(nonce, body, _PURPOSE).decode()
    except InvalidTag:
        raise SecretUnavailableError(
            f"webhook secret under codec key {sealed.key_id!r} failed authentication"
        ) from None
