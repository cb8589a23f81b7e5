"""Per-language ROUGE of a `newsbrief batch` output on a multi-language dataset (issue 15).

Splits DATASET by its lines' ``lang`` and runs ``shared/tools/score.py`` on each part (the scorer's
own Unicode-word ROUGE for languages other than English), so each language's row is exactly what
score.py prints for it, baselines included.

    .venv/bin/python benchmarks/languages.py DATASET PREDICTIONS [--words 250] [--ids 0-4]

``--ids A-B`` keeps only the stories whose topic number (M00A..M00B) is in the range: the tuning
stories (M000-M004) and the confirming ones (M005-M009) are reported apart.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

SCORER = Path(__file__).resolve().parents[2] / "shared" / "tools" / "score.py"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("predictions", type=Path)
    parser.add_argument("--words", type=int, default=250)
    parser.add_argument("--ids", default=None, help="topic range A-B (M00A..M00B)")
    args = parser.parse_args(argv)
    low, high = (int(x) for x in args.ids.split("-")) if args.ids else (0, 10**6)
    groups: dict[str, list[str]] = defaultdict(list)
    for line in args.dataset.open(encoding="utf-8"):
        story = json.loads(line)
        topic = re.match(r"M(\d+)", str(story["id"]))
        if topic and not low <= int(topic.group(1)) <= high:
            continue
        groups[story.get("lang", "english")].append(line)
    print("| language | stories | newsbrief R-1 / R-2 | round-robin lead | first article |\n|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for lang, lines in groups.items():
            part = Path(tmp) / f"{lang}.jsonl"
            part.write_text("".join(lines), encoding="utf-8")
            out = subprocess.run(
                [sys.executable, str(SCORER), str(part), str(args.predictions), "--words", str(args.words)],
                capture_output=True, text=True, check=True,
            ).stdout
            rows = dict(re.findall(r"^(\S.*?)\s+ROUGE-1\s+(\S+)\s+ROUGE-2\s+(\S+)", out, re.M) and
                        [(m[0].strip(), f"{m[1]} / {m[2]}") for m in re.findall(r"^(\S.*?)\s+ROUGE-1\s+(\S+)\s+ROUGE-2\s+(\S+)", out, re.M)])
            print(f"| {lang} | {len(lines)} | {rows['predictions']} | {rows['round-robin lead']} | {rows['first article']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
