"""A small bank in a temporary folder for the export tests: tricky Markdown, both answer kinds, version keys, records."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import yaml

from verifiers.harness.bank import load_question, proof_path_for
from verifiers.harness.records import RECORD_VERSION, made_from

SITE = "https://learn.example.org/proofbank/"

# Characters special to GIFT (~ = # { } : \), to XML and HTML (< > & " '), and to CSV (, " newline).
QUESTIONS = [
    {
        "id": "gift-specials-in-code", "domain": "core", "level": "mid", "tags": ["toy", "engine"],
        "title": "Specials: a ~tilde, = sign, #hash, {braces}, colon: and back\\slash",
        "question": ("Given `engine = create_engine(\"sqlite://\")` and a dict `{\"a\": 1}`, what does\n"
                     "this print? Compare `a <= b && c` with \"quotes\", 'apostrophes', 50% ~ C:\\path.\n\n"
                     "```python\n"
                     "rows = {\"k\": 1}  # a comment with ~ = # { } :\n"
                     "\n"
                     "    # an indented line after a blank one, inside the fence\n"
                     "if a < b and c > d:\n"
                     "    print(r\"C:\\temp\", rows)\n"
                     "```\n"),
        "options": {"A": "`{'k': 1}` and `a < b`", "B": "Nothing: `print` = no-op", "C": "A ~tilde, #hash",
                    "D": "**bold** and a backslash \\\\n"},
        "answer": "A",
        "explanation": ("The dict prints as `{'k': 1}`; see:\n\n```\nx = {1: 2}  # ~ { }\n```\n\n"
                        "And \"quoted\", commas, 100% sure.\n"),
        "why": {"A": "It is `print`'s output.", "B": "`print` writes to stdout = not a no-op.",
                "C": "No tilde: ~ is not printed.", "D": "No #hash {here}."},
        "references": ["https://docs.sqlalchemy.org/en/20/core/engines.html#sqlalchemy.create_engine"],
        "sqlalchemy": ">=2.0.30",
    },
    {
        "id": "several-right-by-version", "domain": "session", "level": "senior", "tags": ["toy"],
        "question": "Which statements hold after a commit? (Select all that apply.)\n\n    session.commit()\n",
        "options": {"A": "One.", "B": "Two.", "C": "Three.", "D": "Four.", "E": "Five.", "F": "Six."},
        "answer": {">=2.0.30,<2.1": ["A", "C"], ">=2.1,<2.2": ["A", "C", "F"]},
        "explanation": "Rows are committed.",
        "why": {k: f"Because of {k}." for k in "ABCDEF"},
        "references": ["https://docs.sqlalchemy.org/en/20/orm/session_basics.html#committing",
                       "https://docs.sqlalchemy.org/en/20/orm/session_api.html"],
        "sqlalchemy": ">=2.0.30,<2.2",
        "backends": ["sqlite", "postgresql"],
    },
    {
        "id": "plain-single", "domain": "session", "level": "mid", "tags": ["toy"],
        "title": "A plain single-answer question",
        "question": "Which one?",
        "options": {"A": "First.", "B": "Second.", "C": "Third.", "D": "Fourth."},
        "answer": "B",
        "explanation": "The second.",
        "why": {k: f"{k} explained." for k in "ABCD"},
        "references": ["https://docs.sqlalchemy.org/en/20/orm/session_basics.html"],
        "sqlalchemy": ">=2.0.30",
        "backends": ["sqlite"],
    },
]


def make_bank(root: Path) -> Path:
    """Write the toy questions and empty proofs under ``root``; returns the record folder (still empty)."""
    (root / "bank").mkdir(parents=True, exist_ok=True)
    for data in QUESTIONS:
        path = root / "bank" / data["domain"] / f"{data['id']}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        proof = proof_path_for(path)
        proof.parent.mkdir(parents=True, exist_ok=True)
        proof.write_text("def prove(lab):\n    return {}\n", encoding="utf-8")
    return root / ".proofbank" / "records"


def write_record(root: Path, question_id: str, backend: str, version: str = "2.1.9", status: str = "passed",
                 key: list[str] | None = None) -> None:
    """A run record as the harness writes it, made from the files as they are now."""
    path = next((root / "bank").glob(f"*/{question_id}.yaml"))
    q = load_question(path).question
    record = {"record_version": RECORD_VERSION, "id": q.id, "domain": q.domain, "backend": backend,
              "made_from": made_from(path, proof_path_for(path)), "status": status, "declared": q.sqlalchemy,
              "in_range": True, "key": key if key is not None else sorted(q.key_for(version) or []),
              "sqlalchemy_version": version, "server_version": f"{backend.title()} 1.0",
              "python_version": "3.11.7", "recorded_at": "2026-12-01T10:00:00+00:00"}
    out = root / ".proofbank" / "records" / q.domain / q.id / f"{backend}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(record), encoding="utf-8")


def prove_all(root: Path, version: str = "2.1.9") -> None:
    """Passing records on every backend of every toy question."""
    for data in QUESTIONS:
        for backend in data.get("backends", ["sqlite", "postgresql", "mariadb"]):
            write_record(root, data["id"], backend, version)


# Independent views of text, for comparing an export with the bank without the exporter's own renderer.

def markdown_words(text: str) -> str:
    """The words a reader sees in the toy bank's Markdown: fences, backticks, ** and indents dropped."""
    lines = [line for line in text.splitlines() if not line.strip().startswith("```")]
    plain = "\n".join(lines).replace("`", "").replace("**", "").replace("\\\\", "\\")
    return " ".join(plain.split())


def html_words(html: str) -> str:
    """The words a reader sees in HTML: tags dropped, entities decoded."""
    blocks_apart = re.sub(r"</?(p|pre|ul|ol|li|br|hr|h\d)\b[^>]*>", " ", html)
    return " ".join(unescape(re.sub(r"<[^>]+>", "", blocks_apart)).split())


def code_blocks_markdown(text: str) -> list[str]:
    """The contents of the fenced or indented code blocks of the toy bank's Markdown."""
    fenced = re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S)
    indented = ["\n".join(line[4:] for line in block.splitlines()) + "\n"
                for block in re.findall(r"(?:^|\n\n)((?:    .*(?:\n|$))+)", re.sub(r"```.*?```", "", text, flags=re.S))]
    return fenced + indented


def code_blocks_html(html: str) -> list[str]:
    """The contents of the ``<pre><code>`` blocks of HTML, decoded."""
    return [unescape(block) for block in re.findall(r"<pre><code[^>]*>(.*?)</code></pre>", html, flags=re.S)]


def page_of(domain: str, question_id: str) -> str:
    import hashlib

    return f"{SITE}q/{domain}-{hashlib.sha256(f'{domain}/{question_id}'.encode()).hexdigest()[:8]}.html"
