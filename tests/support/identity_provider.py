"""A stand-in identity provider: signing keys made in the test, its JWKS served over loopback
HTTP (as a real IdP's `jwks_uri`), and access tokens signed like the ones it would issue."""

import base64
import json
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.support.threaded_server import serve_in_thread

AUDIENCE = "temporal-ui"


def new_rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class IdentityProvider:
    issuer: str
    jwks_url: str
    key: rsa.RSAPrivateKey = field(default_factory=new_rsa_key)
    kid: str = field(default_factory=lambda: f"key-{uuid.uuid4().hex[:8]}")

    def token(
        self,
        *,
        key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | None = None,
        kid: str | None = None,
        lifetime_s: float = 300,
        algorithm: str = "RS256",
        **claims: Any,
    ) -> str:
        """An access token, valid unless the arguments say otherwise (ES256 signs with an EC key
        of its own, under the IdP's RSA key id)."""
        now = int(time.time())
        body = {"iss": self.issuer, "aud": AUDIENCE, "sub": "user-1", "iat": now}
        body |= {"exp": now + int(lifetime_s)} | claims
        if key is None:
            key = ec.generate_private_key(ec.SECP256R1()) if algorithm == "ES256" else self.key
        return jwt.encode(body, key, algorithm=algorithm, headers={"kid": kid or self.kid})

    def shared_secret_token(self, secret: str, **claims: Any) -> str:
        """HS256 under the IdP's key id: what someone without the private key could sign."""
        now = int(time.time())
        body = {"iss": self.issuer, "aud": AUDIENCE, "iat": now, "exp": now + 300} | claims
        return jwt.encode(body, secret, algorithm="HS256", headers={"kid": self.kid})

    def unsigned_token(self, **claims: Any) -> str:
        """`alg: none`, naming the IdP's real key id: a forgery that signs nothing."""
        now = int(time.time())
        body = {"iss": self.issuer, "aud": AUDIENCE, "iat": now, "exp": now + 300} | claims
        header = {"alg": "none", "typ": "JWT", "kid": self.kid}
        return f"{_b64url(header)}.{_b64url(body)}."


def _b64url(value: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


@contextmanager
def identity_provider() -> Iterator[IdentityProvider]:
    holder: list[IdentityProvider] = []

    async def jwks(_: Request) -> JSONResponse:
        provider = holder[0]
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(provider.key.public_key()))
        public |= {"kid": provider.kid, "use": "sig", "alg": "RS256"}
        return JSONResponse({"keys": [public]})

    app = Starlette(routes=[Route("/jwks", jwks)])
    with serve_in_thread(app, lifespan="off") as url:
        holder.append(IdentityProvider(issuer=f"{url}/realms/medallion", jwks_url=f"{url}/jwks"))
        yield holder[0]
