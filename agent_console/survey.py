"""Satisfaction surveys: the scores, who counts as unsatisfied, CSAT and NPS."""

from collections.abc import Sequence
from dataclasses import dataclass

from agent_console.errors import InvalidValue

SCORE_RANGE = (1, 5)  # response speed, resolution, attitude
RECOMMEND_RANGE = (0, 10)  # likelihood to recommend
UNSATISFIED_AT_OR_BELOW = 2  # any of the three scores this low calls for a 24 h follow-up
PROMOTER_FROM = 9
DETRACTOR_UP_TO = 6
SATISFIED_FROM = 4  # CSAT counts the answers of 4 or 5


@dataclass(frozen=True)
class Scores:
    speed: int
    resolution: int
    attitude: int
    recommend: int

    def check(self) -> "Scores":
        """These scores, or InvalidValue naming the first one out of range."""
        checks = (
            ("speed", self.speed, SCORE_RANGE),
            ("resolution", self.resolution, SCORE_RANGE),
            ("attitude", self.attitude, SCORE_RANGE),
            ("recommend", self.recommend, RECOMMEND_RANGE),
        )
        for field, value, (low, high) in checks:
            if not low <= value <= high:
                raise InvalidValue(
                    field=field, value=str(value), reason="range", low=low, high=high
                )
        return self

    @property
    def unsatisfied(self) -> bool:
        return min(self.speed, self.resolution, self.attitude) <= UNSATISFIED_AT_OR_BELOW


@dataclass(frozen=True)
class Summary:
    count: int
    speed: float | None  # average score
    resolution: float | None
    attitude: float | None
    csat: float | None  # % of the three-score answers that are 4 or 5
    promoters: int
    passives: int
    detractors: int
    nps: float | None  # % promoters - % detractors, -100..100


def _promoters_and_detractors(recommend: Sequence[int]) -> tuple[int, int]:
    return (
        sum(1 for score in recommend if score >= PROMOTER_FROM),
        sum(1 for score in recommend if score <= DETRACTOR_UP_TO),
    )


def nps(recommend: Sequence[int]) -> float | None:
    if not recommend:
        return None
    promoters, detractors = _promoters_and_detractors(recommend)
    return 100 * (promoters - detractors) / len(recommend)


def summarize(answers: Sequence[Scores]) -> Summary:
    def average(values: list[int]) -> float | None:
        return sum(values) / len(values) if values else None

    three = [score for a in answers for score in (a.speed, a.resolution, a.attitude)]
    recommend = [a.recommend for a in answers]
    promoters, detractors = _promoters_and_detractors(recommend)
    return Summary(
        count=len(answers),
        speed=average([a.speed for a in answers]),
        resolution=average([a.resolution for a in answers]),
        attitude=average([a.attitude for a in answers]),
        csat=100 * sum(1 for s in three if s >= SATISFIED_FROM) / len(three) if three else None,
        promoters=promoters,
        passives=len(recommend) - promoters - detractors,
        detractors=detractors,
        nps=nps(recommend),
    )
