import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medallion.bronze.canonical_json import (
    canonical_json,
    canonical_sha256,
    loads_preserving_numbers,
)


def test_keys_are_sorted_and_whitespace_dropped() -> None:
    assert canonical_json(
        loads_preserving_numbers('{ "b": [1, 2], "a": {"d": null, "c": true} }')
    ) == ('{"a":{"c":true,"d":null},"b":[1,2]}')


def test_numbers_keep_their_source_text() -> None:
    # Through a float, 1.10 would become 1.1 and 1e2 would become 100.0.
    assert canonical_json(loads_preserving_numbers("[1.10, 1e2, -0, 12345678901234567890.01]")) == (
        "[1.10,1e2,-0,12345678901234567890.01]"
    )


def test_strings_are_raw_utf8_with_minimal_escapes() -> None:
    body = '{"name": "Jos\\u00e9 \\"J\\" \\\\ \\/ \\n"}'
    assert (
        canonical_json(loads_preserving_numbers(body)) == '{"name":"José \\"J\\" \\\\ / \\u000a"}'
    )


def test_formatting_differences_hash_the_same() -> None:
    compact = b'{"a":1,"b":"x"}'
    spaced = b'{\n  "b": "x",\n  "a": 1\n}'
    assert canonical_sha256(compact) == canonical_sha256(spaced)
    assert canonical_sha256(compact) == hashlib.sha256(b'{"a":1,"b":"x"}').hexdigest()


def test_array_order_matters() -> None:
    assert canonical_sha256(b"[1,2]") != canonical_sha256(b"[2,1]")


def test_non_json_is_rejected() -> None:
    with pytest.raises(ValueError):
        canonical_sha256(b"<html>oops</html>")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_canonical_form_is_a_fixed_point(value: object) -> None:
    once = canonical_json(value)
    assert canonical_json(loads_preserving_numbers(once)) == once


def _escaped_char(ch: str) -> str:
    if ch in '"\\':
        return "\\" + ch
    return f"\\u{ord(ch):04x}" if ord(ch) < 0x20 else ch


@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from('"\\\n\t\x00\x1f\x7f')))
def test_a_string_escapes_quote_backslash_and_control_characters_only(text: str) -> None:
    assert canonical_json(text) == '"' + "".join(map(_escaped_char, text)) + '"'
