"""The documentation holds: every internal link and anchor in README.md and docs/*.md resolves,
every CLI command and option is documented in docs/cli.md (read from the Typer app itself, the
way Datasette tests its docs), and the README's two commands are the ones CI runs."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import click
import pytest
import typer.main

from sitroom.cli import app

ROOT = Path(__file__).resolve().parents[1]
DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
CLI_DOC = ROOT / "docs" / "cli.md"

_LINK = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
_INLINE_CODE = re.compile(r"`[^`\n]*`")


def prose(text: str) -> str:
    """Markdown without code blocks and inline code, where links are not links."""
    return _INLINE_CODE.sub("", _FENCE.sub("", text))


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"<[^>]+>", "", heading).strip().lower()
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link keeps its text
    kept = "".join(
        ch
        for ch in text
        if ch in " -_" or unicodedata.category(ch)[0] in "LN"  # letters, numbers
    )
    return kept.replace(" ", "-")


@cache
def anchors(path: Path) -> frozenset[str]:
    seen: dict[str, int] = {}
    found = set()
    for line in _FENCE.sub("", path.read_text(encoding="utf-8")).splitlines():
        match = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not match:
            continue
        slug = github_slug(match.group(1))
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        found.add(slug if n == 0 else f"{slug}-{n}")
    return frozenset(found)


def internal_links(path: Path) -> list[str]:
    links = _LINK.findall(prose(path.read_text(encoding="utf-8")))
    return [link for link in links if not re.match(r"[a-z][a-z0-9+.-]*:", link)]


def test_the_slug_rule_matches_github() -> None:
    assert github_slug("3. Exports") == "3-exports"
    assert (
        github_slug("Speed: `benchmarks/bench_pipeline.py`") == "speed-benchmarksbench_pipelinepy"
    )
    assert github_slug("Dataset codes (ACLED, GTD)") == "dataset-codes-acled-gtd"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_internal_link_and_anchor_resolves(doc: Path) -> None:
    broken = []
    for link in internal_links(doc):
        target, _, anchor = link.partition("#")
        path = (doc.parent / target).resolve() if target else doc
        if not path.exists():
            broken.append(f"{link}: no file {path}")
        elif anchor and path.suffix == ".md" and anchor not in anchors(path):
            broken.append(f"{link}: no heading with anchor #{anchor} in {path.name}")
    assert broken == []


def commands() -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []

    def walk(command: click.Command, path: str) -> None:
        found.append((path, command))
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(typer.main.get_command(app), "sitroom")
    return found


def sections(text: str) -> dict[str, str]:
    """The ``## `sitroom COMMAND ...` `` sections of docs/cli.md, by command path."""
    found: dict[str, str] = {}
    parts = re.split(r"^## ", text, flags=re.M)
    for part in parts[1:]:
        heading = part.splitlines()[0]
        match = re.match(r"`(sitroom(?: [a-z][a-z-]*)*)", heading)
        if match:
            found[match.group(1)] = part
    return found


def test_every_command_and_option_is_in_cli_md() -> None:
    text = CLI_DOC.read_text(encoding="utf-8")
    documented = sections(text)
    missing = []
    for path, command in commands():
        if path == "sitroom":
            section = text.split("\n## ", 1)[0]  # global options: the introduction
        elif path not in documented:
            missing.append(f"no section '## `{path} ...`'")
            continue
        else:
            section = documented[path]
        for param in command.params:
            if not isinstance(param, click.Option) or "--help" in param.opts:
                continue
            if not any(f"`{opt}" in section or f" {opt}" in section for opt in param.opts):
                missing.append(f"{path}: option {param.opts[0]}")
    assert missing == []


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.*?)\n```", quick, re.S)


def test_readme_commands_make_a_venv_and_ci_runs_the_test_command() -> None:
    demo, tests = readme_commands()[:2]
    for command in (demo, tests):
        assert command.startswith("python3 -m venv .venv && . .venv/bin/activate && ")
    assert "sitroom demo ../shared/seed/" in demo
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_step = tests.split(". .venv/bin/activate && ", 1)[1]
    assert test_step in ci


def test_the_test_extra_installs_what_the_suite_imports() -> None:
    import tomllib

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    test_extra = " ".join(extras["optional-dependencies"]["test"])
    for needed in ("pytest", "hypothesis", "httpx", "networkx", "pyarrow"):
        assert needed in test_extra
