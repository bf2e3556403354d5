"""Temporal connection settings: envconfig profiles and TEMPORAL_* variables, our overrides."""

from pathlib import Path

import pytest
from temporalio.service import TLSConfig

from medallion.platform.settings import ConfigError, Settings
from medallion.platform.temporal import connect_options


@pytest.fixture(autouse=True)
def no_temporal_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE", "TEMPORAL_PROFILE", "TEMPORAL_API_KEY"):
        monkeypatch.delenv(name, raising=False)


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg,arg-type]


def test_without_configuration_the_local_defaults_apply() -> None:
    options = connect_options(settings(), environ={})
    assert options == {"target_host": "localhost:7233", "namespace": "default"}


def test_an_api_key_in_the_environment_turns_tls_on() -> None:
    environ = {
        "TEMPORAL_ADDRESS": "acme.a1b2c.tmprl.cloud:7233",
        "TEMPORAL_NAMESPACE": "acme.a1b2c",
        "TEMPORAL_API_KEY": "key-123",
    }
    options = connect_options(settings(), environ=environ)
    assert options["target_host"] == "acme.a1b2c.tmprl.cloud:7233"
    assert options["namespace"] == "acme.a1b2c"
    assert options["api_key"] == "key-123"
    assert options["tls"] is True


def test_a_profile_of_the_config_file_brings_mtls(tmp_path: Path) -> None:
    (tmp_path / "client.pem").write_text("CERT")
    (tmp_path / "client.key").write_text("KEY")
    config = tmp_path / "temporal.toml"
    config.write_text(
        f"""
[profile.prod]
address = "temporal.internal:7233"
namespace = "ingestion"

[profile.prod.tls]
client_cert_path = "{tmp_path / "client.pem"}"
client_key_path = "{tmp_path / "client.key"}"
"""
    )
    environ = {"TEMPORAL_CONFIG_FILE": str(config), "TEMPORAL_PROFILE": "prod"}
    options = connect_options(settings(), environ=environ)
    assert options["target_host"] == "temporal.internal:7233"
    assert options["namespace"] == "ingestion"
    tls = options["tls"]
    assert isinstance(tls, TLSConfig)
    assert tls.client_cert == b"CERT" and tls.client_private_key == b"KEY"


def test_our_explicit_address_and_namespace_win_over_the_profile() -> None:
    environ = {"TEMPORAL_NAMESPACE": "from-env", "TEMPORAL_API_KEY": "k"}
    options = connect_options(
        settings(temporal_address="10.0.0.5:7233", temporal_namespace="ours"), environ=environ
    )
    assert options["target_host"] == "10.0.0.5:7233"
    assert options["namespace"] == "ours"
    assert options["api_key"] == "k"


def test_an_unknown_profile_is_named() -> None:
    with pytest.raises(ConfigError, match="missing"):
        connect_options(settings(), environ={"TEMPORAL_PROFILE": "missing"})
