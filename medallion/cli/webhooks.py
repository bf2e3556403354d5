"""`medallion webhooks …`: subscriptions to change batches and their deliveries (docs/webhooks.md).

Exit codes: 0 done; 2 refused input (a URL, an unknown id, a delivery still being sent);
3 the API, Postgres or Temporal unavailable.
"""

import json
from typing import Annotated, Any

import httpx
import typer
from rich.console import Console
from rich.table import Table

from medallion.cli.api_client import api_url, reason, sync_client

app = typer.Typer(help="Signed webhooks for change batches: add, list, remove, deliveries, resend.")
console = Console()
errors = Console(stderr=True)

EXIT_BAD_INPUT = 2
EXIT_UNAVAILABLE = 3

AsJson = Annotated[bool, typer.Option("--json", help="Print the API's JSON answer.")]


def _call(method: str, path: str, **kwargs: Any) -> Any:
    try:
        with sync_client() as client:
            response = client.request(method, path, **kwargs)
    except httpx.HTTPError as err:
        errors.print(f"[red]error:[/] cannot reach the API at {api_url()}: {type(err).__name__}")
        raise typer.Exit(EXIT_UNAVAILABLE) from None
    if response.status_code >= 400:
        errors.print(f"[red]error:[/] {response.status_code}: {reason(response)}", highlight=False)
        code = EXIT_UNAVAILABLE if response.status_code >= 500 else EXIT_BAD_INPUT
        raise typer.Exit(code)
    return response.json() if response.content else None


def _print_json(data: Any) -> None:
    console.print_json(json.dumps(data))


@app.command("add")
def add(
    url: Annotated[str, typer.Argument(help="The receiver: an http(s) URL.")],
    kinds: Annotated[
        list[str] | None, typer.Option("--kind", help="A change kind wanted (repeat); none: all.")
    ] = None,
    severities: Annotated[
        list[str] | None,
        typer.Option("--severity", help="alert or info (repeat); none: both."),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Subscribe a URL. Prints the signing secret: it is shown this once."""
    created = _call(
        "POST",
        "/api/webhooks",
        json={"url": url, "kinds": kinds or [], "severities": severities or []},
    )
    if as_json:
        _print_json(created)
        return
    console.print(f"subscription {created['subscription_id']} added for {created['url']}")
    console.print(f"secret {created['secret']}  (shown once: keep it to verify signatures)")


@app.command("list")
def list_subscriptions(as_json: AsJson = False) -> None:
    """Every subscription; a disabled one shows why."""
    found = _call("GET", "/api/webhooks")
    if as_json:
        _print_json(found)
        return
    grid = Table("id", "url", "kinds", "severities", "state")
    for sub in found:
        state = "enabled" if sub["enabled"] else f"disabled: {sub['disabled_reason']}"
        grid.add_row(
            str(sub["subscription_id"]),
            sub["url"],
            ",".join(sub["kinds"]) or "all",
            ",".join(sub["severities"]) or "all",
            state,
        )
    console.print(grid)


@app.command("remove")
def remove(subscription_id: Annotated[int, typer.Argument(help="The subscription's id.")]) -> None:
    """Remove a subscription and its delivery records."""
    _call("DELETE", f"/api/webhooks/{subscription_id}")
    console.print(f"subscription {subscription_id} removed")


@app.command("deliveries")
def deliveries(
    subscription_id: Annotated[int, typer.Argument(help="The subscription's id.")],
    status: Annotated[
        str | None, typer.Option(help="Only pending, delivered or failed deliveries.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 50,
    as_json: AsJson = False,
) -> None:
    """The subscription's deliveries, newest first."""
    params: dict[str, Any] = {"limit": limit}
    if status:
        params["status"] = status
    found = _call("GET", f"/api/webhooks/{subscription_id}/deliveries", params=params)
    if as_json:
        _print_json(found)
        return
    grid = Table("delivery", "build", "webhook id", "status", "attempts", "last answer")
    for item in found:
        grid.add_row(
            str(item["delivery_id"]),
            str(item["build_id"]),
            item["webhook_id"],
            item["status"],
            str(item["attempts"]),
            item["last_error"] or str(item["last_status_code"] or "–"),
        )
    console.print(grid)


@app.command("resend")
def resend(
    subscription_id: Annotated[int, typer.Argument(help="The subscription's id.")],
    delivery_id: Annotated[int, typer.Argument(help="The delivery's id.")],
    as_json: AsJson = False,
) -> None:
    """Send a delivery again (same webhook id, same body), on the full retry schedule."""
    started = _call("POST", f"/api/webhooks/{subscription_id}/deliveries/{delivery_id}/resend")
    if as_json:
        _print_json(started)
        return
    console.print(
        f"delivery {delivery_id} ({started['webhook_id']}) re-sending: {started['workflow_id']}"
    )
