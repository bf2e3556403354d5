"""Temporal's codec-server protocol, so the Web UI and `temporal --codec-endpoint` read history.

`POST /codec/decode` and `/codec/encode` take and give `{"payloads": [{"metadata": {...},
"data": ...}]}`, every value base64 (the protobuf JSON form of Payloads). They run the very
codec of the API's Temporal client (medallion/platform/codec.py). Who may call them: see
api/guard.py.
"""

import base64
from typing import Annotated

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field
from pydantic.json_schema import JsonDict
from temporalio.api.common.v1 import Payload

from api.deps import CodecDep
from api.schemas import ErrorDetail
from medallion.platform.codec import UndecryptablePayloadError

router = APIRouter(
    prefix="/codec",
    tags=["codec"],
    responses={
        400: {"model": ErrorDetail, "description": "Not base64, or not decryptable"},
        403: {"model": ErrorDetail, "description": "A valid access token lacking the claim"},
        503: {"model": ErrorDetail, "description": "The identity provider's keys are unreachable"},
    },
)

MAX_PAYLOADS = 1000


# Standard base64 with its padding: what base64.b64decode(validate=True) takes. Stated in the
# schema only; _parse refuses anything else with a 400 that names the payload.
BASE64: JsonDict = {"pattern": r"^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"}


class CodecPayload(BaseModel):
    metadata: dict[str, Annotated[str, Field(json_schema_extra=BASE64)]] = Field(
        default_factory=dict, description="values base64"
    )
    data: str = Field(default="", description="base64", json_schema_extra=BASE64)


class CodecPayloads(BaseModel):
    payloads: list[CodecPayload] = Field(max_length=MAX_PAYLOADS)


def _parse(body: CodecPayloads) -> list[Payload]:
    parsed = []
    for position, payload in enumerate(body.payloads):
        try:
            parsed.append(
                Payload(
                    metadata={
                        name: base64.b64decode(value, validate=True)
                        for name, value in payload.metadata.items()
                    },
                    data=base64.b64decode(payload.data, validate=True),
                )
            )
        except ValueError:  # binascii.Error, or text that is not ASCII
            raise HTTPException(
                400, f"payload {position}: metadata values and data must be base64"
            ) from None
    return parsed


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def _answer(payloads: list[Payload]) -> CodecPayloads:
    return CodecPayloads(
        payloads=[
            CodecPayload(
                metadata={name: _b64(value) for name, value in p.metadata.items()},
                data=_b64(p.data),
            )
            for p in payloads
        ]
    )


@router.post("/decode", summary="Decrypt payloads (Temporal codec-server protocol)")
async def decode(body: CodecPayloads, codec: CodecDep) -> CodecPayloads:
    try:
        return _answer(await codec.decode(_parse(body)))
    except UndecryptablePayloadError as err:
        raise HTTPException(400, str(err)) from None


@router.post("/encode", summary="Encrypt payloads (Temporal codec-server protocol)")
async def encode(body: CodecPayloads, codec: CodecDep) -> CodecPayloads:
    return _answer(await codec.encode(_parse(body)))
