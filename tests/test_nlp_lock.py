"""Calls into spaCy take turns block by block, so two briefs in one process overlap (issue 13)."""

from __future__ import annotations

import threading
import time

from newsbrief import analyze
from newsbrief.nlp import full_pipeline
from newsbrief.nlp_lock import SPACY_LOCK, FairLock

LONG = "\n".join(f"Crews at pier {i} walked out on Tuesday, the union said." for i in range(40))
SHORT = "The mayor of Port Alder said the tunnel would stay open."


class _Recorder:
    """The full pipeline, noting which text each batch came from; the first long batch waits, holding
    the lock, until the short text's thread is queued for it."""

    def __init__(self) -> None:
        self.nlp = full_pipeline()
        self.calls: list[str] = []

    def pipe(self, texts, batch_size):
        texts = list(texts)
        who = "short" if texts == [SHORT] else "long"
        if who == "long" and not self.calls:
            deadline = time.monotonic() + 60
            while SPACY_LOCK.queued < 2 and time.monotonic() < deadline:
                time.sleep(0.01)
        self.calls.append(who)
        return self.nlp.pipe(texts, batch_size=batch_size)


def test_a_short_parse_goes_between_the_blocks_of_a_long_one(monkeypatch):
    recorder = _Recorder()
    monkeypatch.setattr(analyze, "full_pipeline", lambda lang="en": recorder)
    monkeypatch.setattr(analyze, "PARSE_BLOCK_CHARS", 600)  # LONG is ~2,300 characters: four blocks
    out = {}
    long = threading.Thread(target=lambda: out.setdefault("long", analyze.parse_docs([LONG])))
    long.start()
    while not recorder.calls and SPACY_LOCK.queued < 1:
        time.sleep(0.01)
    out["short"] = analyze.parse_docs([SHORT])
    long.join(60)
    assert recorder.calls[:2] == ["long", "short"] and recorder.calls.count("long") >= 4
    assert out["long"][0].text == LONG and out["short"][0].text == SHORT  # each Doc whole, as without threads


def test_fair_lock_serves_in_order_of_asking():
    lock, order = FairLock(), []
    with lock:
        threads = []
        for n in range(3):
            t = threading.Thread(target=lambda n=n: (lock.__enter__(), order.append(n), lock.__exit__()))
            t.start()
            while lock.queued < n + 2:  # each waiter has its ticket before the next one starts
                time.sleep(0.005)
            threads.append(t)
    for t in threads:
        t.join(10)
    assert order == [0, 1, 2] and lock.queued == 0
