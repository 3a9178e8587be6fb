"""Lint finds every defect in one pass, each with its file, line, key and a fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from toybank import TOY_PROOF, TOY_QUESTION, TOY_VOCABULARY

from verifiers.harness.lint import lint_bank
from verifiers.harness.proofcheck import check_proof_source

GOOD = TOY_QUESTION.format(id="toy", domain="core", answer="A", backends="[sqlite]", sqlalchemy=">=2.0.30")


def write(root: Path, text: str, name: str = "toy", domain: str = "core", proof: str | None = None) -> Path:
    question = root / "bank" / domain / f"{name}.yaml"
    question.parent.mkdir(parents=True, exist_ok=True)
    question.write_text(text)
    vocabulary = root / "bank" / "tags.yaml"
    if not vocabulary.exists():
        vocabulary.write_text(TOY_VOCABULARY)
    if proof is not False:
        proof_path = root / "verifiers" / domain / f"{name.replace('-', '_')}.py"
        proof_path.parent.mkdir(parents=True, exist_ok=True)
        proof_path.write_text(proof or TOY_PROOF.format(body="    pass"))
    return question


def messages(root: Path) -> list[str]:
    return [p.render(root) for p in lint_bank(root).problems]


def test_a_good_bank_has_no_problems(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    result = lint_bank(tmp_path)
    assert result.ok and result.checked == 1


@pytest.mark.parametrize(("change", "expected"), [
    (lambda t: t.replace("level: mid", "level: mid\nlevel: senior"), "toy.yaml:4: key 'level' appears twice (lines 3 and 4)"),
    (lambda t: t + "difficulty: hard\n", "[difficulty] Extra inputs are not permitted"),
    (lambda t: t.replace("answer: A", "answer: E"), "toy.yaml:11: [answer] answer names E, which is not an option"),
    (lambda t: t.replace("id: toy", "id: other"), "toy.yaml:1: [id] id 'other' differs from the file name 'toy'"),
    (lambda t: t.replace("domain: core", "domain: session"), "toy.yaml:2: [domain] domain 'session' differs from the folder 'core'"),
    (lambda t: t.replace("explanation: One row was inserted and committed.\n", ""), "[explanation] Field required"),
    (lambda t: t.replace("answer: A", "answer: [A, B]"), "[answer] answer is a list, so the question must say 'select all that apply'"),
    (lambda t: t.replace('  B: "Core has no flush."\n', ""), "[why] why must explain every option and only those (missing B)"),
    (lambda t: t.replace('  A: "One."', '  E: "One."'), "[options] options must be lettered A, B, C, D in that order, got E, B, C, D"),
    (lambda t: t.replace("sqlalchemy: \">=2.0.30\"", "sqlalchemy: two"), "[sqlalchemy] 'two' is not a version specifier"),
    (lambda t: t.replace("backends: [sqlite]", "backends: [oracle]"), "[backends.0] Input should be 'sqlite', 'postgresql' or 'mariadb'"),
    (lambda t: t.replace("question: How", "question: [How"), "toy.yaml:5: not valid YAML"),
    (lambda t: t.replace("tags: [toy]", "tags: [toy, null]"), "[tags.1] Input should be a valid string (YAML reads `null`"),
])
def test_each_malformed_file_gets_its_own_message(tmp_path: Path, change, expected: str) -> None:
    write(tmp_path, change(GOOD))
    found = messages(tmp_path)
    assert any(expected in m for m in found), found
    assert all("fix: " in m for m in found)


def test_every_problem_in_every_file_is_reported_at_once(tmp_path: Path) -> None:
    write(tmp_path, GOOD.replace("answer: A", "answer: E").replace("level: mid", "level: junior"), name="toy")
    write(tmp_path, GOOD.replace("id: toy", "id: second"), name="second", proof=False)
    found = messages(tmp_path)
    assert any("toy.yaml" in m and "[answer]" in m for m in found)
    assert any("toy.yaml" in m and "[level]" in m for m in found)
    assert any("second.yaml" in m and "its proof verifiers/core/second.py does not exist" in m for m in found)


def test_duplicate_ids_across_domains(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    write(tmp_path, GOOD.replace("domain: core", "domain: session"), domain="session")
    assert any("id 'toy' is also used by" in m for m in messages(tmp_path))


def test_a_proof_without_a_question(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    (tmp_path / "verifiers" / "core" / "stray.py").write_text("def prove(lab):\n    return {}\n")
    assert any("stray.py:1: this proof has no question file" in m for m in messages(tmp_path))


@pytest.mark.parametrize(("returned", "flagged"), [
    ('{"A": count == 1, "B": False, "C": count == 2, "D": True}', ["B", "D"]),
    ('{"A": count == 1, "B": not True, "C": 1 == 2, "D": count > 3}', ["B", "C"]),
    ('{"A": count == 1, "B": fixed, "C": count == 2, "D": count > 3}', ["B"]),
    ('{"A": count == 1, "B": count == 0, "C": count == 2, "D": count > 3}', []),
    ('{"A": count == 1, "B": EXPECTED, "C": count == 2, "D": count > 3}', ["B"]),  # a module-level constant
    ('{"A": count == 1, "B": bool(0), "C": len("ab") == 2, "D": count > 3}', ["B", "C"]),
    ('{"A": count == count, "B": count == 0, "C": count is count, "D": count > 3}', ["A", "C"]),
    ('{"A": count == 1, "B": not (count == 1), "C": count == 2, "D": count > 3}', ["B"]),  # another option's negation
    ('{"A": count == 1, "B": seen == [], "C": count == 2, "D": count > 3}', []),  # a list a listener fills
])
def test_constant_decisions_are_caught(tmp_path: Path, returned: str, flagged: list[str]) -> None:
    proof = tmp_path / "p.py"
    proof.write_text("EXPECTED = True\nseen = []\n\ndef listener(x):\n    seen.append(x)\n\n"
                     f"def prove(lab):\n    count = len(lab.sql)\n    fixed = False\n    return {returned}\n")
    defects = check_proof_source(proof, "ABCD")
    assert sorted(d.key.removeprefix("prove.") for d in defects) == flagged
    assert all("not by an observation" in d.message or "not by an observation of its own" in d.message
               for d in defects)


def test_proof_shape_defects(tmp_path: Path) -> None:
    proof = tmp_path / "p.py"
    proof.write_text("def prove(lab):\n    return dict(A=True)\n")
    assert "dict literal" in check_proof_source(proof, "ABCD")[0].message
    proof.write_text("def prove(lab):\n    return {'A': lab.x, 'B': lab.y}\n")
    assert "the options are A, B, C, D" in check_proof_source(proof, "ABCD")[0].message
    proof.write_text("def verify(lab):\n    pass\n")
    assert "no module-level prove(lab)" in check_proof_source(proof, "ABCD")[0].message
    proof.write_text("def prove(lab)\n")
    assert "not valid Python" in check_proof_source(proof, "ABCD")[0].message
    proof.write_text("async def prove(lab):\n    return {'A': lab.a, 'B': lab.b, 'C': lab.c, 'D': lab.d}\n")
    [defect] = check_proof_source(proof, "ABCD")
    assert defect.message.startswith("prove is `async def`") and "lab.run_async(main)" in defect.fix
    proof.write_text("def prove():\n    return {'A': x.a, 'B': x.b, 'C': x.c, 'D': x.d}\n")
    assert check_proof_source(proof, "ABCD")[0].message == "prove() must take exactly one parameter, the lab"


def test_functions_defined_inside_prove_may_return_anything(tmp_path: Path) -> None:
    proof = tmp_path / "p.py"
    proof.write_text(
        "def prove(lab):\n"
        "    async def main():\n        return 3\n"
        "    def helper():\n        return [1]\n"
        "    n = lab.run_async(main)\n"
        "    return {'A': n == 3, 'B': n == 2, 'C': n == 1, 'D': n == 0}\n")
    assert check_proof_source(proof, "ABCD") == []
    proof.write_text("def prove(lab):\n    if lab.x:\n        return None\n    return {'A': lab.a, 'B': lab.b, 'C': lab.c, 'D': lab.d}\n")
    assert "dict literal" in check_proof_source(proof, "ABCD")[0].message


@pytest.mark.parametrize(("text", "expected"), [
    ("a: &x [1, 2]\nb: *x\n", "toy.yaml:1: an anchor (&x / *x) is not allowed in a question file"),
    ("\n".join(f"l{i}: &l{i} [{', '.join([f'*l{i-1}'] * 9) if i else 'lol'}]" for i in range(9)) + "\n",
     "toy.yaml:1: an anchor (&l0 / *l0) is not allowed in a question file"),
    ("a: " + "[" * 5000 + "]" * 5000 + "\n", "toy.yaml:1: the file nests deeper than 12 levels"),
    ("a: " + "[" * 20 + "]" * 20 + "\n", "the file nests deeper than 12 levels"),
    ("explanation: |\n" + "  word\n" * 60000, "KB; a question file may be at most 256 KB"),
])
def test_hostile_yaml_is_refused_with_a_message_and_never_expanded(tmp_path: Path, text: str, expected: str) -> None:
    write(tmp_path, text)
    found = messages(tmp_path)
    assert any(expected in m for m in found), found
