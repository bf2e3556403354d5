"""Connecting to Temporal, and the custom search attributes the workflow keeps current."""

from temporalio.api.enums.v1 import IndexedValueType
from temporalio.api.operatorservice.v1 import (
    AddSearchAttributesRequest,
    ListSearchAttributesRequest,
)
from temporalio.client import Client
from temporalio.runtime import Runtime

from medallion.settings import Settings

SEARCH_ATTRIBUTES = {
    "CaseId": IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
    "IngestionStage": IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
}


async def connect(
    settings: Settings, *, lazy: bool = False, runtime: Runtime | None = None
) -> Client:
    return await Client.connect(
        settings.temporal_address,
        namespace=settings.temporal_namespace,
        lazy=lazy,
        runtime=runtime,
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
