"""Build the shipped Oxfordshire data pack from the public reference data.

Example:
    python scripts/build_datapack.py --source ../shared/data --out src/careshift/datapack/oxfordshire

Deterministic: rerunning on the same reference data reproduces the committed pack byte for byte
(tests/unit/datapack/test_build.py checks this). Needs the dev extra (shapely).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from careshift.datapack.build import build  # noqa: E402
from careshift.datapack.loader import load_pack  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--source",
        type=Path,
        default=ROOT.parent / "shared" / "data",
        help="folder holding oxfordshire/ reference data (default: ../shared/data)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "src" / "careshift" / "datapack" / "oxfordshire",
        help="pack folder to write (default: the shipped pack)",
    )
    args = parser.parse_args(argv)
    src = args.source / "oxfordshire" if (args.source / "oxfordshire").is_dir() else args.source
    if not (src / "SOURCES.md").is_file():
        print(f"error: {src} has no SOURCES.md; pass --source the reference data folder", file=sys.stderr)
        return 2
    build(src, args.out)
    pack = load_pack(args.out)
    total = pack.population[0, 0].sum()
    print(
        f"wrote {args.out}: {pack.name} {pack.version}, {len(pack.localities)} localities, "
        f"{len(pack.activities)} activities, {pack.base_year} population {total:,.0f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
