"""Observed values as plain JSON: how facts are stored, and how a claim's expected value is compared."""

from __future__ import annotations

import dataclasses
from typing import Any


def json_safe(value: Any) -> Any:
    """Plain JSON for facts and parameters: containers kept, anything else as its repr."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        return [json_safe(v) for v in items]
    if dataclasses.is_dataclass(value):
        return str(value)  # e.g. ObjectState, whose str() is the readable summary
    return repr(value)
