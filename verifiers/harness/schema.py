"""The shape of a question file, as a pydantic model.

Every rule that can be judged from one file alone lives here, so that lint,
the pytest plugin and the command line all read questions the same way.
Rules that need the file's path or the whole bank (the id matches the file
name, ids are unique, the proof exists) live in :mod:`verifiers.harness.bank`.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator

DOMAINS = ("core", "relationships", "querying", "session", "integration")
BACKENDS = ("sqlite", "postgresql", "mariadb")
LETTERS = "ABCDEF"
SELECT_ALL = "select all that apply"

Domain = Literal["core", "relationships", "querying", "session", "integration"]
Backend = Literal["sqlite", "postgresql", "mariadb"]
Letter = Literal["A", "B", "C", "D", "E", "F"]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
WarningCategory = Literal["SADeprecationWarning", "SAWarning", "DeprecationWarning"]


class ExpectedWarning(BaseModel):
    """A warning the question is about, so the harness lets it through."""

    model_config = ConfigDict(extra="forbid")

    category: WarningCategory
    match: Text = Field(description="a regular expression the warning's message must contain")

    @field_validator("match")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as error:
            raise ValueError(f"not a regular expression: {error}") from None
        return value


class Question(BaseModel):
    """One multiple-choice question: the content of ``bank/<domain>/<id>.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    domain: Domain
    level: Literal["mid", "senior"]
    tags: list[Slug] = Field(min_length=1)
    question: Text
    options: dict[Letter, Text] = Field(min_length=4, max_length=6)
    answer: Letter | list[Letter]
    explanation: Text
    why: dict[Letter, Text]
    references: list[Annotated[str, StringConstraints(pattern=r"^https://\S+$")]] = Field(min_length=1)
    sqlalchemy: str = Field(description="the SQLAlchemy versions the answer holds for, as a PEP 440 specifier")
    backends: list[Backend] = Field(default_factory=lambda: list(BACKENDS), min_length=1)
    warnings: list[ExpectedWarning] = Field(default_factory=list)

    @field_validator("options")
    @classmethod
    def _letters_in_order(cls, value: dict[str, str]) -> dict[str, str]:
        expected = list(LETTERS[: len(value)])
        if list(value) != expected:
            raise ValueError(f"options must be lettered {', '.join(expected)} in that order, got {', '.join(value)}")
        return value

    @field_validator("sqlalchemy")
    @classmethod
    def _is_specifier(cls, value: str) -> str:
        try:
            SpecifierSet(value)
        except InvalidSpecifier:
            raise ValueError(f"{value!r} is not a version specifier; write e.g. '>=2.0,<2.2'") from None
        return value

    @field_validator("backends")
    @classmethod
    def _no_repeats(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("a backend is listed twice")
        return value

    @field_validator("answer", mode="before")
    @classmethod
    def _answer_is_letters(cls, value: object) -> object:
        letters = value if isinstance(value, list) else [value]
        if not all(isinstance(x, str) and x in LETTERS for x in letters):
            raise ValueError(f"answer must be one letter A-F, or a list of letters; got {value!r}")
        return value

    @field_validator("answer")
    @classmethod
    def _answer_is_an_option(cls, value: str | list[str], info: ValidationInfo) -> str | list[str]:
        options = info.data.get("options")
        stem = (info.data.get("question") or "").lower()
        key = set(value if isinstance(value, list) else [value])
        if options is not None and not key <= set(options):
            raise ValueError(f"answer names {', '.join(sorted(key - set(options)))}, which is not an option")
        if isinstance(value, list):
            if not value:
                raise ValueError("answer lists no letter")
            if len(key) != len(value):
                raise ValueError("answer lists a letter twice")
            if SELECT_ALL not in stem:
                raise ValueError(f"answer is a list, so the question must say '{SELECT_ALL}'")
        elif SELECT_ALL in stem:
            raise ValueError(f"the question says '{SELECT_ALL}', so answer must be a list of letters")
        return value

    @field_validator("why")
    @classmethod
    def _why_covers_options(cls, value: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        options = info.data.get("options")
        if options is None:
            return value
        missing = sorted(set(options) - set(value))
        extra = sorted(set(value) - set(options))
        if missing or extra:
            parts = [f"missing {', '.join(missing)}" if missing else "", f"extra {', '.join(extra)}" if extra else ""]
            raise ValueError(f"why must explain every option and only those ({'; '.join(p for p in parts if p)})")
        return value

    @property
    def key(self) -> frozenset[str]:
        """The letters whose statements hold, as the question claims."""
        return frozenset(self.answer if isinstance(self.answer, list) else [self.answer])

    @property
    def version_spec(self) -> SpecifierSet:
        return SpecifierSet(self.sqlalchemy)
