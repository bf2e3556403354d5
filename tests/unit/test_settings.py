from pathlib import Path
from typing import Any

import pytest

from medallion.platform.settings import ConfigError, Settings, data_dir, load_settings, stack_file


def settings(**values: Any) -> Settings:
    """Settings from the given values only: no environment file."""
    return load_settings(_env_file=None, **values)


def test_unset_source_urls_mean_the_sandbox() -> None:
    resolved = settings(sandbox_url="http://127.0.0.1:8100")

    assert resolved.tiparser().url == "http://127.0.0.1:8100/tiparser"
    assert resolved.casehelper().url == "http://127.0.0.1:8100/casehelper"


def test_a_real_url_requires_its_credentials() -> None:
    with pytest.raises(ConfigError, match="TIPARSER_API_KEY is required"):
        settings(tiparser_url="https://tiparser.example").tiparser()
    with pytest.raises(ConfigError, match="CASEHELPER_USERNAME and CASEHELPER_PASSWORD"):
        settings(casehelper_api_url="https://casehelper.example").casehelper()


def test_placeholder_credentials_are_rejected_at_start() -> None:
    with pytest.raises(ConfigError, match="CASEHELPER_PASSWORD holds a placeholder"):
        settings(casehelper_password="your-password")


def test_the_deprecated_alias_must_agree() -> None:
    with pytest.raises(ConfigError, match="CASEHELPER_BASE_URL differ"):
        settings(casehelper_api_url="https://a.example", casehelper_base_url="https://b.example")
    agreeing = settings(
        casehelper_base_url="https://a.example/",
        casehelper_username="svc",
        casehelper_password="secret",
    )
    assert agreeing.casehelper().url == "https://a.example"


def test_no_source_and_no_sandbox_names_the_setting() -> None:
    with pytest.raises(ConfigError, match="TIPARSER_URL is not set and no sandbox runs"):
        settings().tiparser()


def test_errors_name_the_setting_and_never_echo_secrets() -> None:
    with pytest.raises(ConfigError) as caught:
        settings(tiparser_timeout_s=-1, casehelper_password="hunter2-secret")
    assert "TIPARSER_TIMEOUT_S" in str(caught.value)
    assert "hunter2" not in str(caught.value)


def test_the_stack_file_is_found_when_settings_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stack = tmp_path / "stack.env"
    stack.write_text("TEMPORAL_NAMESPACE=from-the-stack\nTEMPORAL_TASK_QUEUE=from-the-stack\n")
    monkeypatch.setenv("MEDALLION_STACK_FILE", str(stack))
    monkeypatch.setenv("TEMPORAL_TASK_QUEUE", "from-the-environment")

    settings = load_settings()

    assert settings.temporal_namespace == "from-the-stack"
    assert settings.temporal_task_queue == "from-the-environment"  # the environment wins


def test_the_data_dir_is_read_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDALLION_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("MEDALLION_STACK_FILE")

    assert (data_dir(), stack_file()) == (tmp_path, tmp_path / "stack.env")


def test_api_keys_come_from_the_list_and_the_single_key() -> None:
    resolved = settings(medallion_api_keys=" new-key , old-key ,", medallion_api_key="single")

    assert resolved.api_keys() == ["new-key", "old-key", "single"]
    assert settings().api_keys() == []


def test_a_placeholder_api_key_is_refused_at_start() -> None:
    with pytest.raises(ConfigError, match="MEDALLION_API_KEYS holds a placeholder"):
        settings(medallion_api_keys="real-one,changeme")


def test_cors_is_off_unless_origins_are_configured() -> None:
    assert settings().cors_origins() == []
    assert settings(medallion_cors_origins="http://a.example, http://b.example").cors_origins() == [
        "http://a.example",
        "http://b.example",
    ]
    assert settings(temporal_ui_url="http://ui.example:8233/x").codec_cors_origins() == [
        "http://ui.example:8233"
    ]


def test_log_level_is_read_in_any_case_and_checked() -> None:
    assert settings().log_level == "INFO"
    assert settings(log_level="debug").log_level == "DEBUG"
    with pytest.raises(ConfigError, match="LOG_LEVEL"):
        settings(log_level="chatty")


def test_codec_oidc_settings_come_together() -> None:
    with pytest.raises(ConfigError, match="set MEDALLION_CODEC_OIDC_AUDIENCE"):
        settings(
            medallion_codec_oidc_issuer="https://sso.example/realms/m",
            medallion_codec_oidc_jwks_url="https://sso.example/certs",
        )
    with pytest.raises(ConfigError, match="name=value"):
        settings(
            medallion_codec_oidc_issuer="https://sso.example/realms/m",
            medallion_codec_oidc_audience="temporal-ui",
            medallion_codec_oidc_jwks_url="https://sso.example/certs",
            medallion_codec_oidc_required_claim="groups",
        )
    assert settings().codec_token_verifier() is None
