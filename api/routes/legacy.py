"""The `/api/dagster/...` paths of the pipeline this service replaces, kept so the existing front
end works unchanged. Same handlers and answers as the canonical routes; deprecated in OpenAPI."""

from fastapi import APIRouter
from fastapi.routing import APIRoute

from api.routes import cases, health, ui

router = APIRouter(prefix="/dagster", tags=["deprecated"], deprecated=True)

# legacy path -> (router holding the canonical route, canonical path)
_ALIASES = {
    "/extract": (cases.router, "/extract"),
    "/cases/{case_id}/extract": (cases.router, "/cases/{case_id}/extract"),
    "/status/{case_id}": (cases.router, "/cases/{case_id}/status"),
    "/cases/{case_id}/status": (cases.router, "/cases/{case_id}/status"),
    "/cases/{case_id}/cancel": (cases.router, "/cases/{case_id}/cancel"),
    "/cases/{case_id}/retry": (cases.router, "/cases/{case_id}/retry"),
    "/health": (health.router, "/health"),
    "/ui": (ui.router, "/ui"),
}


def _canonical(source: APIRouter, path: str) -> APIRoute:
    return next(r for r in source.routes if isinstance(r, APIRoute) and r.path == path)


for legacy_path, (source, canonical_path) in _ALIASES.items():
    route = _canonical(source, canonical_path)
    router.add_api_route(
        legacy_path,
        route.endpoint,
        methods=sorted(route.methods or ()),
        response_model=route.response_model,
        status_code=route.status_code,
        responses=route.responses,
        response_class=route.response_class,
        summary=f"Deprecated alias of {canonical_path}",
        operation_id=f"legacy_{route.name}_{legacy_path.count('/')}",
    )
