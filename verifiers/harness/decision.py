"""An option decided by several conditions, each with a name, so a failure says which one flipped.

A proof returns one bool per option. When an option states several things at once ("raises X, and
no row is written"), the decision is a conjunction, and a bare ``a and b and c`` fails as "option B
differs" without saying which term changed. ``all_of(raised_x=..., no_row=...)`` holds exactly when
every named part holds, and the failure report lists the parts with their values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

Parts = tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class AllOf:
    """The named parts of one option's decision; true when every part is."""

    parts: Parts

    def __bool__(self) -> bool:
        return all(value for _, value in self.parts)


def all_of(**parts: bool) -> AllOf:
    """Decide an option by named conditions that must all hold: ``"B": all_of(raised=..., rows_left=...)``."""
    if not parts:
        raise TypeError("all_of() needs at least one named condition, e.g. all_of(raised=error is not None)")
    for name, value in parts.items():
        if not isinstance(value, bool):
            raise TypeError(f"all_of({name}=...) got a {type(value).__name__} ({value!r}), not a bool")
    return AllOf(tuple(parts.items()))


def parts_of(decisions: object) -> dict[str, Parts]:
    """The named parts of each option decided with :func:`all_of` (options decided by a bare bool have none)."""
    if not isinstance(decisions, Mapping):  # the same test check_decisions applies
        return {}
    return {letter: value.parts for letter, value in decisions.items() if isinstance(value, AllOf)}
