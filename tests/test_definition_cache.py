"""Validated definitions are cached between runs: used when warm, ignored when stale or corrupt."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from replydesk.definitions import cache as cache_module
from replydesk.definitions import loader
from replydesk.definitions.cache import DefinitionCache
from replydesk.definitions.loader import load_forms
from replydesk.definitions.registry import Registry

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def forms(tmp_path: Path) -> Path:
    folder = tmp_path / "forms"
    folder.mkdir()
    for real in sorted((REPO / "forms").glob("*.yaml")):
        shutil.copy(real, folder / real.name)
    return folder


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The files parsed from YAML and checked (not served from the cache)."""
    seen: list[str] = []
    original = loader.load_form_text

    def counting(text: str, file: str):
        seen.append(Path(file).name)
        return original(text, file)

    monkeypatch.setattr(loader, "load_form_text", counting)
    return seen


def entries(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("*.json"))


def test_second_load_parses_nothing(forms, cache_dir, parses, monkeypatch):
    cold = Registry.load(forms, cache_dir)
    assert sorted(parses) == sorted(p.name for p in forms.glob("*.yaml"))
    assert len(entries(cache_dir)) == 3
    parses.clear()

    def no_yaml():
        raise AssertionError("a warm load must not need PyYAML")

    monkeypatch.setattr(loader, "_yaml", no_yaml)
    warm = Registry.load(forms, cache_dir)
    assert parses == []
    assert not warm.problems
    assert set(warm.forms) == set(cold.forms)
    for form_id, form in cold.forms.items():
        cached = warm.forms[form_id]
        assert cached.model_dump() == form.model_dump()
        assert cached.keys() == form.keys()
        assert cached.definition_hash == form.definition_hash
        assert cached.resolved(2020).model_dump() == form.resolved(2020).model_dump()


def test_a_warm_load_validates_only_the_forms_asked_for(forms, cache_dir, monkeypatch):
    """A command needs one form: the others stay unread entries until something asks for them."""
    from replydesk.definitions.model import Form

    Registry.load(forms, cache_dir)
    validated: list[str] = []
    original = Form.model_validate_json

    def counting(payload, *args, **kwargs):
        form = original(payload, *args, **kwargs)
        validated.append(form.id)
        return form

    monkeypatch.setattr(Form, "model_validate_json", counting)
    warm = Registry.load(forms, cache_dir)
    assert sorted(warm.forms) == ["coe-ocsea-baseline", "global-alliance-2014", "lanzarote-2-csgsiv-follow-up"]
    assert "coe-ocsea-baseline" in warm.forms and "nope" not in warm.forms
    assert validated == []
    assert warm.get("global-alliance-2014").keys()[0] == "pt1.og1.a"
    assert validated == ["global-alliance-2014"]
    assert len(list(warm.forms.values())) == 3 and sorted(validated) == sorted(warm.forms)


def test_two_files_with_one_id_are_reported_warm_as_cold(forms, cache_dir):
    (forms / "copy.yaml").write_bytes((forms / "global-alliance-2014.yaml").read_bytes())
    cold = Registry.load(forms, cache_dir)
    warm = Registry.load(forms, cache_dir)
    assert [str(p) for p in warm.problems] == [str(p) for p in cold.problems]
    assert any("'global-alliance-2014' is already defined" in str(p) for p in warm.problems)


def test_without_a_cache_folder_every_load_parses(forms, parses):
    Registry.load(forms)
    Registry.load(forms)
    assert len(parses) == 6


@pytest.mark.parametrize("damage", ["garbage", "truncated", "payload", "empty", "header"])
def test_a_corrupt_entry_is_ignored_and_rebuilt(forms, cache_dir, parses, damage):
    good = Registry.load(forms, cache_dir)
    for entry in entries(cache_dir):
        data = entry.read_bytes()
        entry.write_bytes({
            "garbage": b"\x00\xffnot json at all",
            "truncated": data[: len(data) // 2],
            "payload": data.replace(b'"prompt":"', b'"prompt":"X', 1),  # checksum no longer matches
            "empty": b"",
            "header": b"{}\n" + data.partition(b"\n")[2],
        }[damage])
    parses.clear()
    again = Registry.load(forms, cache_dir)
    assert sorted(parses) == sorted(p.name for p in forms.glob("*.yaml"))
    assert not again.problems
    assert {k: f.model_dump() for k, f in again.forms.items()} == {k: f.model_dump() for k, f in good.forms.items()}
    parses.clear()
    Registry.load(forms, cache_dir)  # rebuilt: warm again
    assert parses == []


def test_an_entry_that_validates_badly_is_a_miss(forms, cache_dir, parses):
    """Even with a matching checksum, a payload the model refuses is never used."""
    Registry.load(forms, cache_dir)
    for entry in entries(cache_dir):
        header_line, _, payload = entry.read_bytes().partition(b"\n")
        data = json.loads(payload)
        data["groups"] = []  # a form needs at least one group
        payload = json.dumps(data).encode()
        header = json.loads(header_line)
        header["payload_sha256"] = __import__("hashlib").sha256(payload).hexdigest()
        entry.write_bytes(json.dumps(header).encode() + b"\n" + payload)
    parses.clear()
    again = Registry.load(forms, cache_dir)
    assert all(form.groups for form in again.forms.values())
    assert len(parses) == 3 and not again.problems


def test_a_warm_load_knows_where_the_period_parameters_are(forms, cache_dir, monkeypatch):
    """The cache remembers which texts use {year}: resolving a cached form looks through no other text."""
    from replydesk.definitions import model

    Registry.load(forms, cache_dir)
    warm = Registry.load(forms, cache_dir)

    def no_walk(*_args):
        raise AssertionError("a cached form's parameter texts are known")

    monkeypatch.setattr(model, "_texts_with_parameters", no_walk)
    baseline = warm.get("coe-ocsea-baseline").resolved(2024)
    assert "{year}" not in baseline.model_dump_json() and "{previous_year}" not in baseline.model_dump_json()


def test_an_entry_whose_parameter_paths_lead_nowhere_is_a_miss(forms, cache_dir, parses):
    good = Registry.load(forms, cache_dir)
    for entry in entries(cache_dir):
        header_line, _, payload = entry.read_bytes().partition(b"\n")
        header = json.loads(header_line)
        header["parameter_paths"] = [["groups", 0, "key"]]  # a key, never a text with {year}
        entry.write_bytes(json.dumps(header).encode() + b"\n" + payload)
    parses.clear()
    again = Registry.load(forms, cache_dir)
    for form_id, form in good.forms.items():
        assert again.get(form_id).resolved(2016).model_dump() == form.resolved(2016).model_dump()
    assert len(parses) == 3 and not again.problems


def test_a_changed_definition_invalidates_its_entry(forms, cache_dir, parses):
    Registry.load(forms, cache_dir)
    path = forms / "global-alliance-2014.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('version: "2014.1"', 'version: "2014.2"', 1),
                    encoding="utf-8")
    parses.clear()
    again = Registry.load(forms, cache_dir)
    assert parses == ["global-alliance-2014.yaml"]
    assert again.get("global-alliance-2014").version == "2014.2"
    assert len(entries(cache_dir)) == 3  # the file's entry was replaced, not added to


def test_another_version_or_schema_misses(forms, cache_dir, parses, monkeypatch):
    Registry.load(forms, cache_dir)
    parses.clear()
    monkeypatch.setattr(cache_module, "schema_fingerprint", lambda: "another-version-or-model")
    Registry.load(forms, cache_dir)
    assert len(parses) == 3
    parses.clear()
    Registry.load(forms, cache_dir)
    assert parses == []


def test_the_fingerprint_covers_the_version_and_the_model(monkeypatch):
    cache_module.schema_fingerprint.cache_clear()
    try:
        first = cache_module.schema_fingerprint()
        monkeypatch.setattr("replydesk.__version__", "99.0")
        cache_module.schema_fingerprint.cache_clear()
        assert cache_module.schema_fingerprint() != first
    finally:
        monkeypatch.undo()
        cache_module.schema_fingerprint.cache_clear()
    assert cache_module.schema_fingerprint() == first


def test_a_broken_definition_is_never_cached(forms, cache_dir, parses):
    broken = forms / "broken.yaml"
    shutil.copy(REPO / "tests" / "data" / "hostile" / "form-schema-invalid.yaml", broken)
    first = Registry.load(forms, cache_dir)
    assert first.problems and all(str(p).startswith(f"{broken}:") for p in first.problems)
    assert len(entries(cache_dir)) == 3
    parses.clear()
    second = Registry.load(forms, cache_dir)
    assert parses == ["broken.yaml"]  # parsed (and reported) every time
    assert [str(p) for p in second.problems] == [str(p) for p in first.problems]


def test_an_unwritable_cache_is_no_error(forms, tmp_path, parses):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    forms_, problems = load_forms(forms, blocker / "definitions")
    assert len(forms_) == 3 and not problems
    assert len(parses) == 3


def test_writes_are_atomic_and_leave_no_temporary_files(forms, cache_dir, monkeypatch):
    Registry.load(forms, cache_dir)

    def failing_replace(src, dst):
        raise OSError(28, "No space left on device")

    path = forms / "global-alliance-2014.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    before = {entry: entry.read_bytes() for entry in entries(cache_dir)}
    monkeypatch.setattr(os, "replace", failing_replace)
    Registry.load(forms, cache_dir)
    assert {entry: entry.read_bytes() for entry in entries(cache_dir)} == before
    assert [p.name for p in cache_dir.iterdir() if p.suffix == ".tmp"] == []


def test_each_entry_names_its_source(forms, cache_dir):
    Registry.load(forms, cache_dir)
    sources = {json.loads(e.read_bytes().partition(b"\n")[0])["source"] for e in entries(cache_dir)}
    assert sources == {str(p) for p in forms.glob("*.yaml")}


def test_the_cache_is_keyed_by_content(tmp_path, forms):
    """Two entries in one folder do not get in each other's way."""
    cache = DefinitionCache(tmp_path / "c")
    path = forms / "global-alliance-2014.yaml"
    content = path.read_bytes()
    assert cache.load(path, content) is None
    form = loader.load_form(path)
    cache.store(path, content, form)
    assert cache.load(path, content).model_dump() == form.model_dump()
    assert cache.load(path, content + b"\n") is None


# -- the command line ------------------------------------------------------------------------------------------------
@pytest.fixture
def denmark_reply(cli, tmp_path) -> str:
    reply_id = cli("new", "--form", "global-alliance-2014", "--country", "Denmark", "--year", "2014").last_line
    answer = tmp_path / "answer.md"
    answer.write_text("The **Danish** National Police identified 12 victims.\n\n- one\n- two", encoding="utf-8")
    assert cli("set", reply_id, "pt1.og1.b", "--file", str(answer)).code == 0
    return reply_id


def test_show_prints_the_same_from_a_cold_and_a_warm_cache(cli, denmark_reply, tmp_path):
    env = {"REPLYDESK_CACHE": str(tmp_path / "fresh-cache")}
    cold = cli("show", denmark_reply, "--json", env=env)
    assert (tmp_path / "fresh-cache" / "definitions").is_dir()
    warm = cli("show", denmark_reply, "--json", env=env)
    uncached = cli("show", denmark_reply, env=env)
    assert cold.code == warm.code == uncached.code == 0
    assert cold.out == warm.out
    assert warm.json()["pt1.og1.b"].startswith("The **Danish** National Police")
    assert len(warm.json()) == 21
    assert cli("show", denmark_reply, env=env).out == uncached.out
    detail = [cli("show", denmark_reply, "--json", "--detail", env=env).out for _ in range(2)]
    assert detail[0] == detail[1]


def test_show_json_loads_no_office_qt_yaml_markdown_or_server_libraries(cli, denmark_reply, db_path, tmp_path):
    import subprocess
    import sys

    env = {**os.environ, "REPLYDESK_DB": str(db_path), "REPLYDESK_CACHE": str(tmp_path / "c")}
    code = ("import sys, io, contextlib\nfrom replydesk.entry import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    assert main(['show', '{denmark_reply}', '--json']) == 0\n"
            "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))\n")
    for _ in range(2):  # cold (parses the forms: PyYAML is allowed), then warm
        proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
    loaded = set(proc.stdout.split())
    unneeded = {"PySide6", "shiboken6", "docx", "openpyxl", "lxml", "yaml", "markdown_it", "psycopg"}
    assert not loaded & unneeded, loaded & unneeded


def test_forms_check_always_parses(cli, tmp_path):
    """`forms check` is the way to check a file: it never takes a cached answer."""
    broken = tmp_path / "broken.yaml"
    shutil.copy(REPO / "tests" / "data" / "hostile" / "form-schema-invalid.yaml", broken)
    first, second = cli("forms", "check", str(broken)), cli("forms", "check", str(broken))
    assert first.code == second.code == 1
    assert first.err == second.err and first.err.startswith(f"{broken}:")
