"""Run one proof by itself, as a learner would: ``python -m verifiers.<domain>.<module>``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .backends.base import BackendUnusable
from .backends.registry import BackendMissing, Backends
from .backends.sources import urls_from_environment
from .bank import QuestionFileError, load_question, question_path_for
from .report import render_facts, render_failure, render_outside, render_sql
from .runner import run_question


def run_alone(proof_file: str, argv: list[str] | None = None) -> None:
    """Run the proof in ``proof_file`` on the chosen backends and print what it observed."""
    parser = argparse.ArgumentParser(description=f"Run the proof {proof_file} by itself.")
    parser.add_argument("--backend", default="sqlite", help="comma-separated: sqlite,postgresql,mariadb (default sqlite)")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args(argv)
    try:
        question_file = load_question(question_path_for(Path(proof_file)))
    except QuestionFileError as error:
        sys.exit(str(error))
    backends = Backends(urls=urls_from_environment(), timeout=args.timeout)
    failed = False
    try:
        for backend in args.backend.split(","):
            if backend not in question_file.question.backends:
                print(f"[{backend}] not run: the question is only about {', '.join(question_file.question.backends)}")
                continue
            try:
                outcome = run_question(question_file, backends.get(backend), args.timeout)
            except (BackendMissing, BackendUnusable) as error:
                print(f"[{backend}] not available: {error}")
                failed = True
                continue
            if outcome.status == "outside":
                print(f"[{backend}] not claimed: {render_outside(outcome)}")
            elif outcome.passed:
                assert outcome.verdict is not None
                claims = len(outcome.verdict.claims)
                held = f"; {claims} claim(s) of the text hold" if claims else ""
                print(f"[{backend}] passed: the options that hold are {', '.join(sorted(outcome.verdict.observed_key))}{held}")
                print("\n".join(["Facts observed:", *render_facts(outcome.facts)]))
                print("\n".join([f"SQL emitted ({len(outcome.statements)}):", *render_sql(outcome.statements)]))
            else:
                failed = True
                print(f"[{backend}] FAILED\n{render_failure(outcome)}")
    finally:
        backends.close()
    sys.exit(1 if failed else 0)
