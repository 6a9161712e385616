"""Theme-coding benchmark on human-coded NHS feedback (prints figures).

    .venv/bin/python benchmarks/bench_themes.py [--file ../shared/data/feedback/fft_v6framework_NHFT.csv]
        [--responses 10000] [--seed 1]

1. Samples-averaged F1 of the automatic codes against the human codes (``careshift themes evaluate``'s
   figure): (a) with only the category names, (b) after a simulated person codes 10% chosen by active
   learning. The coder is the one installed: TF-IDF, plus MiniLM embeddings if the optional package is
   present (the method is printed).
2. Time to code N responses (drawn with replacement from the file's texts) with a coder trained on 10%.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from careshift.analysis.themes import ThemeCoder
from careshift.analysis.themes.dataset import read_coded
from careshift.analysis.themes.evaluate import simulate

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "feedback" / "fft_v6framework_NHFT.csv"
LABELS = ("Not assigned..Positive experience & gratitude",)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--file", type=Path, default=DEFAULT)
    parser.add_argument("--responses", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    data = read_coded(args.file, "FFT answer", LABELS, {})
    print(f"{len(data.texts)} responses, {len(data.themes)} themes")
    for label, fraction in (("(a) names only", 0.0), ("(b) 10% coded by a person", 0.1)):
        result = simulate(data.texts, data.labels, data.themes, human_fraction=fraction, seed=args.seed)
        print(
            f"{label}: samples_f1={result.samples_f1:.3f} method={result.method} "
            f"evaluated={result.n_evaluated} seconds={result.seconds:.1f}"
        )
    rng = np.random.default_rng(args.seed)
    coded = rng.choice(len(data.texts), size=len(data.texts) // 10, replace=False)
    coder = ThemeCoder(data.themes).fit(
        [data.texts[i] for i in coded], [data.labels[i] for i in coded], corpus=data.texts
    )
    texts = [data.texts[i] for i in rng.choice(len(data.texts), size=args.responses)]
    start = time.perf_counter()
    codes = coder.code(texts)
    seconds = time.perf_counter() - start
    print(
        f"coded {len(codes):,} responses in {seconds:.1f} s ({len(codes) / seconds:,.0f} a second), "
        f"method={coder.method}"
    )


if __name__ == "__main__":
    main()
