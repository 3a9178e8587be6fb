"""No single proof can hang, crash or poison a run: each fails on its own, naming what it did, and the
question after it still passes."""

from __future__ import annotations

import pytest
from toybank import ToyBank

POISON = {
    "patches a SQLAlchemy class": "from sqlalchemy.engine import Connection\nConnection.execute = lambda *a, **k: 1 / 0",
    "adds a global event listener": ("from sqlalchemy import event\nfrom sqlalchemy.engine import Engine\n"
                                     "event.listen(Engine, 'before_cursor_execute', lambda *a: 1 / 0)"),
    "changes the working folder and environment": "import os\nos.chdir('/')\nos.environ['PROOFBANK_POISON'] = '1'",
}
INNOCENT = "import os\nassert os.getcwd() != '/' and 'PROOFBANK_POISON' not in os.environ"


@pytest.mark.parametrize("what", sorted(POISON))
def test_what_a_proof_changes_does_not_reach_the_next(toy_bank: ToyBank, what: str) -> None:
    toy_bank.add(id="a-poisons", body=POISON[what])
    toy_bank.add(id="b-innocent", body=INNOCENT)
    isolated = toy_bank.pytester.runpytest()
    assert isolated.parseoutcomes().get("passed", 0) >= 1
    assert not any("b-innocent" in line for line in isolated.stdout.lines if line.startswith("FAILED"))
    # the same run in one process shows the poison is real: there it reaches the innocent question (in a
    # subprocess of its own, so that the poison cannot reach this test process either)
    shared = toy_bank.pytester.runpytest_subprocess("--proof-isolation", "none")
    assert any("b-innocent" in line for line in shared.stdout.lines if line.startswith("FAILED"))


MISBEHAVES = {
    "ends its process": ("import os\nos._exit(3)",
                         "*its process ended before it had decided (it called os._exit(3)*"),
    "raises KeyboardInterrupt": ("raise KeyboardInterrupt", "*the proof raised KeyboardInterrupt*"),
    "raises SystemExit": ("import sys\nsys.exit(4)", "*the proof raised SystemExit(4)*"),
    "leaves a thread running": ("import threading, time\nthreading.Thread(target=time.sleep, args=(30,)).start()",
                                "*the proof left thread(s) running: Thread-*"),
    "swallows the time limit": ("import time\nwhile True:\n    try:\n        time.sleep(10)\n    except BaseException:\n        pass",
                                "*did not finish within 1 s*its process was killed*"),
    "ignores SIGALRM": ("import signal, time\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\nwhile True:\n    time.sleep(1)",
                        "*did not finish within 1 s*its process was killed*"),
}


@pytest.mark.parametrize("what", sorted(MISBEHAVES))
def test_a_misbehaving_proof_fails_alone_and_the_run_goes_on(toy_bank: ToyBank, what: str,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import verifiers.harness.runner as runner

    monkeypatch.setattr(runner, "KILL_GRACE", 1.0)
    body, expected = MISBEHAVES[what]
    toy_bank.add(id="a-misbehaves", body=body)
    toy_bank.add(id="b-innocent")
    result = toy_bank.pytester.runpytest("--proof-timeout", "1")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([expected])


def test_an_interruption_while_the_parent_prepares_the_next_run_takes_the_child_too(tmp_path) -> None:
    """Ctrl-C or SIGTERM can land in after_fork(); the forked child must not outlive the run."""
    import os
    import time

    from verifiers.harness.isolation import can_isolate, run_in_child

    if not can_isolate():
        pytest.skip("this platform cannot fork")
    pid_file = tmp_path / "child.pid"

    def work() -> None:
        pid_file.write_text(str(os.getpid()))
        time.sleep(60)

    def interrupted_while_preparing() -> None:
        while not pid_file.exists() or not pid_file.read_text():
            time.sleep(0.01)
        raise KeyboardInterrupt("SIGTERM")

    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        run_in_child(work, limit=30, after_fork=interrupted_while_preparing)
    assert time.monotonic() - started < 10
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid_file.read_text()), 0)  # killed and reaped
