"""Infrastructure failures are not question failures: a record folder that cannot be written, and a server that
stops during the run, are each reported once, apart from the questions, and the rest of the run goes on."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from toybank import ToyBank

PG_BIN = sorted(Path("/usr/lib/postgresql").glob("*/bin"))


def test_a_record_folder_that_cannot_be_made_is_refused_before_anything_runs(toy_bank: ToyBank) -> None:
    toy_bank.add()
    blocker = toy_bank.root / "not-a-folder"
    blocker.write_text("")
    result = toy_bank.pytester.runpytest("--record-dir", str(blocker / "records"))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert f"cannot write run records to {blocker / 'records'}: Not a directory" in result.stderr.str()
    assert "choose another with --record-dir" in result.stderr.str()


@pytest.fixture
def small_disk(tmp_path: Path):
    mount = tmp_path / "small"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_a_read_only_record_folder_is_refused_before_anything_runs(toy_bank: ToyBank, small_disk: Path) -> None:
    toy_bank.add()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    result = toy_bank.pytester.runpytest("--record-dir", str(small_disk / "records"))
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert f"cannot write run records to {small_disk / 'records'}: Read-only file system" in result.stderr.str()


def test_a_record_folder_that_fills_up_is_reported_once_and_the_questions_still_count(toy_bank: ToyBank,
                                                                                       small_disk: Path) -> None:
    fill = (f"with open({str(small_disk / 'filler')!r}, 'wb') as f:\n"
            "    try:\n        f.write(b'0' * 1_000_000)\n    except OSError:\n        pass")
    toy_bank.add(id="a-fills-the-disk", body=fill)
    toy_bank.add(id="b-fine")
    toy_bank.add(id="c-fine")
    result = toy_bank.pytester.runpytest("--record-dir", str(small_disk / "records"))
    result.assert_outcomes(passed=3)
    output = result.stdout.str()
    assert output.count("records stopped being written") == 1
    assert "No space left on device" in output


def test_a_server_that_stops_mid_run_is_reported_once_as_the_servers_failure(toy_bank: ToyBank,
                                                                            private_postgresql) -> None:
    url, stop = private_postgresql
    kill = f"import subprocess\nsubprocess.run({stop!r}, check=True, capture_output=True)\n"
    toy_bank.add(id="a-stops-the-server", backends="[postgresql]", body=kill)
    toy_bank.add(id="b-after", backends="[postgresql]")
    toy_bank.add(id="c-after", backends="[postgresql]")
    toy_bank.add(id="d-sqlite", backends="[sqlite]")
    result = toy_bank.pytester.runpytest("--postgresql-url", url, "-rs")
    result.assert_outcomes(failed=1, skipped=2, passed=1)
    output = result.stdout.str()
    assert output.count("This is the server's failure, not the question's") == 1
    assert "postgresql stopped answering during a proof" in output
    assert any(line.startswith("SKIPPED [2]") and "not run: postgresql failed earlier in this run" in line
               for line in output.splitlines())
    assert "1 server failed, 2 not run" in output
    assert "The proof could not decide the options" not in output
