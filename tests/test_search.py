"""Search relevance on the shipped articles: a labelled set an engineer's typing must satisfy."""

import os
from pathlib import Path

import pytest

from agent_console.kb import Article
from agent_console.search import KnowledgeIndex, pinyin
from agent_console.textforms import canonical_code, normalize

KB = Path(__file__).parent.parent / "kb"


@pytest.fixture(scope="module")
def index() -> KnowledgeIndex:
    return KnowledgeIndex.from_directory(KB / "articles")


# (query, the article that must be on top, or among the first results when several fit equally)
RELEVANCE = [
    # Chinese, whole and partial, and a one-character (homophone) typo
    ("蓝屏", {"bsod-0x7b", "bsod-0xd1"}),
    ("开机蓝屏", {"bsod-0x7b"}),
    ("蓝瓶", {"bsod-0x7b", "bsod-0xd1"}),
    ("卡纸", {"printer-jam-13-a2"}),
    ("打印机卡纸", {"printer-jam-13-a2"}),
    ("电池鼓包", {"swollen-battery"}),
    ("无法开机", {"no-power"}),
    ("充电慢", {"slow-charging-dusty-port"}),
    ("废墨垫", {"ink-pad-full"}),
    # pinyin, full and initials
    ("lanping", {"bsod-0x7b", "bsod-0xd1"}),
    ("lp", {"bsod-0x7b", "bsod-0xd1"}),
    ("kazhi", {"printer-jam-13-a2"}),
    # English, with typos and missing spaces
    ("blue screen", {"bsod-0x7b-en", "bsod-0xd1-en"}),
    ("blue scren", {"bsod-0x7b-en", "bsod-0xd1-en"}),
    ("bluescreen", {"bsod-0x7b-en", "bsod-0xd1-en"}),
    ("priner jam", {"printer-jam-13-a2-en"}),
    ("paper jam", {"printer-jam-13-a2-en"}),
    ("wifi disconnects", {"wifi-disconnects-en"}),
    ("battery not charging", {"battery-not-charging-en"}),
    ("swollen batery", {"swollen-battery-en"}),
    # fault codes in any written form
    ("0x7b", {"bsod-0x7b", "bsod-0x7b-en"}),
    ("7B", {"bsod-0x7b", "bsod-0x7b-en"}),
    ("0x000007b", {"bsod-0x7b", "bsod-0x7b-en"}),
    ("0x0000007B", {"bsod-0x7b", "bsod-0x7b-en"}),
    ("0xd1", {"bsod-0xd1", "bsod-0xd1-en"}),
    ("13.A2", {"printer-jam-13-a2", "printer-jam-13-a2-en"}),
    ("50.2", {"printer-fuser-50-2", "printer-fuser-50-2-en"}),
    ("FAN0001", {"server-fan-fan0001", "server-fan-fan0001-en"}),
    ("0x800f0922", {"windows-update-0x800f0922", "windows-update-0x800f0922-en"}),
    # mixed
    ("x1 蓝屏", {"bsod-0x7b", "bsod-0xd1"}),
    ("raid 降级", {"server-raid-degraded"}),
    ("ecotank ink pad", {"ink-pad-full-en"}),
]


@pytest.mark.parametrize(("query", "expected"), RELEVANCE, ids=[q for q, _ in RELEVANCE])
def test_the_right_article_comes_first(index: KnowledgeIndex, query: str, expected) -> None:
    hits = index.search(query, limit=10)
    top = [hit.id for hit in hits[: len(expected)]]
    assert set(top) <= expected and top, f"{query!r} gave {[h.id for h in hits[:5]]}"


def test_articles_matching_every_part_come_first(index: KnowledgeIndex) -> None:
    hits = index.search("x1 蓝屏", limit=20)
    both = [hit for hit in hits if "ThinkPad X1 Carbon Gen 11" in index.article(hit.id).products
            and "蓝屏" in index.article(hit.id).title]  # fmt: skip
    assert both and hits[: len(both)] == both


def test_a_model_matches_with_any_spacing_and_case(index: KnowledgeIndex) -> None:
    spaced = {hit.id for hit in index.search("x1 carbon gen 11", limit=50)}
    joined = {hit.id for hit in index.search("X1 Carbon Gen11", limit=50)}
    with_model = {
        article.id for article in index.articles
        if "ThinkPad X1 Carbon Gen 11" in article.products
    }  # fmt: skip
    assert with_model and with_model <= spaced and with_model <= joined


def test_title_matches_rank_before_tags_and_body(index: KnowledgeIndex) -> None:
    hits = index.search("蓝屏", limit=10)
    fields = [hit.field for hit in hits]
    assert fields[0] == "title"
    order = {"title": 0, "fault_codes": 1, "products": 1, "tags": 1, "body": 2}
    assert [order[f] for f in fields] == sorted(order[f] for f in fields)


def test_exact_before_prefix_before_fuzzy() -> None:
    articles = [
        _article("fuzzy", "Printr settings"),
        _article("prefix", "Printers in the office"),
        _article("exact", "Printer offline"),
    ]
    index = KnowledgeIndex(articles)
    assert [hit.id for hit in index.search("printer")] == ["exact", "prefix", "fuzzy"]


def test_nothing_matches_nonsense_and_an_empty_query(index: KnowledgeIndex) -> None:
    assert index.search("qqqqzzzz") == []
    assert index.search("  ") == []


@pytest.mark.parametrize(
    ("written", "canonical"),
    [("0x0000007B", "7b"), ("0x7b", "7b"), ("7B", "7b"), ("0x000007b", "7b"),
     ("13.A2", "13a2"), ("FAN0001", "fan0001"), ("Code 10", "code10"), ("50.2", "502")],
)  # fmt: skip
def test_fault_codes_have_one_canonical_form(written: str, canonical: str) -> None:
    assert canonical_code(written) == canonical


def test_pinyin_reads_phrases_and_folds_tones() -> None:
    assert pinyin("重启电脑") == ("chong", "qi", "dian", "nao")
    assert pinyin("绿屏") == ("lv", "ping")


def test_normalize_folds_width_and_case() -> None:
    assert normalize("ＴｈｉｎｋＰａｄ（X1）") == "thinkpad x1"


def _article(article_id: str, title: str) -> Article:
    return Article(article_id, title, "en", (), (), (), "", Path(f"{article_id}.md"))


# --- the index cache ---------------------------------------------------------------------------


def _write_article(folder: Path, name: str, article_id: str, title: str) -> Path:
    path = folder / name
    path.write_text(f"---\nid: {article_id}\ntitle: {title}\nlang: en\n---\nBody.\n", "utf-8")
    return path


@pytest.fixture
def articles_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    _write_article(folder, "jam.md", "jam", "Printer paper jam")
    _write_article(folder, "wifi.md", "wifi", "Wi-Fi keeps disconnecting")
    return folder


def _ids(index: KnowledgeIndex, query: str) -> list[str]:
    return [hit.id for hit in index.search(query)]


def test_an_unchanged_knowledge_base_loads_from_the_cache_without_reading_articles(
    articles_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache" / "kb.index"
    built = KnowledgeIndex.from_directory(articles_dir, cache=cache)
    assert cache.is_file()

    def must_not_read(directory: Path):
        raise AssertionError("the articles were read again although none changed")

    monkeypatch.setattr("agent_console.search.load_articles", must_not_read)
    loaded = KnowledgeIndex.from_directory(articles_dir, cache=cache)
    assert _ids(loaded, "jam") == _ids(built, "jam") == ["jam"]
    assert loaded.article("wifi").title == "Wi-Fi keeps disconnecting"


def test_an_edited_added_or_removed_article_rebuilds_the_cache(
    articles_dir: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "kb.index"
    KnowledgeIndex.from_directory(articles_dir, cache=cache)
    edited = _write_article(articles_dir, "jam.md", "jam", "Printer jammed with labels")
    os.utime(edited, ns=(1, 1))  # a new time as well as a new size, whatever the clock says
    _write_article(articles_dir, "fan.md", "fan", "Loud fan noise")
    (articles_dir / "wifi.md").unlink()

    index = KnowledgeIndex.from_directory(articles_dir, cache=cache)
    assert _ids(index, "labels") == ["jam"]
    assert _ids(index, "fan noise") == ["fan"]
    assert _ids(index, "wifi") == []


def test_a_damaged_cache_is_rebuilt_silently(articles_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "kb.index"
    KnowledgeIndex.from_directory(articles_dir, cache=cache)
    cache.write_bytes(cache.read_bytes()[:100])  # cut short, as by a full disk or a kill

    assert _ids(KnowledgeIndex.from_directory(articles_dir, cache=cache), "jam") == ["jam"]
    assert _ids(KnowledgeIndex.from_directory(articles_dir, cache=cache), "jam") == ["jam"]


def test_an_unwritable_cache_only_costs_speed(articles_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    index = KnowledgeIndex.from_directory(articles_dir, cache=blocker / "kb.index")
    assert _ids(index, "jam") == ["jam"]
