"""Triage: a suggested category, priority and team for a new ticket, each with its reason.

The agent sees the suggestion and may override it; rules live in kb/triage/rules.toml.
"""

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from agent_console.errors import PolicyInvalid
from agent_console.i18n import label, t
from agent_console.vocab import Category, Impact, Priority, ProductLine, Tier

Reason = tuple[str, dict[str, str]]  # a translation key under triage.reason, and its values


_VOCABULARIES = {"category": Category, "impact": Impact, "tier": Tier, "priority": Priority}


def reason_text(reason: Reason) -> str:
    """One reason in the user's language, e.g. "the keyword '蓝屏' suggests Software"."""
    key, values = reason
    shown = {
        name: label(_VOCABULARIES[name](value)) if name in _VOCABULARIES else value
        for name, value in values.items()
    }
    return t(f"triage.reason.{key}", **shown)


@dataclass(frozen=True)
class TriageInput:
    subject: str
    description: str
    tier: Tier
    impact: Impact
    product_line: ProductLine | None = None
    last_resolved_on_device: date | None = None  # the device's latest resolved ticket
    today: date | None = None


@dataclass(frozen=True)
class Suggestion:
    category: Category
    priority: Priority
    team: str | None
    expert: bool
    reasons: list[Reason] = field(default_factory=list)


@dataclass(frozen=True)
class TriageRules:
    default_category: Category
    categories: Sequence[tuple[Category, tuple[str, ...]]]
    impact_priority: Mapping[Impact, Priority]
    raise_tiers: frozenset[Tier]
    consultation_priority: Priority
    teams: Sequence[Mapping[str, Any]]
    expert_team: str
    expert_keywords: tuple[str, ...]
    repeat_days: int

    @classmethod
    def load(cls, path: Path) -> "TriageRules":
        try:
            with path.open("rb") as file:
                data = tomllib.load(file)
            priority = data["priority"]
            expert = data["expert"]
            return cls(
                default_category=Category(data["default_category"]),
                categories=[
                    (Category(entry["category"]), tuple(k.lower() for k in entry["keywords"]))
                    for entry in data.get("category", [])
                ],
                impact_priority={impact: Priority(priority[impact.value]) for impact in Impact},
                raise_tiers=frozenset(Tier(tier) for tier in priority.get("raise_tiers", [])),
                consultation_priority=Priority(priority["consultation_priority"]),
                teams=list(data.get("team", [])),
                expert_team=str(expert["team"]),
                expert_keywords=tuple(k.lower() for k in expert.get("keywords", [])),
                repeat_days=int(expert.get("repeat_days", 0)),
            )
        except (tomllib.TOMLDecodeError, KeyError, ValueError, TypeError) as error:
            raise PolicyInvalid(
                file=str(path), key="-", detail=f"{type(error).__name__}: {error}"
            ) from None

    def suggest(self, ticket: TriageInput) -> Suggestion:
        text = f"{ticket.subject}\n{ticket.description}".lower()
        reasons: list[Reason] = []
        category = self.default_category
        for candidate, keywords in self.categories:
            hit = next((k for k in keywords if k in text), None)
            if hit:
                category = candidate
                reasons.append(("keyword", {"keyword": hit, "category": candidate.value}))
                break
        else:
            reasons.append(("default_category", {"category": category.value}))

        priority = self.impact_priority[ticket.impact]
        reasons.append(("impact", {"impact": ticket.impact.value, "priority": priority.value}))
        if ticket.tier in self.raise_tiers and priority is not Priority.P1:
            priority = Priority(f"P{int(priority.value[1]) - 1}")
            reasons.append(("tier", {"tier": ticket.tier.value, "priority": priority.value}))
        if category is Category.CONSULTATION and priority < self.consultation_priority:
            priority = self.consultation_priority
            reasons.append(("consultation", {"priority": priority.value}))

        expert_hit = next((k for k in self.expert_keywords if k in text), None)
        repeated = (
            ticket.last_resolved_on_device is not None
            and ticket.today is not None
            and ticket.today - ticket.last_resolved_on_device <= timedelta(days=self.repeat_days)
        )
        if expert_hit or repeated:
            detail = expert_hit or str(ticket.last_resolved_on_device)
            reasons.append(("expert", {"why": detail}))
            return Suggestion(category, priority, self.expert_team, True, reasons)
        team = self._team(category, ticket.product_line)
        if team:
            reasons.append(("team", {"team": team}))
        return Suggestion(category, priority, team, False, reasons)

    def _team(self, category: Category, product_line: ProductLine | None) -> str | None:
        for entry in self.teams:
            if category.value in entry.get("categories", []):
                return str(entry["team"])
        for entry in self.teams:
            if product_line is not None and product_line.value in entry.get("product_lines", []):
                return str(entry["team"])
        return None
