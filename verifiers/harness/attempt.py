"""Run one call and keep what it returned or raised, so a proof can decide "raises X" exactly."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Attempt:
    """The outcome of one call: the value it returned, or the exception it raised."""

    value: Any = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        """Whether the call returned without raising."""
        return self.error is None

    @property
    def error_class(self) -> str | None:
        """The name of the raised exception's class, e.g. ``"IntegrityError"``; None if nothing was raised."""
        return None if self.error is None else type(self.error).__name__

    @property
    def message(self) -> str:
        """The raised exception's message (empty if nothing was raised)."""
        return "" if self.error is None else str(self.error)

    def raised(self, cls: type[BaseException], match: str | None = None) -> bool:
        """Whether the call raised exactly ``cls`` (not a subclass, not a parent), and, with ``match``,
        whether the message contains that regular expression (case-insensitive)."""
        if self.error is None or type(self.error) is not cls:
            return False
        return match is None or re.search(match, self.message, re.I | re.S) is not None

    def __str__(self) -> str:
        if self.error is None:
            return f"returned {self.value!r}"
        first_line = self.message.strip().splitlines()[0] if self.message.strip() else ""
        return f"raised {self.error_class}: {first_line}" if first_line else f"raised {self.error_class}"


def attempt(call: Callable[[], Any]) -> Attempt:
    """Call ``call()`` and keep its outcome; an ordinary exception is kept, not propagated."""
    try:
        return Attempt(value=call())
    except Exception as error:  # noqa: BLE001 - which exception it was is the observation
        return Attempt(error=error)
