"""Verifies an identity provider's OIDC access tokens: who may decode history in the Web UI.

The Temporal UI, logged in through the IdP and run with `TEMPORAL_CODEC_PASS_ACCESS_TOKEN`,
sends the user's access token to the codec server as `Authorization: Bearer`. A token passes
when the IdP's key (from its JWKS, fetched and cached by PyJWT's client) signed it with an
asymmetric algorithm, and its issuer, audience and expiry hold. Decoding is a privilege, not a
login: a required claim (`groups=temporal-decoders`) can narrow it to some users; a token
without it is refused with 403, every other failure with 401. Reasons never quote the token.
"""

import asyncio
from dataclasses import dataclass
from typing import Any

import jwt

# Keys the IdP publishes, never a shared secret: HS* would let anyone holding the "key" (the
# JWKS is public) sign tokens, and `none` signs nothing. Each with the key type (JWK `kty`) it
# verifies with.
KEY_TYPES = {
    "RS256": "RSA", "RS384": "RSA", "RS512": "RSA", "PS256": "RSA", "PS384": "RSA",
    "PS512": "RSA", "ES256": "EC", "ES384": "EC", "EdDSA": "OKP",
}  # fmt: skip
ALGORITHMS = tuple(KEY_TYPES)
REQUIRED_CLAIMS = ("exp", "iat", "iss", "aud")
# Clock difference tolerated between the IdP and this host.
LEEWAY_S = 30
JWKS_CACHE_S = 300


class TokenRejectedError(Exception):
    """A token that may not decode: `status` 401 (not valid), 403 (valid, not allowed), or 503
    (the IdP's keys cannot be fetched to tell)."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class RequiredClaim:
    """`name=value`: the claim equals value, lists it, or names it among space-separated words
    (as `scope` does)."""

    name: str
    value: str

    @classmethod
    def parse(cls, setting: str) -> "RequiredClaim":
        name, sep, value = setting.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise ValueError(f"required claim {setting!r} is not of the form name=value")
        return cls(name.strip(), value.strip())

    def held_by(self, claims: dict[str, Any]) -> bool:
        held = claims.get(self.name)
        if isinstance(held, list):
            return self.value in held
        return isinstance(held, str) and (held == self.value or self.value in held.split())


class AccessTokenVerifier:
    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        jwks_url: str,
        required_claim: RequiredClaim | None = None,
    ) -> None:
        self.issuer = issuer
        self.audience = audience
        self.required_claim = required_claim
        self._jwks = jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=JWKS_CACHE_S, timeout=10)

    async def verify(self, token: str) -> dict[str, Any]:
        """The token's claims, or TokenRejectedError saying why not."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.DecodeError:
            raise TokenRejectedError(401, "the bearer token is not a JWT") from None
        algorithm = header.get("alg")
        if algorithm not in ALGORITHMS:
            raise TokenRejectedError(
                401,
                f"token algorithm {algorithm!r} is not accepted (one of {', '.join(ALGORITHMS)})",
            )
        if not header.get("kid"):
            raise TokenRejectedError(401, "token names no signing key (kid)")
        try:
            # The first use, and a key id not yet seen, fetch the JWKS (blocking I/O).
            key = await asyncio.to_thread(self._jwks.get_signing_key_from_jwt, token)
        except jwt.PyJWKClientConnectionError:
            raise TokenRejectedError(
                503, "the identity provider's JWKS could not be fetched: try again"
            ) from None
        except jwt.PyJWKClientError:
            raise TokenRejectedError(
                401, f"token signed with key {header['kid']!r}, which the IdP's JWKS lacks"
            ) from None
        except jwt.PyJWTError as err:  # a JWKS without a usable key, for one
            raise TokenRejectedError(
                401, f"the identity provider's JWKS is not usable ({type(err).__name__})"
            ) from None
        if key.key_type != KEY_TYPES[algorithm]:
            raise TokenRejectedError(
                401,
                f"token algorithm {algorithm} does not fit key {header['kid']!r} ({key.key_type})",
            )
        claims = self._decode(token, key.key, algorithm)
        if self.required_claim and not self.required_claim.held_by(claims):
            claim = self.required_claim
            raise TokenRejectedError(
                403,
                f"decoding needs claim {claim.name!r} to hold {claim.value!r}; this token's does "
                "not",
            )
        return claims

    def _decode(self, token: str, key: Any, algorithm: str) -> dict[str, Any]:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[algorithm],
                audience=self.audience,
                issuer=self.issuer,
                leeway=LEEWAY_S,
                options={"require": list(REQUIRED_CLAIMS)},
            )
        except jwt.ExpiredSignatureError:
            raise TokenRejectedError(401, "token expired: log in again") from None
        except jwt.InvalidIssuerError:
            raise TokenRejectedError(401, f"token issuer is not {self.issuer!r}") from None
        except jwt.InvalidAudienceError:
            raise TokenRejectedError(
                401, f"token audience does not include {self.audience!r}"
            ) from None
        except jwt.MissingRequiredClaimError as err:
            raise TokenRejectedError(401, f"token lacks the {err.claim!r} claim") from None
        except jwt.InvalidSignatureError:
            raise TokenRejectedError(401, "token signature does not verify") from None
        except jwt.PyJWTError as err:
            raise TokenRejectedError(401, f"token not valid: {type(err).__name__}") from None
        return claims
