"""Tests of the harness itself."""

from __future__ import annotations

import pytest
from toybank import ToyBank

pytest_plugins = ["pytester"]


@pytest.fixture
def toy_bank(pytester: pytest.Pytester) -> ToyBank:
    return ToyBank(pytester)
