"""Settings precedence: flags > AGENT_CONSOLE_* environment > config file > defaults."""

from pathlib import Path

import pytest

from agent_console.config import load_settings
from agent_console.errors import ConfigInvalid


@pytest.fixture
def config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config.toml"
    monkeypatch.setenv("AGENT_CONSOLE_CONFIG", str(path))
    return path


def test_defaults_put_the_store_in_the_user_data_directory(tmp_path: Path) -> None:
    settings = load_settings()
    assert settings.store_path.name == "agent-console.db"
    assert "agent-console" in str(settings.store_path.parent)
    assert settings.lang is None and settings.keymap == {}


def test_config_file_then_environment_then_flags(
    config_file: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config_file.write_text(
        'db = "/srv/from-file.db"\nlang = "zh"\nagent = "王芳"\n\n[keymap]\n"queue.filter" = "f"\n',
        encoding="utf-8",
    )
    from_file = load_settings()
    assert (from_file.db, from_file.lang, from_file.agent) == (
        Path("/srv/from-file.db"),
        "zh",
        "王芳",
    )
    assert from_file.keymap == {"queue.filter": "f"}

    monkeypatch.setenv("AGENT_CONSOLE_DB", "/srv/from-env.db")
    monkeypatch.setenv("AGENT_CONSOLE_LANG", "en")
    from_env = load_settings()
    assert (from_env.db, from_env.lang, from_env.agent) == (Path("/srv/from-env.db"), "en", "王芳")

    from_flags = load_settings(db=tmp_path / "flag.db", lang="zh", agent=None)
    assert (from_flags.db, from_flags.lang) == (tmp_path / "flag.db", "zh")


def test_a_broken_config_file_is_reported_with_its_path(config_file: Path) -> None:
    config_file.write_text("lang = \n", encoding="utf-8")
    with pytest.raises(ConfigInvalid) as refused:
        load_settings()
    assert str(config_file) in refused.value.message()


@pytest.mark.parametrize(("setting", "value"), [("lang", "fr"), ("auto_assign", "maybe")])
def test_an_invalid_value_names_the_setting(
    monkeypatch: pytest.MonkeyPatch, setting: str, value: str
) -> None:
    monkeypatch.setenv(f"AGENT_CONSOLE_{setting.upper()}", value)
    with pytest.raises(ConfigInvalid) as refused:
        load_settings()
    assert refused.value.params["source"] == setting


def test_the_environment_beats_the_file_and_flags_beat_both(
    config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_file.write_text(
        'agent = "王芳"\nkb = "~/file-kb"\nauto_assign = true\n', encoding="utf-8"
    )
    monkeypatch.setenv("agent_console_agent", "李雷")  # the name in any case, as documented
    monkeypatch.setenv("AGENT_CONSOLE_KB", "~/env-kb")
    monkeypatch.setenv("AGENT_CONSOLE_AUTO_ASSIGN", "false")
    from_env = load_settings()
    assert (from_env.agent, from_env.kb, from_env.auto_assign) == (
        "李雷",
        Path("~/env-kb").expanduser(),
        False,
    )
    assert load_settings(agent="张伟", kb=Path("~/flag-kb")).agent == "张伟"
    assert load_settings(kb=Path("~/flag-kb")).kb == Path("~/flag-kb").expanduser()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("true", True),
        ("1", True),
        ("Yes", True),
        ("ON", True),
        ("false", False),
        ("0", False),
        ("No", False),
        ("off", False),
    ],
)
def test_auto_assign_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: bool
) -> None:
    monkeypatch.setenv("AGENT_CONSOLE_AUTO_ASSIGN", value)
    assert load_settings().auto_assign is expected


def test_the_keymap_from_the_environment_is_json_merged_over_the_file(
    config_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_file.write_text('[keymap]\n"queue.filter" = "f"\n"app.help" = "h"\n', encoding="utf-8")
    monkeypatch.setenv("AGENT_CONSOLE_KEYMAP", '{"queue.filter": "ctrl+f"}')
    assert load_settings().keymap == {"queue.filter": "ctrl+f", "app.help": "h"}


@pytest.mark.parametrize(("value", "source"), [("not json", "keymap"), ('{"a": 1}', "keymap.a")])
def test_a_bad_keymap_in_the_environment_is_refused(
    monkeypatch: pytest.MonkeyPatch, value: str, source: str
) -> None:
    monkeypatch.setenv("AGENT_CONSOLE_KEYMAP", value)
    with pytest.raises(ConfigInvalid) as refused:
        load_settings()
    assert refused.value.params["source"] == source


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("keymap = 3", "keymap"),
        ('[keymap]\nqueue.filter = "f"', "keymap.queue"),  # a dotted key must be quoted
        ("auto_assign = 2", "auto_assign"),
        ("db = 3", "db"),
        ("agent = [1]", "agent"),
        ("lang = 3", "lang"),
    ],
)
def test_a_wrong_type_in_the_config_file_names_the_setting(
    config_file: Path, text: str, source: str
) -> None:
    config_file.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(ConfigInvalid) as refused:
        load_settings()
    assert refused.value.params["source"] == source


def test_unknown_keys_in_the_config_file_are_ignored(config_file: Path) -> None:
    config_file.write_text('colour = "blue"\nagent = "王芳"\n', encoding="utf-8")
    assert load_settings().agent == "王芳"


def test_the_cli_uses_the_store_named_by_the_environment(
    monkeypatch: pytest.MonkeyPatch, demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from agent_console.cli import run

    monkeypatch.setenv("AGENT_CONSOLE_DB", str(demo_db))
    assert run(["ticket", "show", "1", "--json"]) == 0
    assert '"T-000001"' in capsys.readouterr().out


def test_first_run_creates_the_default_store_directory(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from agent_console.cli import run

    settings = load_settings()
    assert not settings.store_path.parent.exists()
    assert run(["ticket", "list", "--json"]) == 0
    assert capsys.readouterr().out.strip() == "[]"
    assert settings.store_path.exists()
