"""``flask --app search_app editor add|remove|list``: manage editor accounts on the server.

Accounts live in ``data_dir/editors.json`` (outside the repository). The password is asked for
twice without echo, or read from standard input with ``--password-stdin`` (for scripts).
"""
from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from .. import accounts, index_state

editor_cli = AppGroup("editor", help="Manage editor accounts (stored in data_dir/editors.json).")


def _data_dir():
    return index_state.settings().data_dir


@editor_cli.command("add")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--replace", is_flag=True, help="Set a new password for an existing account.")
def add(name: str, password_stdin: bool, replace: bool) -> None:
    """Create an editor account NAME (or give it a new password with --replace, which signs it
    out everywhere). Passwords that are short or easy to guess are refused."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        accounts.add_account(_data_dir(), name, password, replace=replace)
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from None
    saved = accounts.normalise_name(name)
    click.echo(f"account '{saved}' saved in {accounts.accounts_path(_data_dir())}"
               + ("; its sessions have ended" if replace else ""))


@editor_cli.command("remove")
@click.argument("name")
def remove(name: str) -> None:
    """Remove the editor account NAME (its sessions end on their next request)."""
    try:
        accounts.remove_account(_data_dir(), name)
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"account '{name}' removed")


@editor_cli.command("list")
def list_accounts() -> None:
    """List the editor accounts."""
    names = accounts.list_accounts(_data_dir())
    for name in names:
        click.echo(name)
    if not names:
        click.echo("no editor accounts yet; add one with: flask --app search_app editor add <name>", err=True)
