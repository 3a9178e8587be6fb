"""Tests of the harness itself."""

from __future__ import annotations

import pytest
from toybank import ToyBank

pytest_plugins = ["pytester"]


@pytest.fixture
def toy_bank(pytester: pytest.Pytester) -> ToyBank:
    return ToyBank(pytester)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--require-browser", action="store_true", default=False,
                     help="fail the browser test, instead of skipping it, when Chromium or playwright is missing")
