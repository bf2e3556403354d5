import pytest

from medallion.bronze.storable_json import NotStorableJson, parse_storable


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (b'{"a": NaN}', "JSON with NaN"),
        (b'{"a": [1, -Infinity]}', "JSON with -Infinity"),
        (b'{"a": "x\\u0000y"}', "NUL character"),
        (b'{"a\\u0000": 1}', "NUL character"),
        (b'{"a": "\\ud800"}', "lone surrogate"),
        (b'{"a": "x\x00y"}', "not JSON"),
        (b'{"a": "caf\xe9"}', "not UTF-8"),
        (b"<html></html>", "not JSON"),
        (bytes(range(256)), "not UTF-8"),
    ],
)
def test_bodies_postgres_cannot_hold_as_json_say_why(body: bytes, why: str) -> None:
    with pytest.raises(NotStorableJson, match=why):
        parse_storable(body)


def test_escapes_that_postgres_holds_are_fine() -> None:
    parsed = parse_storable(b'{"a": "\\ud83d\\ude00 caf\\u00e9", "n": 1.50}')

    assert parsed == {"a": "\U0001f600 café", "n": "1.50"}
