"""GIFT, Moodle's plain-text question format.

Each question is ``::title::[html]stem{ ... }`` with one line per option and
``####`` general feedback. Text is HTML rendered from the bank's Markdown, with
GIFT's special characters (``~ = # { } :`` and the backslash) escaped and line
breaks written as ``\\n``, so a code block never breaks a question apart (a
blank line ends a question in GIFT). A multiple-answer question gives each
right option an equal share (``~%50%``) and each wrong one an equal negative
share. Domain, id and tags go in a ``//`` comment and the domain is the
``$CATEGORY``; level, references and the proof line end the general feedback.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .model import ExportQuestion
from .moodle import CATEGORY_ROOT, fraction
from .text import feedback_html, html, inline_html

SPECIAL = "\\~=#{}:"


def escape(text: str) -> str:
    """``text`` with GIFT's special characters escaped and every line break written as ``\\n``."""
    escaped = "".join("\\" + c if c in SPECIAL else c for c in text)
    return escaped.replace("\r\n", "\n").replace("\n", "\\n")


def question_text(question: ExportQuestion) -> str:
    """One question in GIFT, ending with a blank line."""
    lines = [f"// {question.domain}/{question.id}; tags: {', '.join(question.tags)}",
             f"::{escape(question.title)}::[html]{escape(html(question.stem))}{{"]
    right = sum(o.correct for o in question.options)
    wrong = len(question.options) - right
    for option in question.options:
        if question.multiple:
            mark = f"~%{fraction(right)}%" if option.correct else f"~%-{fraction(wrong)}%"
        else:
            mark = "=" if option.correct else "~"
        lines.append(f"\t{mark}{escape(inline_html(option.text))}#{escape(html(option.why))}")
    lines.append(f"\t####{escape(feedback_html(question))}")
    lines.append("}")
    return "\n".join(lines) + "\n\n"


def write_gift(questions: Sequence[ExportQuestion], out: Path) -> None:
    """Write ``questions`` to ``out`` as a GIFT file (UTF-8), one ``$CATEGORY`` per domain."""
    parts, domain = [], None
    for question in questions:
        if question.domain != domain:
            domain = question.domain
            parts.append(f"$CATEGORY: {CATEGORY_ROOT}/{domain}\n\n")
        parts.append(question_text(question))
    out.write_text("".join(parts), encoding="utf-8")
