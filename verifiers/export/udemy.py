"""Udemy's practice-test bulk upload: a CSV file, one question a row.

Columns (the layout of Udemy's downloadable template as we know it; no
authoritative description was at hand, see the README): ``Question``,
``Question Type`` (``multiple-choice`` or ``multi-select``), ``Answer Option
1..6`` each followed by ``Explanation 1..6``, ``Correct Answers`` (the option
numbers, comma-separated), ``Overall Explanation`` and ``Domain``. Cells hold
the bank's Markdown as written: the CSV has no markup of its own, and Markdown
reads as plain text (code blocks keep their lines and indents). Tags,
references, the level and the proof line have no column, so they end the
overall explanation.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from .model import ExportQuestion
from .text import about_lines

MAX_OPTIONS = 6
HEADER = (["Question", "Question Type"]
          + [name for n in range(1, MAX_OPTIONS + 1) for name in (f"Answer Option {n}", f"Explanation {n}")]
          + ["Correct Answers", "Overall Explanation", "Domain"])


def row(question: ExportQuestion) -> list[str]:
    """The CSV row of one question, in :data:`HEADER` order."""
    cells = [question.stem, "multi-select" if question.multiple else "multiple-choice"]
    for n in range(MAX_OPTIONS):
        option = question.options[n] if n < len(question.options) else None
        cells += [option.text, option.why] if option else ["", ""]
    correct = ",".join(str(n + 1) for n, o in enumerate(question.options) if o.correct)
    overall = question.explanation.rstrip() + "\n\n" + "\n".join(about_lines(question))
    return cells + [correct, overall, question.domain]


def write_udemy_csv(questions: Sequence[ExportQuestion], out: Path) -> None:
    """Write ``questions`` to ``out`` as Udemy's bulk upload CSV (UTF-8, a header row, CRLF line ends)."""
    with out.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(HEADER)
        writer.writerows(row(q) for q in questions)
