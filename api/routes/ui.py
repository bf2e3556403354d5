from fastapi import APIRouter
from fastapi.responses import RedirectResponse

from api.deps import CaseIdPath, SettingsDep
from api.ui_links import workflow_ui_url, workflows_ui_url

router = APIRouter(tags=["ui"])


@router.get("/ui", response_class=RedirectResponse, status_code=307, summary="Temporal Web UI")
async def temporal_ui(settings: SettingsDep) -> RedirectResponse:
    return RedirectResponse(workflows_ui_url(settings), status_code=307)


@router.get(
    "/cases/{case_id}/ui",
    response_class=RedirectResponse,
    status_code=307,
    summary="The case's workflow in the Temporal Web UI",
)
async def case_ui(case_id: CaseIdPath, settings: SettingsDep) -> RedirectResponse:
    return RedirectResponse(workflow_ui_url(settings, case_id), status_code=307)
