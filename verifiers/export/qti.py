"""QTI 1.2, as Canvas imports it: an IMS content package (zip) of ``imsmanifest.xml`` and one assessment.

The assessment holds a section per domain; each item is a
``multiple_choice_question`` (``rcardinality="Single"``) or a
``multiple_answers_question`` (``Multiple``, scored only when exactly the key
is chosen), with HTML ``mattext`` rendered from the bank's Markdown, a
feedback per option (``why``) and general feedback (explanation, domain and
level, references, proof line). Canvas reads the question type and points from
``qtimetadata``; the domain, level and tags are there too, and the item's
``ident`` is ``domain-id``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Sequence
from itertools import groupby
from pathlib import Path

from .model import ExportQuestion
from .text import feedback_html, html, inline_html

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
QTI_SCHEMA = f"{QTI_NS} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"
CP_SCHEMA = f"{CP_NS} http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
ASSESSMENT_FILE = "proofbank/proofbank.xml"
RESPONSE = "response1"
GENERAL = "general_fb"


def _material(parent: ET.Element, html_text: str) -> None:
    ET.SubElement(ET.SubElement(parent, "material"), "mattext", {"texttype": "text/html"}).text = html_text


def _metadata(item: ET.Element, fields: dict[str, str]) -> None:
    meta = ET.SubElement(ET.SubElement(item, "itemmetadata"), "qtimetadata")
    for label, entry in fields.items():
        field = ET.SubElement(meta, "qtimetadatafield")
        ET.SubElement(field, "fieldlabel").text = label
        ET.SubElement(field, "fieldentry").text = entry


def _condition(parent: ET.Element, continues: bool) -> tuple[ET.Element, ET.Element]:
    condition = ET.SubElement(parent, "respcondition", {"continue": "Yes" if continues else "No"})
    return condition, ET.SubElement(condition, "conditionvar")


def item_element(question: ExportQuestion) -> ET.Element:
    """The ``<item>`` of one question."""
    item = ET.Element("item", {"ident": f"{question.domain}-{question.id}", "title": question.title})
    _metadata(item, {
        "question_type": "multiple_answers_question" if question.multiple else "multiple_choice_question",
        "points_possible": "1", "original_answer_ids": ",".join(o.letter for o in question.options),
        "domain": question.domain, "level": question.level, "tags": ",".join(question.tags),
    })
    presentation = ET.SubElement(item, "presentation")
    _material(presentation, html(question.stem))
    choice = ET.SubElement(ET.SubElement(presentation, "response_lid", {
        "ident": RESPONSE, "rcardinality": "Multiple" if question.multiple else "Single"}), "render_choice")
    for option in question.options:
        _material(ET.SubElement(choice, "response_label", {"ident": option.letter}), inline_html(option.text))

    processing = ET.SubElement(item, "resprocessing")
    ET.SubElement(ET.SubElement(processing, "outcomes"), "decvar",
                  {"maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"})
    condition, var = _condition(processing, continues=True)
    ET.SubElement(var, "other")
    ET.SubElement(condition, "displayfeedback", {"feedbacktype": "Response", "linkrefid": GENERAL})
    for option in question.options:
        condition, var = _condition(processing, continues=True)
        ET.SubElement(var, "varequal", {"respident": RESPONSE}).text = option.letter
        ET.SubElement(condition, "displayfeedback", {"feedbacktype": "Response", "linkrefid": f"{option.letter}_fb"})
    condition, var = _condition(processing, continues=False)
    if question.multiple:
        all_of = ET.SubElement(var, "and")
        for option in question.options:
            parent = all_of if option.correct else ET.SubElement(all_of, "not")
            ET.SubElement(parent, "varequal", {"respident": RESPONSE}).text = option.letter
    else:
        ET.SubElement(var, "varequal", {"respident": RESPONSE}).text = question.key[0]
    ET.SubElement(condition, "setvar", {"action": "Set", "varname": "SCORE"}).text = "100"

    for ident, text in [(GENERAL, feedback_html(question))] + [(f"{o.letter}_fb", html(o.why)) for o in question.options]:
        _material(ET.SubElement(ET.SubElement(item, "itemfeedback", {"ident": ident}), "flow_mat"), text)
    return item


def assessment_xml(questions: Sequence[ExportQuestion], title: str) -> bytes:
    """The ``<questestinterop>`` document: one assessment, a section per domain."""
    root = ET.Element("questestinterop", {"xmlns": QTI_NS, "xmlns:xsi": XSI_NS, "xsi:schemaLocation": QTI_SCHEMA})
    assessment = ET.SubElement(root, "assessment", {"ident": "proofbank", "title": title})
    for domain, in_domain in groupby(questions, key=lambda q: q.domain):
        section = ET.SubElement(assessment, "section", {"ident": f"section-{domain}", "title": domain})
        section.extend(item_element(q) for q in in_domain)
    ET.indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


def manifest_xml() -> bytes:
    """The IMS content package manifest naming the assessment as a QTI 1.2 resource."""
    manifest = ET.Element("manifest", {"identifier": "proofbank-export", "xmlns": CP_NS, "xmlns:xsi": XSI_NS,
                                       "xsi:schemaLocation": CP_SCHEMA})
    metadata = ET.SubElement(manifest, "metadata")
    ET.SubElement(metadata, "schema").text = "IMS Content"
    ET.SubElement(metadata, "schemaversion").text = "1.1.3"
    ET.SubElement(manifest, "organizations")
    resource = ET.SubElement(ET.SubElement(manifest, "resources"), "resource",
                             {"identifier": "proofbank", "type": "imsqti_xmlv1p2", "href": ASSESSMENT_FILE})
    ET.SubElement(resource, "file", {"href": ASSESSMENT_FILE})
    ET.indent(manifest)
    return ET.tostring(manifest, encoding="UTF-8", xml_declaration=True)


def write_qti(questions: Sequence[ExportQuestion], out: Path, title: str = "Proofbank: SQLAlchemy") -> None:
    """Write ``questions`` to ``out`` as a QTI 1.2 content package (zip) that Canvas imports."""
    with zipfile.ZipFile(out, "w") as package:
        for name, data in (("imsmanifest.xml", manifest_xml()), (ASSESSMENT_FILE, assessment_xml(questions, title))):
            # A fixed date, so exporting the same bank twice gives the same bytes.
            package.writestr(zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0)), data,
                             compress_type=zipfile.ZIP_DEFLATED)
