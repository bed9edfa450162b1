"""Article files: what loads, and how a bad file is reported without stopping the rest."""

from pathlib import Path

import pytest

from agent_console.kb import load_articles

KB = Path(__file__).parent.parent / "kb"

GOOD = """---
id: {id}
title: "电脑蓝屏故障排查（0x0000007B）"
lang: zh
tags: [蓝屏, blue screen]
products: [ThinkPad X1 Carbon Gen 11]
fault_codes: [0x0000007B]
---
## 现象
开机蓝屏。
"""


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_an_article_is_read_with_its_front_matter_as_written(tmp_path: Path) -> None:
    write(tmp_path, "laptop/bsod.zh.md", GOOD.format(id="bsod-0x7b"))
    loaded = load_articles(tmp_path)
    assert loaded.problems == []
    (article,) = loaded.articles
    assert (article.id, article.lang) == ("bsod-0x7b", "zh")
    assert article.title == "电脑蓝屏故障排查（0x0000007B）"
    assert article.tags == ("蓝屏", "blue screen")
    assert article.fault_codes == ("0x0000007B",), "an unquoted code stays text, not a number"
    assert article.body.startswith("## 现象")


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("no front matter\n", 1, "must start with a '---' line"),
        ("---\nid: x\ntitle: t\n", 1, "no closing '---'"),
        ("---\nid: x\ntitle: [unclosed\n---\nbody\n", 4, "bad YAML"),
        ("---\ntitle: t\n---\nbody\n", 1, "missing id"),
        ("---\nid: x\nlang: zh\ntitle: ''\n---\nbody\n", 4, "missing title"),
        ("---\nid: x\ntitle: t\nlang: fr\n---\n", 4, "lang must be one of zh, en"),
        ("---\nid: x\ntitle: t\ntags: {a: b}\n---\n", 4, "tags must be a list of texts"),
    ],
)
def test_a_malformed_file_is_named_with_its_line_and_skipped(
    tmp_path: Path, text: str, line: int, reason: str
) -> None:
    bad = write(tmp_path, "a/bad.md", text)
    write(tmp_path, "b/good.md", GOOD.format(id="good"))
    loaded = load_articles(tmp_path)
    assert [article.id for article in loaded.articles] == ["good"], "the rest still loads"
    (problem,) = loaded.problems
    assert (problem.path, problem.line) == (bad, line)
    assert reason in problem.reason
    assert str(problem).startswith(f"{bad}:{line}: ")


def test_a_duplicate_id_keeps_the_first_and_names_both_files(tmp_path: Path) -> None:
    first = write(tmp_path, "a.md", GOOD.format(id="same"))
    second = write(tmp_path, "b.md", GOOD.format(id="same"))
    loaded = load_articles(tmp_path)
    assert [article.path for article in loaded.articles] == [first]
    (problem,) = loaded.problems
    assert (problem.path, problem.line) == (second, 2)
    assert "duplicate id 'same'" in problem.reason and str(first) in problem.reason


def test_the_shipped_articles_all_load_in_both_languages() -> None:
    loaded = load_articles(KB / "articles")
    assert loaded.problems == []
    languages = {article.lang for article in loaded.articles}
    assert languages == {"zh", "en"}
    topics = {article.id.removesuffix("-en") for article in loaded.articles}
    assert len(topics) >= 40
    for topic in topics:
        pair = {a.lang for a in loaded.articles if a.id.removesuffix("-en") == topic}
        assert pair == {"zh", "en"}, f"{topic} is in both languages"


AMBIGUOUS_WIDTH = "…“”‘’①②③—─│·"


def test_shipped_titles_and_tags_keep_ambiguous_width_glyphs_out() -> None:
    """Titles and tags are shown in tables; CJK terminals draw these glyphs two cells wide."""
    for article in load_articles(KB / "articles").articles:
        for text in (article.title, *article.tags):
            assert not set(text) & set(AMBIGUOUS_WIDTH), f"{article.path}: {text}"
