"""Regenerate the generated references: ``python -m careshift.model.schema_docs [DOCS_DIR]``.

Writes ``reference/scenario.schema.json``, ``reference/scenario.md`` (every scenario field, from the
pydantic models) and ``reference/cli.md`` (from ``--help``). A unit test checks they are current.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from careshift.model.scenario import scenario_json_schema, schema_json

DOCS = Path(__file__).resolve().parents[3] / "docs"


def _type(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        return f"[{prop['$ref'].rsplit('/', 1)[-1]}](#{prop['$ref'].rsplit('/', 1)[-1].lower()})"
    for key in ("anyOf", "oneOf"):
        if key in prop:
            return " or ".join(_type(p) for p in prop[key])
    if prop.get("type") == "array":
        return f"list of {_type(prop.get('items', {}))}"
    if prop.get("type") == "object":
        extra = prop.get("additionalProperties")
        return f"map of {_type(extra)}" if isinstance(extra, dict) and extra else "object"
    if "enum" in prop:
        return " \\| ".join(f"`{v}`" for v in prop["enum"])
    if "const" in prop:
        return f"`{prop['const']}`"
    return str(prop.get("type", "any"))


def _default(name: str, model: dict[str, Any]) -> str:
    prop = model["properties"][name]
    if name in model.get("required", []):
        return "required"
    return f"`{prop['default']}`" if "default" in prop else ""


def _table(title: str, model: dict[str, Any]) -> str:
    lines = [
        f"## {title}\n",
        (model.get("description") or "").strip() + "\n",
        "| field | type | default | description |",
        "|---|---|---|---|",
    ]
    for name, prop in model.get("properties", {}).items():
        desc = (prop.get("description") or "").replace("\n", " ").replace("|", "\\|")
        lines.append(f"| `{name}` | {_type(prop)} | {_default(name, model)} | {desc} |")
    return "\n".join(lines) + "\n"


def scenario_markdown() -> str:
    schema = scenario_json_schema()
    parts = [
        "# Scenario field reference\n",
        "Generated from the pydantic models by `python -m careshift.model.schema_docs`; do not edit by "
        "hand. The JSON Schema is [scenario.schema.json](scenario.schema.json). Uncertain values are a "
        "number, an interval `{low, high}` or a triangular `{low, mode, high}`.\n",
        _table("Scenario", schema),
    ]
    parts += [_table(name, model) for name, model in sorted(schema.get("$defs", {}).items())]
    return "\n".join(parts)


def outputs(docs: Path = DOCS) -> dict[Path, str]:
    from careshift.cli import cli_reference

    ref = docs / "reference"
    return {
        ref / "scenario.schema.json": schema_json(),
        ref / "scenario.md": scenario_markdown(),
        ref / "cli.md": cli_reference(),
    }


def main(argv: list[str] | None = None) -> None:
    docs = Path((argv or sys.argv[1:] or [str(DOCS)])[0])
    for path, text in outputs(docs).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
