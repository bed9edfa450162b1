"""A knowledge-base article drafted from a ticket's resolution record.

The cause, fix, tools and prevention an engineer recorded become an article file (YAML front
matter and a Markdown body, as in kb/articles/) in the language the record is written in, so
that once a supervisor approves it, everyone's search finds it like any other article.

The draft leaves out the customer's description and anything else that names them: every
store receives every draft, before anyone has reviewed it.
"""

import uuid
from dataclasses import dataclass
from pathlib import Path

import yaml

from agent_console.i18n import label_key, t_in
from agent_console.kb import Article, parse_article
from agent_console.textforms import fault_codes_in, has_han
from agent_console.vocab import Category

SECTIONS = ("cause", "solution", "tools", "prevention")
DRAFTS_FOLDER = Path("article-drafts")  # where a draft's problems say it is


@dataclass(frozen=True)
class ResolvedCase:
    """What the draft is made of: the ticket's fault and the resolution record in force."""

    number: str
    subject: str
    category: Category
    model: str | None
    procedure: str | None  # the standard procedure the ticket followed
    cause: str
    solution: str
    tools: str
    prevention: str


def article_id(draft_id: uuid.UUID) -> str:
    """A short id that stays when the ticket is renumbered and does not clash across stores:
    the 48 random bits at the end of the draft's time-ordered UUID."""
    return f"case-{draft_id.hex[-12:]}"


def draft_language(case: ResolvedCase) -> str:
    written = " ".join([case.subject, case.cause, case.solution])
    return "zh" if has_han(written) else "en"


def draft_text(article: str, case: ResolvedCase) -> str:
    """The article file for the case, titled by the ticket's subject."""
    lang = draft_language(case)
    written = " ".join([case.subject, case.cause, case.solution])
    front = {
        "id": article,
        "title": case.subject,
        "lang": lang,
        "tags": [t_in(lang, label_key(case.category)), *filter(None, [case.procedure])],
        "products": [case.model] if case.model else [],
        "fault_codes": fault_codes_in(written),
    }
    sections = [
        f"## {t_in(lang, f'article_draft.section.{name}')}\n\n{getattr(case, name).strip()}"
        for name in SECTIONS
        if getattr(case, name).strip()
    ]
    source = t_in(lang, "article_draft.source", number=case.number)
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
    return "---\n{}---\n\n{}\n\n{}\n".format(header, "\n\n".join(sections), source)


def read_draft(article: str, text: str) -> Article:
    """The draft as an article; raises kb.ArticleInvalid (with the line) when it is not one,
    or when its id is not the draft's own."""
    return parse_article(DRAFTS_FOLDER / f"{article}.md", text, expected_id=article)
