"""From resolution to article (issue #5) on the command line: `kb draft` turns a ticket's
resolution record into an article draft, `kb drafts` lists the drafts, `kb draft-show` and
`kb edit` take a draft out and back in, and a supervisor's `kb approve` makes it an article
that `kb search` finds and `kb link` links; `kb reject` says why not."""

import io
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.test_cli import _digest, _one_line_error

PHONE = "13100001234"
ME = "陈丽华"  # the demo store's acting agent: an agent, not a reviewer
SUPERVISOR = "朱洋"  # a supervisor of the demo store
SUBJECT = "Laptop fan grinds at boot"
CAUSE = "Fan bearing worn by dust"
SOLUTION = "Replaced the fan and cleaned the heatsink"
DRAFT_KEYS = {"article", "status", "ticket", "title", "author", "created_at", "reviewed_by",
              "review_note"}  # fmt: skip


def new_ticket(cli: Cli, subject: str = SUBJECT) -> str:
    return cli.json("ticket", "new", "--subject", subject, "--customer", PHONE)["number"]


def resolved_ticket(cli: Cli, subject: str = SUBJECT, cause: str = CAUSE) -> str:
    number = new_ticket(cli, subject)
    cli.json("resolve", number, "--cause", cause, "--solution", SOLUTION, "--tools",
             "Screwdriver", "--prevention", "Clean the vents twice a year")  # fmt: skip
    return number


def drafts(cli: Cli) -> list[dict]:
    return cli.json("kb", "drafts")


def draft_count(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        (count,) = connection.execute("SELECT count(*) FROM article_draft").fetchone()
    connection.close()
    return count


@pytest.fixture
def kb(cli: Cli) -> Cli:
    """The demo store's command line, with a customer to open tickets for."""
    cli("customer", "new", "--name", "Ada Park", "--phone", PHONE)
    return cli


@pytest.fixture
def drafted(kb: Cli) -> tuple[str, str]:
    """A resolved ticket and the article drafted from it: (ticket number, article id)."""
    number = resolved_ticket(kb)
    return number, kb.json("kb", "draft", number)["article"]


def test_a_resolution_becomes_an_article_everyone_finds(kb: Cli, tmp_path: Path) -> None:
    number = resolved_ticket(kb)
    code, out, err = kb("kb", "draft", number)
    assert (code, err) == (0, "")
    article = drafts(kb)[0]["article"]
    assert article.startswith("case-")
    assert article in out and number in out and SUBJECT in out
    assert "waits for a supervisor's review" in out

    (row,) = drafts(kb)
    assert set(row) == DRAFT_KEYS
    assert (row["article"], row["status"], row["ticket"], row["title"], row["author"]) == (
        article, "draft", number, SUBJECT, ME,
    )  # fmt: skip
    assert (row["reviewed_by"], row["review_note"]) == (None, None)
    code, out, _ = kb("kb", "drafts")
    assert code == 0
    assert any(article in line and "Waiting for review" in line and number in line
               for line in out.splitlines())  # fmt: skip

    code, text, _ = kb("kb", "draft-show", article)
    assert code == 0
    assert text.startswith("---\n")
    assert CAUSE in text and SOLUTION in text
    assert kb.json("kb", "draft-show", article)["text"] == text
    assert article not in [hit["id"] for hit in kb.json("kb", "search", "grinding")]

    edited = tmp_path / f"{article}.md"
    edited.write_text(text.replace(f"title: {SUBJECT}", "title: Grinding fan bearing"), "utf-8")
    code, out, _ = kb("kb", "edit", article, str(edited))
    assert code == 0
    assert "Grinding fan bearing" in out
    assert drafts(kb)[0]["title"] == "Grinding fan bearing"

    code, out, _ = kb("--as", SUPERVISOR, "kb", "approve", article)
    assert code == 0
    assert article in out
    (row,) = drafts(kb)
    assert (row["status"], row["reviewed_by"]) == ("approved", SUPERVISOR)

    assert article in [hit["id"] for hit in kb.json("kb", "search", "grinding", "bearing")]
    assert article in [hit["id"] for hit in kb.json("kb", "search", "bearing", "worn")]
    other = new_ticket(kb, "Fan noise again on another laptop")
    code, out, _ = kb("kb", "link", other, article)
    assert code == 0
    assert article in out
    linked = [e for e in kb.json("ticket", "show", other)["events"] if e["kind"] == "kb_link"]
    assert [(e["new_value"], e["text"]) for e in linked] == [(article, "Grinding fan bearing")]


def test_a_rejected_draft_says_why_and_the_ticket_may_be_drafted_again(
    kb: Cli, drafted: tuple[str, str]
) -> None:
    number, article = drafted
    rejected = kb.json("--as", SUPERVISOR, "kb", "reject", article, "--reason", "Too thin")
    assert (rejected["status"], rejected["reviewed_by"], rejected["review_note"]) == (
        "rejected", SUPERVISOR, "Too thin",
    )  # fmt: skip
    code, out, _ = kb("kb", "drafts")
    assert code == 0
    assert any(article in line and "Rejected" in line and "Too thin" in line
               for line in out.splitlines())  # fmt: skip
    _one_line_error(*kb("--as", SUPERVISOR, "kb", "approve", article), article, "Rejected")

    again = kb.json("kb", "draft", number)["article"]
    assert again != article
    assert [row["article"] for row in drafts(kb)] == [again, article]  # the waiting one first


def test_an_edit_may_come_from_standard_input(
    kb: Cli, drafted: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, article = drafted
    text = kb.json("kb", "draft-show", article)["text"]
    monkeypatch.setattr("sys.stdin", io.StringIO(text.replace(SUBJECT, "Fan from stdin")))
    assert kb.json("kb", "edit", article, "-")["title"] == "Fan from stdin"


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["kb", "draft", "{unresolved}"], ["{unresolved}", "no resolution record"]),
        (["kb", "draft", "{number}"], ["{number}", "{article}"]),  # one draft at a time
        (["kb", "approve", "{article}"], [ME, "supervisor"]),
        (["--as", SUPERVISOR, "kb", "reject", "{article}", "--reason", "  "], ["reason"]),
        (["--as", SUPERVISOR, "kb", "approve", "case-000000000000"], ["case-000000000000"]),
        (["kb", "edit", "{article}", "{broken}"], ["{article}", "line 3", "title"]),
        (["kb", "edit", "{article}", "{missing}"], ["{missing}"]),
        (["kb", "edit", "{article}", "{binary}"], ["{binary}", "UTF-8"]),
    ],
)
def test_refusals_change_nothing(
    kb: Cli, drafted: tuple[str, str], tmp_path: Path, args: list[str], fragments: list[str]
) -> None:
    number, article = drafted
    text = kb.json("kb", "draft-show", article)["text"]
    broken = tmp_path / "broken.md"
    broken.write_text(text.replace(f"title: {SUBJECT}", "title:"), "utf-8")
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"\xff\xfe---\n")
    names = {"number": number, "article": article, "unresolved": new_ticket(kb),
             "broken": str(broken), "missing": str(tmp_path / "missing.md"),
             "binary": str(binary)}  # fmt: skip
    before, count, listed = _digest(kb.db), draft_count(kb.db), drafts(kb)
    code, out, err = kb(*(arg.format(**names) for arg in args))
    _one_line_error(code, out, err, *(fragment.format(**names) for fragment in fragments))
    assert (_digest(kb.db), draft_count(kb.db), drafts(kb)) == (before, count, listed)


def test_the_drafts_speak_chinese(kb: Cli) -> None:
    number = resolved_ticket(kb, "屏幕闪烁", "屏线松动")
    code, out, _ = kb("--lang", "zh", "kb", "draft", number)
    assert code == 0
    assert "等待主管审核" in out and "屏幕闪烁" in out
    article = drafts(kb)[0]["article"]
    assert "## 故障原因\n\n屏线松动" in kb("kb", "draft-show", article)[1]  # a Chinese record
    code, out, _ = kb("--lang", "zh", "kb", "drafts")
    assert code == 0
    assert out.split()[:5] == ["文章", "状态", "工单", "作者", "审核人"]
    assert any(article in line and "待审核" in line for line in out.splitlines())
    code, _, err = kb("--lang", "zh", "kb", "approve", article)
    assert code == 2
    assert err.strip() == f"错误: {ME} 不是主管或管理员：只有主管或管理员能批准或退回文章草稿"
    code, out, _ = kb("--lang", "zh", "--as", SUPERVISOR, "kb", "reject", article, "--reason",
                      "内容太少")  # fmt: skip
    assert code == 0
    assert "已退回：内容太少" in out
    assert "已退回" in kb("--lang", "zh", "kb", "drafts")[1]
