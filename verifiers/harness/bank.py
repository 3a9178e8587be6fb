"""Find question files, read them, and check what needs a path or the whole bank.

A question lives at ``bank/<domain>/<id>.yaml``; its proof at
``verifiers/<domain>/<id with - as _>.py``, so either file names the other.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from .schema import DOMAINS, Question

VOCABULARY_FILE = "tags.yaml"  # bank/tags.yaml: the tags questions may carry
from .yamlfile import Location, YamlDocument, YamlProblem, read_yaml


@dataclass(frozen=True)
class Problem:
    """One defect in one file, with where it is and what to do about it."""

    path: Path
    line: int
    key: str
    message: str
    fix: str

    def render(self, root: Path | None = None) -> str:
        shown = display_path(self.path, root)
        where = f"{shown}:{self.line}"
        key = f" [{self.key}]" if self.key else ""
        return f"{where}:{key} {self.message}\n    fix: {self.fix}"


class QuestionFileError(Exception):
    """A question file that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(p.render() for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class QuestionFile:
    """A question read from its file, with the file's key lines kept for messages."""

    path: Path
    question: Question
    document: YamlDocument

    @property
    def proof_path(self) -> Path:
        return proof_path_for(self.path)

    def line_of(self, *location: str | int) -> int:
        return self.document.line_of(location)


def project_root_of(question_path: Path) -> Path:
    """``bank/<domain>/<id>.yaml`` -> the folder holding ``bank/``."""
    return question_path.resolve().parent.parent.parent


def proof_path_for(question_path: Path) -> Path:
    """The proof module that belongs to a question file."""
    domain = question_path.parent.name
    module = question_path.stem.replace("-", "_")
    return project_root_of(question_path) / "verifiers" / domain / f"{module}.py"


def question_path_for(proof_path: Path) -> Path:
    """The question file that belongs to a proof module."""
    root = proof_path.resolve().parent.parent.parent
    return root / "bank" / proof_path.parent.name / f"{proof_path.stem.replace('_', '-')}.yaml"


def iter_question_paths(bank_root: Path) -> Iterator[Path]:
    """Every question file (``*.yaml``) under ``bank_root``, in a stable order; not the tag vocabulary."""
    yield from sorted(p for p in bank_root.rglob("*.yaml")
                      if p.is_file() and not (p.name == VOCABULARY_FILE and p.parent.name == "bank"))


_FIXES = {
    "missing": "add this key",
    "extra_forbidden": "remove this key, or correct its spelling (see the README's field list)",
    "literal_error": "use one of the allowed values named above",
    "string_pattern_mismatch": "follow the pattern named above",
    "too_short": "add entries",
    "too_long": "remove entries",
    "string_too_short": "write a text here",
    "string_type": "write a plain text here",
    "dict_type": "write a mapping here (letter: text)",
    "list_type": "write a list here",
}


def _problems_from_validation(path: Path, document: YamlDocument, error: ValidationError) -> list[Problem]:
    problems = []
    for item in error.errors():
        location: Location = tuple(item["loc"])
        # pydantic adds the union branch (e.g. 'str', 'list[...]') to the location; drop it.
        location = tuple(part for part in location if not (isinstance(part, str) and ("[" in part or part in {"str"})))
        key = ".".join(str(part) for part in location) or "(file)"
        message = item["msg"].removeprefix("Value error, ")
        fix = _FIXES.get(item["type"], "correct the value as the message says")
        if item.get("input", "") is None and item["type"].endswith("_type"):
            message += " (YAML reads `null`, `~` or an empty value as no value at all)"
            fix = 'give a value, or quote the word to mean it literally, e.g. "null"'
        problems.append(Problem(path, document.line_of(location), key, message, fix))
    return problems


def load_question(path: Path) -> QuestionFile:
    """Read and check one question file; raise :class:`QuestionFileError` listing every problem."""
    path = Path(path)
    try:
        document = read_yaml(path)
    except YamlProblem as problem:
        raise QuestionFileError([Problem(path, problem.line, "", problem.message, "correct the YAML at that line")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise QuestionFileError([Problem(path, 1, "", f"cannot read the file: {error}", "save it as UTF-8 text")]) from None
    if not isinstance(document.data, dict):
        raise QuestionFileError(
            [Problem(path, 1, "", "the file is not a mapping of keys to values", "start from `proofbank new <domain> <slug>`")]
        )

    problems: list[Problem] = []
    question = None
    try:
        question = Question.model_validate(document.data)
    except ValidationError as error:
        problems.extend(_problems_from_validation(path, document, error))

    data = document.data
    if isinstance(data.get("id"), str) and data["id"] != path.stem:
        problems.append(
            Problem(path, document.line_of(("id",)), "id", f"id {data['id']!r} differs from the file name {path.stem!r}",
                    f"rename the file to {data['id']}.yaml or set id: {path.stem}")
        )
    if path.parent.name not in DOMAINS:
        problems.append(
            Problem(path, 1, "", f"the file is in folder {path.parent.name!r}, which is not a domain",
                    f"move it to bank/<domain>/, one of: {', '.join(DOMAINS)}")
        )
    elif isinstance(data.get("domain"), str) and data["domain"] != path.parent.name:
        problems.append(
            Problem(path, document.line_of(("domain",)), "domain",
                    f"domain {data['domain']!r} differs from the folder {path.parent.name!r}",
                    f"set domain: {path.parent.name}, or move the file and its proof to the {data['domain']} folders")
        )
    proof = proof_path_for(path)
    if not proof.is_file():
        problems.append(
            Problem(path, 1, "", f"its proof {display_path(proof, project_root_of(path))} does not exist",
                    f"write the proof there (`proofbank new {path.parent.name} {path.stem}` scaffolds one)")
        )
    if problems or question is None:
        raise QuestionFileError(problems)
    return QuestionFile(path=path, question=question, document=document)


def duplicate_id_problems(files: Iterable[QuestionFile]) -> list[Problem]:
    """A problem for every question whose id another file already uses."""
    seen: dict[str, QuestionFile] = {}
    problems = []
    for qf in files:
        first = seen.setdefault(qf.question.id, qf)
        if first is not qf:
            problems.append(
                Problem(qf.path, qf.line_of("id"), "id", f"id {qf.question.id!r} is also used by {first.path}",
                        "give one of the two questions another id (and rename its files)")
            )
    return problems


def display_path(path: Path, root: Path | None = None) -> str:
    """``path`` relative to ``root`` (default: the current folder) when it is inside it."""
    try:
        return str(path.resolve().relative_to((root or Path.cwd()).resolve()))
    except ValueError:
        return str(path)
