"""Knowledge-base search that keeps up with typing: Chinese, pinyin, English, typos, codes, models.

Each article gets one search text per field kind: its title, its metadata (fault codes,
products, tags) and its body. A text holds every written form a query may take: the
normalised words, the same without spaces (models: "x1carbongen11"; "bluescreen"), the pinyin
of each Chinese run, full and initials ("lanping", "lp"), and fault codes in one canonical form
("0x0000007B", "0x7b" and "7B" are all "7b"). Title and metadata texts are joined into one
string per field kind, so finding a query part in every article is a single C-speed scan.

A query splits into parts at spaces and between Chinese and Latin characters ("x1 蓝屏").
Each part matches by:
- finding it in the title or metadata texts: a whole word (exact), a word start or a Chinese
  substring (prefix), or inside a word;
- its pinyin, for a Chinese part (a homophone typo: 蓝瓶 sounds like 蓝屏);
- edit distance against the vocabulary of title and metadata words (typos: "scren", "priner");
- whole words of the body, as a last resort.
Articles matching every part come first; then title before metadata before body, and exact
before prefix before fuzzy.
"""

import heapq
import math
import re
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from agent_console.kb import Article, ArticleProblem, load_articles

EXACT, PREFIX, INSIDE, FUZZY = 3.0, 2.0, 1.5, 1.0
TITLE, META, BODY = "title", "meta", "body"
_WEIGHT = {TITLE: 3, META: 2, BODY: 1}
_ALL_PARTS_BONUS = 100.0  # any article matching every part outranks one that misses a part

_PIECE = "\x1f"  # between the written forms in one article's text
_ARTICLE = "\x1e"  # between articles in a field's joined string
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs
_CJK_RUN = re.compile(f"[{_HAN}]+")
_PARTS = re.compile(f"[{_HAN}]+|[^{_HAN}]+")
_NOT_WORD = re.compile(r"[\W_]+")
_HEX = re.compile(r"[0-9a-f]+")
_BODY_WORD = re.compile(f"[a-z0-9]+|[{_HAN}]")


def normalize(text: str) -> str:
    """Lower case, full-width folded to ASCII, punctuation to single spaces."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return _NOT_WORD.sub(" ", folded).strip()


def canonical_code(code: str) -> str:
    """One form for every way a fault code is written: 0x0000007B, 0x7b, 7B -> "7b"."""
    compact = normalize(code).replace(" ", "")
    digits = compact.removeprefix("0x")
    if _HEX.fullmatch(digits) and (digits != compact or any(c.isalpha() for c in digits)):
        return digits.lstrip("0") or "0"
    return compact


_CODE_IN_TEXT = re.compile(r"0x[0-9a-fA-F]{2,}|\b[A-Z]{2,5}\d{3,5}\b|\b\d{1,3}\.[0-9A-Z]{1,4}\b")


def fault_codes_in(text: str) -> list[str]:
    """Fault codes as devices show them, found in free text: 0x0000007B, 13.A2, FAN0001."""
    return list(dict.fromkeys(_CODE_IN_TEXT.findall(text)))


def query_for_ticket(subject: str, codes: Sequence[str], model: str | None) -> str:
    """What to search for a ticket: its subject, the fault codes it does not already name, and
    its model as one word (so it weighs as one part of the query, not five)."""
    added = [code for code in codes if code not in subject]
    model_word = normalize(model).replace(" ", "") if model else ""
    return " ".join(filter(None, [subject, *added, model_word]))


def _is_cjk(text: str) -> bool:
    return bool(_CJK_RUN.fullmatch(text))


# --- pinyin --------------------------------------------------------------------------------


@cache
def _pinyin_tables() -> tuple[dict[str, list[str]], dict[int, str], int]:
    from pypinyin.phrases_dict import phrases_dict
    from pypinyin.pinyin_dict import pinyin_dict

    longest = max(len(phrase) for phrase in phrases_dict)
    return phrases_dict, pinyin_dict, min(longest, 6)


@cache
def _toneless(syllable: str) -> str:
    """'lǜ' -> 'lv', 'píng' -> 'ping' (as pinyin keyboards type them)."""
    plain = unicodedata.normalize("NFD", syllable).replace("u\u0308", "v")
    return "".join(c for c in plain if not unicodedata.combining(c))


@cache
def pinyin(run: str) -> tuple[str, ...]:
    """The syllables of a Chinese run, phrase by phrase so 重启 reads chong qi, not zhong qi.

    Longest phrase first over pypinyin's dictionaries: an order of magnitude faster than its
    general converter, which matters when 20,000 titles are indexed.
    """
    phrases, chars, longest = _pinyin_tables()
    syllables: list[str] = []
    start = 0
    while start < len(run):
        for length in range(min(longest, len(run) - start), 1, -1):
            readings = phrases.get(run[start : start + length])
            if readings:
                syllables += [_toneless(reading[0]) for reading in readings]
                start += length
                break
        else:
            reading = chars.get(ord(run[start]))
            syllables.append(_toneless(reading.split(",")[0]) if reading else run[start])
            start += 1
    return tuple(syllables)


# --- what an article's texts hold ------------------------------------------------------------


def _forms(text: str) -> list[str]:
    """The written forms of one value: its words, the same unspaced, and its pinyin."""
    words = normalize(text)
    forms = [words]
    if " " in words:
        forms.append(words.replace(" ", ""))
    for run in _CJK_RUN.findall(words):
        syllables = pinyin(run)
        forms += ["".join(syllables), "".join(s[0] for s in syllables)]
    return forms


def _meta_forms(article: Article) -> tuple[list[str], list[str]]:
    """The metadata's written forms, and which field each came from."""
    forms: list[str] = []
    fields: list[str] = []
    for field, values in (
        ("fault_codes", article.fault_codes),
        ("products", article.products),
        ("tags", article.tags),
    ):
        for value in values:
            found = _forms(value)
            if field == "fault_codes":
                found.append(canonical_code(value))
            forms += found
            fields += [field] * len(found)
    return forms, fields


@dataclass(frozen=True)
class Hit:
    id: str
    score: float
    field: str  # where the best part matched: title, fault_codes, products, tags or body
    title: str
    lang: str


class _Joined:
    """One field kind's texts of every article, joined, with where each article starts."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.text = _ARTICLE + _ARTICLE.join(texts) + _ARTICLE
        self.starts = [offset + 1 for offset in _offsets(texts)]

    def find(self, part: str) -> dict[int, tuple[float, int]]:
        """Article -> (level, offset in its text) of the part's first match in each article.

        After a match the scan jumps to the next article, so a common part costs one step per
        article, not per occurrence. Two Latin letters match at word starts only ("lp" is the
        initials of 蓝屏, not the middle of "help").
        """
        if len(part) == 2 and part.isascii():
            found: dict[int, tuple[float, int]] = {}
            for boundary in _BOUNDARY:
                for article, match in self._scan(boundary + part, part).items():
                    if match[0] > found.get(article, (0.0, 0))[0]:
                        found[article] = match
            return found
        return self._scan(part, part)

    def _scan(self, needle: str, part: str) -> dict[int, tuple[float, int]]:
        """The first match of `needle` in each article; `part` is the needle's end."""
        found: dict[int, tuple[float, int]] = {}
        text, starts, size = self.text, self.starts, len(part)
        skip = len(needle) - size  # a boundary character searched for in front of the part
        at = text.find(needle)
        while at != -1:
            at += skip
            article = bisect_right(starts, at) - 1
            found[article] = (_level(text, at, size, part), at - starts[article])
            at = text.find(needle, starts[article + 1]) if article + 1 < len(starts) else -1
        return found


_BOUNDARY = frozenset(f" {_PIECE}{_ARTICLE}")


def _level(text: str, at: int, size: int, part: str) -> float:
    starts = text[at - 1] in _BOUNDARY
    ends = text[at + size] in _BOUNDARY
    if starts and ends:
        return EXACT
    if starts or _is_cjk(part[0]):
        return PREFIX
    return INSIDE


class KnowledgeIndex:
    """Search over a set of articles; build it once, query it on every keystroke."""

    def __init__(self, articles: Sequence[Article], problems: Sequence[ArticleProblem] = ()):
        self.articles = list(articles)
        self.problems = list(problems)
        titles: list[str] = []
        metas: list[str] = []
        self._meta_fields: list[tuple[list[int], list[str]]] = []
        vocabulary: dict[str, set[tuple[int, str]]] = defaultdict(set)
        self._body_words: dict[str, set[int]] = defaultdict(set)
        for index, article in enumerate(self.articles):
            title_forms = _forms(article.title)
            meta_forms, meta_fields = _meta_forms(article)
            titles.append(_PIECE.join(title_forms))
            metas.append(_PIECE.join(meta_forms))
            self._meta_fields.append((_offsets(meta_forms), meta_fields))
            labelled = [(TITLE, form) for form in title_forms]
            labelled += zip(meta_fields, meta_forms, strict=True)
            for field, form in labelled:
                for word in form.split():
                    if len(word) >= 3 and word.isascii():
                        vocabulary[word].add((index, field))
            for word in _BODY_WORD.findall(normalize(article.body)):
                self._body_words[word].add(index)
        self._titles = _Joined(titles)
        self._metas = _Joined(metas)
        self._vocabulary = vocabulary
        self._words = list(vocabulary)
        self._by_id = {article.id: article for article in self.articles}

    @classmethod
    def from_directory(cls, path: Path) -> "KnowledgeIndex":
        loaded = load_articles(path)
        return cls(loaded.articles, loaded.problems)

    def article(self, article_id: str) -> Article | None:
        return self._by_id.get(article_id)

    def search(self, query: str, limit: int = 10) -> list[Hit]:
        parts = [p.strip() for word in normalize(query).split() for p in _PARTS.findall(word)]
        # One Latin letter says nothing yet (and would match every article): wait for the next.
        parts = [p for p in parts if p and not (len(p) == 1 and p.isascii())]
        if not parts:
            return []
        per_part = [self._match(part) for part in parts]
        totals: dict[int, float] = defaultdict(float)
        matched: dict[int, int] = defaultdict(int)
        best: dict[int, tuple[float, str]] = {}
        for matches in per_part:
            for article, (score, field) in matches.items():
                totals[article] += score
                matched[article] += 1
                if score > best.get(article, (0.0, ""))[0]:
                    best[article] = (score, field)
        scores = {
            article: total + _ALL_PARTS_BONUS * (matched[article] == len(parts))
            for article, total in totals.items()
        }
        ranked = heapq.nlargest(
            limit, scores, key=lambda a: (scores[a], -len(self.articles[a].title))
        )
        return [self._hit(a, scores[a], best[a][1]) for a in ranked]

    def _hit(self, index: int, score: float, field: str) -> Hit:
        article = self.articles[index]
        return Hit(article.id, score, field, article.title, article.lang)

    def _found(self, form: str) -> Iterator[tuple[int, str, float]]:
        """(article, field, level) of each article's first match in its title and metadata."""
        for article, (level, _) in self._titles.find(form).items():
            yield article, TITLE, level
        for article, (level, at) in self._metas.find(form).items():
            yield article, self._meta_field(article, at), level

    def _match(self, part: str) -> dict[int, tuple[float, str]]:
        """Article -> (score of its best match of this part, the field it matched in)."""
        found: dict[int, tuple[float, str]] = {}

        def offer(article: int, field: str, level: float) -> None:
            score = _WEIGHT.get(field, _WEIGHT[META]) * 4 + level
            if score > found.get(article, (0.0, ""))[0]:
                found[article] = (score, field)

        forms = [part]
        code = canonical_code(part)
        if not _is_cjk(part) and code != part and len(code) >= 2:
            forms.append(code)
        for form in forms:
            for article, field, level in self._found(form):
                offer(article, field, level)
        if _is_cjk(part):
            self._homophones(part, offer)
            self._partly(part, offer)
        elif len(part) >= 4:
            self._typos(part, offer)
        if not found:
            for article in self._body_matches(part):
                offer(article, BODY, EXACT)
        return found

    def _meta_field(self, article: int, at: int) -> str:
        offsets, fields = self._meta_fields[article]
        return fields[bisect_right(offsets, at) - 1]

    def _homophones(self, part: str, offer) -> None:
        for article, field, _ in self._found("".join(pinyin(part))):
            offer(article, field, FUZZY)

    def _partly(self, part: str, offer) -> None:
        """电脑蓝屏 also finds 开机蓝屏 and 打印机卡纸 finds 打印机反复卡纸: scored by how much of
        the query the pieces found in one field cover, and how rare the rarest piece is."""
        size = len(part)
        covered: dict[tuple[int, str], set[int]] = defaultdict(set)
        rarity: dict[tuple[int, str], float] = defaultdict(float)
        for start in range(size - 1):  # two-character pieces cover what longer ones would
            piece = part[start : start + 2]
            for joined, is_title in ((self._titles, True), (self._metas, False)):
                found = joined.find(piece)
                rare = _rarity(len(found), len(self.articles))
                for article, (_, at) in found.items():
                    key = (article, TITLE if is_title else self._meta_field(article, at))
                    covered[key].update((start, start + 1))
                    rarity[key] = max(rarity[key], rare)
        whole_in_body = self._body_matches(part)  # every character somewhere in the body
        for (article, field), positions in covered.items():
            coverage = len(positions) / size
            level = FUZZY + 0.25 * coverage + 0.25 * rarity[article, field]
            offer(article, field, level + 0.1 * (article in whole_in_body))

    def _typos(self, part: str, offer) -> None:
        allowed = 1 if len(part) < 8 else 2
        close = process.extract(
            part, self._words, scorer=Levenshtein.distance, score_cutoff=allowed, limit=None
        )
        for word, distance, _ in close:
            for article, field in self._vocabulary[word]:
                offer(article, field, FUZZY - 0.2 * distance)

    def _body_matches(self, part: str) -> Collection[int]:
        """Articles whose body has the word, or (Chinese) each of its characters."""
        if not _is_cjk(part):
            return self._body_words.get(part, set())
        return set.intersection(*(self._body_words.get(char, set()) for char in part))


def _rarity(found: int, articles: int) -> float:
    """0 for a piece in every article, 1 for one in a single article (normalised IDF)."""
    return math.log(articles / found) / math.log(articles) if found and articles > 1 else 0.0


def _offsets(forms: Sequence[str]) -> list[int]:
    """Where each form starts in the forms joined by _PIECE."""
    offsets, position = [], 0
    for form in forms:
        offsets.append(position)
        position += len(form) + 1
    return offsets
