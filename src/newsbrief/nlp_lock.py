"""The one lock around calls into spaCy, taken in turns (issue 13).

spaCy does not promise that one pipeline may run in several threads at once (explosion/spaCy#6398 saw
unstable results; a new word updates the shared vocabulary from Python callbacks, where threads can
switch), so the web app's briefs serialise their calls into it, and only those: one block of text at
a time (``nlp`` splits and ``analyze`` parses in blocks), so a second brief runs its own spaCy calls
between the blocks of a long one and all its other steps beside it. Before, one lock held the whole
brief: a 184 KB paste kept every other writer waiting 46 s.
"""

from __future__ import annotations

import threading


class FairLock:
    """A lock handed over in the order it was asked for.

    ``threading.Lock`` lets the thread that releases it take it straight back, so a brief working
    block after block would still keep every other brief waiting for its whole run.
    """

    def __init__(self) -> None:
        self._turn = threading.Condition()
        self._next_ticket = 0
        self._serving = 0

    def __enter__(self) -> None:
        with self._turn:
            ticket = self._next_ticket
            self._next_ticket += 1
            self._turn.wait_for(lambda: self._serving == ticket)

    def __exit__(self, *exc) -> None:
        with self._turn:
            self._serving += 1
            self._turn.notify_all()

    @property
    def queued(self) -> int:
        """Threads holding or waiting for the lock."""
        with self._turn:
            return self._next_ticket - self._serving


SPACY_LOCK = FairLock()
