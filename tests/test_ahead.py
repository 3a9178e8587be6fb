"""Databases made ahead of need and dropped behind: every question still gets its own, and nothing is left."""

from __future__ import annotations

import itertools
import threading

import pytest

from verifiers.harness.backends.ahead import Ahead


class FakeServer:
    def __init__(self, fail_drop: str | None = None) -> None:
        self.live: set[str] = set()
        self.log: list[str] = []
        self.fail_drop = fail_drop
        self.lock = threading.Lock()
        self.counter = itertools.count(1)

    def name(self) -> str:
        return f"q{next(self.counter)}"

    def create(self, name: str) -> None:
        with self.lock:
            assert name not in self.live
            self.live.add(name)
            self.log.append(f"create {name}")

    def drop(self, name: str) -> None:
        if name == self.fail_drop:
            raise RuntimeError(f"database {name} is in use")
        with self.lock:
            self.live.discard(name)
            self.log.append(f"drop {name}")


def test_each_question_gets_a_database_of_its_own_made_before_it_asks() -> None:
    server = FakeServer()
    ahead = Ahead(server.create, server.name)
    first = ahead.take()
    assert first == "q1" and "q1" in server.live
    ahead.prepare_next()  # while q1's proof runs
    ahead.later(f"database {first}", lambda: server.drop(first))
    second = ahead.take()
    ahead.prepare_next()
    assert second == "q2" and second != first
    ahead.later(f"database {second}", lambda: server.drop(second))
    assert ahead.close(server.drop) == []
    assert server.live == set(), "the used ones and the one made ahead are all dropped"
    assert {entry for entry in server.log if entry.startswith("create")} == {"create q1", "create q2", "create q3"}


def test_a_failed_removal_is_reported_at_close_naming_what_was_left() -> None:
    server = FakeServer(fail_drop="q1")
    ahead = Ahead(server.create, server.name)
    name = ahead.take()
    ahead.later(f"database {name}", lambda: server.drop(name))
    problems = ahead.close(server.drop)
    assert problems == ["database q1 was left behind (database q1 is in use)"]
    assert server.live == {"q1"}


def test_a_failure_to_create_belongs_to_the_question_that_needed_it() -> None:
    def create(name: str) -> None:
        raise RuntimeError("no space left on device")

    ahead = Ahead(create, lambda: "q1")
    with pytest.raises(RuntimeError, match="no space left"):
        ahead.take()
    ahead.close(lambda name: None)


def test_quiet_waits_for_the_background_task_and_holds_off_the_next() -> None:
    import time

    started, finished = threading.Event(), threading.Event()

    def slow_create(name: str) -> None:
        started.set()
        time.sleep(0.2)
        finished.set()

    ahead = Ahead(slow_create, lambda: "q1")
    ahead.prepare_next()
    assert started.wait(2)
    with ahead.quiet():
        assert finished.is_set(), "quiet() returned while a task was mid-way"
    ahead.close(lambda name: None)
