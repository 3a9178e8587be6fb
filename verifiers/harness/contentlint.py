"""Bank-wide content rules for lint: titles, the tag vocabulary, and claims tied to recorded facts."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from pathlib import Path

from .bank import Problem, QuestionFile
from .support import below_floor, supported_floor
from .vocabulary import Vocabulary, read_vocabulary
from .yamlfile import YamlProblem, read_yaml

_RECORDING_CALLS = {"fact", "attempt"}
_PLACEHOLDER = re.compile(r"\bTODO\b")


def placeholder_problems(path: Path) -> list[Problem]:
    """A problem for every field that still holds the scaffold's ``TODO`` (text, tag, URL), read from the raw file,
    so a half-written question is reported field by field even when it does not validate yet."""
    try:
        document = read_yaml(path)
    except (YamlProblem, OSError, UnicodeDecodeError):
        return []  # reported by the file's own checks
    problems = []

    def walk(value: object, location: tuple[str | int, ...]) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, location + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, location + (index,))
        elif isinstance(value, str) and _PLACEHOLDER.search(value) and location[:1] != ("answer",):
            key = ".".join(str(part) for part in location)
            problems.append(Problem(path, document.line_of(location), key, "this still holds the scaffold's placeholder",
                                    "write the real content here (no TODO may remain)"))

    walk(document.data, ())
    return problems


def title_problems(files: Iterable[QuestionFile]) -> list[Problem]:
    """Every question has an answer-neutral title of its own."""
    problems = []
    seen: dict[str, QuestionFile] = {}
    for qf in files:
        q = qf.question
        if q.title is None:
            problems.append(Problem(qf.path, qf.line_of("id"), "title", "the question has no title",
                                    "add `title:` after `id:`: a short heading that names the topic, not the answer"))
            continue
        words = re.sub(r"[^a-z0-9]+", "-", q.title.lower()).strip("-")
        if words == q.id:
            problems.append(Problem(qf.path, qf.line_of("title"), "title", "the title repeats the id, which states the answer",
                                    "name the topic instead, e.g. 'What a second create_all() does'"))
        first = seen.setdefault(q.title.casefold(), qf)
        if first is not qf:
            problems.append(Problem(qf.path, qf.line_of("title"), "title", f"the title is also used by bank/{first.path.parent.name}/{first.path.name}",
                                    "give each question a title of its own"))
    return problems


def tag_problems(files: Iterable[QuestionFile], vocabulary: Vocabulary) -> list[Problem]:
    """Every tag is in the vocabulary (``bank/tags.yaml``), and none is given twice."""
    problems = list(vocabulary.problems)
    if vocabulary.problems and not vocabulary.tags:
        return problems  # without a vocabulary every tag would be reported: the file's problem says it all
    for qf in files:
        tags = qf.question.tags
        for index, tag in enumerate(tags):
            if tag in tags[:index]:
                problems.append(Problem(qf.path, qf.line_of("tags", index), f"tags.{index}", f"tag {tag!r} is given twice",
                                        "give each tag once"))
            elif tag not in vocabulary:
                near = vocabulary.nearest(tag)
                hint = f"use {' or '.join(near)}" if near else "choose a tag from bank/tags.yaml"
                problems.append(Problem(qf.path, qf.line_of("tags", index), f"tags.{index}",
                                        f"tag {tag!r} is not in the vocabulary (bank/tags.yaml)",
                                        f"{hint}, or add {tag!r} there with about, synonyms and topic"))
    return problems


def recorded_labels(proof: Path) -> set[str] | None:
    """The literal labels the proof passes to ``lab.fact(...)`` or ``lab.attempt(...)``; None if unreadable."""
    try:
        tree = ast.parse(proof.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return None
    labels = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _RECORDING_CALLS
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            labels.add(node.args[0].value)
    return labels


def claim_problems(qf: QuestionFile) -> list[Problem]:
    """Each claim names a fact the proof records under that literal label."""
    labels = recorded_labels(qf.proof_path)
    if labels is None:
        return []  # the proof's own problems are reported elsewhere
    problems = []
    for index, claim in enumerate(qf.question.claims):
        if claim.fact not in labels:
            problems.append(Problem(qf.path, qf.line_of("claims", index, "fact"), f"claims.{index}.fact",
                                    f"the proof records no fact {claim.fact!r}",
                                    f"record it in {qf.proof_path.name} with lab.fact({claim.fact!r}, <observed value>) "
                                    f"(a literal label), or name a fact it records"))
    return problems


def range_problems(files: Iterable[QuestionFile]) -> list[Problem]:
    """No declared range, nor any per-version key's range, admits a release below the supported floor."""
    floor = supported_floor()
    if floor is None:
        return []
    problems = []
    for qf in files:
        q = qf.question
        ranges = [(("sqlalchemy",), q.sqlalchemy)] + [(("answer", spec), spec) for spec, _ in q.keys if q.has_version_keys]
        for location, spec in ranges:
            low = below_floor(spec, floor)
            if low is not None:
                fixed = re.sub(r">=\s*[0-9.]+", f">={floor}", spec) if ">=" in spec else f">={floor},{spec}"
                problems.append(Problem(qf.path, qf.line_of(*location), ".".join(map(str, location)),
                                        f"{spec!r} claims SQLAlchemy {low}, below {floor}, the lowest release the "
                                        f"project supports (pyproject.toml), which nothing ever runs",
                                        f"start the range at the floor: {fixed!r}"))
    return problems


def content_problems(bank: Path, files: list[QuestionFile]) -> list[Problem]:
    """All the content rules above, over every loaded question."""
    problems = title_problems(files) + tag_problems(files, read_vocabulary(bank)) + range_problems(files)
    for qf in files:
        problems += claim_problems(qf)
    return problems
