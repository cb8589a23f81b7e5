"""Dump the quotes an older newsbrief finds in an annotated set (issue 11, scripts/train_speakers.py).

Run with that version's sources first on the path (``git archive COMMIT src benchmarks | tar -x -C DIR``,
then ``PYTHONPATH=DIR/src:DIR/benchmarks python scripts/first_seen_quotes.py SET.json OUT.json``): the code
at the commit that froze a set is the code that had never seen it, so its answers are the rules'
first-seen answers on that set. Uses only what benchmarks/heldout.py has had since issue 11 began.
"""

from __future__ import annotations

import json
import sys

from heldout import _analysis, load_record, story_articles


def main(set_file: str, out_file: str) -> int:
    out = {}
    for story in json.loads(open(set_file, encoding="utf-8").read())["stories"]:
        dataset, record = load_record(story["source"])
        _, result = _analysis(story_articles(dataset, record, story.get("articles")))
        out[story["name"]] = [{"text": q.text, "speaker": q.speaker, "description": q.speaker_description,
                               "articles": list(q.articles)} for q in result.quotes]
    with open(out_file, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=0)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
