"""Triage rules: category from words, priority from tier and impact, team from product line."""

from datetime import date
from pathlib import Path

import pytest

from agent_console.errors import PolicyInvalid
from agent_console.i18n import set_language
from agent_console.triage import TriageInput, TriageRules, reason_text
from agent_console.vocab import Impact, ProductLine, Tier

RULES = Path(__file__).parent.parent / "kb" / "triage" / "rules.toml"
STOPPED = Impact.PRODUCTION_STOPPED


@pytest.fixture(scope="module")
def rules() -> TriageRules:
    return TriageRules.load(RULES)


def ticket(subject: str, **changes) -> TriageInput:
    values = {"subject": subject, "description": "", "tier": Tier.STANDARD,
              "impact": Impact.INDIVIDUAL, "product_line": ProductLine.LAPTOP}  # fmt: skip
    return TriageInput(**{**values, **changes})


@pytest.mark.parametrize(
    ("subject", "changes", "expected"),
    [
        ("开机蓝屏 0x7B", {}, ("software", "P3", "remote_support")),
        ("Blue screen after update", {}, ("software", "P3", "remote_support")),
        ("屏幕闪烁", {}, ("hardware", "P3", "remote_support")),
        ("打印机卡纸", {"product_line": ProductLine.PRINTER}, ("hardware", "P3", "onsite_support")),
        ("服务器电源故障", {"product_line": ProductLine.SERVER, "impact": STOPPED},
         ("hardware", "P1", "onsite_support")),
        ("电池鼓包", {"impact": Impact.SAFETY_HAZARD}, ("hardware", "P1", "remote_support")),
        ("整个部门无法打印", {"product_line": ProductLine.PRINTER, "impact": Impact.MULTIPLE,
                              "tier": Tier.ENTERPRISE}, ("hardware", "P1", "onsite_support")),
        ("网口没反应", {"tier": Tier.VIP}, ("hardware", "P2", "remote_support")),
        ("投诉工程师迟到", {}, ("complaint", "P3", "quality")),
        ("Refund for the repair fee", {}, ("complaint", "P3", "quality")),
        ("请问保修期多久", {"tier": Tier.VIP}, ("consultation", "P4", "customer_service")),
        ("How to set up the printer driver?", {}, ("consultation", "P4", "customer_service")),
    ],
)  # fmt: skip
def test_suggestions(rules, subject, changes, expected) -> None:
    suggestion = rules.suggest(ticket(subject, **changes))
    assert (suggestion.category.value, suggestion.priority.value, suggestion.team) == expected
    assert suggestion.reasons, "every suggestion says why"


def test_hard_cases_go_to_the_expert_team(rules) -> None:
    custom = rules.suggest(ticket("定制工作站无法开机"))
    assert (custom.expert, custom.team) == (True, "expert")
    repeat = rules.suggest(ticket("无法开机", last_resolved_on_device=date(2026, 10, 1),
                                  today=date(2026, 11, 20)))  # fmt: skip
    assert repeat.expert
    long_ago = rules.suggest(ticket("无法开机", last_resolved_on_device=date(2026, 1, 1),
                                    today=date(2026, 11, 20)))  # fmt: skip
    assert not long_ago.expert


def test_reasons_read_in_both_languages(rules) -> None:
    suggestion = rules.suggest(ticket("开机蓝屏", tier=Tier.VIP))
    set_language("zh")
    assert reason_text(suggestion.reasons[0]) == "关键词「蓝屏」判断为 软件故障"
    set_language("en")
    assert reason_text(suggestion.reasons[0]) == "the keyword '蓝屏' suggests Software"
    assert any("VIP customer raises it to P2 High" in reason_text(r) for r in suggestion.reasons)


def test_a_broken_rules_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text('default_category = "gadgets"\n', encoding="utf-8")
    with pytest.raises(PolicyInvalid) as refused:
        TriageRules.load(path)
    assert "rules.toml" in refused.value.message()
