"""Connecting to Temporal, and the custom search attributes the workflow keeps current.

Connection settings come from Temporal's environment configuration (`temporalio.envconfig`): a
profile of the TOML config file (TEMPORAL_CONFIG_FILE, TEMPORAL_PROFILE) and the TEMPORAL_*
variables (TEMPORAL_API_KEY, TEMPORAL_TLS, TEMPORAL_TLS_CLIENT_CERT_PATH, ...), so the same
variables as the `temporal` CLI reach Temporal Cloud or a secured cluster. TEMPORAL_ADDRESS and
TEMPORAL_NAMESPACE given to our settings (environment or the dev stack's file) win.
"""

import dataclasses
from collections.abc import Mapping, Sequence

from temporalio.api.enums.v1 import IndexedValueType
from temporalio.api.operatorservice.v1 import (
    AddSearchAttributesRequest,
    ListSearchAttributesRequest,
)
from temporalio.client import Client, Interceptor
from temporalio.converter import DataConverter, DefaultFailureConverterWithEncodedAttributes
from temporalio.envconfig import ClientConfigProfile, ClientConnectConfig
from temporalio.runtime import Runtime

from medallion.platform.codec import EncryptionCodec
from medallion.platform.settings import ConfigError, Settings

SEARCH_ATTRIBUTES = {
    "CaseId": IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
    "IngestionStage": IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
}


def data_converter(settings: Settings) -> DataConverter:
    """The one converter of every client and worker: payloads encrypted, and failure messages
    and stack traces moved into the (encrypted) encoded attributes too."""
    return dataclasses.replace(
        DataConverter.default,
        payload_codec=EncryptionCodec(settings.codec_keys()),
        failure_converter_class=DefaultFailureConverterWithEncodedAttributes,
    )


def connect_options(
    settings: Settings, environ: Mapping[str, str] | None = None
) -> ClientConnectConfig:
    """Client.connect arguments: the envconfig profile, then our explicit address/namespace."""
    try:
        profile = ClientConfigProfile.load(override_env_vars=environ)
    except Exception as err:  # the bridge raises its own ConfigError type
        raise ConfigError(f"Temporal client configuration: {err}") from None
    options = profile.to_client_connect_config()
    given = settings.model_fields_set
    if "temporal_address" in given or "target_host" not in options:
        options["target_host"] = settings.temporal_address
    if "temporal_namespace" in given or "namespace" not in options:
        options["namespace"] = settings.temporal_namespace
    return options


def is_connect_failure(err: BaseException) -> bool:
    """The client could not reach the server: it raises a plain RuntimeError naming the connect."""
    return isinstance(err, RuntimeError) and "connect" in str(err).lower()


async def connect(
    settings: Settings,
    *,
    lazy: bool = False,
    runtime: Runtime | None = None,
    interceptors: Sequence[Interceptor] = (),
) -> Client:
    """`interceptors` (tracing) apply to the client and to every worker built on it."""
    return await Client.connect(
        **connect_options(settings),
        data_converter=data_converter(settings),
        lazy=lazy,
        runtime=runtime,
        interceptors=interceptors,
    )


async def ensure_search_attributes(client: Client) -> list[str]:
    """Register the workflow's search attributes where missing; return the names added.

    The dev server gets them on its command line; a production cluster gets them here, on the
    worker's first start, so no manual operator step is needed.
    """
    namespace = client.namespace
    existing = await client.operator_service.list_search_attributes(
        ListSearchAttributesRequest(namespace=namespace)
    )
    missing = {
        name: kind
        for name, kind in SEARCH_ATTRIBUTES.items()
        if name not in existing.custom_attributes
    }
    if missing:
        await client.operator_service.add_search_attributes(
            AddSearchAttributesRequest(namespace=namespace, search_attributes=missing)
        )
    return sorted(missing)
