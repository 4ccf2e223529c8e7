"""`<config>/config.toml`: defaults when it is missing, every mistake located, the environment
overriding the file for scripts and tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from hipcli.settings import CHECKS, ENVIRONMENT, Settings, SettingsError, load_settings


def load(config_dir: Path, text: str | None, environ: dict[str, str] | None = None) -> Settings:
    path = config_dir / "config.toml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    return load_settings(environ=environ or {})


def problem_of(config_dir: Path, text: str) -> str:
    with pytest.raises(SettingsError) as caught:
        load(config_dir, text)
    [problem] = caught.value.problems
    return str(problem)


def test_without_a_settings_file_every_setting_has_its_default(config_dir: Path) -> None:
    assert load(config_dir, None) == Settings()
    assert not (config_dir / "config.toml").exists()


def test_every_setting_has_a_check() -> None:
    assert set(CHECKS) == set(Settings._fields)


def test_settings_are_read_from_the_config_file(config_dir: Path) -> None:
    settings = load(config_dir, 'mood_before = true\nbell = false\nvolume = 40\ntheme = "light"\n')
    assert (settings.mood_before, settings.bell, settings.volume, settings.theme) == (
        True,
        False,
        40,
        "light",
    )


def test_a_mistyped_setting_gets_a_did_you_mean_with_its_line(config_dir: Path) -> None:
    message = problem_of(config_dir, "bell = true\nmood_befor = true\n")
    assert message.endswith(
        ":2: mood_befor: unknown setting 'mood_befor'. Did you mean 'mood_before'?"
    )


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('bell = "no"', 'bell: expected true or false, found the text "no"'),
        ("volume = 140", "volume: expected a number from 0 to 100, found 140"),
        ("volume = true", "volume: expected a whole number from 0 to 100"),
        ('theme = "lihgt"', "Did you mean 'light'?"),
        ('sound_command = "  "', "sound_command: is empty; remove the line to use the default"),
    ],
)
def test_a_wrong_value_names_the_line_and_what_was_expected(
    config_dir: Path, text: str, says: str
) -> None:
    message = problem_of(config_dir, text + "\n")
    assert ":1: " in message
    assert says in message


def test_a_settings_file_that_is_not_toml_is_reported(config_dir: Path) -> None:
    assert "TOML syntax" in problem_of(config_dir, "bell = \n")


def test_a_folder_where_the_settings_file_should_be_is_reported(config_dir: Path) -> None:
    (config_dir / "config.toml").mkdir()
    with pytest.raises(SettingsError, match="is not a regular file"):
        load_settings(environ={})


def test_the_environment_overrides_the_file_and_empty_means_unset(config_dir: Path) -> None:
    text = 'sound_command = "paplay"\ndevice = "desk"\n'
    environ = {"HIPCLI_SOUND_COMMAND": "aplay -q", "HIPCLI_DEVICE": ""}
    settings = load(config_dir, text, environ)
    assert (settings.sound_command, settings.device) == ("aplay -q", "desk")
    assert set(ENVIRONMENT.values()) <= set(CHECKS)


@pytest.mark.parametrize(
    ("value", "plain"), [("1", True), ("yes", True), ("0", False), ("off", False)]
)
def test_hipcli_plain_is_on_unless_it_says_off(config_dir: Path, value: str, plain: bool) -> None:
    assert load(config_dir, None, {"HIPCLI_PLAIN": value}).plain is plain
