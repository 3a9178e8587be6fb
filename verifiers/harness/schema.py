"""The shape of a question file, as a pydantic model.

Every rule that can be judged from one file alone lives here, so that lint,
the pytest plugin and the command line all read questions the same way.
Rules that need the file's path or the whole bank (the id matches the file
name, ids are unique, the proof exists) live in :mod:`verifiers.harness.bank`.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, NamedTuple

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator

DOMAINS = ("core", "relationships", "querying", "session", "integration")
BACKENDS = ("sqlite", "postgresql", "mariadb")
LETTERS = "ABCDEF"
SELECT_ALL = "select all that apply"

Domain = Literal["core", "relationships", "querying", "session", "integration"]
Backend = Literal["sqlite", "postgresql", "mariadb"]
Letter = Literal["A", "B", "C", "D", "E", "F"]
Key = Letter | list[Letter]
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


def normal_space(text: str) -> str:
    """``text`` with every run of white space as one space: how a claim is found in the text it quotes."""
    return " ".join(text.split())


class Claim(BaseModel):
    """A checkable statement in the explanation or a "why", tied to a fact the proof records.

    ``says`` quotes the text (a verbatim fragment of the explanation or of one
    option's why); the proof records the fact ``fact`` with ``lab.fact(...)`` or
    ``lab.attempt(...)``; the question holds only when that fact's value equals
    ``expect`` (compared as JSON: tuples are lists, an object is its ``str``).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    says: Text = Field(description="a verbatim fragment of the explanation or of a why")
    fact: Text = Field(description="the label of the fact the proof records")
    expect: Any = Field(description="the value the text claims")
    sqlalchemy: str | None = Field(default=None, description="only for these SQLAlchemy versions (PEP 440)")

    @field_validator("sqlalchemy")
    @classmethod
    def _is_specifier(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                SpecifierSet(value)
            except InvalidSpecifier:
                raise ValueError(f"{value!r} is not a version specifier; write e.g. '>=2.1'") from None
        return value

    def applies_to(self, version: str) -> bool:
        return self.sqlalchemy is None or SpecifierSet(self.sqlalchemy).contains(version, prereleases=True)


class VersionKey(NamedTuple):
    """The key a question claims for the SQLAlchemy versions in ``spec``."""

    spec: str
    key: frozenset[str]


def _letters(key: Key) -> frozenset[str]:
    return frozenset(key if isinstance(key, list) else [key])


def _check_key(key: Key, options: dict[str, str] | None, stem: str, where: str) -> None:
    letters = _letters(key)
    if options is not None and not letters <= set(options):
        raise ValueError(f"answer{where} names {', '.join(sorted(letters - set(options)))}, which is not an option")
    if isinstance(key, list):
        if not key:
            raise ValueError(f"answer{where} lists no letter")
        if len(letters) != len(key):
            raise ValueError(f"answer{where} lists a letter twice")
        if SELECT_ALL not in stem:
            raise ValueError(f"answer{where} is a list, so the question must say '{SELECT_ALL}'")
    elif SELECT_ALL in stem:
        raise ValueError(f"the question says '{SELECT_ALL}', so answer{where} must be a list of letters")


def sample_versions(*specs: SpecifierSet) -> list[str]:
    """Release numbers to test version ranges against: every 2.x.y up to 2.9.99, and each bound named."""
    grid = {Version(f"{major}.{minor}.{micro}"): f"{major}.{minor}.{micro}"
            for major in (1, 2, 3) for minor in range(10) for micro in range(100)}
    for bound in (s.version for spec in specs for s in spec):
        grid.setdefault(Version(bound.removesuffix(".*")), bound.removesuffix(".*"))
    return [grid[v] for v in sorted(grid)]


def _check_version_ranges(ranges: dict[str, Key], declared: str | None) -> None:
    specs = {}
    for text in ranges:
        try:
            specs[text] = SpecifierSet(text)
        except InvalidSpecifier:
            raise ValueError(f"answer range {text!r} is not a version specifier; write e.g. '>=2.0,<2.1'") from None
    if len({_letters(key) for key in ranges.values()}) < 2:
        raise ValueError("answer gives the same key for every version range; write it once, e.g. `answer: B`")
    if declared is None:
        return  # `sqlalchemy:` itself is invalid, and says so
    whole = SpecifierSet(declared)
    for version in sample_versions(whole, *specs.values()):
        holding = [text for text, spec in specs.items() if spec.contains(version, prereleases=True)]
        if len(holding) > 1:
            raise ValueError(f"answer ranges {' and '.join(map(repr, holding))} overlap (both contain {version})")
        if holding and not whole.contains(version, prereleases=True):
            raise ValueError(f"answer range {holding[0]!r} reaches outside `sqlalchemy: {declared}` (e.g. {version})")
        if not holding and whole.contains(version, prereleases=True):
            raise ValueError(f"no answer range covers {version}, which `sqlalchemy: {declared}` includes")


class Question(BaseModel):
    """One multiple-choice question: the content of ``bank/<domain>/<id>.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=8, max_length=90)] | None = Field(
        default=None, description="an answer-neutral title: the page heading and the index entry (required by lint)")
    domain: Domain
    level: Literal["mid", "senior"]
    tags: list[Slug] = Field(min_length=1)
    question: Text
    options: dict[Letter, Text] = Field(min_length=4, max_length=6)
    sqlalchemy: str = Field(description="the SQLAlchemy versions the question makes claims for, as a PEP 440 specifier")
    answer: Key | dict[str, Key] = Field(
        description="the key; or, for behaviour that changed between releases, a key per version range"
    )
    explanation: Text
    why: dict[Letter, Text]
    references: list[Annotated[str, StringConstraints(pattern=r"^https://\S+$")]] = Field(min_length=1)
    backends: list[Backend] = Field(default_factory=lambda: list(BACKENDS), min_length=1)
    warnings: list[ExpectedWarning] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)

    @field_validator("claims")
    @classmethod
    def _claims_quote_the_text(cls, value: list[Claim], info: ValidationInfo) -> list[Claim]:
        texts = [normal_space(info.data.get("explanation") or "")]
        texts += [normal_space(t) for t in (info.data.get("why") or {}).values()]
        for index, claim in enumerate(value):
            if not any(normal_space(claim.says) in text for text in texts):
                raise ValueError(f"claim {index + 1} says {claim.says!r}, which is not a fragment of the "
                                 f"explanation or of any why; quote the text word for word")
        return value

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
        keys = value.values() if isinstance(value, dict) else [value]
        for key in keys:
            letters = key if isinstance(key, list) else [key]
            if not all(isinstance(x, str) and x in LETTERS for x in letters):
                shown = f"{key!r} in {value!r}" if isinstance(value, dict) else repr(value)
                raise ValueError(f"answer must be one letter A-F, or a list of letters; got {shown}")
        return value

    @field_validator("answer")
    @classmethod
    def _answer_is_an_option(cls, value: Key | dict[str, Key], info: ValidationInfo) -> Key | dict[str, Key]:
        options = info.data.get("options")
        stem = (info.data.get("question") or "").lower()
        for where, key in (value.items() if isinstance(value, dict) else [("", value)]):
            _check_key(key, options, stem, f" (for {where})" if where else "")
        if isinstance(value, dict):
            _check_version_ranges(value, info.data.get("sqlalchemy"))
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

    def where_claimed(self, claim: Claim) -> str:
        """Where a claim's text stands: ``"explanation"`` or ``"why.B"``."""
        says = normal_space(claim.says)
        if says in normal_space(self.explanation):
            return "explanation"
        for letter, text in self.why.items():
            if says in normal_space(text):
                return f"why.{letter}"
        return "explanation"  # unreachable for a validated question

    @property
    def version_spec(self) -> SpecifierSet:
        return SpecifierSet(self.sqlalchemy)

    @property
    def has_version_keys(self) -> bool:
        return isinstance(self.answer, dict)

    @property
    def keys(self) -> tuple[VersionKey, ...]:
        """Each version range the question claims, with the letters whose statements hold there."""
        if isinstance(self.answer, dict):
            return tuple(VersionKey(spec, _letters(key)) for spec, key in self.answer.items())
        return (VersionKey(self.sqlalchemy, _letters(self.answer)),)

    def range_for(self, version: str) -> VersionKey | None:
        """The declared range holding SQLAlchemy ``version``, with its key; None outside the declared range."""
        if not self.version_spec.contains(version, prereleases=True):
            return None
        for item in self.keys:
            if SpecifierSet(item.spec).contains(version, prereleases=True):
                return item
        return None  # unreachable for a validated question: the ranges cover the declared range

    def key_for(self, version: str) -> frozenset[str] | None:
        """The key claimed for SQLAlchemy ``version``; None outside the question's declared range."""
        item = self.range_for(version)
        return None if item is None else item.key

    def nearest_key(self, version: str) -> VersionKey:
        """The declared range closest to ``version``: what to compare with outside the declared range."""
        samples = sample_versions(*(SpecifierSet(k.spec) for k in self.keys), SpecifierSet(f"=={version}"))
        where = samples.index(version)

        def distance(item: VersionKey) -> int:
            inside = [i for i, v in enumerate(samples) if SpecifierSet(item.spec).contains(v, prereleases=True)]
            return min((abs(i - where) for i in inside), default=len(samples))

        return min(self.keys, key=distance)
