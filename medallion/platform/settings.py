"""All configuration, read once from the environment (and the dev stack's settings file).

Precedence: environment variables, then `.data/stack.env` (written by `make run` so that a worker
or API started by hand in another terminal joins the running stack), then defaults.
"""

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from medallion.platform.codec import CodecKey, CodecKeyError, parse_codec_keys
from medallion.platform.oidc import AccessTokenVerifier, RequiredClaim

# The repository root: medallion/platform/ is two levels below it.
PROJECT_ROOT = Path(__file__).resolve().parents[2]


# Read when asked, not at import, so a test or a benchmark can point them elsewhere.
def data_dir() -> Path:
    """Where the dev stack keeps its data, logs and resolved settings."""
    return Path(os.environ.get("MEDALLION_DATA_DIR") or PROJECT_ROOT / ".data")


def stack_file() -> Path:
    """The settings `make run` resolved, which every process of the stack reads."""
    return Path(os.environ.get("MEDALLION_STACK_FILE") or data_dir() / "stack.env")


# The sandbox's own credentials: they guard nothing real, so they may live in code.
SANDBOX_TIPARSER_API_KEY = "sandbox-tiparser-key"
SANDBOX_CASEHELPER_USERNAME = "sandbox-user"
SANDBOX_CASEHELPER_PASSWORD = "sandbox-pass"

_PLACEHOLDERS = {"your-username", "your-password", "your-key", "changeme", "change-me"}


LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]


class ConfigError(RuntimeError):
    """A missing or invalid setting; the message names it."""


@dataclass(frozen=True)
class TiParserConfig:
    url: str
    api_key: str | None
    timeout_s: float


@dataclass(frozen=True)
class CaseHelperConfig:
    url: str
    username: str
    password: str
    app_type: str
    api_key: str | None
    timeout_s: float


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file_encoding="utf-8",
        env_ignore_empty=True,  # VAR= in a shell or compose file means unset, not ""
        extra="ignore",
        case_sensitive=False,
    )

    def __init__(self, **values: Any) -> None:
        # The stack file is found when settings are read; `_env_file=None` reads none.
        values.setdefault("_env_file", stack_file())
        super().__init__(**values)

    database_url: str | None = None
    temporal_address: str = "localhost:7233"
    temporal_namespace: str = "default"
    temporal_task_queue: str = "case-ingestion"
    temporal_ui_url: str = "http://localhost:8233"

    # Set by the dev stack: where the sandbox sources answer when no real URL is configured.
    sandbox_url: str | None = None

    tiparser_url: str | None = None
    tiparser_api_key: SecretStr | None = None
    tiparser_timeout_s: float = Field(default=120, gt=0)
    casehelper_api_url: str | None = None
    casehelper_base_url: str | None = None  # deprecated alias of CASEHELPER_API_URL
    casehelper_username: str | None = None
    casehelper_password: SecretStr | None = None
    casehelper_app_type: str = "transcript_pipeline"
    casehelper_api_key: SecretStr | None = None
    casehelper_timeout_s: float = Field(default=60, gt=0)
    interview_source: Literal["casehelper", "tiparser"] = "casehelper"

    # json or console; unset: console when stderr is a terminal, JSON otherwise.
    log_format: Literal["json", "console"] | None = None
    # The least severe lines written, for our loggers and the libraries' alike.
    log_level: LogLevel = "INFO"

    # Keys callers send as X-API-Key: MEDALLION_API_KEYS (comma-separated, so a key rotates
    # without downtime) plus the single MEDALLION_API_KEY; none set means the API is open
    # (local development).
    medallion_api_keys: SecretStr | None = None
    medallion_api_key: SecretStr | None = None
    # Request bodies above this many bytes get 413: room for the largest batch trigger (1,000
    # case ids); the codec's batches of payloads get their own, larger limit.
    medallion_max_body_bytes: int = Field(default=32 * 1024, ge=256)
    medallion_codec_max_body_bytes: int = Field(default=4 * 1024 * 1024, ge=1024)
    # Browser origins allowed to call /api/... cross-origin (comma-separated); unset: none.
    medallion_cors_origins: str | None = None

    # Payload encryption keys, `id:base64key,...` newest first (codec.py).
    medallion_codec_keys: SecretStr | None = None
    # The codec server (`/codec/...`): a static token sent as `Authorization: Bearer` (the
    # `temporal` CLI's --codec-auth), and the browser origins allowed to call it
    # (comma-separated; default: TEMPORAL_UI_URL's).
    medallion_codec_token: SecretStr | None = None
    medallion_codec_cors_origins: str | None = None
    # The Web UI's OIDC login (oidc.py): the codec also accepts the user's access token
    # when the IdP's JWKS verifies it for this issuer and audience; set all three or none.
    medallion_codec_oidc_issuer: str | None = None
    medallion_codec_oidc_audience: str | None = None
    medallion_codec_oidc_jwks_url: str | None = None
    # `name=value`, e.g. `groups=temporal-decoders`: only tokens holding it may decode (403).
    medallion_codec_oidc_required_claim: str | None = None

    # Workflow behaviour.
    needs_attention_timeout_s: float = Field(default=24 * 3600, gt=0)
    fetch_max_attempts: int = Field(default=5, ge=1)
    freshness_days: int = Field(default=30, ge=1)
    sync_wait_timeout_s: float = Field(default=600, gt=0)
    # Calls per second to each source, shared by all workers (its task queue's rate limit).
    source_calls_per_s: float = Field(default=10, gt=0)

    # Outbound webhooks (docs/webhooks.md). Refuse receivers on loopback, private or link-local
    # addresses, at creation and at each delivery (`make run` and the tests turn it off).
    medallion_webhook_block_private: bool = True
    webhook_timeout_s: float = Field(default=10, gt=0)
    # Retries: exponential backoff from the first interval, capped, until the window closes.
    webhook_retry_initial_s: float = Field(default=30, gt=0)
    webhook_retry_max_interval_s: float = Field(default=3600, gt=0)
    webhook_retry_window_s: float = Field(default=25 * 3600, gt=0)

    # Connections each process (worker, API) keeps to Postgres at most.
    database_pool_size: int = Field(default=20, ge=1)

    # Prometheus endpoint of a worker process (`/metrics`); unset: none. Each worker process on
    # one host needs its own port.
    worker_metrics_port: int | None = Field(default=None, ge=1, le=65535)
    worker_metrics_host: str = "127.0.0.1"

    # Worker concurrency.
    worker_max_concurrent_activities: int = Field(default=20, ge=1)
    worker_max_concurrent_workflow_tasks: int = Field(default=20, ge=1)
    worker_workflow_task_pollers: int = Field(default=5, ge=1)
    worker_activity_task_pollers: int = Field(default=5, ge=1)
    # Activity pollers on each source's fetch queue (whose rate limit bounds them anyway).
    worker_fetch_task_pollers: int = Field(default=2, ge=1)
    # Runs kept in memory between workflow tasks; a run pushed out is replayed from its history.
    worker_max_cached_workflows: int = Field(default=1000, ge=0)
    worker_graceful_shutdown_s: float = Field(default=30, ge=0)

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _check_sources(self) -> "Settings":
        if (
            self.casehelper_api_url
            and self.casehelper_base_url
            and self.casehelper_api_url.rstrip("/") != self.casehelper_base_url.rstrip("/")
        ):
            raise ValueError(
                "CASEHELPER_API_URL and its deprecated alias CASEHELPER_BASE_URL differ: "
                "set only CASEHELPER_API_URL"
            )
        for name in ("tiparser_api_key", "casehelper_username", "casehelper_password"):
            value = getattr(self, name)
            text = value.get_secret_value() if isinstance(value, SecretStr) else value
            if text is not None and text.strip().lower() in _PLACEHOLDERS:
                raise ValueError(f"{name.upper()} holds a placeholder value: set the real one")
        for key in self.api_keys():
            if key.lower() in _PLACEHOLDERS:
                raise ValueError("MEDALLION_API_KEYS holds a placeholder value: set a real key")
        oidc = {
            "MEDALLION_CODEC_OIDC_ISSUER": self.medallion_codec_oidc_issuer,
            "MEDALLION_CODEC_OIDC_AUDIENCE": self.medallion_codec_oidc_audience,
            "MEDALLION_CODEC_OIDC_JWKS_URL": self.medallion_codec_oidc_jwks_url,
        }
        if any(oidc.values()) and not all(oidc.values()):
            unset = ", ".join(name for name, value in oidc.items() if not value)
            raise ValueError(f"codec OIDC settings are incomplete: set {unset} too")
        if self.medallion_codec_oidc_required_claim is not None:
            if not all(oidc.values()):
                raise ValueError(
                    "MEDALLION_CODEC_OIDC_REQUIRED_CLAIM needs the codec OIDC settings"
                )
            RequiredClaim.parse(self.medallion_codec_oidc_required_claim)
        if self.medallion_codec_keys is not None:
            try:
                parse_codec_keys(self.medallion_codec_keys.get_secret_value())
            except CodecKeyError as err:
                raise ValueError(f"MEDALLION_CODEC_KEYS: {err}") from None
        return self

    def codec_keys(self) -> tuple[CodecKey, ...]:
        if self.medallion_codec_keys is None:
            raise ConfigError(
                "MEDALLION_CODEC_KEYS is not set: Temporal payloads are always encrypted "
                "(`python -m medallion.platform.codec` prints a key; `make run` makes one)"
            )
        return parse_codec_keys(self.medallion_codec_keys.get_secret_value())

    def codec_token_verifier(self) -> AccessTokenVerifier | None:
        """Checks the Web UI's forwarded OIDC access tokens; None when no IdP is configured."""
        issuer, audience = self.medallion_codec_oidc_issuer, self.medallion_codec_oidc_audience
        jwks_url = self.medallion_codec_oidc_jwks_url
        if not (issuer and audience and jwks_url):
            return None
        claim = self.medallion_codec_oidc_required_claim
        return AccessTokenVerifier(
            issuer=issuer,
            audience=audience,
            jwks_url=jwks_url,
            required_claim=RequiredClaim.parse(claim) if claim else None,
        )

    def api_keys(self) -> list[str]:
        """Every accepted X-API-Key; empty when the API is open."""
        listed = self.medallion_api_keys.get_secret_value() if self.medallion_api_keys else ""
        keys = [key.strip() for key in listed.split(",") if key.strip()]
        if self.medallion_api_key is not None:
            keys.append(self.medallion_api_key.get_secret_value())
        return keys

    def cors_origins(self) -> list[str]:
        return _comma_list(self.medallion_cors_origins)

    def codec_cors_origins(self) -> list[str]:
        if self.medallion_codec_cors_origins:
            return _comma_list(self.medallion_codec_cors_origins)
        ui = urlsplit(self.temporal_ui_url)
        return [f"{ui.scheme}://{ui.netloc}"]

    def require_database_url(self) -> str:
        if not self.database_url:
            raise ConfigError("DATABASE_URL is not set (and no dev stack is running: `make run`)")
        return self.database_url

    def tiparser(self) -> TiParserConfig:
        if self.tiparser_url:
            if self.tiparser_api_key is None:
                raise ConfigError("TIPARSER_API_KEY is required when TIPARSER_URL is set")
            return TiParserConfig(
                url=self.tiparser_url.rstrip("/"),
                api_key=self.tiparser_api_key.get_secret_value(),
                timeout_s=self.tiparser_timeout_s,
            )
        key = self.tiparser_api_key.get_secret_value() if self.tiparser_api_key else None
        return TiParserConfig(
            url=f"{self._sandbox('TIPARSER_URL')}/tiparser",
            api_key=key or SANDBOX_TIPARSER_API_KEY,
            timeout_s=self.tiparser_timeout_s,
        )

    def casehelper(self) -> CaseHelperConfig:
        url = self.casehelper_api_url or self.casehelper_base_url
        password = self.casehelper_password.get_secret_value() if self.casehelper_password else None
        api_key = self.casehelper_api_key.get_secret_value() if self.casehelper_api_key else None
        if url:
            if not self.casehelper_username or not password:
                raise ConfigError(
                    "CASEHELPER_USERNAME and CASEHELPER_PASSWORD are required "
                    "when CASEHELPER_API_URL is set"
                )
            username = self.casehelper_username
        else:
            url = f"{self._sandbox('CASEHELPER_API_URL')}/casehelper"
            username = self.casehelper_username or SANDBOX_CASEHELPER_USERNAME
            password = password or SANDBOX_CASEHELPER_PASSWORD
        return CaseHelperConfig(
            url=url.rstrip("/"),
            username=username,
            password=password,
            app_type=self.casehelper_app_type,
            api_key=api_key,
            timeout_s=self.casehelper_timeout_s,
        )

    def _sandbox(self, real_setting: str) -> str:
        if not self.sandbox_url:
            raise ConfigError(
                f"{real_setting} is not set and no sandbox runs (SANDBOX_URL unset): "
                f"set {real_setting} or start the dev stack with `make run`"
            )
        return self.sandbox_url.rstrip("/")


def _comma_list(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning validation errors into one message that names the setting."""
    try:
        return Settings(**overrides)
    except ValidationError as err:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']).upper() or 'settings'}: {e['msg']}"
            for e in err.errors()
        )
        raise ConfigError(f"invalid configuration: {problems}") from None
