"""A broken definition is reported as file:line: message, naming the key; the rest still load."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from replydesk.definitions import DefinitionError, load_form, load_forms
from replydesk.definitions.loader import MAX_DEFINITION_BYTES

GOOD = textwrap.dedent(
    """\
    format: 1
    id: tiny
    version: "1"
    title: "Tiny form {year}"
    period:
      default_year: 2020
    participants:
      - name: DENMARK
        aliases: [Danmark]
    groups:
      - key: s1
        label: Section 1
        questions:
          - key: yesno
            type: yes_no
            prompt: Is there a strategy?
          - key: details
            type: long_text
            prompt: Describe it
            relevant: s1.yesno == "yes"
    """
)


def write(tmp_path: Path, text: str, name: str = "form.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        load_form(path)
    return [str(p) for p in caught.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_the_good_example_loads(tmp_path):
    form = load_form(write(tmp_path, GOOD))
    assert form.keys() == ["s1.yesno", "s1.details"]


def test_yaml_syntax_error_points_at_its_line(tmp_path):
    text = GOOD.replace("    prompt: Describe it", "    prompt: [Describe it")
    path = write(tmp_path, text)
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:")
    assert "YAML syntax error" in problem
    line = int(problem.split(":")[1])
    assert abs(line - line_of(text, "[Describe it")) <= 2


def test_unknown_question_type_names_key_and_line(tmp_path):
    text = GOOD.replace("type: long_text", "type: essay")
    path = write(tmp_path, text)
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:{line_of(text, 'type: essay')}:")
    assert "groups[0].questions[1].type" in problem and "'essay'" in problem


def test_unknown_field_is_a_typo_not_silence(tmp_path):
    text = GOOD.replace("    prompt: Describe it", "    promt: Describe it")
    path = write(tmp_path, text)
    found = problems_of(path)
    assert f"{path}:{line_of(text, 'promt')}: groups[0].questions[1].promt: unknown field 'promt'" in found
    assert any("'prompt' is missing" in p for p in found)


def test_duplicate_yaml_key_is_refused(tmp_path):
    text = GOOD.replace("    prompt: Describe it", "    prompt: Describe it\n        prompt: Again")
    path = write(tmp_path, text)
    (problem,) = problems_of(path)
    assert "duplicate key 'prompt'" in problem
    assert problem.startswith(f"{path}:{line_of(text, 'prompt: Again')}:")


def test_duplicate_question_key_is_refused(tmp_path):
    text = GOOD.replace("key: details", "key: yesno")
    (problem,) = problems_of(write(tmp_path, text))
    assert "duplicate key 'yesno'" in problem


def test_relevance_condition_errors(tmp_path):
    bad_syntax = GOOD.replace('s1.yesno == "yes"', 's1.yesno == ')
    (problem,) = problems_of(write(tmp_path, bad_syntax))
    assert "s1.details" in problem and "expected a value" in problem
    unknown = GOOD.replace('s1.yesno == "yes"', 's1.nothere == "yes"')
    (problem,) = problems_of(write(tmp_path, unknown, "b.yaml"))
    assert "unknown key 's1.nothere'" in problem
    assert f":{line_of(unknown, 'relevant:')}:" in problem


def test_unknown_text_parameter(tmp_path):
    (problem,) = problems_of(write(tmp_path, GOOD.replace("{year}", "{yaer}")))
    assert "{yaer}" in problem and "title" in problem


def test_anchors_and_aliases_are_refused(tmp_path):
    text = GOOD.replace("label: Section 1", "label: &l Section 1\n    title: *l")
    assert any("anchors and aliases" in p for p in problems_of(write(tmp_path, text)))


def test_a_participant_alias_may_not_name_two_participants(tmp_path):
    text = GOOD.replace("aliases: [Danmark]", "aliases: [Danmark]\n  - name: DANMARK")
    (problem,) = problems_of(write(tmp_path, text))
    assert "participants" in problem and "DANMARK" in problem.upper()


def test_choice_question_without_choices(tmp_path):
    (problem,) = problems_of(write(tmp_path, GOOD.replace("type: yes_no", "type: single_choice")))
    assert "needs choices" in problem


def test_oversized_and_binary_files_are_refused_before_parsing(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_DEFINITION_BYTES + 1))
    assert "limited to" in problems_of(big)[0]
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00id: x")
    assert "not UTF-8" in problems_of(binary)[0]


def test_one_broken_file_leaves_the_others_loading(tmp_path):
    for name in ("global-alliance-2014.yaml",):
        shutil.copy(Path(__file__).resolve().parents[1] / "forms" / name, tmp_path / name)
    write(tmp_path, GOOD.replace("type: long_text", "type: essay"), "broken.yaml")
    forms, problems = load_forms(tmp_path)
    assert list(forms) == ["global-alliance-2014"]
    assert len(problems) == 1 and problems[0].file.endswith("broken.yaml")


def test_forms_check_command_reports_and_exits_1(tmp_path, cli):
    text = GOOD.replace("type: long_text", "type: essay")
    path = write(tmp_path, text)
    result = cli("forms", "check", str(path))
    assert result.code == 1
    assert result.err.startswith(f"{path}:{line_of(text, 'type: essay')}:")
    assert "Traceback" not in result.err
    ok = cli("forms", "check", str(Path(__file__).resolve().parents[1] / "forms" / "global-alliance-2014.yaml"))
    assert ok.code == 0 and "21 questions" in ok.out


def test_forms_listing_survives_a_broken_definition(tmp_path, cli):
    forms = tmp_path / "forms"
    forms.mkdir()
    shutil.copy(Path(__file__).resolve().parents[1] / "forms" / "global-alliance-2014.yaml", forms)
    write(forms, "id: [unclosed", "broken.yaml")
    result = cli("forms", env={"REPLYDESK_FORMS": str(forms)})
    assert result.code == 0
    assert "global-alliance-2014" in result.out
    assert "broken.yaml:" in result.err and "YAML syntax error" in result.err


def test_schema_json_is_current():
    import json

    from replydesk.definitions import Form

    on_disk = json.loads((Path(__file__).resolve().parents[1] / "forms" / "schema.json").read_text("utf-8"))
    assert on_disk == Form.model_json_schema(), "regenerate with: replydesk forms schema --output forms/schema.json"


@pytest.mark.parametrize("qtype", ["url", "short_text", "integer"])
def test_word_limit_on_a_question_whose_words_are_not_counted(tmp_path, qtype):
    text = GOOD.replace("type: long_text", f"type: {qtype}\n        word_limit: 10")
    path = write(tmp_path, text)
    (problem,) = problems_of(path)
    assert problem == (f"{path}:{line_of(text, 'word_limit')}: groups[0].questions[1].word_limit: "
                       f"word_limit belongs to long_text questions, not {qtype}")


def test_options_a_type_does_not_use_are_refused(tmp_path):
    text = GOOD.replace("type: yes_no", "type: yes_no\n        max: 3")
    path = write(tmp_path, text)
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:{line_of(text, 'max: 3')}: ")
    assert "max belongs to integer, decimal and percentage questions, not yes_no" in problem


def test_a_group_kind_is_one_of_the_known_kinds(tmp_path):
    text = GOOD.replace("label: Section 1", "label: Section 1\n    kind: chapterr")
    path = write(tmp_path, text)
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:{line_of(text, 'chapterr')}: groups[0].kind: 'chapterr' is not one of")
    assert "'recommendation'" in problem
