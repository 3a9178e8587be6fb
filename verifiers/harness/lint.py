"""Check every question file and its proof in one pass, and report every problem found."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .bank import (
    Problem,
    QuestionFile,
    QuestionFileError,
    duplicate_id_problems,
    iter_question_paths,
    load_question,
    proof_path_for,
    question_path_for,
)
from .contentlint import content_problems, placeholder_problems
from .docsources import docs_cache
from .references import ReferenceChecker, default_sources, reference_problems
from .yamlfile import YamlProblem, read_yaml
from .proofcheck import check_proof_source
from .schema import DOMAINS


@dataclass
class LintResult:
    problems: list[Problem] = field(default_factory=list)
    checked: int = 0
    notes: list[str] = field(default_factory=list)  # what could not be checked, and why

    @property
    def ok(self) -> bool:
        return not self.problems


def lint_bank(root: Path, references: bool = True, sources: dict[str, Path] | None = None) -> LintResult:
    """Lint ``root/bank`` and ``root/verifiers``: every file, every problem, none skipped.

    With ``references``, each documentation URL is checked against the documentation sources of the installed
    SQLAlchemy and Alembic (``sources``, or fetched into ``.proofbank/docs`` on first use)."""
    result = LintResult()
    loaded: list[QuestionFile] = []
    bank = root / "bank"
    if not bank.is_dir():
        result.problems.append(Problem(bank, 1, "", "there is no bank/ folder here",
                                       "run from the project's root, or pass --root"))
        return result
    for path in iter_question_paths(bank):
        result.checked += 1
        result.problems.extend(placeholder_problems(path))
        try:
            question_file = load_question(path)
        except QuestionFileError as error:
            result.problems.extend(error.problems)
            letters = _option_letters_if_readable(path)
        else:
            loaded.append(question_file)
            letters = list(question_file.question.options)
        proof = proof_path_for(path)
        if proof.is_file() and letters:
            for defect in check_proof_source(proof, letters):
                result.problems.append(Problem(proof, defect.line, defect.key, defect.message, defect.fix))
    result.problems.extend(duplicate_id_problems(loaded))
    result.problems.extend(content_problems(bank, loaded))
    if references:
        if sources is None:
            sources, notes = default_sources(docs_cache(root))
            result.notes.extend(notes)
        result.problems.extend(reference_problems(loaded, ReferenceChecker(sources)))
    result.problems.extend(_orphan_proofs(root))
    result.problems.sort(key=lambda p: (str(p.path), p.line))
    return result


def _option_letters_if_readable(path: Path) -> list[str]:
    """The option letters of a file that failed validation, so its proof is still checked."""
    try:
        data = read_yaml(path).data
    except (YamlProblem, OSError, UnicodeDecodeError):
        return []
    options = data.get("options") if isinstance(data, dict) else None
    return [str(k) for k in options] if isinstance(options, dict) else []


def _orphan_proofs(root: Path) -> list[Problem]:
    problems = []
    for domain in DOMAINS:
        for proof in sorted((root / "verifiers" / domain).glob("*.py")):
            if proof.name == "__init__.py":
                continue
            question = question_path_for(proof)
            if not question.is_file():
                problems.append(Problem(proof, 1, "", f"this proof has no question file ({question.name} is missing)",
                                        f"write bank/{domain}/{question.name}, or delete the proof"))
    return problems
