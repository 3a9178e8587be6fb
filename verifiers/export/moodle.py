"""Moodle XML: a ``<quiz>`` of multichoice questions, one category per domain.

Stems, options, per-option feedback (``why``) and the general feedback
(explanation, domain and level, references, proof line) are HTML rendered from
the bank's Markdown. A multiple-answer question is ``<single>false</single>``:
each right option earns an equal share and each wrong one takes an equal share
away, so only exactly the key scores full marks. Tags carry the domain, the
level and the question's tags; ``idnumber`` is ``domain/id``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from .model import ExportQuestion
from .text import feedback_html, html, inline_html

CATEGORY_ROOT = "$course$/top/Proofbank"


def fraction(share: int) -> str:
    """100/share as Moodle writes grade fractions (``33.33333``)."""
    return f"{100 / share:.5f}".rstrip("0").rstrip(".")


def _text(parent: ET.Element, tag: str, value: str, format: str | None = "html") -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": format} if format else {})
    ET.SubElement(element, "text").text = value
    return element


def question_element(question: ExportQuestion) -> ET.Element:
    """The ``<question type="multichoice">`` of one question."""
    element = ET.Element("question", {"type": "multichoice"})
    _text(element, "name", question.title, format=None)
    _text(element, "questiontext", html(question.stem))
    _text(element, "generalfeedback", feedback_html(question))
    for tag, value in (("defaultgrade", "1"), ("penalty", "0"), ("hidden", "0"),
                       ("idnumber", f"{question.domain}/{question.id}"),
                       ("single", "false" if question.multiple else "true"), ("shuffleanswers", "false"),
                       ("answernumbering", "ABCD")):
        ET.SubElement(element, tag).text = value
    right = sum(o.correct for o in question.options)
    wrong = len(question.options) - right
    for option in question.options:
        if question.multiple:
            grade = fraction(right) if option.correct else "-" + fraction(wrong)
        else:
            grade = "100" if option.correct else "0"
        answer = _text(element, "answer", inline_html(option.text))
        answer.set("fraction", grade)
        _text(answer, "feedback", html(option.why))
    tags = ET.SubElement(element, "tags")
    for tag in (question.domain, question.level, *question.tags):
        ET.SubElement(ET.SubElement(tags, "tag"), "text").text = tag
    return element


def write_moodle_xml(questions: Sequence[ExportQuestion], out: Path) -> None:
    """Write ``questions`` to ``out`` as a Moodle XML quiz file."""
    quiz = ET.Element("quiz")
    domain = None
    for question in questions:
        if question.domain != domain:
            domain = question.domain
            category = ET.SubElement(quiz, "question", {"type": "category"})
            _text(category, "category", f"{CATEGORY_ROOT}/{domain}", format=None)
        quiz.append(question_element(question))
    ET.indent(quiz)
    ET.ElementTree(quiz).write(out, encoding="UTF-8", xml_declaration=True)
