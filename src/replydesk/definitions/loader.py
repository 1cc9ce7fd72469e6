"""Load definitions from YAML, reporting every problem as ``file:line: message``.

Secretariats edit these files by hand, so a mistake must point at its line and
name the offending key; one broken file never stops the other forms loading.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from replydesk.definitions import expr
from replydesk.definitions.model import PARTY_PARAMETER, TEXT_PARAMETERS, Form, Group, Question, text_parameters
from replydesk.definitions.types import OPTIONS

if TYPE_CHECKING:
    import yaml

    from replydesk.definitions.cache import CachedEntry, DefinitionCache

#: A definition larger than this is refused before parsing (a real one is ~100 KB).
MAX_DEFINITION_BYTES = 5 * 1024 * 1024
#: Nodes in one YAML document; a real definition has a few thousand.
MAX_NODES = 200_000

Path_ = tuple[str | int, ...]



def _yaml():  # noqa: ANN202
    """PyYAML, imported when a definition is parsed: a command served from the cache never needs it."""
    import yaml

    return yaml


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class DefinitionError(Exception):
    """A definition that cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _dotted(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


class _LineMap:
    """Lines of the YAML nodes, by their path in the document."""

    def __init__(self) -> None:
        self.lines: dict[Path_, int] = {}
        self.key_lines: dict[Path_, int] = {}
        self.nodes = 0

    def line_of(self, path: Path_, *, key: bool = False) -> int:
        probe = tuple(path)
        while probe:
            if key and probe in self.key_lines:
                return self.key_lines[probe]
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return 1


def _map_nodes(node: yaml.Node, path: Path_, lines: _LineMap, seen: set[int], problems: list[tuple]) -> None:
    """Record each node's line; refuse aliases and duplicate keys, which YAML would hide."""
    yaml = _yaml()
    if id(node) in seen:
        problems.append((path, "anchors and aliases (&, *) are not supported in definitions"))
        return
    seen.add(id(node))
    lines.nodes += 1
    if lines.nodes > MAX_NODES:
        raise _TooBig
    lines.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        keys_here: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark)
            child = (*path, key)
            if key in keys_here:
                problems.append(
                    (child, f"duplicate key {key!r} (first on line {keys_here[key]})")
                )
            keys_here[key] = key_node.start_mark.line + 1
            lines.key_lines[child] = key_node.start_mark.line + 1
            _map_nodes(value_node, child, lines, seen, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _map_nodes(item, (*path, index), lines, seen, problems)


class _TooBig(Exception):
    pass


def _problem(file: str, lines: _LineMap, path: Path_, message: str, *, key: bool = False) -> Problem:
    where = _dotted(path)
    return Problem(file, lines.line_of(path, key=key), f"{where}: {message}" if path else message)


def _validation_problems(file: str, lines: _LineMap, error: ValidationError) -> list[Problem]:
    problems = []
    for item in error.errors():
        loc = tuple(part for part in item["loc"] if not (isinstance(part, str) and part.startswith("function-")))
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = f"unknown field {loc[-1]!r}"
        elif item["type"] == "enum":
            message = f"{item['input']!r} is not one of {item['ctx'].get('expected', '')}"
        elif item["type"] == "missing":
            message = f"required field {loc[-1]!r} is missing"
        option = message.split(" ", 1)[0]
        if option in OPTIONS and message.startswith(f"{option} belongs to "):
            problems.append(_problem(file, lines, (*loc, option), message, key=True))  # the option's own line
            continue
        problems.append(_problem(file, lines, loc, message, key=item["type"] == "extra_forbidden"))
    return problems


def _semantic_problems(file: str, lines: _LineMap, form: Form) -> list[Problem]:
    """Checks across the whole form: relevance conditions and text parameters."""
    problems: list[Problem] = []

    def check_texts(obj: Group | Question, path: Path_) -> None:
        for field in ("label", "title", "text", "prompt", "help"):
            value = getattr(obj, field, None)
            for name in text_parameters(value or ""):
                if name not in (*TEXT_PARAMETERS, PARTY_PARAMETER):
                    known = ", ".join("{" + p + "}" for p in (*TEXT_PARAMETERS, PARTY_PARAMETER))
                    problems.append(
                        _problem(file, lines, (*path, field), f"unknown parameter {{{name}}} (known: {known})")
                    )

    def visit(groups: list[Group], path: Path_, prefix: str) -> None:
        for gi, group in enumerate(groups):
            gpath = (*path, "groups", gi) if path else ("groups", gi)
            check_texts(group, gpath)
            gkey = f"{prefix}{group.key}"
            for qi, question in enumerate(group.questions):
                qpath = (*gpath, "questions", qi)
                check_texts(question, qpath)
                if question.relevant:
                    try:
                        condition = expr.parse(question.relevant)
                    except expr.ExpressionError as exc:
                        problems.append(_problem(file, lines, (*qpath, "relevant"), f"{gkey}.{question.key}: {exc}"))
                        continue
                    for ref in sorted(condition.keys()):
                        if not form.has_key(ref):
                            problems.append(
                                _problem(
                                    file, lines, (*qpath, "relevant"),
                                    f"{gkey}.{question.key}: condition refers to unknown key {ref!r}",
                                )
                            )
            visit(group.groups, gpath, f"{gkey}.")

    for name in text_parameters(form.title):
        if name not in TEXT_PARAMETERS:
            problems.append(_problem(file, lines, ("title",), f"unknown parameter {{{name}}}"))
    visit(form.groups, (), "")
    return problems


def load_form_text(text: str, file: str) -> Form:
    """Parse and validate one definition; raise DefinitionError with every problem."""
    yaml = _yaml()
    from yaml.constructor import SafeConstructor

    lines = _LineMap()
    try:
        # libyaml's parser where available (10x faster)
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise DefinitionError([Problem(file, line, f"YAML syntax error: {exc.problem or exc}")]) from None
    except yaml.YAMLError as exc:
        raise DefinitionError([Problem(file, 1, f"YAML error: {exc}")]) from None
    if root is None:
        raise DefinitionError([Problem(file, 1, "the file is empty")])
    raw: list[tuple] = []
    try:
        _map_nodes(root, (), lines, set(), raw)
    except _TooBig:
        raise DefinitionError([Problem(file, 1, f"more than {MAX_NODES} YAML nodes; not a definition")]) from None
    if raw:
        raise DefinitionError([_problem(file, lines, path, msg, key=True) for path, msg in raw])
    data = SafeConstructor().construct_document(root)
    if not isinstance(data, dict):
        raise DefinitionError([Problem(file, 1, "a definition must be a mapping of fields (id, version, ...)")])
    try:
        form = Form.model_validate(data)
    except ValidationError as exc:
        raise DefinitionError(_validation_problems(file, lines, exc)) from None
    problems = _semantic_problems(file, lines, form)
    if problems:
        raise DefinitionError(problems)
    return form


def _read(path: Path) -> bytes:
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_DEFINITION_BYTES:
            raise DefinitionError(
                [Problem(name, 1, f"the file is {size / 1e6:.1f} MB; definitions are limited to "
                                  f"{MAX_DEFINITION_BYTES // (1024 * 1024)} MB")]
            )
        return path.read_bytes()
    except OSError as exc:
        raise DefinitionError([Problem(name, 1, f"cannot read: {exc.strerror or exc}")]) from None


def load_form(path: Path, cache: DefinitionCache | None = None) -> Form:
    """Load one definition file; from ``cache`` when it holds this file's content, else parsed and checked."""
    content = _read(path)
    if cache is not None:
        form = cache.load(path, content)
        if form is not None:
            return form
    return _parsed(path, content, cache)


class Forms(Mapping[str, Form]):
    """Forms by id, in file order; one found in the definition cache is validated when first asked for.

    A command or a window needs one or two forms, and validating a large definition is most of what
    loading it from the cache costs (a 2,000-question form: ~25 ms); its id comes from the entry's header.
    """

    def __init__(self) -> None:
        self._forms: dict[str, Form | Callable[[], Form]] = {}

    def add(self, form_id: str, form: Form | Callable[[], Form]) -> None:
        self._forms[form_id] = form

    def __getitem__(self, form_id: str) -> Form:
        found = self._forms[form_id]
        if not isinstance(found, Form):
            found = self._forms[form_id] = found()
        return found

    def __contains__(self, form_id: object) -> bool:  # Mapping's would validate the form to answer
        return form_id in self._forms

    def __iter__(self) -> Iterator[str]:
        return iter(self._forms)

    def __len__(self) -> int:
        return len(self._forms)


def _cached_or_parsed(path: Path, content: bytes, entry: CachedEntry, cache: DefinitionCache) -> Callable[[], Form]:
    """The form of a cache entry, built when asked for; parsed from the same bytes should the entry not build
    (bytes that passed once: the entry's key changes with the code that checks them)."""

    def build() -> Form:
        form = entry.form()
        if form is None:
            form = _parsed(path, content, cache)
        return form

    return build


def _parsed(path: Path, content: bytes, cache: DefinitionCache | None) -> Form:
    name = str(path)
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DefinitionError([Problem(name, 1, f"not UTF-8 text (byte {exc.start})")]) from None
    form = load_form_text(text, name)  # raises with every problem: a broken file is never cached
    if cache is not None:
        cache.store(path, content, form)
    return form


def load_forms(folder: Path, cache_dir: Path | None = None) -> tuple[Forms, list[Problem]]:
    """Every valid definition in ``folder`` by id, and the problems of the others.

    With ``cache_dir``, valid definitions are remembered there between runs (see ``cache.py``); a form
    found there is validated the first time it is asked for.
    """
    cache = None
    if cache_dir is not None:
        from replydesk.definitions.cache import DefinitionCache

        cache = DefinitionCache(cache_dir)
    forms = Forms()
    origins: dict[str, Path] = {}
    problems: list[Problem] = []
    if not folder.is_dir():
        return forms, [Problem(str(folder), 1, "the forms folder does not exist")]
    for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
        try:
            content = _read(path)
            entry = cache.entry(path, content) if cache is not None else None
            if entry is not None:
                form_id, form = entry.form_id, _cached_or_parsed(path, content, entry, cache)
            else:
                parsed = _parsed(path, content, cache)
                form_id, form = parsed.id, parsed
        except DefinitionError as exc:
            problems.extend(exc.problems)
            continue
        if form_id in forms:
            problems.append(Problem(str(path), 1, f"id {form_id!r} is already defined in {origins[form_id]}"))
            continue
        forms.add(form_id, form)
        origins[form_id] = path
    return forms, problems
