"""``python -m indexer new`` and ``import-html``: the editor's commands, through the one write path.

Both write ``cases/<slug>.yaml`` with :class:`indexer.editing.CaseStore`, so a case made on the
command line is validated, logged and indexed exactly like one saved in the web editor.
"""
from __future__ import annotations

import getpass
import sys
from pathlib import Path

from .case_files import case_data_from_html, skeleton, slug_from_title, to_yaml
from .collection import SIDECAR_SUFFIX
from .editing import BadSlug, CaseStore, Conflict, InvalidCase
from .html_source import HtmlProblem
from .settings import load_settings
from .validation import check_slug, validate_case
from .yaml_lines import YamlProblem, load_located


def _editor(args) -> str:
    return args.editor or f"cli:{getpass.getuser()}"


def _report(problems) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def _save_new(store: CaseStore, slug: str, *, text: str | None = None, data: dict | None = None,
              editor: str) -> int:
    """Write a new case; 0 when written, 1 when invalid or the address is taken."""
    try:
        if text is not None:
            result = store.save_text(slug, text, base_version="", editor=editor, action="create")
        else:
            result = store.save(slug, data or {}, base_version="", editor=editor)
    except BadSlug as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except InvalidCase as exc:
        _report(exc.problems)
        return 1
    except Conflict:
        print(f"error: cases/{slug}.yaml already exists; choose another address with --slug",
              file=sys.stderr)
        return 1
    where = store.cases_dir / f"{result.slug}.yaml"
    state = "published" if result.published else "draft (published: false)"
    indexed = "indexed" if result.indexed else "not indexed yet: run 'python -m indexer build'"
    print(f"wrote {where} as {state}; {indexed}")
    return 0


def cmd_new(args) -> int:
    settings = load_settings(args.config)
    title = args.title.strip()
    if len(title) < 10:
        print("error: a title needs at least 10 characters (who did what, with what result)", file=sys.stderr)
        return 2
    slug = args.slug or slug_from_title(title)
    code = _save_new(CaseStore(settings), slug, text=skeleton(title, settings), editor=_editor(args))
    if code == 0:
        print("Replace the placeholders, set 'published: true', then run 'python -m indexer check'.")
    return code


def _import_slug(args, path: Path, data: dict) -> str:
    if args.slug:
        return args.slug
    stem = path.name.split(".", 1)[0]
    return stem if not check_slug(stem) else slug_from_title(str(data.get("title") or ""))


def cmd_import_html(args) -> int:
    settings = load_settings(args.config)
    path: Path = args.file
    sidecar = args.meta or path.with_name(path.name.split(".", 1)[0] + SIDECAR_SUFFIX)
    try:
        sidecar_text = sidecar.read_text(encoding="utf-8") if sidecar.is_file() else None
        data, notes = case_data_from_html(path.read_bytes(), sidecar_text)
    except OSError as exc:
        print(f"error: cannot read {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 2
    except (HtmlProblem, YamlProblem) as exc:
        print(f"error: {path}: {exc}", file=sys.stderr)
        return 1
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    if args.draft:
        data["published"] = False
    slug = _import_slug(args, path, data)
    if args.output:
        text = to_yaml(data)
        located = load_located(text)
        _, problems = validate_case(slug, located.data, settings, file=f"{slug}.yaml", located=located)
        if str(args.output) == "-":
            sys.stdout.write(text)
        else:
            args.output.write_text(text, encoding="utf-8")
            print(f"wrote {args.output}", file=sys.stderr)
        _report(problems)
        return 1 if problems else 0
    code = _save_new(CaseStore(settings), slug, data=data, editor=_editor(args))
    if code == 1:
        print(f"Nothing was written. Add what the page does not say in {sidecar.name} (e.g. the "
              "facets), or print the YAML with --output - and finish it by hand.", file=sys.stderr)
    return code


def add_commands(sub) -> None:
    """Register ``new`` and ``import-html`` on the ``python -m indexer`` parser."""
    p = sub.add_parser("new", help="create a draft case with a slug made from the title")
    p.add_argument("title", help='the case\'s title, e.g. "Holbæk genbruger Kulturrygsækken"')
    p.add_argument("--slug", help="the address (default: made from the title)")
    p.add_argument("--editor", help="name for the audit log (default: cli:<your user name>)")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("import-html", help="write a YAML case from a legacy HTML page")
    p.add_argument("file", type=Path, help="the saved web page")
    p.add_argument("--slug", help="the address (default: the file name, else made from the title)")
    p.add_argument("--meta", type=Path, help=f"sidecar with the fields the page lacks (default: <name>{SIDECAR_SUFFIX})")
    p.add_argument("--draft", action="store_true", help="save as a draft (published: false)")
    p.add_argument("--output", type=Path,
                   help="write the YAML here instead of into cases/ ('-' for standard output), even when incomplete")
    p.add_argument("--editor", help="name for the audit log (default: cli:<your user name>)")
    p.set_defaults(func=cmd_import_html)

