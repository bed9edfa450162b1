"""Both catalogs are complete: every key the code uses exists in zh-CN and en."""

import re
from enum import StrEnum
from pathlib import Path

import pytest

from agent_console import vocab, warranty
from agent_console.i18n import (
    LANGUAGES,
    catalog,
    detect_language,
    label,
    label_key,
    set_language,
    t,
)

SOURCE = Path(__file__).parent.parent / "agent_console"
KEY_LITERAL = re.compile(r"""\bt\(\s*["']([a-z_]+(?:\.[A-Za-z0-9_]+)+)["']""")
BINDING_KEY = re.compile(r"""["'](key\.[a-z_]+)["']""")  # binding descriptions (TranslatedBindings)
VOCABULARIES = [
    member
    for module in (vocab, warranty)
    for member in vars(module).values()
    if isinstance(member, type) and issubclass(member, StrEnum) and member is not StrEnum
]


def _keys_in_code() -> set[str]:
    keys = set()
    for path in SOURCE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        keys.update(KEY_LITERAL.findall(source))
        keys.update(BINDING_KEY.findall(source))
    return keys


def test_both_catalogs_have_the_same_keys() -> None:
    zh, en = set(catalog("zh")), set(catalog("en"))
    assert zh - en == set(), "keys only in zh-CN"
    assert en - zh == set(), "keys only in en"


def test_every_key_used_in_code_is_translated() -> None:
    used = _keys_in_code()
    assert len(used) > 50, "the scan finds the t() calls"
    for language in LANGUAGES:
        missing = used - set(catalog(language))
        assert missing == set(), f"missing in {language}"


def test_every_error_has_a_message() -> None:
    from agent_console import errors

    keys = {
        cls.key for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, errors.UserError)
    }  # fmt: skip
    for language in LANGUAGES:
        assert keys <= set(catalog(language))


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda v: v.__name__)
def test_every_vocabulary_value_has_a_label_in_both_languages(vocabulary: type[StrEnum]) -> None:
    for language in LANGUAGES:
        missing = [label_key(m) for m in vocabulary if label_key(m) not in catalog(language)]
        assert missing == [], language


def test_labels_follow_the_language() -> None:
    set_language("zh")
    assert label(vocab.Status.IN_PROGRESS) == "处理中"
    assert t("error.ticket_not_found", number="T-000001") == "没有工单 T-000001"
    set_language("en")
    assert label(vocab.Status.IN_PROGRESS) == "In progress"


def test_placeholders_agree_between_languages() -> None:
    placeholder = re.compile(r"\{(\w+)\}")
    en, zh = catalog("en"), catalog("zh")
    for key, text in en.items():
        assert set(placeholder.findall(text)) == set(placeholder.findall(zh[key])), key


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({}, "en"),
    ],
)
def test_language_comes_from_the_locale(environ: dict[str, str], expected: str) -> None:
    assert detect_language(environ) == expected


def test_no_ambiguous_width_glyphs_in_catalogs() -> None:
    """CJK terminals draw these two cells wide while Rich counts one."""
    ambiguous = re.compile("[\u2026\u201c\u201d\u2018\u2019\u2460-\u24ff\u2500-\u257f]")
    for language in LANGUAGES:
        for key, text in catalog(language).items():
            assert not ambiguous.search(text), f"{language}: {key}"


def test_queue_status_labels_fit_their_column() -> None:
    from rich.cells import cell_len

    from agent_console.screens.queue import COLUMNS

    width = dict(COLUMNS)["status"]
    for language in LANGUAGES:
        for status in vocab.Status:
            text = catalog(language)[f"queue.status.{status.value}"]
            assert cell_len(text) <= width, (language, status)
