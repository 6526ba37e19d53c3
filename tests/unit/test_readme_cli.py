"""README ↔ CLI: every command and option the README's command block lists exists, and every `gongkai`
sub-command appears in the README (issue 15: the README lacked `workdays count` and `calendar set-day`)."""

import argparse
import re

from gongkai_desktop.cli import build_parser

from ..conftest import ROOT


def readme_lines() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## 命令行 `gongkai`", 1)[1].split("```", 2)[1]
    return [line.split("#", 1)[0].strip() for line in block.splitlines() if line.strip().startswith("gongkai ")]


def subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], argparse.ArgumentParser]:
    out = {}
    for name, sub in subparsers(parser).items():
        path = (*prefix, name)
        nested = commands(sub, path)
        out.update(nested if nested else {path: sub})
    return out


def options(parser: argparse.ArgumentParser) -> set[str]:
    return {s for a in parser._actions for s in a.option_strings}


def resolve(line: str, table: dict) -> tuple[tuple[str, ...], str]:
    words = line.split()[1:]
    for n in (2, 1):
        if tuple(words[:n]) in table:
            return tuple(words[:n]), line
    raise AssertionError(f"README names a command the CLI does not have: {line}")


def test_every_readme_command_and_option_exists():
    table = commands(build_parser())
    top = options(build_parser())
    for line in readme_lines():
        path, _ = resolve(line, table)
        known = options(table[path]) | top
        for opt in re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", line):
            assert opt in known, f"README: {line}\n  {' '.join(path)} has no option {opt}"


def test_every_cli_command_is_in_the_readme():
    table = commands(build_parser())
    listed = {resolve(line, table)[0] for line in readme_lines()}
    missing = [" ".join(p) for p in table if p not in listed]
    assert not missing, f"commands missing from the README: {missing}"


def test_every_option_of_every_command_is_in_the_readme():
    """README and `--help` agree both ways (issue 24): each option `--help` shows is written in the README on a
    line of its command (options that are two spellings of one setting count once; hidden options do not count)."""
    table = commands(build_parser())
    written: dict[tuple[str, ...], set[str]] = {}
    for line in readme_lines():
        path, _ = resolve(line, table)
        written.setdefault(path, set()).update(re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", line))
    missing = []
    for path, parser in table.items():
        for action in parser._actions:
            names = {s for s in action.option_strings if s.startswith("--")} - {"--help"}
            if not names or action.help == argparse.SUPPRESS:
                continue
            spellings = {s for a in parser._actions if a.dest == action.dest for s in a.option_strings}
            if not spellings & written.get(path, set()):
                missing.append(f"{' '.join(path)} {sorted(names)[0]}")
    assert not missing, f"options not in the README's command block: {missing}"
