"""Static checks of the production stack: docker-compose.yml, Dockerfile, deploy/.

No Docker engine is needed; these catch the mistakes that would otherwise surface only at
`docker compose up`: a missing dependency, a floating image tag, a literal secret, a command
that names a file the image does not have.
"""

import json
import re
import shlex
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import pytest

from medallion.devstack.stack import KEEP_ALIVE_S, api_command
from medallion.platform.settings import _PLACEHOLDERS

yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parents[2]

APP_ENV = {
    "DATABASE_URL",
    "TEMPORAL_ADDRESS",
    "TEMPORAL_NAMESPACE",
    "TEMPORAL_TASK_QUEUE",
    "TEMPORAL_UI_URL",
    "TIPARSER_URL",
    "TIPARSER_API_KEY",
    "CASEHELPER_API_URL",
    "CASEHELPER_USERNAME",
    "CASEHELPER_PASSWORD",
    "CASEHELPER_APP_TYPE",
    "MEDALLION_API_KEYS",
    "MEDALLION_CODEC_KEYS",
}
# Must be given by the operator: compose refuses to start without them.
REQUIRED_ENV = {
    "TIPARSER_URL",
    "TIPARSER_API_KEY",
    "CASEHELPER_API_URL",
    "CASEHELPER_USERNAME",
    "CASEHELPER_PASSWORD",
    "MEDALLION_API_KEYS",
    "MEDALLION_CODEC_KEYS",
}
SECRET_NAME = re.compile(r"PASSWORD|PWD|KEY|SECRET|TOKEN")
# Named like secrets, but switches.
NOT_SECRETS = {"TEMPORAL_CODEC_PASS_ACCESS_TOKEN"}
REQUIRED_REF = re.compile(r"\$\{(?P<var>[A-Z0-9_]+):\?[^}]+\}")
DEFAULT_REF = re.compile(r"\$\{[A-Z0-9_]+:-(?P<default>[^}]*)\}")


@cache
def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def services() -> dict[str, dict[str, Any]]:
    return compose()["services"]


def command(value: str | list[str]) -> list[str]:
    return shlex.split(value) if isinstance(value, str) else [str(v) for v in value]


def strings(node: Any) -> list[str]:
    """Every string value in a parsed YAML tree."""
    if isinstance(node, dict):
        return [s for value in node.values() for s in strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in strings(value)]
    return [node] if isinstance(node, str) else []


def seconds(duration: str) -> float:
    """A compose duration such as `60s`, `1m30s` or `1h`."""
    parts = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", duration)
    assert parts and duration, f"unparsed duration {duration!r}"
    h, m, s = (int(p or 0) for p in parts.groups())
    return h * 3600 + m * 60 + s


def published_host_ports(service: dict[str, Any]) -> set[int]:
    # "8000:8000" or "127.0.0.1:7233:7233": the host port is the second-to-last field.
    return {int(str(p).split(":")[-2]) for p in service.get("ports", [])}


def dockerfile_cmd() -> list[str]:
    lines = (ROOT / "Dockerfile").read_text().splitlines()
    (cmd,) = [line.removeprefix("CMD ") for line in lines if line.startswith("CMD ")]
    return json.loads(cmd)  # exec form: a JSON array


def test_every_service_exists() -> None:
    expected = {
        "postgres", "postgres-roles", "temporal", "temporal-ui", "migrate", "api", "worker",
        "prometheus", "grafana",
    }  # fmt: skip
    assert expected <= services().keys()


def test_images_are_pinned() -> None:
    for name, service in services().items():
        image = DEFAULT_REF.sub(lambda m: m["default"], service["image"])
        repository, _, tag = image.rpartition(":")
        assert repository and "/" not in tag, f"{name}: image {image!r} has no tag"
        assert tag != "latest", f"{name}: image {image!r} is not pinned"
        if "build" not in service:  # a third-party image: an exact release, not a major only
            assert re.match(r"v?\d+\.\d+", tag), f"{name}: {image!r} floats within a release line"


def test_schema_tool_matches_the_server_release() -> None:
    server_tag = services()["temporal"]["image"].rpartition(":")[2]
    for name, service in services().items():
        if service["image"].startswith("temporalio/admin-tools:"):
            assert service["image"].rpartition(":")[2] == server_tag, name


def test_dependencies_exist_and_wait_for_the_right_state() -> None:
    allowed = {"service_healthy", "service_completed_successfully", "service_started"}
    for name, service in services().items():
        for target, spec in service.get("depends_on", {}).items():
            assert target in services(), f"{name} depends on unknown {target}"
            assert spec["condition"] in allowed, f"{name} -> {target}: {spec}"
            if spec["condition"] == "service_healthy":
                assert "healthcheck" in services()[target], f"{target} has no healthcheck"
            if spec["condition"] == "service_completed_successfully":
                # A one-shot is restarted when it fails (Postgres or Temporal not quite up
                # yet), never after it succeeds, or it would never count as completed.
                assert services()[target].get("restart") == "on-failure", target

    def condition(service: str, target: str) -> str:
        return services()[service]["depends_on"][target]["condition"]

    assert condition("migrate", "postgres") == "service_healthy"
    assert condition("migrate", "postgres-roles") == "service_completed_successfully"
    assert condition("temporal-schema", "postgres-roles") == "service_completed_successfully"
    assert condition("temporal", "postgres") == "service_healthy"
    assert condition("temporal-ui", "temporal") == "service_healthy"
    for name in ("api", "worker"):
        assert condition(name, "migrate") == "service_completed_successfully"
        assert condition(name, "temporal") == "service_healthy"


def test_api_and_worker_get_the_whole_configuration() -> None:
    for name in ("api", "worker"):
        env = services()[name]["environment"]
        assert env.keys() >= APP_ENV, f"{name} lacks {sorted(APP_ENV - env.keys())}"
        for var in REQUIRED_ENV:
            ref = REQUIRED_REF.fullmatch(env[var])
            assert ref and ref["var"] == var, f"{name}: {var} must be ${{{var}:?...}}"
        assert re.fullmatch(r"postgresql://[^@]+@postgres:5432/medallion", env["DATABASE_URL"])
        assert env["TEMPORAL_ADDRESS"] == "temporal:7233"
        assert env["TEMPORAL_NAMESPACE"] == "default"
        assert env["TEMPORAL_TASK_QUEUE"] == "case-ingestion"


def test_no_literal_secrets() -> None:
    for name, service in services().items():
        for key, value in (service.get("environment") or {}).items():
            if SECRET_NAME.search(key) and key not in NOT_SECRETS:
                assert REQUIRED_REF.fullmatch(str(value)), f"{name}: {key} is not ${{VAR:?...}}"
            for password in re.findall(r"://[^:/@]+:([^@]*)@", str(value)):
                assert REQUIRED_REF.fullmatch(password), f"{name}: {key} embeds a password"


def test_env_example_names_every_required_variable_without_a_real_value() -> None:
    example: dict[str, str] = {}
    for line in (ROOT / "deploy" / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            example[key.strip()] = value.strip()
    required = {var for value in strings(compose()) for var in REQUIRED_REF.findall(value)}
    missing = sorted(required - example.keys())
    assert not missing, f"missing in .env.example: {missing}"
    for key, value in example.items():
        if SECRET_NAME.search(key):
            assert value == "" or value.lower() in _PLACEHOLDERS, f"{key} has a value"


def test_worker_scales_out_and_drains_on_stop() -> None:
    worker = services()["worker"]
    assert worker["deploy"]["replicas"] >= 2
    grace = seconds(worker["stop_grace_period"])
    assert grace >= 30
    assert float(worker["environment"]["WORKER_GRACEFUL_SHUTDOWN_S"]) < grace


def test_healthchecks() -> None:
    for name in ("postgres", "temporal", "api", "worker"):
        check = services()[name].get("healthcheck", {})
        assert check.get("test") and not check.get("disable"), f"{name} has no healthcheck"
    assert any("pg_isready" in str(part) for part in services()["postgres"]["healthcheck"]["test"])
    api_check = services()["api"]["healthcheck"]
    # Liveness, not readiness: the API stays healthy while the workers are down.
    assert "/api/health/live" in " ".join(command(api_check["test"]))
    assert seconds(api_check["start_period"]) >= 30
    worker = services()["worker"]
    port = worker["environment"]["WORKER_METRICS_PORT"]
    # Whether it polls, not only whether the process answers.
    assert f"127.0.0.1:{port}/health" in " ".join(command(worker["healthcheck"]["test"]))
    assert worker["environment"]["WORKER_METRICS_HOST"] == "0.0.0.0"


def test_ports_are_published() -> None:
    assert 8000 in published_host_ports(services()["api"])
    assert 7233 in published_host_ports(services()["temporal"])
    assert 8233 in published_host_ports(services()["temporal-ui"])
    assert services()["temporal-ui"]["ports"][0].endswith(":8080")


def test_the_ui_decodes_through_the_api_codec_server_from_its_own_origin() -> None:
    ui_env = services()["temporal-ui"]["environment"]
    endpoint = DEFAULT_REF.sub(lambda m: m["default"], ui_env["TEMPORAL_CODEC_ENDPOINT"])
    api_port = published_host_ports(services()["api"])
    assert re.fullmatch(r"https?://[^/:]+:(\d+)/codec", endpoint)
    assert int(endpoint.rsplit(":", 1)[1].split("/")[0]) in api_port
    # The API derives its codec CORS origin from the same variable the UI is told it lives at.
    assert ui_env["TEMPORAL_CORS_ORIGINS"] == services()["api"]["environment"]["TEMPORAL_UI_URL"]


def test_the_ui_logs_in_and_the_codec_verifies_the_token_it_forwards() -> None:
    ui_env = services()["temporal-ui"]["environment"]
    api_env = services()["api"]["environment"]
    assert ui_env["TEMPORAL_AUTH_ENABLED"] == "true"
    assert ui_env["TEMPORAL_AUTH_TYPE"] == "oidc"
    assert ui_env["TEMPORAL_CODEC_PASS_ACCESS_TOKEN"] == "true"
    for var in ("TEMPORAL_AUTH_CLIENT_ID", "TEMPORAL_AUTH_CLIENT_SECRET"):
        ref = REQUIRED_REF.fullmatch(ui_env[var])
        assert ref and ref["var"] == var
    # One issuer for the login and for the codec's check.
    issuer = REQUIRED_REF.fullmatch(api_env["MEDALLION_CODEC_OIDC_ISSUER"])
    assert issuer and issuer["var"] == "OIDC_ISSUER_URL"
    assert ui_env["TEMPORAL_AUTH_PROVIDER_URL"] == api_env["MEDALLION_CODEC_OIDC_ISSUER"]
    callback = DEFAULT_REF.sub(lambda m: m["default"], ui_env["TEMPORAL_AUTH_CALLBACK_URL"])
    assert callback == "http://localhost:8233/auth/sso/callback"
    for var in ("MEDALLION_CODEC_OIDC_AUDIENCE", "MEDALLION_CODEC_OIDC_JWKS_URL"):
        assert REQUIRED_REF.fullmatch(api_env[var]), var


def test_postgres_volume_fits_the_image_layout() -> None:
    postgres = services()["postgres"]
    major = int(postgres["image"].rpartition(":")[2].split(".")[0])
    target = "/var/lib/postgresql" if major >= 18 else "/var/lib/postgresql/data"
    named = [v for v in postgres["volumes"] if not v.startswith((".", "/"))]
    assert [v.split(":")[1] for v in named] == [target]
    assert named[0].split(":")[0] in compose()["volumes"]


def _module_file(module: str) -> Path:
    path = ROOT / Path(*module.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def test_commands_name_files_that_exist_and_are_copied_into_the_image() -> None:
    copied = {
        Path(src).parts[0]
        for line in (ROOT / "Dockerfile").read_text().splitlines()
        if line.startswith("COPY ")
        for src in line.split()[1:-1]
    }
    assert all((ROOT / c).exists() for c in copied), copied
    commands = [dockerfile_cmd()] + [
        command(services()[name]["command"]) for name in ("migrate", "api", "worker")
    ]
    for argv in commands:
        if argv[:2] == ["python", "-m"]:
            target = _module_file(argv[2])
        elif argv[0] == "python":
            target = ROOT / argv[1]
        elif argv[0] == "uvicorn":
            module, _, factory = argv[1].partition(":")
            target = _module_file(module)
            assert f"def {factory}(" in target.read_text(), argv
        else:
            pytest.fail(f"unexpected command {argv}")
        assert target.is_file(), f"{argv} names missing {target}"
        assert target.relative_to(ROOT).parts[0] in copied, f"{target} is not copied"


def test_temporal_scripts_are_mounted_and_exist() -> None:
    for name in ("postgres-roles", "temporal-schema", "temporal-init"):
        service = services()[name]
        (mount,) = service["volumes"]
        host, container = mount.split(":")[:2]
        script = command(service["command"])[-1]
        assert script.startswith(container + "/")
        assert (ROOT / host / script.removeprefix(container + "/")).is_file(), script


def test_image_runs_unprivileged_without_dev_tools() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    instructions = [line for line in dockerfile.splitlines() if not line.startswith("#")]
    # Pinned: an exact patch release on a named Debian release, never a floating tag.
    assert re.search(
        r"^FROM python:3\.11\.\d+-slim-[a-z]+(@sha256:[0-9a-f]{64})?$", dockerfile, re.M
    )
    users = re.findall(r"^USER (\S+)", dockerfile, re.M)
    assert users and users[-1] not in {"root", "0"}
    assert "PYTHONUNBUFFERED=1" in dockerfile
    assert not any("[dev]" in line for line in instructions)
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".venv", ".data", "tests", ".git"} <= ignored


def test_image_installs_from_the_lock_file_with_the_uv_make_uses() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    make_uv = re.search(r"^UV_VERSION\s*:=\s*(\S+)", (ROOT / "Makefile").read_text(), re.M)
    image_uv = re.search(r"pip install uv==(\S+)", dockerfile)
    assert make_uv and image_uv and make_uv[1] == image_uv[1]
    assert re.search(r"^COPY pyproject\.toml uv\.lock ", dockerfile, re.M)
    assert re.search(r"^RUN uv sync --locked --no-dev\b", dockerfile, re.M)


def _db_user(url: str) -> str:
    match = re.match(r"postgresql://([^:@]+)", url)
    assert match, url
    return match[1]


def test_each_postgres_user_has_its_own_least_privileged_role() -> None:
    for name in ("api", "worker"):
        assert _db_user(services()[name]["environment"]["DATABASE_URL"]) == "medallion_app"
    assert _db_user(services()["migrate"]["environment"]["DATABASE_URL"]) == "medallion_owner"
    assert services()["temporal"]["environment"]["POSTGRES_USER"] == "temporal"
    assert services()["temporal-schema"]["environment"]["SQL_USER"] == "temporal"
    superuser = services()["postgres"]["environment"]["POSTGRES_USER"]
    users = {"medallion_app", "medallion_owner", "temporal"}
    assert superuser not in users
    roles_sql = (ROOT / "deploy" / "postgres" / "roles.sh").read_text()
    for role in users:
        assert re.search(
            rf"ALTER ROLE {role}\s+WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE", roles_sql
        )
    app_grants = re.findall(r"GRANT ([A-Z ,]+?) ON [^;]*? TO medallion_app", roles_sql)
    granted = {p.strip() for grant in app_grants for p in grant.split(",")}
    assert granted <= {"SELECT", "INSERT", "UPDATE", "DELETE", "USAGE", "CONNECT"}, granted
    assert (
        "REVOKE ALL ON DATABASE medallion, temporal, temporal_visibility FROM PUBLIC" in roles_sql
    )


def test_temporal_reads_a_mounted_dynamic_config_file() -> None:
    temporal = services()["temporal"]
    path = temporal["environment"]["DYNAMIC_CONFIG_FILE_PATH"]
    mounts = [v.split(":")[:2] for v in temporal["volumes"]]
    (host_dir,) = [host for host, target in mounts if path.startswith(target + "/")]
    target = next(t for h, t in mounts if h == host_dir)
    config = yaml.safe_load((ROOT / host_dir / path.removeprefix(target + "/")).read_text())
    assert config and all(
        isinstance(v, list) and all("value" in c for c in v) for v in config.values()
    )


def test_api_is_reachable_from_this_host_only_behind_a_proxy_note() -> None:
    api = services()["api"]
    assert api["ports"] and all(str(p).startswith("127.0.0.1:") for p in api["ports"])
    readme = " ".join((ROOT / "deploy" / "README.md").read_text().split())
    assert "TLS-terminating reverse proxy" in readme


def test_one_shot_jobs_restart_on_failure_only() -> None:
    for name in ("postgres-roles", "temporal-schema", "temporal-init", "migrate"):
        assert services()[name]["restart"] == "on-failure", name


def scrape_jobs() -> dict[str, dict[str, Any]]:
    config = yaml.safe_load((ROOT / "deploy" / "prometheus" / "prometheus.yml").read_text())
    return {job["job_name"]: job for job in config["scrape_configs"]}


def mounted(service: str, target: str) -> Path:
    """The host directory or file a service mounts at `target`."""
    for volume in services()[service]["volumes"]:
        host, container = volume.split(":")[:2]
        if container == target and host.startswith("./"):
            return ROOT / host
    raise AssertionError(f"{service} mounts nothing at {target}")


def test_prometheus_scrapes_the_api_every_worker_and_the_temporal_server() -> None:
    jobs = scrape_jobs()
    worker_port = int(services()["worker"]["environment"]["WORKER_METRICS_PORT"])
    server_port = services()["temporal"]["environment"]["PROMETHEUS_ENDPOINT"].rsplit(":", 1)[1]
    (api_targets,) = [c["targets"] for c in jobs["medallion-api"]["static_configs"]]
    (workers,) = jobs["medallion-worker"]["dns_sd_configs"]
    (server_targets,) = [c["targets"] for c in jobs["temporal-server"]["static_configs"]]

    assert api_targets == ["api:8000"]
    # One target per replica, found through Docker's DNS.
    assert workers["names"] == ["worker"] and workers["port"] == worker_port
    assert server_targets == [f"temporal:{server_port}"]
    config_dir = mounted("prometheus", "/etc/prometheus")
    assert (config_dir / "prometheus.yml").is_file()


def test_grafana_is_provisioned_with_the_prometheus_datasource_and_the_dashboard() -> None:
    grafana = services()["grafana"]
    provisioning = mounted("grafana", "/etc/grafana/provisioning")
    (datasource,) = yaml.safe_load((provisioning / "datasources" / "prometheus.yml").read_text())[
        "datasources"
    ]
    (provider,) = yaml.safe_load((provisioning / "dashboards" / "medallion.yml").read_text())[
        "providers"
    ]
    dashboards = mounted("grafana", provider["options"]["path"])

    assert datasource["url"] == "http://prometheus:9090"
    assert grafana["depends_on"]["prometheus"]["condition"] == "service_healthy"
    home = grafana["environment"]["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
    assert (dashboards / Path(home).name).is_file()
    for panel in dashboard_panels():
        for target in panel.get("targets", []):
            assert target["datasource"]["uid"] == datasource["uid"], panel["title"]


def dashboard_panels() -> list[dict[str, Any]]:
    dashboard = json.loads(
        (ROOT / "deploy" / "grafana" / "dashboards" / "medallion.json").read_text()
    )
    return [panel for panel in dashboard["panels"] if panel["type"] != "row"]


def dashboard_queries() -> list[str]:
    return [target["expr"] for panel in dashboard_panels() for target in panel["targets"]]


@pytest.mark.parametrize(
    "metric",
    [
        "medallion_cases_total",  # cases by outcome
        "medallion_stage_duration_seconds_bucket",  # stage durations
        "medallion_source_fetches_total",  # source fetch outcomes
        "medallion_api_request_duration_seconds_bucket",  # API latency
        "temporal_workflow_task_schedule_to_start_latency_seconds_bucket",  # SDK task latencies
        "temporal_activity_schedule_to_start_latency_seconds_bucket",
        "temporal_activity_execution_latency_seconds_bucket",
    ],
)
def test_the_dashboard_covers(metric: str) -> None:
    assert any(re.search(rf"\b{metric}\b", query) for query in dashboard_queries())


def test_prometheus_config_and_dashboard_queries_pass_promtool(tmp_path: Path) -> None:
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.skip("promtool is not installed (Debian: apt-get install prometheus)")
    rules = {
        "groups": [
            {
                "name": "dashboard",
                "rules": [
                    {"record": f"dashboard:query_{n}", "expr": q.replace("$__rate_interval", "5m")}
                    for n, q in enumerate(dashboard_queries())
                ],
            }
        ]
    }
    (tmp_path / "rules.yml").write_text(yaml.safe_dump(rules))

    config = ROOT / "deploy" / "prometheus" / "prometheus.yml"
    for check in (["rules", str(tmp_path / "rules.yml")], ["config", str(config)]):
        checked = subprocess.run([promtool, "check", *check], capture_output=True, text=True)

        assert checked.returncode == 0, checked.stdout + checked.stderr


def keep_alive_s(argv: list[str]) -> float:
    assert "--timeout-keep-alive" in argv, argv
    return float(argv[argv.index("--timeout-keep-alive") + 1])


def test_the_api_outlasts_the_idle_connections_of_its_clients_and_proxy() -> None:
    # A client or proxy that reuses a connection the server closed at the same moment gets a
    # read error (httpx keeps idle connections 5 s, uvicorn's default too; proxies up to 60 s).
    commands = {
        "Dockerfile": dockerfile_cmd(),
        "compose": command(services()["api"]["command"]),
        "make run": api_command("127.0.0.1", 8000),
    }
    for where, argv in commands.items():
        assert keep_alive_s(argv) == KEEP_ALIVE_S, where
    assert max(httpx.Limits().keepalive_expiry or 0, 60) < KEEP_ALIVE_S
