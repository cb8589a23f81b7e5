"""The one exception hierarchy of newsbrief.

    NewsbriefError
    ├── InputError            a user's input cannot be used
    │   ├── UnreadableFile    missing, binary, not UTF-8, too large
    │   ├── UnsupportedFormat an extension or record shape we do not read
    │   ├── EmptyArticle      nothing left to summarise
    │   ├── RefusedAddress    a URL on a loopback/private/link-local address
    │   └── TooMuchInput      a web request over the upload limits
    ├── ConfigError           a bad setting (also a ValueError)
    ├── StoreError            the database or a state directory failed
    │   └── NotFound          a story or article id the store does not hold
    ├── ModelNotInstalled     the spaCy model package is missing
    ├── WorkerLost            a local worker process died; some tasks did not run
    └── ClusterError          the Dask scheduler cannot be reached or went away

Messages say what, where, and what to do: ``seed/04.html: no article text
left after cleaning; is it an article page?``. The CLI prints one line per
error; only bugs show tracebacks.
"""


class NewsbriefError(Exception):
    """Base class of every error newsbrief raises on purpose."""


class InputError(NewsbriefError):
    """A user's input cannot be used."""


class UnreadableFile(InputError):
    """A file is missing, binary, not UTF-8 or too large."""


class UnsupportedFormat(InputError):
    """A file or record has a shape newsbrief does not read."""


class EmptyArticle(InputError):
    """No article text is left to work on."""


class RefusedAddress(InputError):
    """A URL whose host is (or resolves to) an address we do not fetch from."""


class TooMuchInput(InputError):
    """A request over the per-request limits (files, links, texts)."""


class ConfigError(NewsbriefError, ValueError):
    """A setting has a value newsbrief cannot use."""


class StoreError(NewsbriefError):
    """The store (database or state directory) failed or is corrupt."""


class ModelNotInstalled(NewsbriefError):
    """The spaCy English model package is not installed."""


class NotFound(StoreError):
    """A story or article id that the store does not hold."""


class WorkerLost(NewsbriefError):
    """A local worker process died (killed, out of memory); ``lost`` tasks did not run."""

    def __init__(self, message: str, lost: int = 0) -> None:
        super().__init__(message)
        self.lost = lost


class ClusterError(NewsbriefError):
    """The Dask scheduler cannot be reached, went away, or a task kept killing its workers."""


def size_text(nbytes: float) -> str:
    """A size for a message: ``20 MB`` (MB = 2**20 bytes, as the settings count), or bytes under 1 MB."""
    if nbytes < 2**20:
        return f"{int(nbytes):,} bytes"
    mb = nbytes / 2**20
    return f"{mb:.0f} MB" if mb == int(mb) else f"{mb:.1f} MB"
