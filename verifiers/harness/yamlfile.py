"""Read one YAML file into plain data, remembering the line of every key.

PyYAML's safe loader silently keeps the last of two equal keys; a question
file with a key written twice is almost always a merge mistake, so here it is
an error that names both lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Location = tuple[str | int, ...]

MAX_BYTES = 256 * 1024  # a question is a page of text; anything larger is a mistake or an attack
MAX_DEPTH = 12  # a question nests a few levels (answer ranges, claims); deeper is a mistake or an attack


class YamlProblem(Exception):
    """The file is not readable YAML, or repeats a key."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class YamlDocument:
    """The data of a YAML file and the line (1-based) where each key sits."""

    data: Any
    lines: dict[Location, int] = field(default_factory=dict)

    def line_of(self, location: Location) -> int:
        """The line of the deepest key of ``location`` that the file has, else 1."""
        for end in range(len(location), 0, -1):
            if location[:end] in self.lines:
                return self.lines[location[:end]]
        return 1


class _LineLoader(yaml.SafeLoader):
    pass


def _walk(node: yaml.Node, path: Location, lines: dict[Location, int]) -> None:
    if len(path) > MAX_DEPTH:
        raise YamlProblem(f"the file nests deeper than {MAX_DEPTH} levels; a question needs a few", node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                raise YamlProblem(
                    f"key {key!r} appears twice (lines {seen[key]} and {line}); keep one",
                    line,
                )
            seen[key] = line
            lines[path + (key,)] = line
            _walk(value_node, path + (key,), lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + 1
            _walk(item, path + (index,), lines)


def read_yaml(path: Path) -> YamlDocument:
    """Parse ``path``; raise :class:`YamlProblem` with a line for any defect.

    Anchors and aliases are refused (a question has no use for them, and nested
    aliases can make a 1 KB file expand past any memory), as are files over
    :data:`MAX_BYTES` and nesting deeper than :data:`MAX_DEPTH`.
    """
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise YamlProblem(f"the file is {size // 1024} KB; a question file may be at most {MAX_BYTES // 1024} KB", 1)
    text = path.read_text(encoding="utf-8")
    _screen(text)
    try:
        loader = _LineLoader(text)
        try:
            node = loader.get_single_node()
            lines: dict[Location, int] = {}
            if node is not None:
                _walk(node, (), lines)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except RecursionError:
        raise YamlProblem("the file nests too deeply to read; a question needs a few levels", 1) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlProblem(f"not valid YAML: {error.problem or error}", line) from None
    return YamlDocument(data=data, lines=lines)


_OPENING = (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken, yaml.BlockSequenceStartToken,
            yaml.BlockMappingStartToken)
_CLOSING = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken, yaml.BlockEndToken)


def _screen(text: str) -> None:
    """Raise on the first anchor (``&name``) or alias (``*name``), or on nesting past :data:`MAX_DEPTH`, found
    by the scanner before anything is built (so neither memory nor the parser's recursion is at risk)."""
    depth = 0
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                kind = "an anchor" if isinstance(token, yaml.AnchorToken) else "an alias"
                raise YamlProblem(f"{kind} (&{token.value} / *{token.value}) is not allowed in a question file",
                                  token.start_mark.line + 1)
            if isinstance(token, _OPENING):
                depth += 1
                if depth > MAX_DEPTH + 1:  # the document's own mapping is one level
                    raise YamlProblem(f"the file nests deeper than {MAX_DEPTH} levels; a question needs a few",
                                      token.start_mark.line + 1)
            elif isinstance(token, _CLOSING):
                depth -= 1
    except yaml.MarkedYAMLError:
        return  # the parser reports the syntax error with its own message
