"""No password is ever printed, whatever URL the user gives, well-formed or not."""

from __future__ import annotations

import pytest
from toybank import ToyBank

from verifiers.harness.backends.sources import mask, scrub, url_problem

SECRET = "Zq7pw0rd"
CORPUS = [
    (f"postgresql+psycopg://u:{SECRET}@127.0.0.1:54x2/db", "is not a valid SQLAlchemy URL"),  # a typo in the port
    (f"postgresql+psycopg:/u:{SECRET}@127.0.0.1:5432/db", "is not a valid SQLAlchemy URL"),  # a missing /
    (f"postgresql+nodriver://u:{SECRET}@127.0.0.1:5432/db", "has no dialect or driver 'postgresql+nodriver'"),
    (f"postgresql+psycopg://u:{SECRET[:3]}@{SECRET[3:]}@127.0.0.1:1/db", "contains an unencoded '@'"),
    (f"postgresql+psycopg://u:{SECRET}@127.0.0.1:1/db", "is unreachable"),  # well-formed, nothing listening
    (f"postgresql+psycopg://u:{SECRET}@[::1/db", "is not a valid SQLAlchemy URL"),  # a broken IPv6 host
    (f"postgresql+psycopg://u:{SECRET}@127.0.0.1:99999/db", "is"),  # a port out of range
    (f"u:{SECRET}@127.0.0.1", "is not a valid SQLAlchemy URL"),  # no scheme at all
    (f"postgresql+psycopg://u:{SECRET}%40x@127.0.0.1:1/db", "is unreachable"),  # an encoded @ is fine
]


@pytest.mark.parametrize(("url", "message"), CORPUS)
def test_a_given_url_never_shows_its_password(toy_bank: ToyBank, url: str, message: str) -> None:
    toy_bank.add(backends="[sqlite, postgresql]")
    result = toy_bank.pytester.runpytest("-rs", "--postgresql-url", url)
    output = result.stdout.str() + result.stderr.str()
    result.assert_outcomes(passed=1, skipped=1)
    assert message in output
    assert SECRET not in output and SECRET[:3] + "@" not in output and SECRET[3:] not in output


@pytest.mark.parametrize(("url", "_"), CORPUS)
def test_required_and_failing_it_still_hides_the_password(toy_bank: ToyBank, url: str, _: str) -> None:
    toy_bank.add(backends="[postgresql]")
    result = toy_bank.pytester.runpytest("--postgresql-url", url, "--require-backend", "postgresql")
    output = result.stdout.str() + result.stderr.str()
    assert result.ret != 0
    assert SECRET not in output and SECRET[3:] not in output


def test_masking_happens_on_the_text_before_any_parsing() -> None:
    assert mask(f"mariadb+pymysql://root:{SECRET}@h:3306/") == "mariadb+pymysql://root:***@h:3306/"
    assert mask(f"postgresql://u:a@b@c@h/db") == "postgresql://u:***@h/db"
    assert mask("postgresql://u@h/db") == "postgresql://u@h/db"
    assert scrub(f"failed for {SECRET} and {SECRET}", f"postgresql://u:{SECRET}@h/db") == "failed for *** and ***"
    assert url_problem("postgresql+psycopg://u:p@127.0.0.1:5432/db") is None
