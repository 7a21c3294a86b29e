"""Safe YAML loading that remembers where every value stood.

Error messages name the line of the field that is wrong, so editors can find it. We compose the
node tree once (PyYAML's safe loader), record the line of each path, and construct the data from
the same tree. Anchors and aliases are refused: case files never need them, and they are how a
"billion laughs" file blows up memory.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Path = tuple  # a path into the document: ("contact", "url") or ("area", 1)


class YamlProblem(Exception):
    """The text is not YAML we accept; ``line`` is 1-based."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class LocatedYaml:
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int:
        """The line of ``path``, or of its nearest parent that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


class _AnchorlessComposer(yaml.composer.Composer):
    """PyYAML's composer, refusing anchors and aliases."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise YamlProblem(
                "anchors and aliases (*name) are not allowed in case files",
                event.start_mark.line + 1,
            )
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise YamlProblem(
                f"anchors (&{anchor}) are not allowed in case files", event.start_mark.line + 1
            )
        return super().compose_node(parent, index)


class _Loader(_AnchorlessComposer, yaml.SafeLoader):
    """The pure-Python safe loader, without anchors: the reference, and the source of the error
    messages editors see (libyaml words its errors differently)."""


try:
    from yaml._yaml import CParser  # PyYAML built with libyaml
except ImportError:
    CParser = None

if CParser is not None:
    class _FastLoader(_AnchorlessComposer, CParser, yaml.constructor.SafeConstructor,
                      yaml.resolver.Resolver):
        """libyaml's scanner and parser under the same composer and constructor: the same nodes,
        marks and data as :class:`_Loader`, several times faster on a large collection."""

        def __init__(self, stream):
            CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
else:  # PyYAML built without libyaml: the pure-Python loader does everything
    _FastLoader = None


def _record_lines(node, path: Path, lines: dict) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: dict = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:  # PyYAML keeps the last silently: the first would be lost
                raise YamlProblem(f"'{key}' is given twice (also on line {seen[key]}); keep one", line)
            seen[key] = line
            lines[path + (key,)] = key_node.start_mark.line + 1
            _record_lines(value_node, path + (key,), lines)
            lines[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _record_lines(item, path + (i,), lines)


def load_located(text: str, fast: bool = True) -> LocatedYaml:
    """Parse ``text``; raise :class:`YamlProblem` with a line number when it is not valid.

    Valid text is read with libyaml when PyYAML has it (``fast``); text it refuses is read again
    by the pure-Python loader, whose messages (and lines) are the ones editors are shown.
    """
    if fast and _FastLoader is not None:
        try:
            return _load(text, _FastLoader)
        except Exception:  # noqa: BLE001 - the reference loader below says what is wrong
            pass
    return _load(text, _Loader)


def _load(text: str, loader_class) -> LocatedYaml:
    try:
        loader = loader_class(text)  # checks for characters YAML does not allow
        try:
            node = loader.get_single_node()
            if node is None:
                return LocatedYaml(data=None, lines={(): 1})
            lines: dict[Path, int] = {}
            _record_lines(node, (), lines)
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except YamlProblem:
        raise
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise YamlProblem(f"the text holds a character YAML does not allow (#x{exc.character:04x}, "
                          f"a control character or binary data)", line) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or exc.context or "invalid YAML"
        context = exc.context or ""
        if exc.context_mark and "flow" in context and exc.context_mark.line + 1 != line:
            # an unclosed [list] or {mapping}: point at where it starts, not where parsing gave up
            opened = exc.context_mark.line + 1
            raise YamlProblem(f"invalid YAML: the {context.split()[-1]} opened here is not closed "
                              f"({what} on line {line})", opened) from None
        if exc.context_mark and "quoted" in context and exc.context_mark.line + 1 != line:
            raise YamlProblem(f"invalid YAML: the quotation mark on this line is not closed "
                              f"({what} on line {line})", exc.context_mark.line + 1) from None
        raise YamlProblem(f"invalid YAML: {what}", line) from None
    except RecursionError:
        raise YamlProblem("invalid YAML: lists or mappings are nested too deeply", 1) from None
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        raise YamlProblem(f"invalid YAML: {exc}", 1) from None
    return LocatedYaml(data=data, lines=lines)
