"""Read YAML and JSON documents from people safely: the one loader every entry point uses.

A scenario (or any other document a person supplies) reaches careshift as a web upload, an API body or
a file named on the command line. Each of those goes through :func:`load_document` (YAML, which also
reads JSON) or :func:`load_json`, which refuse, with a :class:`careshift.errors.DocumentError` that says
what is wrong and what to do:

* a document larger than ``max_bytes`` (1 MB by default), before parsing it;
* bytes that are not UTF-8 text;
* nesting deeper than ``MAX_DEPTH`` (the parsers would otherwise recurse until Python gives up);
* YAML aliases (``*name``) whose expansion would exceed ``MAX_NODES`` values: the "billion laughs"
  attack, where a few kilobytes of anchors expand to gigabytes once anything walks the result;
* a mapping that gives the same key twice (YAML would silently keep the last);
* integers longer than ``MAX_INTEGER_DIGITS`` digits (Python refuses more than 4,300 with a traceback)
  and, in JSON, ``NaN`` and ``Infinity`` (which are not JSON).

YAML is read with PyYAML's safe loader (no Python objects, no tags beyond the standard ones).
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from careshift.errors import DocumentError

MAX_BYTES = 1_000_000
MAX_DEPTH = 40
MAX_NODES = 200_000
MAX_INTEGER_DIGITS = 40


def decode_text(content: bytes | str, source: str, max_bytes: int = MAX_BYTES) -> str:
    """``content`` as text, refusing documents over ``max_bytes`` and bytes that are not UTF-8."""
    size = len(content.encode("utf-8") if isinstance(content, str) else content)
    if size > max_bytes:
        raise DocumentError(
            f"{source} is larger than {max_bytes:,} bytes, the most accepted.",
            hint="Split the document, or remove what it does not need.",
        )
    if isinstance(content, str):
        return content
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"{source} is not UTF-8 text (byte {exc.start + 1} cannot be read).",
            hint="Save the file as UTF-8 text (in most editors: Save As, encoding UTF-8).",
        ) from None


class _SafeLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing deep nesting while composing and long integers while constructing."""

    def __init__(self, stream: str, source: str) -> None:
        super().__init__(stream)
        self.source = source
        self.depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise _refused(self.source, f"nests deeper than {MAX_DEPTH} levels{_where(mark)}")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str | int | float | bool) and key in seen:
                raise DocumentError(
                    f"{self.source} gives {key!r} twice{_where(key_node.start_mark)}.",
                    hint="Keep one of them: YAML would silently use the last.",
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]

    def construct_yaml_int(self, node: ScalarNode) -> int:
        _check_digits(str(node.value), self.source, node.start_mark)
        return super().construct_yaml_int(node)  # type: ignore[no-any-return]


_SafeLoader.add_constructor("tag:yaml.org,2002:int", _SafeLoader.construct_yaml_int)


def _where(mark: Any) -> str:
    return f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""


def _refused(source: str, what: str) -> DocumentError:
    return DocumentError(
        f"{source} {what}.",
        hint="Write the document out plainly: a scenario needs no more than a few levels of nesting "
        "and no repeated anchors (&name / *name).",
    )


def _check_digits(text: str, source: str, mark: Any = None) -> None:
    digits = sum(ch.isdigit() for ch in text)
    if digits > MAX_INTEGER_DIGITS:
        raise DocumentError(
            f"{source} has a whole number {digits:,} digits long{_where(mark)}.",
            hint=f"Numbers may have at most {MAX_INTEGER_DIGITS} digits; check the value.",
        )


def expanded_size(node: Node, limit: int = MAX_NODES) -> int:
    """How many values ``node`` stands for once every alias is expanded (counting stops past ``limit``)."""
    sizes: dict[int, int] = {}

    def size(n: Node) -> int:
        if id(n) in sizes:
            return sizes[id(n)]
        total = 1
        if isinstance(n, SequenceNode):
            total += sum(size(child) for child in n.value)
        elif isinstance(n, MappingNode):
            total += sum(size(k) + size(v) for k, v in n.value)
        sizes[id(n)] = total = min(total, limit + 1)
        return total

    return size(node)


def load_document(content: bytes | str, source: str = "The document", max_bytes: int = MAX_BYTES) -> Any:
    """Parse YAML (or JSON, which YAML reads too) safely; raises :class:`DocumentError`.

    ``source`` names the document in messages (a file name, "The upload", ...).
    """
    text = decode_text(content, source, max_bytes)
    loader = _SafeLoader(text, source)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if expanded_size(node) > MAX_NODES:
            raise _refused(source, f"expands to more than {MAX_NODES:,} values (through its aliases)")
        return loader.construct_document(node)
    except ComposerError as exc:
        raise DocumentError(f"{source} {exc.problem}{_where(exc.problem_mark)}.") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DocumentError(
            f"{source} is not valid YAML or JSON{_where(mark)}.",
            hint="Check the indentation and punctuation near that line.",
        ) from None
    except RecursionError:  # defence in depth: MAX_DEPTH keeps well below the interpreter's limit
        raise _refused(source, "nests too deeply") from None
    finally:
        loader.dispose()


def _json_integer(source: str) -> Any:
    def parse(text: str) -> int:
        _check_digits(text, source)
        return int(text)

    return parse


def _json_constant(source: str) -> Any:
    def refuse(name: str) -> float:
        raise DocumentError(
            f"{source} contains {name}, which is not a number in JSON.",
            hint="Write a finite number instead.",
        )

    return refuse


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def _json_depth(text: str) -> int:
    """The deepest nesting of ``[`` and ``{`` outside strings (a linear scan, no recursion)."""
    depth = deepest = 0
    for match in _JSON_BRACKET.finditer(_JSON_STRING.sub("", text)):
        depth += 1 if match.group() in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def load_json(content: bytes | str, source: str = "The request body", max_bytes: int = MAX_BYTES) -> Any:
    """Parse JSON safely (the API's bodies); raises :class:`DocumentError`."""
    text = decode_text(content, source, max_bytes)
    if _json_depth(text) > MAX_DEPTH:
        raise _refused(source, f"nests deeper than {MAX_DEPTH} levels")
    try:
        return json.loads(text, parse_int=_json_integer(source), parse_constant=_json_constant(source))
    except json.JSONDecodeError as exc:
        raise DocumentError(
            f"{source} is not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}.",
            hint="Check the JSON near that point (quotes, commas, brackets).",
        ) from None
