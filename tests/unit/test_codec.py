"""The payload codec: AES-256-GCM with the key id in the metadata, so keys rotate."""

import base64
import stat
from pathlib import Path

import pytest
from temporalio.api.common.v1 import Payload

from medallion.devstack.codec_key import local_codec_keys
from medallion.platform.codec import (
    ENCODING,
    KEY_ID_METADATA,
    EncryptionCodec,
    UndecryptablePayloadError,
    new_codec_key,
    parse_codec_keys,
)
from medallion.platform.settings import ConfigError, load_settings

CLEAR = Payload(metadata={"encoding": b"json/plain"}, data=b'{"ssn": "123-45-6789"}')


async def test_encoded_payloads_hide_data_and_metadata_and_decode_back() -> None:
    codec = EncryptionCodec([new_codec_key("k1")])

    (sealed,) = await codec.encode([CLEAR])

    assert sealed.metadata["encoding"] == ENCODING
    assert sealed.metadata[KEY_ID_METADATA] == b"k1"
    assert b"123-45-6789" not in sealed.SerializeToString()
    assert b"json/plain" not in sealed.SerializeToString()
    assert await codec.decode([sealed]) == [CLEAR]


async def test_the_same_payload_encrypts_differently_each_time() -> None:
    codec = EncryptionCodec([new_codec_key("k1")])

    first, second = await codec.encode([CLEAR, CLEAR])

    assert first.data != second.data


async def test_rotation_the_newest_key_encrypts_and_old_keys_still_decrypt() -> None:
    old, new = new_codec_key("old"), new_codec_key("new")
    (under_old,) = await EncryptionCodec([old]).encode([CLEAR])
    rotated = EncryptionCodec([new, old])

    (under_new,) = await rotated.encode([CLEAR])

    assert under_new.metadata[KEY_ID_METADATA] == b"new"
    assert await rotated.decode([under_old, under_new]) == [CLEAR, CLEAR]


async def test_a_payload_under_a_dropped_key_is_refused_by_name() -> None:
    (sealed,) = await EncryptionCodec([new_codec_key("gone")]).encode([CLEAR])

    with pytest.raises(UndecryptablePayloadError, match="'gone'"):
        await EncryptionCodec([new_codec_key("other")]).decode([sealed])


async def test_altered_ciphertext_or_a_swapped_key_id_fails_authentication() -> None:
    a, b = new_codec_key("a"), new_codec_key("b")
    codec = EncryptionCodec([a, b])
    (sealed,) = await codec.encode([CLEAR])
    # One bit of the tag flipped (setting a byte to a fixed value leaves it alone 1 time in 256).
    flipped_tag = bytes([sealed.data[-1] ^ 0x01])
    flipped = Payload(metadata=dict(sealed.metadata), data=sealed.data[:-1] + flipped_tag)
    relabelled = Payload(metadata={**sealed.metadata, KEY_ID_METADATA: b"b"}, data=sealed.data)

    for bad in (flipped, relabelled):
        with pytest.raises(UndecryptablePayloadError, match="failed authentication"):
            await codec.decode([bad])


async def test_payloads_written_before_encryption_pass_through_decode() -> None:
    assert await EncryptionCodec([new_codec_key("k1")]).decode([CLEAR]) == [CLEAR]


def test_the_setting_round_trips_newest_first() -> None:
    keys = (new_codec_key("k2"), new_codec_key("k1"))

    parsed = parse_codec_keys(" , ".join(key.to_setting() for key in keys))

    assert parsed == keys


@pytest.mark.parametrize(
    ("setting", "reason"),
    [
        ("no-colon", "not of the form id:base64key"),
        ("k1:not base64!", "not valid base64"),
        (f"k1:{base64.b64encode(b'short').decode()}", "5 bytes; AES-256 needs 32"),
        (f"bad id:{base64.b64encode(bytes(32)).decode()}", "must be 1-64 letters"),
        (",".join([f"k1:{base64.b64encode(bytes(32)).decode()}"] * 2), "ids repeat"),
    ],
)
def test_a_bad_setting_is_refused_at_start_with_the_reason(setting: str, reason: str) -> None:
    with pytest.raises(ConfigError, match="MEDALLION_CODEC_KEYS") as caught:
        load_settings(_env_file=None, medallion_codec_keys=setting)

    assert reason in str(caught.value)


def test_a_refused_key_is_never_echoed() -> None:
    secret = base64.b64encode(b"x" * 31).decode()

    with pytest.raises(ConfigError) as caught:
        load_settings(_env_file=None, medallion_codec_keys=f"k1:{secret}")

    assert secret not in str(caught.value)


def test_unset_keys_stop_whatever_connects_to_temporal() -> None:
    with pytest.raises(ConfigError, match="MEDALLION_CODEC_KEYS is not set"):
        load_settings(_env_file=None).codec_keys()


def test_the_dev_stack_makes_its_key_once_and_keeps_it(tmp_path: Path) -> None:
    first = local_codec_keys(tmp_path)
    second = local_codec_keys(tmp_path)

    assert first == second
    (key,) = parse_codec_keys(first)
    assert key.key_id.startswith("local-")
    mode = stat.S_IMODE((tmp_path / "codec-keys").stat().st_mode)
    assert mode == 0o600
