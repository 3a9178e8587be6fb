"""Where each backend's server comes from: the decision, with the machine faked."""

from __future__ import annotations

from dataclasses import dataclass, field

from verifiers.harness.backends.sources import DEFAULT_LOCAL_URLS, choose_source


@dataclass
class FakeProbes:
    reachable: set[str] = field(default_factory=set)
    docker: str | None = "Docker is not available (no socket)"
    root: bool = True
    pg_ctl_path: str | None = "/usr/lib/postgresql/15/bin/pg_ctl"
    asked: list[str] = field(default_factory=list)

    def unreachable(self, url: str) -> str | None:
        self.asked.append(url)
        return None if url in self.reachable else "connection refused"

    def docker_unavailable(self) -> str | None:
        return self.docker

    def running_as_root(self) -> bool:
        return self.root

    def pg_ctl(self) -> str | None:
        return self.pg_ctl_path


GIVEN = "postgresql+psycopg://me:s3cret@db.example:5432/app"


def test_sqlite_is_always_embedded() -> None:
    assert choose_source("sqlite", None, FakeProbes()).kind == "embedded"


def test_a_given_url_wins_and_the_defaults_are_not_tried() -> None:
    probes = FakeProbes(reachable={GIVEN, *DEFAULT_LOCAL_URLS["postgresql"]})
    source = choose_source("postgresql", GIVEN, probes)
    assert (source.kind, source.url) == ("url", GIVEN)
    assert probes.asked == [GIVEN]


def test_an_unreachable_given_url_is_unavailable_without_fallback_and_hides_the_password() -> None:
    probes = FakeProbes(reachable=set(DEFAULT_LOCAL_URLS["postgresql"]), docker=None)
    source = choose_source("postgresql", GIVEN, probes)
    assert source.kind == "unavailable"
    assert "s3cret" not in source.reason and "***" in source.reason
    assert "--postgresql-url" in source.reason and "PROOFBANK_POSTGRESQL_URL" in source.reason


def test_the_local_server_is_used_when_reachable() -> None:
    local = DEFAULT_LOCAL_URLS["mariadb"][0]
    source = choose_source("mariadb", None, FakeProbes(reachable={local}))
    assert (source.kind, source.url) == ("local", local)


def test_postgresql_falls_back_to_the_second_local_user() -> None:
    second = DEFAULT_LOCAL_URLS["postgresql"][1]
    assert choose_source("postgresql", None, FakeProbes(reachable={second})).url == second


def test_pytest_postgresql_only_when_not_root_and_pg_ctl_exists() -> None:
    assert choose_source("postgresql", None, FakeProbes(root=False)).kind == "pytest-postgresql"
    assert choose_source("postgresql", None, FakeProbes(root=True)).kind == "unavailable"
    assert choose_source("postgresql", None, FakeProbes(root=False, pg_ctl_path=None)).kind == "unavailable"
    assert choose_source("mariadb", None, FakeProbes(root=False)).kind == "unavailable"


def test_testcontainers_when_docker_answers() -> None:
    assert choose_source("mariadb", None, FakeProbes(docker=None)).kind == "testcontainers"
    assert choose_source("postgresql", None, FakeProbes(docker=None, root=True)).kind == "testcontainers"


def test_unavailable_reason_names_everything_tried() -> None:
    reason = choose_source("postgresql", None, FakeProbes()).reason
    assert "no URL given" in reason
    assert "127.0.0.1:5432" in reason
    assert "will not run as root" in reason
    assert "Docker is not available" in reason


def test_testcontainers_path_skips_cleanly_here(pytester) -> None:
    """On a machine without Docker, the live probe says so in one line (and raises nothing)."""
    from verifiers.harness.backends.sources import LiveProbes

    reason = LiveProbes().docker_unavailable()
    if reason is not None:
        assert "\n" not in reason
