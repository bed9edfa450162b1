"""Knowledge-base search that keeps up with typing: Chinese, pinyin, English, typos, codes, models.

Each article is indexed by field (title, fault codes, products, tags, body) under every written
form a query may take: the normalised words, the same without spaces (models: "x1carbongen11";
"bluescreen"), the pinyin of each Chinese run, full and initials ("lanping", "lp"), fault codes
in one canonical form ("0x0000007B", "0x7b" and "7B" are all "7b"), and the characters and
character pairs of Chinese runs. Lookups go through sorted postings (agent_console.postings),
and each query part is scored for all articles at once in an array, so a keystroke costs the
same whether a part matches ten articles or ten thousand.

A query splits into parts at spaces and between Chinese and Latin characters ("x1 蓝屏").
Each part matches by:
- a whole word (exact), a word start or a Chinese substring (prefix), or inside a word;
- its pinyin, for a Chinese part (a homophone typo: 蓝瓶 sounds like 蓝屏);
- the share of its character pairs found, for a Chinese part (电脑蓝屏 finds 开机蓝屏);
- edit distance against the vocabulary of title and metadata words (typos: "scren", "priner");
- whole words of the body, as a last resort.
Articles matching every part come first; then title before metadata before body, and exact
before prefix before fuzzy; then the shorter title.

Building the index for 20,000 articles takes seconds, so `from_directory` can keep it in a
cache file, valid while no article file changes (same names, sizes and modification times).
"""

import contextlib
import hashlib
import math
import os
import pickle
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from agent_console.kb import Article, ArticleProblem, Articles, duplicate_id, load_articles
from agent_console.postings import Postings
from agent_console.textforms import HAN, canonical_code, normalize

EXACT, PREFIX, INSIDE, FUZZY = 3.0, 2.0, 1.5, 1.0
FIELDS = ("title", "fault_codes", "products", "tags", "body")
TITLE, FAULT_CODES, PRODUCTS, TAGS, BODY = range(len(FIELDS))
_LABELLED = (TITLE, FAULT_CODES, PRODUCTS, TAGS)  # the fields a part is looked up in first
_WEIGHT = (3, 2, 2, 2, 1)
_ALL_PARTS_BONUS = 100.0  # any article matching every part outranks one that misses a part
_SHORTER_TITLE = 1e-7  # per character: ties go to the shorter title, nothing else moves

_CJK_RUN = re.compile(f"[{HAN}]+")
_PARTS = re.compile(f"[{HAN}]+|[^{HAN}]+")
_BODY_WORD = re.compile(f"[a-z0-9]+|[{HAN}]")
_CACHE_FORMAT = 2
_LONGEST_TAIL = 32  # a query part typed without spaces is rarely longer


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


@dataclass(frozen=True)
class _Terms:
    """What one value (a title, a code, a product, a tag) is found by."""

    words: list[str]  # its normalised words, a fault code also in canonical form
    tails: list[str]  # written without spaces from each word or Chinese syllable on
    runs: list[str]  # its Chinese runs


def _terms(value: str, is_code: bool = False) -> _Terms:
    """The words and tails of a value. Tails make a query typed without spaces a prefix:
    "x1carbongen11" and "gen11" of "ThinkPad X1 Carbon Gen 11", "bluescreen" of "blue screen",
    and the pinyin of Chinese, full and initials, from each syllable: "lanping" and "lp" of
    电脑蓝屏. Both need only sorted-range lookups, never a scan."""
    words = normalize(value).split()
    tails = ["".join(words[start:]) for start in range(len(words) - 1)]
    runs = _CJK_RUN.findall(value)
    for run in runs:
        syllables = pinyin(run)
        for start in range(len(syllables)):
            tails.append("".join(syllables[start:]))
            tails.append("".join(syllable[0] for syllable in syllables[start:]))
    if is_code:
        words.append(canonical_code(value))
    return _Terms(words, [tail[:_LONGEST_TAIL] for tail in tails if len(tail) > 1], runs)


def _labelled_values(article: Article) -> Iterator[tuple[int, _Terms]]:
    """(field, terms) of each value of an article's title and metadata."""
    yield TITLE, _terms(article.title)
    for field, values in (
        (FAULT_CODES, article.fault_codes),
        (PRODUCTS, article.products),
        (TAGS, article.tags),
    ):
        for value in values:
            yield field, _terms(value, is_code=field == FAULT_CODES)


def _pairs(run: str) -> list[str]:
    return [run[start : start + 2] for start in range(len(run) - 1)]


@dataclass(frozen=True)
class Hit:
    id: str
    score: float
    field: str  # where the best part matched: title, fault_codes, products, tags or body
    title: str
    lang: str


class _PartScores:
    """One query part's best score in every article, and the field it came from."""

    def __init__(self, articles: int) -> None:
        self.scores = np.zeros(articles)
        self.fields = np.zeros(articles, dtype=np.int8)

    def offer(self, articles: np.ndarray, score: float | np.ndarray, field: int) -> None:
        if not articles.size:
            return
        better = self.scores[articles] < score
        chosen = articles[better]
        self.scores[chosen] = score if np.isscalar(score) else score[better]
        self.fields[chosen] = field


class KnowledgeIndex:
    """Search over a set of articles; build it once, query it on every keystroke."""

    def __init__(self, articles: Sequence[Article], problems: Sequence[ArticleProblem] = ()):
        self.articles = list(articles)
        self.problems = list(problems)
        words: list[dict[str, set[int]]] = [defaultdict(set) for _ in _LABELLED]
        tails: list[dict[str, set[int]]] = [defaultdict(set) for _ in _LABELLED]
        grams: list[dict[str, set[int]]] = [defaultdict(set) for _ in _LABELLED]
        body: dict[str, set[int]] = defaultdict(set)
        for index, article in enumerate(self.articles):
            for field, terms in _labelled_values(article):
                for word in terms.words:
                    words[field][word].add(index)
                for tail in terms.tails:
                    tails[field][tail].add(index)
                for run in terms.runs:
                    for gram in [*run, *_pairs(run)]:
                        grams[field][gram].add(index)
            for word in _BODY_WORD.findall(normalize(article.body)):
                body[word].add(index)
        self._words = [Postings(terms) for terms in words]
        self._tails = [Postings(terms) for terms in tails]
        self._grams = [Postings(terms) for terms in grams]
        self._body = Postings(body)
        self._typo_words: dict[int, list[str]] = defaultdict(list)
        self._fields_of_word: dict[str, list[int]] = defaultdict(list)
        for field in _LABELLED:
            for word in self._words[field].terms:
                if len(word) >= 3 and word.isascii():
                    if word not in self._fields_of_word:
                        self._typo_words[len(word)].append(word)
                    self._fields_of_word[word].append(field)
        self._title_lengths = np.array([len(a.title) for a in self.articles], dtype=float)
        self._by_id = {article.id: article for article in self.articles}

    @classmethod
    def from_directory(
        cls, path: Path, cache: Path | None = None, extra: Articles | None = None
    ) -> "KnowledgeIndex":
        """The articles under `path` and the `extra` ones (approved drafts), indexed; with
        `cache`, reused from that file while neither has changed, and saved there when built."""
        extra = extra or Articles([], [])
        if cache is None:
            return cls._build(path, extra)
        key = _fingerprint(path, extra)
        cached = _read_cache(cache, key)
        if cached is not None:
            return cached
        index = cls._build(path, extra)
        _write_cache(cache, key, index)
        return index

    @classmethod
    def _build(cls, path: Path, extra: Articles) -> "KnowledgeIndex":
        loaded = load_articles(path)
        articles, problems = loaded.articles, [*loaded.problems, *extra.problems]
        ids = {article.id: article.path for article in articles}
        for article in extra.articles:
            if article.id in ids:
                problems.append(duplicate_id(article, ids[article.id]))
                continue
            articles.append(article)
        return cls(articles, problems)

    def article(self, article_id: str) -> Article | None:
        return self._by_id.get(article_id)

    def search(self, query: str, limit: int = 10) -> list[Hit]:
        parts = [p.strip() for word in normalize(query).split() for p in _PARTS.findall(word)]
        # One Latin letter says nothing yet (and would match every article): wait for the next.
        parts = [p for p in parts if p and not (len(p) == 1 and p.isascii())]
        if not parts or not self.articles:
            return []
        matches = [self._match(part) for part in parts]
        scores = np.stack([match.scores for match in matches])
        found = np.flatnonzero(scores.any(axis=0))
        if not found.size:
            return []
        ranked = scores[:, found].sum(axis=0)
        ranked += _ALL_PARTS_BONUS * (scores[:, found] > 0).all(axis=0)
        key = ranked - _SHORTER_TITLE * self._title_lengths[found]
        top = np.argsort(-key) if found.size <= limit else np.argpartition(-key, limit - 1)[:limit]
        top = top[np.argsort(-key[top], kind="stable")]
        hits = []
        for position in top:
            article = int(found[position])
            best_part = int(scores[:, article].argmax())
            field = FIELDS[matches[best_part].fields[article]]
            hits.append(self._hit(article, float(ranked[position]), field))
        return hits

    def _hit(self, index: int, score: float, field: str) -> Hit:
        article = self.articles[index]
        return Hit(article.id, score, field, article.title, article.lang)

    def _match(self, part: str) -> _PartScores:
        match = _PartScores(len(self.articles))
        if _is_cjk(part):
            for field in _LABELLED:
                found = self._grams[field].all_of(_pairs(part) if len(part) > 1 else [part])
                match.offer(found, _WEIGHT[field] * 4 + PREFIX, field)
                match.offer(self._words[field].exact(part), _WEIGHT[field] * 4 + EXACT, field)
            self._homophones(part, match)
            if len(part) > 2:
                self._partly(part, match)
        else:
            forms = [part]
            code = canonical_code(part)
            if code != part and len(code) >= 2:
                forms.append(code)
            for form in forms:
                self._words_like(form, match)
            # Typos are for words: 0x0000007E is not a misspelt 0x0000007B, it is another code.
            if len(part) >= 4 and not any(char.isdigit() for char in part):
                self._typos(part, match)
        if not match.scores.any():
            match.offer(self._body_words(part), _WEIGHT[BODY] * 4 + EXACT, BODY)
        return match

    def _words_like(self, form: str, match: _PartScores, level: float | None = None) -> None:
        """Words and tails that are the form or start with it, and (from three letters on)
        words that hold it; two Latin letters match word starts only ("lp" is the initials of
        蓝屏, not the middle of "help")."""
        for field in _LABELLED:
            words, tails, weight = self._words[field], self._tails[field], _WEIGHT[field] * 4
            exact = np.concatenate((words.exact(form), tails.exact(form)))
            match.offer(exact, weight + (level or EXACT), field)
            starting = np.concatenate((words.starting(form), tails.starting(form)))
            match.offer(starting, weight + (level or PREFIX), field)
            if not (len(form) == 2 and form.isascii()):
                match.offer(words.containing(form), weight + (level or INSIDE), field)

    def _homophones(self, part: str, match: _PartScores) -> None:
        sound = "".join(pinyin(part))
        if sound != part:
            self._words_like(sound, match, level=FUZZY)

    def _partly(self, part: str, match: _PartScores) -> None:
        """电脑蓝屏 also finds 开机蓝屏 and 打印机卡纸 finds 打印机反复卡纸: scored by the share of
        the query's character pairs found in one field, and how rare the rarest found pair is;
        a little more when the body has every character."""
        size = len(self.articles)
        pairs = _pairs(part)
        in_body = np.zeros(size)
        in_body[self._body.all_of(part)] = 0.1
        for field in _LABELLED:
            found_pairs, rarity = np.zeros(size), np.zeros(size)
            for pair in pairs:
                found = self._grams[field].exact(pair)
                found_pairs[found] += 1
                rarity[found] = np.maximum(rarity[found], _rarity(found.size, size))
            found = np.flatnonzero(found_pairs)
            level = FUZZY + 0.25 * found_pairs[found] / len(pairs) + 0.25 * rarity[found]
            match.offer(found, _WEIGHT[field] * 4 + level + in_body[found], field)

    def _typos(self, part: str, match: _PartScores) -> None:
        allowed = 1 if len(part) < 8 else 2
        found: dict[tuple[int, int], list[np.ndarray]] = defaultdict(list)
        for length in range(len(part) - allowed, len(part) + allowed + 1):
            close = process.extract(
                part,
                self._typo_words.get(length, ()),
                scorer=Levenshtein.distance,
                score_cutoff=allowed,
                limit=None,
            )
            for word, distance, _ in close:
                for field in self._fields_of_word[word]:
                    found[field, distance].append(self._words[field].exact(word))
        for (field, distance), articles in found.items():
            level = _WEIGHT[field] * 4 + FUZZY - 0.2 * distance
            match.offer(np.concatenate(articles), level, field)

    def _body_words(self, part: str) -> np.ndarray:
        """Articles whose body has the word, or (Chinese) each of its characters."""
        return self._body.all_of(part) if _is_cjk(part) else self._body.exact(part)


def _rarity(found: int, articles: int) -> float:
    """0 for a piece in every article, 1 for one in a single article (normalised IDF)."""
    return math.log(articles / found) / math.log(articles) if found and articles > 1 else 0.0


# --- the cache file --------------------------------------------------------------------------


def _fingerprint(directory: Path, extra: Articles) -> str:
    """Changes whenever an article file is added, removed, renamed or rewritten, and whenever
    the extra articles change."""
    digest = hashlib.blake2b(f"{_CACHE_FORMAT} {directory.resolve()}".encode(), digest_size=16)
    for path in sorted(directory.rglob("*.md")):
        status = path.stat()
        digest.update(f"\n{path} {status.st_size} {status.st_mtime_ns}".encode())
    for article in extra.articles:
        digest.update(f"\n{article}".encode())
    digest.update(f"\n{extra.problems}".encode())
    return digest.hexdigest()


def _read_cache(cache: Path, key: str) -> KnowledgeIndex | None:
    try:
        with cache.open("rb") as file:
            if pickle.load(file) != key:
                return None
            index = pickle.load(file)
    except Exception:  # a damaged or outdated cache is rebuilt, never shown to the user
        return None
    return index if isinstance(index, KnowledgeIndex) else None


def _write_cache(cache: Path, key: str, index: KnowledgeIndex) -> None:
    """Written beside and renamed over, so a reader never sees half a file; a cache that
    cannot be written only costs the next start its speed."""
    partial = cache.with_name(f"{cache.name}.{os.getpid()}.partial")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("wb") as file:
            pickle.dump(key, file, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(index, file, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(cache)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
