"""``python -m indexer new`` and ``import-html``: the editor's commands, through the one write path.

Both write ``cases/<slug>.yaml`` with :class:`indexer.editing.CaseStore`, so a case made on the
command line is validated, logged and indexed exactly like one saved in the web editor.
"""
from __future__ import annotations

import getpass
import sys
from pathlib import Path

from .case_files import LIST_FIELDS, case_data_from_html, from_yaml, skeleton, slug_from_title, to_yaml
from .collection import SIDECAR_SUFFIX
from .editing import BadSlug, CaseStore, Conflict, InvalidCase
from .html_source import HtmlProblem, extract_case, page_address, sidecar_path, slug_from_file_name
from .settings import load_settings
from .validation import validate_case
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


_SIDECAR_EXAMPLES = {
    "organisation": "Navn Kommune",
    "source_urls": "[https://www.example.dk/kilde]    # or source_url: the page's original address",
    "contact": "{organisation: Navn Kommune}",
    "employee_driven": "false",
    "year": "2012",
}


def _import_slug(args, path: Path, data: dict) -> str:
    if args.slug:
        return args.slug
    return slug_from_file_name(path.name) or slug_from_title(str(data.get("title") or ""))


def _sidecar_example(missing: list[str], settings) -> list[str]:
    """Lines of a sidecar holding the ``missing`` fields, with the allowed values as comments."""
    lines = []
    for name in missing:
        facet = settings.facets.get(name)
        if facet is not None and name != "employee_driven":
            first = next(iter(facet.values))
            value = f"[{first}]" if name in LIST_FIELDS else first
            lines.append(f"  {name}: {value}    # " + ", ".join(facet.values))
        else:
            lines.append(f"  {name}: {_SIDECAR_EXAMPLES.get(name, '...')}")
    return lines


def _report_import(problems, page: Path, sidecar: Path, sidecar_fields: set, settings) -> None:
    """Each problem at the file that must change: the sidecar for what the page does not say."""
    missing = []
    for problem in problems:
        name = problem.field.split(".")[0].split("[")[0]
        if problem.message == "is required" and name:
            missing.append(name)
            where = sidecar
        else:
            where = sidecar if name in sidecar_fields else page
        print(f"{where}: {problem.field}: {problem.message}" if problem.field else f"{where}: {problem.message}",
              file=sys.stderr)
    if missing:
        verb = "Add them to" if sidecar.is_file() else "Write them in a sidecar file beside the page,"
        print(f"\nThe page does not say {', '.join(missing)}. {verb} {sidecar}\n"
              f"(YAML, the same fields as a case file; the sidecar wins over the page), e.g.:",
              file=sys.stderr)
        print("\n".join(_sidecar_example(missing, settings)), file=sys.stderr)


def cmd_import_html(args) -> int:
    settings = load_settings(args.config)
    path: Path = args.file
    sidecar = args.meta or sidecar_path(path)
    try:
        page = path.read_bytes()
        sidecar_text = sidecar.read_text(encoding="utf-8") if sidecar.is_file() else None
    except OSError as exc:
        print(f"error: cannot read {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 2
    except UnicodeDecodeError as exc:
        print(f"error: {sidecar}: the sidecar is not UTF-8 text (byte {exc.start})", file=sys.stderr)
        return 1
    try:
        extra = from_yaml(sidecar_text) if sidecar_text else {}
    except YamlProblem as exc:
        print(f"error: {sidecar}:{exc.line}: {exc.message}", file=sys.stderr)
        return 1
    if not isinstance(extra, dict | None):
        print(f"error: {sidecar}: a sidecar must be a mapping of fields (field: value)", file=sys.stderr)
        return 1
    try:
        if args.explain:
            return _explain(page, sidecar_text, path, sidecar)
        data, notes = case_data_from_html(page, sidecar_text)
    except HtmlProblem as exc:
        print(f"error: {path}: {exc}", file=sys.stderr)
        return 1
    sidecar_fields = set(extra or {})
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    if args.draft:
        data["published"] = False
    slug = _import_slug(args, path, data)
    text = to_yaml(data)
    located = load_located(text)
    _, problems = validate_case(slug, located.data, settings, file=f"{slug}.yaml", located=located)
    if args.output:
        if str(args.output) == "-":
            sys.stdout.write(text)
        else:
            args.output.write_text(text, encoding="utf-8")
            print(f"wrote {args.output}", file=sys.stderr)
    if problems:
        _report_import(problems, path, sidecar, sidecar_fields, settings)
        if not args.output:
            print("Nothing was written (--output - prints the YAML, to finish it by hand).",
                  file=sys.stderr)
        return 1
    if args.output:
        return 0
    return _save_new(CaseStore(settings), slug, data=data, editor=_editor(args))


def _explain(page: bytes, sidecar_text: str | None, path: Path, sidecar: Path) -> int:
    """Print how the page was read: encoding, the block chosen and why, what was left out."""
    extra = from_yaml(sidecar_text) if sidecar_text else None
    address = page_address(dict(extra)) if isinstance(extra, dict) else None
    fields = extract_case(page, base_url=address)
    print(f"page: {path}")
    print(f"sidecar: {sidecar}" + ("" if sidecar_text is not None else " (not there)"))
    for line in fields.get("_explain", []):
        print(line)
    print(f"title: {fields.get('title', '')!r}")
    print(f"lead: {fields.get('lead', '')[:100]!r}")
    return 0


def add_commands(sub) -> None:
    """Register ``new`` and ``import-html`` on the ``python -m indexer`` parser."""
    p = sub.add_parser("new", help="create a draft case with a slug made from the title")
    p.add_argument("title", help='the case\'s title, e.g. "Holbæk genbruger Kulturrygsækken"')
    p.add_argument("--slug", help="the address (default: made from the title)")
    p.add_argument("--editor", help="name for the audit log (default: cli:<your user name>)")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("import-html", help="write a YAML case from a legacy HTML page")
    p.add_argument("file", type=Path, help="the saved web page")
    p.add_argument("--slug", help="the address (default: made from the whole file name, e.g. "
                                  "nyhed.asp@id=1043.html -> nyhed-asp-id-1043)")
    p.add_argument("--meta", type=Path, help="sidecar with the fields the page lacks (default: beside "
                                             f"the page, the file name with {SIDECAR_SUFFIX} for .html)")
    p.add_argument("--explain", action="store_true",
                   help="show how the page was read (encoding, the block chosen as content and why, "
                        "what was left out) and write nothing")
    p.add_argument("--draft", action="store_true", help="save as a draft (published: false)")
    p.add_argument("--output", type=Path,
                   help="write the YAML here instead of into cases/ ('-' for standard output), even when incomplete")
    p.add_argument("--editor", help="name for the audit log (default: cli:<your user name>)")
    p.set_defaults(func=cmd_import_html)

