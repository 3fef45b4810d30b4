"""Generate docs/cli.md from the commands' own --help, so the reference cannot drift."""

from __future__ import annotations

from storygraph.cli import cli

__all__ = ["cli_reference"]


def cli_reference() -> str:
    """Markdown with the --help text of the group and of every command."""
    parts = [
        "# Command reference",
        "",
        "Generated from `--help` by `make docs`; a test checks that it is current.",
        "",
    ]
    ctx = cli.make_context("storygraph", [], resilient_parsing=True)
    parts += ["## storygraph", "", "```", cli.get_help(ctx), "```", ""]
    for name in sorted(cli.list_commands(ctx)):
        command = cli.get_command(ctx, name)
        assert command is not None
        sub = command.make_context(name, [], parent=ctx, resilient_parsing=True)
        parts += [f"## storygraph {name}", "", "```", command.get_help(sub), "```", ""]
    return "\n".join(parts)
