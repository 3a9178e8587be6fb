"""Proofs about asyncio: the Lab's async engines are captured, leak-checked and disposed in their own loop."""

from __future__ import annotations

import pytest

from toybank import ToyBank

ASYNC_PROOF = '''\
from sqlalchemy import Column, Integer, MetaData, Table, func, insert, select

from verifiers import Lab

metadata = MetaData()
thing = Table("thing", metadata, Column("id", Integer, primary_key=True))


def prove(lab: Lab) -> dict[str, bool]:
    engine = lab.make_async_engine()

    async def main() -> str:
        async with engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
            await conn.execute(insert(thing).values(id=1))
        {leak}
        return engine.dialect.driver

    with lab.capture() as sql:
        driver = lab.fact("driver", lab.run_async(main))
    with lab.other_connection() as other:
        count = lab.fact("rows", other.scalar(select(func.count()).select_from(thing)))
    on_async = [s for s in sql.of_kind("INSERT") if s.connection.startswith("async1")]
    return {{"A": count == 1 and len(on_async) == 1 and driver in ("aiosqlite", "psycopg", "aiomysql"),
            "B": count == 0, "C": count == 2, "D": count not in (0, 1, 2)}}
'''

BACKENDS = ["sqlite", "postgresql", "mariadb"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_async_proof_runs_through_the_backends_asyncio_driver(toy_bank: ToyBank, backend: str) -> None:
    toy_bank.add(backends=f"[{backend}]", proof=ASYNC_PROOF.format(leak="pass"))
    result = toy_bank.pytester.runpytest("-p", "no:randomly")
    outcomes = result.parseoutcomes()
    if outcomes.get("skipped"):
        pytest.skip(f"{backend} is not available here")
    result.assert_outcomes(passed=1)


@pytest.mark.parametrize("backend", BACKENDS)
# The leaked aiosqlite connection's worker thread finds its event loop closed when the pool finally drops it.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_an_async_connection_left_open_is_reported_and_the_next_question_still_runs(
        toy_bank: ToyBank, backend: str) -> None:
    toy_bank.add(id="toy-leaks", backends=f"[{backend}]", proof=ASYNC_PROOF.format(leak="await engine.connect().start()"))
    toy_bank.add(id="toy-after", backends=f"[{backend}]", proof=ASYNC_PROOF.format(leak="pass"))
    result = toy_bank.pytester.runpytest("-p", "no:randomly")
    if result.parseoutcomes().get("skipped"):
        pytest.skip(f"{backend} is not available here")
    result.assert_outcomes(failed=1, passed=1)
    # Either the Lab still sees it checked out, or the pool found it unreferenced and warned while the proof ran.
    output = result.stdout.str()
    assert ("the proof left connection(s) checked out: 1 on the 'async1' engine" in output
            or "SAWarning: The garbage collector is trying to clean up non-checked-in connection" in output), output


def test_the_async_proof_pattern_passes_lint(tmp_path) -> None:
    from verifiers.harness.proofcheck import check_proof_source

    proof = tmp_path / "p.py"
    proof.write_text(ASYNC_PROOF.format(leak="pass"))
    assert check_proof_source(proof, "ABCD") == []


def test_a_connection_detached_from_the_pool_is_not_a_leak(toy_bank: ToyBank) -> None:
    toy_bank.add(body="""
        conn = lab.engine.connect()
        conn.detach()
        conn.close()
    """)
    toy_bank.pytester.runpytest().assert_outcomes(passed=1)

