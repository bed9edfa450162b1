"""Standard procedures (SOPs): ordered checklist steps with branches, from kb/sops/*.toml.

    id = "blue-screen"
    title = { zh = "电脑蓝屏", en = "Blue screen (BSOD)" }
    [applies_to]
    categories = ["software"]   keywords = ["蓝屏"]   products = []   fault_codes = ["0x7B"]
    [[steps]]
    id = "reboot"
    title = { zh = "...", en = "..." }        instructions, expected: the same; script optional
    required = true                           (the default)
    on_success = "resolve"                    "next", "resolve", "escalate" or a later step's id
    on_failure = "next"                       "next", "resolve", "escalate" or a later step's id

A definition that could strand an engineer is refused with the file and the step named: a
target that does not exist, "next" on the last step, a cycle, a step nothing leads to, a missing
or unknown field.
"""

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from agent_console.textforms import canonical_code, fault_codes_in, normalize
from agent_console.vocab import Category

NEXT, RESOLVE, ESCALATE = "next", "resolve", "escalate"
ENDS = (RESOLVE, ESCALATE)
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_TOP_KEYS = {"id", "title", "applies_to", "steps"}
_APPLIES_KEYS = ("categories", "keywords", "products", "fault_codes")
_STEP_TEXTS = ("title", "instructions", "expected")
_STEP_KEYS = {*_STEP_TEXTS, "id", "script", "required", "on_success", "on_failure"}


@dataclass(frozen=True)
class Bilingual:
    zh: str
    en: str

    def in_language(self, language: str) -> str:
        return self.en if language == "en" else self.zh


_NO_TEXT = Bilingual("", "")


@dataclass(frozen=True)
class Step:
    id: str
    title: Bilingual
    instructions: Bilingual
    script: Bilingual
    expected: Bilingual
    required: bool
    on_success: str  # a step id, RESOLVE or ESCALATE ("next" is resolved when loading)
    on_failure: str


@dataclass(frozen=True)
class AppliesTo:
    categories: tuple[Category, ...]
    keywords: tuple[str, ...]
    products: tuple[str, ...]
    fault_codes: tuple[str, ...]


@dataclass(frozen=True)
class Procedure:
    id: str
    title: Bilingual
    applies_to: AppliesTo
    steps: tuple[Step, ...]
    path: Path

    def step(self, step_id: str) -> Step | None:
        return next((step for step in self.steps if step.id == step_id), None)


@dataclass(frozen=True)
class ProcedureProblem:
    path: Path
    reason: str  # names the step or key when there is one

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True)
class Procedures:
    procedures: list[Procedure]
    problems: list[ProcedureProblem]

    def get(self, procedure_id: str) -> Procedure | None:
        return next((p for p in self.procedures if p.id == procedure_id), None)


class _Invalid(Exception):
    pass


def load_procedures(directory: Path) -> Procedures:
    """Every procedure in the folder, in file-name order; a bad file becomes a problem."""
    procedures: list[Procedure] = []
    problems: list[ProcedureProblem] = []
    seen: dict[str, Path] = {}
    for path in sorted(directory.glob("*.toml")):
        try:
            procedure = parse_procedure(path)
        except _Invalid as invalid:
            problems.append(ProcedureProblem(path, str(invalid)))
            continue
        if procedure.id in seen:
            problems.append(ProcedureProblem(path, f"duplicate id '{procedure.id}' "
                                                   f"(first in {seen[procedure.id]})"))  # fmt: skip
            continue
        seen[procedure.id] = path
        procedures.append(procedure)
    return Procedures(procedures, problems)


def parse_procedure(path: Path) -> Procedure:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise _Invalid(f"not valid TOML: {error}") from None
    _no_unknown_keys(data, _TOP_KEYS, "")
    procedure_id = _identifier(data, "id", "")
    title = _bilingual(data, "title", "")
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise _Invalid("missing 'steps': at least one [[steps]] table")
    if not all(isinstance(raw, dict) for raw in raw_steps):
        raise _Invalid("'steps' must be [[steps]] tables")
    ids = [_identifier(raw, "id", f"step {number}") for number, raw in enumerate(raw_steps, 1)]
    reserved = next((i for i in ids if i in (NEXT, *ENDS)), None)
    if reserved is not None:
        raise _Invalid(f"step '{reserved}': '{reserved}' is an outcome, not a step id")
    duplicate = next((i for i in ids if ids.count(i) > 1), None)
    if duplicate is not None:
        raise _Invalid(f"step '{duplicate}': the id is used twice")
    steps = tuple(_step(raw, ids, position) for position, raw in enumerate(raw_steps))
    _check_reachable(steps)
    return Procedure(procedure_id, title, _applies_to(data.get("applies_to", {})), steps, path)


def _step(raw: dict, ids: Sequence[str], position: int) -> Step:
    where = f"step '{ids[position]}'"
    _no_unknown_keys(raw, _STEP_KEYS, where)
    required = raw.get("required", True)
    if not isinstance(required, bool):
        raise _Invalid(f"{where}: 'required' must be true or false")
    texts = {key: _bilingual(raw, key, where) for key in _STEP_TEXTS}
    script = _bilingual(raw, "script", where) if "script" in raw else _NO_TEXT
    targets = {key: _target(raw, key, ids, position) for key in ("on_success", "on_failure")}
    return Step(ids[position], script=script, required=required, **texts, **targets)


def _target(raw: dict, key: str, ids: Sequence[str], position: int) -> str:
    """Where an outcome leads; only forward, so a procedure always ends."""
    where = f"step '{ids[position]}'"
    value = raw.get(key)
    if not isinstance(value, str) or not value:
        raise _Invalid(f"{where}: missing '{key}' (next, resolve, escalate or a step id)")
    if value == NEXT:
        if position + 1 == len(ids):
            raise _Invalid(f"{where}: '{key}' is 'next' but this is the last step")
        return ids[position + 1]
    if value in ENDS:
        return value
    if value not in ids:
        raise _Invalid(f"{where}: '{key}' points to a missing step '{value}'")
    if ids.index(value) <= position:
        raise _Invalid(f"{where}: '{key}' leads back to '{value}', which makes a cycle "
                       "(steps may only lead forward)")  # fmt: skip
    return value


def _check_reachable(steps: Sequence[Step]) -> None:
    reached = {steps[0].id}
    for step in steps:  # targets lead forward only, so one pass in order sees every path
        if step.id in reached:
            reached.update((step.on_success, step.on_failure))
        else:
            raise _Invalid(f"step '{step.id}': no step leads to it, so it can never be reached")


def _applies_to(raw: object) -> AppliesTo:
    if not isinstance(raw, dict):
        raise _Invalid("'applies_to' must be a table")
    _no_unknown_keys(raw, set(_APPLIES_KEYS), "applies_to")
    lists = {key: _texts(raw, key) for key in _APPLIES_KEYS}
    allowed = {category.value for category in Category}
    unknown = [value for value in lists["categories"] if value not in allowed]
    if unknown:
        raise _Invalid(f"applies_to: unknown category '{unknown[0]}' "
                       f"(allowed: {', '.join(sorted(allowed))})")  # fmt: skip
    return AppliesTo(
        categories=tuple(Category(value) for value in lists["categories"]),
        keywords=lists["keywords"],
        products=lists["products"],
        fault_codes=lists["fault_codes"],
    )


def _texts(raw: dict, key: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _Invalid(f"applies_to: '{key}' must be a list of texts")
    return tuple(item.strip() for item in value if item.strip())


def _identifier(raw: dict, key: str, where: str) -> str:
    value = raw.get(key)
    prefix = f"{where}: " if where else ""
    if not isinstance(value, str) or not value:
        raise _Invalid(f"{prefix}missing '{key}'")
    if not _ID.fullmatch(value):
        raise _Invalid(f"{prefix}'{key}' must be lower-case letters, digits and '-': {value!r}")
    return value


def _bilingual(raw: dict, key: str, where: str) -> Bilingual:
    value = raw.get(key)
    prefix = f"{where}: " if where else ""
    if value is None:
        raise _Invalid(f"{prefix}missing '{key}'")
    if not isinstance(value, dict):
        raise _Invalid(
            f"{prefix}'{key}' must have zh and en texts: {key} = {{ zh = ..., en = ... }}"
        )
    for language in ("zh", "en"):
        if not isinstance(value.get(language), str) or not value[language].strip():
            raise _Invalid(f"{prefix}missing '{key}.{language}'")
    _no_unknown_keys(value, {"zh", "en"}, f"{prefix}{key}".strip())
    return Bilingual(value["zh"].strip(), value["en"].strip())


def _no_unknown_keys(raw: dict, allowed: set[str], where: str) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        prefix = f"{where}: " if where else ""
        raise _Invalid(f"{prefix}unknown field '{unknown[0]}'")


# --- which procedure fits a ticket -----------------------------------------------------------

_FAULT_CODE, _PRODUCT, _KEYWORD, _CATEGORY = 8, 4, 3, 1


def suggest(
    procedures: Iterable[Procedure], *, category: Category, text: str, model: str | None
) -> list[Procedure]:
    """The procedures that fit a ticket (its subject and description in `text`), best first:
    a fault code in the text weighs most, then each keyword (or a code written as words) found,
    then the model; a matching category alone is not enough (most faults are "hardware")."""
    codes = {canonical_code(code) for code in fault_codes_in(text)}
    words = normalize(text)
    model_key = normalize(model or "")
    scored: list[tuple[int, int, Procedure]] = []
    for order, procedure in enumerate(procedures):
        fits = procedure.applies_to
        score = _FAULT_CODE * any(canonical_code(code) in codes for code in fits.fault_codes)
        # A code no extractor can tell from prose ("2-3" blinks) counts as words, like a keyword.
        score += _KEYWORD * any(f" {normalize(code)} " in f" {words} " for code in fits.fault_codes)
        score += _KEYWORD * sum(normalize(keyword) in words for keyword in fits.keywords)
        if score and model_key:
            score += _PRODUCT * any(normalize(p) == model_key for p in fits.products)
        if score:
            scored.append((score + _CATEGORY * (category in fits.categories), -order, procedure))
    return [procedure for _, _, procedure in sorted(scored, key=lambda s: s[:2], reverse=True)]
