"""`medallion webhooks …`: subscriptions to change batches and their deliveries (docs/webhooks.md).
A refused input (a URL, an unknown id, a delivery still being sent) exits 2; exit codes are in
medallion/cli/exits.py."""

from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from medallion.cli.context import JsonFlag, call, print_json
from medallion.cli.exits import EXIT_CODES_HELP

app = typer.Typer(
    help="Signed webhooks for change batches: add, list, remove, deliveries, resend.",
    epilog=EXIT_CODES_HELP,
)
console = Console(highlight=False)

SubscriptionId = Annotated[int, typer.Argument(help="The subscription's id.")]


@app.command("add", epilog=EXIT_CODES_HELP)
def add(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="The receiver: an http(s) URL.")],
    kinds: Annotated[
        list[str] | None, typer.Option("--kind", help="A change kind wanted (repeat); none: all.")
    ] = None,
    severities: Annotated[
        list[str] | None,
        typer.Option("--severity", help="alert or info (repeat); none: both."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Subscribe a URL. Prints the signing secret: it is shown this once."""
    created = call(
        ctx,
        "POST",
        "/api/webhooks",
        json={"url": url, "kinds": kinds or [], "severities": severities or []},
    )
    if as_json:
        print_json(created)
        return
    console.print(f"subscription {created['subscription_id']} added for {created['url']}")
    console.print(f"secret {created['secret']}  (shown once: keep it to verify signatures)")


@app.command("list", epilog=EXIT_CODES_HELP)
def list_subscriptions(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Every subscription; a disabled one shows why."""
    found = call(ctx, "GET", "/api/webhooks")
    if as_json:
        print_json(found)
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


@app.command("remove", epilog=EXIT_CODES_HELP)
def remove(ctx: typer.Context, subscription_id: SubscriptionId) -> None:
    """Remove a subscription and its delivery records."""
    call(ctx, "DELETE", f"/api/webhooks/{subscription_id}")
    console.print(f"subscription {subscription_id} removed")


@app.command("deliveries", epilog=EXIT_CODES_HELP)
def deliveries(
    ctx: typer.Context,
    subscription_id: SubscriptionId,
    status: Annotated[
        str | None, typer.Option(help="Only pending, delivered or failed deliveries.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 50,
    as_json: JsonFlag = False,
) -> None:
    """The subscription's deliveries, newest first."""
    params: dict[str, Any] = {"limit": limit}
    if status:
        params["status"] = status
    found = call(ctx, "GET", f"/api/webhooks/{subscription_id}/deliveries", params=params)
    if as_json:
        print_json(found)
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


@app.command("resend", epilog=EXIT_CODES_HELP)
def resend(
    ctx: typer.Context,
    subscription_id: SubscriptionId,
    delivery_id: Annotated[int, typer.Argument(help="The delivery's id.")],
    as_json: JsonFlag = False,
) -> None:
    """Send a delivery again (same webhook id, same body), on the full retry schedule."""
    started = call(ctx, "POST", f"/api/webhooks/{subscription_id}/deliveries/{delivery_id}/resend")
    if as_json:
        print_json(started)
        return
    console.print(
        f"delivery {delivery_id} ({started['webhook_id']}) re-sending: {started['workflow_id']}"
    )
