"""Print profiles: one registry, read by the command line; an unknown name is a one-line error."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from conftest import run_cli
from resourcepack.cli import parser
from resourcepack.errors import UsageError
from resourcepack.outputs import OUTPUT_KINDS, PRINT
from resourcepack.profiles import DEFAULT_PROFILE, PRINT_PROFILES, print_profile


def build_option() -> argparse.Action:
    """The build command's --print-profile option."""
    sub = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    build = sub.choices["build"]
    return next(a for a in build._actions if "--print-profile" in a.option_strings)


def test_the_cli_choices_are_the_registry_names() -> None:
    option = build_option()
    assert option.choices is not None
    assert list(option.choices) == list(PRINT_PROFILES)
    assert option.default == DEFAULT_PROFILE == "pdf/x-4"  # the bundled default
    assert all(f"{p.name}: {p.says}" in (option.help or "") for p in PRINT_PROFILES.values())


def test_an_unknown_profile_on_the_command_line_is_a_one_line_error(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "build", "--print-profile", "pdf/x-1a")
    assert result.code == 2
    [line] = result.err.splitlines()
    assert line.startswith("command line:1:1: error: argument --print-profile: invalid choice:")
    assert "pdf/x-1a" in line and "pdf/x-4" in line and line.endswith("(see --help)")


def test_an_unknown_profile_given_to_the_build_is_a_one_line_error() -> None:
    with pytest.raises(UsageError) as e:
        print_profile("pdf/x-1a")
    assert [str(p) for p in e.value.problems] == [
        "command line:1:1: error: unknown print profile 'pdf/x-1a'; the print profiles are "
        + ", ".join(PRINT_PROFILES)
    ]


def test_only_a_printing_profile_makes_print_layouts() -> None:
    assert print_profile("pdf/x-4").prints and not print_profile("none").prints
    for profile in PRINT_PROFILES.values():
        assert set(profile.outputs) <= set(OUTPUT_KINDS)
        assert profile.prints == (PRINT in profile.outputs)
