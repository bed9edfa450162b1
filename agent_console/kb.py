"""Knowledge-base articles: Markdown files with YAML front matter, anywhere under kb/articles/.

    ---
    id: bsod-0x7b
    title: "电脑蓝屏故障排查（0x0000007B）"
    lang: zh
    tags: [蓝屏, blue screen]
    products: [ThinkPad X1 Carbon Gen 11]
    fault_codes: ["0x0000007B"]
    ---
    Markdown body...

A malformed file is reported with its path and line and skipped; the others still load.
"""

from dataclasses import dataclass
from pathlib import Path

import yaml

LANGUAGES = ("zh", "en")
_FENCE = "---"
_LISTS = ("tags", "products", "fault_codes")
# Every scalar as the string it was written as: 0x7B stays "0x7B", not the number 123.
_Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    lang: str
    tags: tuple[str, ...]
    products: tuple[str, ...]
    fault_codes: tuple[str, ...]
    body: str
    path: Path


@dataclass(frozen=True)
class ArticleProblem:
    path: Path
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


@dataclass(frozen=True)
class Articles:
    articles: list[Article]
    problems: list[ArticleProblem]


class ArticleInvalid(Exception):
    """The text is not an article: `line` is where, `reason` what is wrong."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


def _front_matter(text: str) -> tuple[str, str]:
    """The YAML between the opening and closing fences, and the body after them."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != _FENCE:
        raise ArticleInvalid(1, "the file must start with a '---' line (front matter)")
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == _FENCE:
            return "".join(lines[1:index]), "".join(lines[index + 1 :])
    raise ArticleInvalid(1, "the front matter has no closing '---' line")


def _key_line(front: str, key: str) -> int:
    """The file line of a front-matter key (the fence is line 1), or 1 if absent."""
    for number, line in enumerate(front.splitlines(), start=2):
        if line.startswith(f"{key}:"):
            return number
    return 1


def _strings(front: str, data: dict, key: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ArticleInvalid(_key_line(front, key), f"{key} must be a list of texts")
    return tuple(item.strip() for item in value if item.strip())


def parse_article(path: Path, text: str, *, expected_id: str | None = None) -> Article:
    """The article in `text`; with `expected_id`, an article whose id is another is refused."""
    front, body = _front_matter(text)
    try:
        data = yaml.load(front, Loader=_Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(error, "problem", None) or str(error)
        raise ArticleInvalid(line, f"bad YAML: {reason}") from None
    if not isinstance(data, dict):
        raise ArticleInvalid(2, "the front matter must be key: value lines")
    for key in ("id", "title"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise ArticleInvalid(_key_line(front, key), f"missing {key}")
    if expected_id is not None and data["id"].strip() != expected_id:
        raise ArticleInvalid(_key_line(front, "id"), f"the id must stay {expected_id}")
    lang = data.get("lang", "zh")
    if lang not in LANGUAGES:
        reason = f"lang must be one of {', '.join(LANGUAGES)}"
        raise ArticleInvalid(_key_line(front, "lang"), reason)
    return Article(
        id=data["id"].strip(),
        title=data["title"].strip(),
        lang=lang,
        tags=_strings(front, data, "tags"),
        products=_strings(front, data, "products"),
        fault_codes=_strings(front, data, "fault_codes"),
        body=body.strip(),
        path=path,
    )


def load_articles(directory: Path) -> Articles:
    """Every article under the directory, in path order; a bad file becomes a problem."""
    articles: list[Article] = []
    problems: list[ArticleProblem] = []
    seen: dict[str, Path] = {}
    for path in sorted(directory.rglob("*.md")):
        try:
            text = path.read_text(encoding="utf-8")
            article = parse_article(path, text)
        except UnicodeDecodeError:
            problems.append(ArticleProblem(path, 1, "not UTF-8 text"))
            continue
        except ArticleInvalid as invalid:
            problems.append(ArticleProblem(path, invalid.line, invalid.reason))
            continue
        if article.id in seen:
            line = _key_line(_front_matter(text)[0], "id")
            problems.append(duplicate_id(article, seen[article.id], line))
            continue
        seen[article.id] = path
        articles.append(article)
    return Articles(articles, problems)


def duplicate_id(article: Article, first: Path, line: int = 1) -> ArticleProblem:
    """The problem of an article whose id the one at `first` already has."""
    return ArticleProblem(article.path, line, f"duplicate id {article.id!r} (first in {first})")
