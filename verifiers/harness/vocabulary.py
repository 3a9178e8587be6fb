"""The tag vocabulary: ``bank/tags.yaml``, the one list of tags a question may carry.

Each tag has a one-line description, synonyms a learner may search for, and
whether it is a *topic* (names a subject only, so a page may show it before the
answer is revealed) or a hint at the answer (shown only after checking).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .bank import VOCABULARY_FILE, Problem
from .schema import Slug, Text
from .yamlfile import YamlProblem, read_yaml


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    about: Text
    synonyms: list[Text] = Field(default_factory=list)
    topic: bool


@dataclass(frozen=True)
class Tag:
    """One tag of the vocabulary."""

    name: str
    about: str
    synonyms: tuple[str, ...] = ()
    topic: bool = True


@dataclass
class Vocabulary:
    """The tags of ``bank/tags.yaml`` by name, and the problems found reading it."""

    path: Path
    tags: dict[str, Tag] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def __contains__(self, name: object) -> bool:
        return name in self.tags

    def nearest(self, name: str) -> list[str]:
        """Tags whose name or a synonym resembles ``name``: suggestions for an unknown tag."""
        words = {self._normal(s): t.name for t in self.tags.values() for s in (t.name, *t.synonyms)}
        close = difflib.get_close_matches(self._normal(name), list(words), n=6, cutoff=0.6)
        return list(dict.fromkeys(words[w] for w in close))[:3]

    @staticmethod
    def _normal(word: str) -> str:
        return word.lower().replace("_", "-").replace(" ", "-").removesuffix("s")


def vocabulary_path(bank_dir: Path) -> Path:
    return bank_dir / VOCABULARY_FILE


def read_vocabulary(bank_dir: Path) -> Vocabulary:
    """Read ``bank/tags.yaml``; every problem in it is collected, none raised."""
    path = vocabulary_path(bank_dir)
    vocabulary = Vocabulary(path)
    fix_file = f"write {path.name} in the bank folder: one entry per tag with about, synonyms and topic"
    if not path.is_file():
        vocabulary.problems.append(Problem(path, 1, "", "the tag vocabulary file is missing", fix_file))
        return vocabulary
    try:
        document = read_yaml(path)
    except YamlProblem as problem:
        vocabulary.problems.append(Problem(path, problem.line, "", problem.message, "correct the YAML at that line"))
        return vocabulary
    if not isinstance(document.data, dict):
        vocabulary.problems.append(Problem(path, 1, "", "the vocabulary is not a mapping of tag to entry", fix_file))
        return vocabulary
    slug = Slug.__metadata__[0]  # the pattern a tag name must follow
    for name, raw in document.data.items():
        line = document.line_of((name,))
        if not isinstance(name, str) or not re.fullmatch(slug.pattern, name):
            vocabulary.problems.append(Problem(path, line, str(name), f"tag {name!r} is not a slug",
                                               "use lowercase words joined by hyphens, e.g. loader-strategies"))
            continue
        try:
            entry = _Entry.model_validate(raw)
        except ValidationError as error:
            for item in error.errors():
                where = ".".join(str(p) for p in item["loc"]) or "(entry)"
                vocabulary.problems.append(Problem(path, line, f"{name}.{where}", item["msg"],
                                                   "give about (one line), synonyms (a list) and topic (true/false)"))
            continue
        vocabulary.tags[name] = Tag(name, entry.about, tuple(entry.synonyms), entry.topic)
    return vocabulary


def load_vocabulary(bank_dir: Path) -> dict[str, Tag]:
    """The tags by name (empty when the file is missing or unreadable; lint says why)."""
    return read_vocabulary(bank_dir).tags
