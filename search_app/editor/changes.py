"""What changed between two versions of a case, field by field, and how to merge two editors' work.

The history page shows each change as a readable difference (word by word for texts, values
added and removed for facets and lists), and the conflict page offers, per field, the saved
version ("theirs"), the editor's own ("mine") or a merge of both. Only the standard library's
:mod:`difflib` is used.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from indexer.case_files import FIELD_ORDER

CONTACT_KEYS = ("organisation", "role", "url")
LIST_FIELDS = ("innovation_type", "value", "partner", "area", "source_urls", "aliases")
TEXT_FIELDS = ("title", "lead", "body", "organisation", "summary_en",
               "contact_organisation", "contact_role", "contact_url")
ORDER = tuple(n for n in FIELD_ORDER if n != "contact") + tuple(f"contact_{k}" for k in CONTACT_KEYS)
_CONTEXT_WORDS = 12


@dataclass
class FieldChange:
    """One field that differs between two versions."""

    name: str
    label: str
    old: Any
    new: Any
    diff: Markup = Markup("")  # the texts word by word, <del> and <ins> marking the changes
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def is_list(self) -> bool:
        return self.name in LIST_FIELDS

    @property
    def mergeable(self) -> bool:
        return self.name in LIST_FIELDS or self.name in TEXT_FIELDS


def flatten(data: dict[str, Any] | None) -> dict[str, Any]:
    """Case data with the contact's parts as fields of their own and values as the form shows them."""
    out: dict[str, Any] = {}
    for name, value in (data or {}).items():
        if name == "contact" and isinstance(value, dict):
            for key in CONTACT_KEYS:
                if value.get(key) not in (None, ""):
                    out[f"contact_{key}"] = str(value[key])
            continue
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()
        if isinstance(value, list):
            value = [str(v) for v in value]
        if value in (None, "", []) and name != "partner":
            continue
        out[name] = value
    return out


def unflatten(values: dict[str, Any]) -> dict[str, Any]:
    """The inverse of :func:`flatten` (the contact's parts back in one mapping)."""
    out = {k: v for k, v in values.items() if not k.startswith("contact_")}
    contact = {k: values[f"contact_{k}"] for k in CONTACT_KEYS if values.get(f"contact_{k}")}
    if contact:
        out["contact"] = contact
    return out


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _tokens(text: str) -> list[str]:
    return re.findall(r"\s+|[^\s]+", text)


def word_diff(old: str, new: str) -> Markup:
    """``old`` → ``new`` word by word: removed words in <del>, added in <ins>, long unchanged
    stretches shortened to their ends (…)."""
    a, b = _tokens(old), _tokens(new)
    out: list[str] = []
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for i, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            same = a[i1:i2]
            words = sum(1 for t in same if not t.isspace())
            if words > 2 * _CONTEXT_WORDS:
                head = _first_words(same, _CONTEXT_WORDS) if i > 0 else []
                tail = _last_words(same, _CONTEXT_WORDS) if i < len(opcodes) - 1 else []
                out.append(str(escape("".join(head))) + " … " + str(escape("".join(tail))))
            else:
                out.append(str(escape("".join(same))))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return Markup("".join(out))


def _first_words(tokens: list[str], n: int) -> list[str]:
    out, words = [], 0
    for t in tokens:
        if not t.isspace():
            words += 1
            if words > n:
                break
        out.append(t)
    return out


def _last_words(tokens: list[str], n: int) -> list[str]:
    return list(reversed(_first_words(list(reversed(tokens)), n)))


def field_changes(old: dict[str, Any] | None, new: dict[str, Any] | None,
                  labels: dict[str, str], value_label=lambda name, value: value) -> list[FieldChange]:
    """The fields that differ from ``old`` to ``new`` (case data), in the documented order."""
    a, b = flatten(old), flatten(new)
    names = [n for n in ORDER if n in a or n in b] + sorted((set(a) | set(b)) - set(ORDER))
    changes = []
    for name in names:
        before, after = a.get(name), b.get(name)
        if before == after or (not before and not after):
            continue
        change = FieldChange(name, labels.get(name, name), before, after)
        if name in LIST_FIELDS:
            old_items, new_items = list(before or []), list(after or [])
            change.added = [value_label(name, v) for v in new_items if v not in old_items]
            change.removed = [value_label(name, v) for v in old_items if v not in new_items]
        else:
            change.diff = word_diff(_shown(value_label(name, before) if before is not None else ""),
                                    _shown(value_label(name, after) if after is not None else ""))
        changes.append(change)
    return changes


# ---- merging ------------------------------------------------------------------------------------

MERGE_MARK = "--- Den gemte version (flet selv resten) ---"


def _edits(base: list[str], other: list[str]) -> list[tuple[int, int, list[str]]]:
    return [(i1, i2, other[j1:j2]) for tag, i1, i2, j1, j2
            in difflib.SequenceMatcher(None, base, other, autojunk=False).get_opcodes() if tag != "equal"]


def merge_text(base: str | None, mine: str, theirs: str) -> str:
    """Both editors' changes to a text: line by line when they touch different lines; otherwise
    my text, then a marked line, then theirs, for the editor to finish."""
    if mine == theirs or theirs == base:
        return mine
    if mine == base:
        return theirs
    if base is not None:
        lines = base.splitlines(keepends=True)
        mine_edits = _edits(lines, mine.splitlines(keepends=True))
        their_edits = _edits(lines, theirs.splitlines(keepends=True))
        overlap = any(m1 <= t2 and t1 <= m2 for m1, m2, _ in mine_edits for t1, t2, _ in their_edits)
        if not overlap:
            merged = list(lines)
            for i1, i2, repl in sorted(mine_edits + their_edits, key=lambda e: e[0], reverse=True):
                merged[i1:i2] = repl
            return "".join(merged)
    return f"{mine.rstrip()}\n\n{MERGE_MARK}\n\n{theirs.strip()}\n"


def merge_list(base: list | None, mine: list, theirs: list) -> list:
    """Their list with what I added and without what I took away."""
    base = list(base or [])
    added = [v for v in mine if v not in base]
    removed = {v for v in base if v not in mine}
    merged = [v for v in theirs if v not in removed]
    return merged + [v for v in added if v not in merged]


def merge_value(name: str, base: Any, mine: Any, theirs: Any) -> Any:
    if name in LIST_FIELDS:
        return merge_list(base, list(mine or []), list(theirs or []))
    if name in TEXT_FIELDS:
        return merge_text(base, str(mine or ""), str(theirs or ""))
    return mine


def default_choice(name: str, base: dict | None, mine: dict, theirs: dict) -> str:
    """What to take for a field by default: theirs when only they changed it, mine otherwise."""
    if base is not None and mine.get(name) == base.get(name) and theirs.get(name) != base.get(name):
        return "theirs"
    if base is not None and name in (LIST_FIELDS + TEXT_FIELDS) and mine.get(name) != base.get(name) \
            and theirs.get(name) != base.get(name):
        return "merge"
    return "mine"


def resolve(base: dict | None, mine: dict, theirs: dict, choices: dict[str, str]) -> dict[str, Any]:
    """Case data with, per differing field, theirs, mine or both merged as ``choices`` says."""
    b, m, t = (flatten(base) if base is not None else None), flatten(mine), flatten(theirs)
    out = dict(m)
    for name in set(m) | set(t):
        if m.get(name) == t.get(name):
            continue
        choice = choices.get(name) or default_choice(name, b, m, t)
        if choice == "theirs":
            value = t.get(name)
        elif choice == "merge":
            value = merge_value(name, (b or {}).get(name), m.get(name), t.get(name))
        else:
            value = m.get(name)
        if value in (None, "", []) and name != "partner":
            out.pop(name, None)
        else:
            out[name] = value
    return unflatten(out)
