"""The one safe YAML/JSON loader (careshift.documents): size, encoding, nesting, alias and digit limits."""

from __future__ import annotations

import pytest

from careshift.documents import MAX_BYTES, expanded_size, load_document, load_json
from careshift.errors import DocumentError


def billion_laughs(levels: int = 9) -> str:
    """Nine anchors, each a list of nine aliases of the one before: ~9**9 values from ~1 KB."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def _refusal(content: bytes | str) -> str:
    with pytest.raises(DocumentError) as info:
        load_document(content, "bomb.yaml")
    return info.value.message


def test_billion_laughs_refused_quickly() -> None:
    assert len(billion_laughs()) < 2_000
    assert "expands to more than" in _refusal(billion_laughs())


def test_a_few_aliases_are_still_fine() -> None:
    data = load_document("base: &b {low: 0.1, high: 0.2}\nother: *b\n")
    assert data["other"] == {"low": 0.1, "high": 0.2}


def test_expanded_size_counts_aliases_once_each_use() -> None:
    import yaml

    node = yaml.compose("a: &x [1, 2]\nb: *x\nc: *x\n")
    assert node is not None
    assert expanded_size(node) == 1 + 3 * (1 + 3)  # the mapping, three keys and three lists of two


@pytest.mark.parametrize(
    "text", ["[" * 5_000 + "]" * 5_000, "a:\n" + "".join(" " * i + "- \n" for i in range(1, 200))]
)
def test_deep_nesting_refused_not_recursion_error(text: str) -> None:
    assert "nests deeper than" in _refusal(text)


def test_oversized_document_refused_before_parsing() -> None:
    assert "larger than" in _refusal(b"x" * (MAX_BYTES + 1))


def test_non_utf8_refused_with_hint() -> None:
    with pytest.raises(DocumentError) as info:
        load_document("name: caf\xe9".encode("latin-1"), "old.yaml")
    assert info.value.message == "old.yaml is not UTF-8 text (byte 10 cannot be read)."
    assert "UTF-8" in info.value.hint


def test_utf8_with_byte_order_mark_is_read() -> None:
    assert load_document("\ufeffname: café".encode()) == {"name": "café"}


@pytest.mark.parametrize("loader", [load_document, load_json])
def test_five_thousand_digit_integer_refused(loader) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DocumentError) as info:
        loader('{"seed": ' + "9" * 5_000 + "}")
    assert "5,000 digits long" in info.value.message


def test_json_nan_and_infinity_refused() -> None:
    for constant in ("NaN", "Infinity", "-Infinity"):
        with pytest.raises(DocumentError, match="not a number in JSON"):
            load_json('{"share": ' + constant + "}")


def test_json_deep_nesting_refused_and_brackets_in_strings_ignored() -> None:
    with pytest.raises(DocumentError, match="nests deeper"):
        load_json("[" * 100_000 + "]" * 100_000)
    assert load_json('{"name": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}')["name"].startswith("[")


def test_invalid_yaml_names_line() -> None:
    assert "at line 2" in _refusal("name: x\n  bad: [\n")


def test_duplicate_key_refused() -> None:
    assert "gives 'share' twice at line 2" in _refusal("share: 0.1\nshare: 0.9\n")
