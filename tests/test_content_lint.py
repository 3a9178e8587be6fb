"""Lint's content rules: an answer-neutral title of its own, and tags from the vocabulary."""

from __future__ import annotations

from pathlib import Path

from test_lint import GOOD, messages, write


def test_a_missing_title_is_reported_with_file_line_and_fix(tmp_path: Path) -> None:
    write(tmp_path, GOOD.replace('title: "Rows after one insert (toy)"\n', ""))
    assert messages(tmp_path) == [
        "bank/core/toy.yaml:1: [title] the question has no title\n"
        "    fix: add `title:` after `id:`: a short heading that names the topic, not the answer"]


def test_a_duplicate_title_is_reported_on_the_second_file(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    write(tmp_path, GOOD.replace("id: toy", "id: toy-two"), name="toy-two")
    assert messages(tmp_path) == ["bank/core/toy.yaml:22: [title] the title is also used by bank/core/toy-two.yaml\n"
                                  "    fix: give each question a title of its own"]


def test_a_title_that_repeats_the_id_is_reported(tmp_path: Path) -> None:
    write(tmp_path, GOOD.replace('title: "Rows after one insert (toy)"', 'title: "Count rows after insert"')
          .replace("id: toy", "id: count-rows-after-insert"), name="count-rows-after-insert")
    assert any("[title] the title repeats the id, which states the answer" in m for m in messages(tmp_path))


def test_an_unknown_tag_is_reported_with_the_nearest_known_ones(tmp_path: Path) -> None:
    write(tmp_path, GOOD.replace("tags: [toy]", "tags: [toys, savepoint]"))
    found = messages(tmp_path)
    assert ("bank/core/toy.yaml:4: [tags.0] tag 'toys' is not in the vocabulary (bank/tags.yaml)\n"
            "    fix: use toy, or add 'toys' there with about, synonyms and topic") in found
    assert any("[tags.1] tag 'savepoint' is not in the vocabulary" in m and "choose a tag from bank/tags.yaml" in m
               for m in found)


def test_a_missing_or_broken_vocabulary_is_one_problem(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    vocabulary = tmp_path / "bank" / "tags.yaml"
    vocabulary.unlink()
    assert messages(tmp_path) == [
        "bank/tags.yaml:1: the tag vocabulary file is missing\n"
        "    fix: write tags.yaml in the bank folder: one entry per tag with about, synonyms and topic"]
    vocabulary.write_text("toy:\n  about: a toy\n  topic: maybe\n")
    [found] = messages(tmp_path)
    assert found.startswith("bank/tags.yaml:1: [toy.topic] Input should be a valid boolean")


def test_the_vocabulary_is_not_collected_as_a_question(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    assert messages(tmp_path) == []


def test_a_half_written_scaffold_is_reported_field_by_field(tmp_path: Path) -> None:
    from verifiers.harness.scaffold import scaffold

    (tmp_path / "bank").mkdir()
    (tmp_path / "bank" / "tags.yaml").write_text("toy:\n  about: a toy\n  synonyms: []\n  topic: true\n")
    question, _ = scaffold(tmp_path, "core", "half-done")
    text = question.read_text().replace("answer: TODO", "answer: A")
    question.write_text(text)
    found = messages(tmp_path)
    placeholders = {m.split("]")[0].split("[")[1] for m in found if "the scaffold's placeholder" in m}
    assert {"title", "tags.0", "question", "options.A", "explanation", "why.A", "references.0"} <= placeholders
    assert all("fix: write the real content here (no TODO may remain)" in m for m in found if "placeholder" in m)


def test_a_range_below_the_supported_floor_is_reported_with_file_line_and_fix(tmp_path: Path) -> None:
    from verifiers.harness.support import supported_floor

    floor = supported_floor()
    assert floor is not None and str(floor) == "2.0.30", "pyproject.toml states the floor"
    write(tmp_path, GOOD.replace('sqlalchemy: ">=2.0.30"', 'sqlalchemy: ">=2.0,<2.2"'))
    assert messages(tmp_path) == [
        "bank/core/toy.yaml:20: [sqlalchemy] '>=2.0,<2.2' claims SQLAlchemy 2.0.0, below 2.0.30, the lowest release "
        "the project supports (pyproject.toml), which nothing ever runs\n"
        "    fix: start the range at the floor: '>=2.0.30,<2.2'"]


def test_a_per_version_key_below_the_floor_is_reported_on_its_own_line(tmp_path: Path) -> None:
    text = GOOD.replace('sqlalchemy: ">=2.0.30"', 'sqlalchemy: ">=2.0,<2.2"').replace(
        "answer: A", 'answer:\n  ">=2.0,<2.1": A\n  ">=2.1,<2.2": B')
    write(tmp_path, text)
    found = messages(tmp_path)
    assert any(m.startswith("bank/core/toy.yaml:12: [answer.>=2.0,<2.1] '>=2.0,<2.1' claims SQLAlchemy 2.0.0") for m in found)
