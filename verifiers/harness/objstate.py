"""The state of an ORM object as ``sqlalchemy.inspect`` reports it, as plain data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import inspect


@dataclass(frozen=True)
class ObjectState:
    """Where an object stands: one of the five states, and its attributes' freshness."""

    status: str  # transient, pending, persistent, deleted or detached
    identity: tuple[Any, ...] | None
    expired_attributes: frozenset[str]
    unloaded: frozenset[str]
    modified: bool
    in_session: bool  # what `obj in session` says: False for an object whose DELETE was flushed
    attached: bool  # the object still belongs to a Session (true for a flushed delete, too)
    was_deleted: bool  # a DELETE for it was flushed (true from then on, even once detached)

    @property
    def transient(self) -> bool:
        return self.status == "transient"

    @property
    def pending(self) -> bool:
        return self.status == "pending"

    @property
    def persistent(self) -> bool:
        return self.status == "persistent"

    @property
    def deleted(self) -> bool:
        return self.status == "deleted"

    @property
    def detached(self) -> bool:
        return self.status == "detached"

    def __str__(self) -> str:
        parts = [self.status]
        if self.identity is not None:
            parts.append(f"identity={self.identity}")
        if self.expired_attributes:
            parts.append(f"expired={sorted(self.expired_attributes)}")
        if self.modified:
            parts.append("modified")
        if self.was_deleted and not self.deleted:
            parts.append("was_deleted")
        return " ".join(parts)


_STATES = ("transient", "pending", "persistent", "deleted", "detached")


def object_state(obj: object) -> ObjectState:
    """Read the state of a mapped object without loading anything."""
    insp = inspect(obj)
    status = next(name for name in _STATES if getattr(insp, name))
    session = insp.session
    return ObjectState(
        status=status,
        identity=insp.identity,
        expired_attributes=frozenset(insp.expired_attributes),
        unloaded=frozenset(insp.unloaded),
        modified=insp.modified,
        in_session=session is not None and obj in session,
        attached=session is not None,
        was_deleted=insp.was_deleted,
    )
