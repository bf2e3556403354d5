from urllib.parse import quote

from medallion.platform.settings import Settings
from workflows.models import workflow_id_for


def workflows_ui_url(settings: Settings) -> str:
    base = settings.temporal_ui_url.rstrip("/")
    return f"{base}/namespaces/{quote(settings.temporal_namespace)}/workflows"


def workflow_ui_url(settings: Settings, case_id: str, run_id: str | None = None) -> str:
    url = f"{workflows_ui_url(settings)}/{quote(workflow_id_for(case_id))}"
    return f"{url}/{quote(run_id)}/history" if run_id else url
