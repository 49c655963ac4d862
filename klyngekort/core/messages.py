"""Messages as data: what the lower layers tell a user, as a stable code and plain
parameters, worded in Danish or English only by :mod:`klyngekort.present.wording`.

(A module of its own, importing nothing of the package, so that any module of the core can
raise a :class:`MessageValueError`; :mod:`klyngekort.core.model` re-exports all of it.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

Params = Mapping[str, Any]
"""The parameters of a message: plain values (text, numbers, lists of them, ``None``) or
other :class:`Message` objects (worded in the same language)."""

#: Parameters with a fixed meaning in every message: ``change`` (the 1-based position of a
#: scenario change, or ``None`` for a change on its own) and ``change_kind`` (its kind). The
#: presentation layer puts "ændring 3 (add_tie): " in front of the message for them.
RESERVED_PARAMS: frozenset[str] = frozenset({"change", "change_kind"})


def plain_text(code: str, params: Params) -> str:
    """The language-neutral form of a message, ``code (name=value, …)``, for logs and
    ``repr``: what a user reads is worded by :mod:`klyngekort.present.i18n`."""
    if not params:
        return code
    inner = ", ".join(f"{k}={_plain_value(v)}" for k, v in params.items())
    return f"{code} ({inner})"


def _plain_value(value: Any) -> str:
    if isinstance(value, Message):
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_plain_value(v) for v in value) + "]"
    return repr(value)


@dataclass(frozen=True)
class Message:
    """Something to tell the user, as data: a stable ``code`` (a key of the message
    catalogue, :mod:`klyngekort.present.messages`) and the ``params`` its template needs.

    The core never words a message; :func:`klyngekort.present.wording.message_text` does,
    in Danish or English. ``str()`` is the plain :func:`plain_text` form for logs.
    """

    code: str
    params: Params = field(default_factory=dict, hash=False)

    def __str__(self) -> str:
        return plain_text(self.code, self.params)


class MessageError(Exception):
    """An error whose message is data: ``code`` and ``params`` as in :class:`Message`.

    ``str()`` is the plain form for logs; a user is shown
    :func:`klyngekort.present.wording.message_text` of :attr:`message`.
    """

    def __init__(self, code: str, /, **params: Any) -> None:
        self.code = code
        self.params: dict[str, Any] = params
        super().__init__(plain_text(code, params))

    @property
    def message(self) -> Message:
        return Message(self.code, self.params)


class MessageValueError(MessageError, ValueError):
    """A :class:`MessageError` for bad values (``except ValueError`` still catches it)."""
