"""Helpers for the builder tests: validate a spec against the Vega-Lite schema Altair ships, and draw it
with the project's own Vega-Lite and Vega (node_modules) to read the labels a person would see."""

from __future__ import annotations

import copy
import functools
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v6.schema import load_schema

ROOT = Path(__file__).resolve().parents[4]
SCRIPT = """
import * as vl from "%s";
import * as vega from "%s";
import fs from "fs";
const specs = JSON.parse(fs.readFileSync(0, "utf8"));
const out = [];
for (const spec of specs) {
  const warnings = [];
  const logger = {
    level() { return this; }, info() { return this; }, debug() { return this; },
    warn(...a) { warnings.push(a.join(" ")); return this; },
    error(...a) { warnings.push(a.join(" ")); return this; },
  };
  const compiled = vl.compile(spec, {logger}).spec;
  const view = new vega.View(vega.parse(compiled), {renderer: "none", logger});
  const svg = await view.toSVG();
  const labels = [];
  for (const data of compiled.data || []) {
    for (const datum of view.data(data.name) || []) {
      for (const [key, value] of Object.entries(datum)) {
        if (key.endsWith("__label") || key === "__text") labels.push(value);
      }
    }
  }
  out.push({svg, warnings, labels});
}
console.log(JSON.stringify(out));
"""


@functools.cache
def _schema() -> dict[str, Any]:
    return load_schema()


def validate(spec: dict[str, Any]) -> None:
    """Raise if ``spec`` is not valid Vega-Lite (the schema version Altair ships)."""
    validate_jsonschema(spec, _schema())


def draw(*specs: dict[str, Any], tmp_path: Path) -> list[dict[str, Any]]:
    """Each spec compiled and drawn as SVG at a fixed width: ``svg``, compiler/runtime ``warnings`` and
    every calculated label (tooltips' money fields, cell texts)."""
    node = shutil.which("node")
    lite = ROOT / "node_modules" / "vega-lite" / "build" / "index.js"
    vega = ROOT / "node_modules" / "vega" / "build" / "vega.module.js"
    if node is None or not lite.exists() or not vega.exists():
        pytest.fail("node and node_modules/vega-lite are needed: run `npm ci` (make install does).")
    fixed = []
    for spec in specs:
        spec = copy.deepcopy(spec)
        if spec.get("width") == "container":
            spec["width"] = 480
        fixed.append(spec)
    script = tmp_path / "draw.mjs"
    script.write_text(SCRIPT % (lite.as_uri(), vega.as_uri()))
    done = subprocess.run(
        [node, str(script)], input=json.dumps(fixed), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    drawn: list[dict[str, Any]] = json.loads(done.stdout)
    return drawn


def texts(svg: str) -> list[str]:
    """The text of every ``<text>`` element in an SVG (axis labels, titles, cell labels)."""
    import re

    return [t for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
