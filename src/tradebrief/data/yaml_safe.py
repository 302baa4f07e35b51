"""The one YAML loader for every input file (sources.yaml, claims files, batch files).

`yaml.safe_load` is safe from code execution but not from hostile *shapes*: an alias bomb expands
to gigabytes once anything walks it, 100,000-deep nesting overflows the stack, a 5000-digit
integer trips Python's int-conversion limit, and a duplicate key silently keeps the last value.
`load_yaml` bounds all of these before anything is built, and every refusal is one line naming
the file and line, echoing at most a short excerpt of the input.

Checks run in two passes: the libyaml event stream (fast, no objects built) bounds nesting depth,
aliases and the size of the document once aliases are expanded; the construction pass refuses
duplicate keys and oversized integers.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

#: Longest excerpt of an input ever echoed in an error message (characters).
EXCERPT_CHARS = 60


@dataclass(frozen=True)
class YamlLimits:
    """Bounds on one YAML input; the defaults are far above every shipped file."""

    max_bytes: int = 16 * 1024 * 1024   # data/sources.yaml is ~140 KB
    max_depth: int = 64                 # shipped files nest at most 4 levels
    max_aliases: int = 1000             # shipped files use none
    max_nodes: int = 1_000_000          # scalars + collections once aliases are expanded
    max_int_digits: int = 20            # a year, a count or a US$ value fits in 20 digits


DEFAULT_LIMITS = YamlLimits()


def excerpt(value: object, limit: int = EXCERPT_CHARS) -> str:
    """`repr(value)` cut to `limit` characters; never walks more of a large value than it shows."""
    if isinstance(value, (dict, list, tuple)) and len(value) > limit:
        value = list(value)[:limit] if not isinstance(value, dict) else dict(list(value.items())[:limit])
    text = _bounded_repr(value, limit + 1)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _bounded_repr(value: object, limit: int) -> str:
    """repr that stops once `limit` characters are produced (an alias-expanded value may be huge)."""
    if isinstance(value, dict):
        parts, size = [], 1
        for k, v in value.items():
            part = f"{_bounded_repr(k, limit)}: {_bounded_repr(v, limit)}"
            parts.append(part)
            size += len(part) + 2
            if size > limit:
                break
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, (list, tuple)):
        parts, size = [], 1
        for v in value:
            part = _bounded_repr(v, limit)
            parts.append(part)
            size += len(part) + 2
            if size > limit:
                break
        return "[" + ", ".join(parts) + "]"
    text = repr(value)
    return text[: limit + 1]


class _Refused(Exception):
    """Raised inside the loader; turned into the caller's error type with file and line."""

    def __init__(self, problem: str, mark: yaml.Mark | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.mark = mark


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.lru_cache(maxsize=8)
def _loader_class(limits: YamlLimits) -> type:
    class Loader(_BaseLoader):  # type: ignore[misc, valid-type]
        """SafeLoader that refuses duplicate keys and oversized integers."""

        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
            seen: dict[object, yaml.Node] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue  # `<<: *defaults` overrides on purpose
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.get(key)
                except TypeError:
                    raise _Refused(f"mapping key {excerpt(key)} is not a plain value", key_node.start_mark) from None
                if first is not None:
                    raise _Refused(f"duplicate key {excerpt(key)} (first at line {first.start_mark.line + 1}); "
                                   "each key may appear once", key_node.start_mark)
                seen[key] = key_node
            return super().construct_mapping(node, deep=deep)

        def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
            digits = sum(ch.isdigit() for ch in str(node.value))
            if digits > limits.max_int_digits:
                raise _Refused(f"integer of {digits} digits; at most {limits.max_int_digits} are accepted",
                               node.start_mark)
            return super().construct_yaml_int(node)

    Loader.add_constructor("tag:yaml.org,2002:int", Loader.construct_yaml_int)
    Loader.add_constructor("tag:yaml.org,2002:map", Loader.construct_yaml_map)
    return Loader


def _check_shape(text: str, limits: YamlLimits) -> None:
    """Depth, aliases and expanded size from the event stream, before any object is built."""
    depth = 0
    aliases = 0
    total = 0  # nodes so far, counting each alias as the size of what it expands to
    sizes: dict[str, int] = {}
    open_anchors: list[tuple[str | None, int]] = []  # (anchor, total when the collection opened)
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > limits.max_depth:
                raise _Refused(f"nested more than {limits.max_depth} levels deep", event.start_mark)
            open_anchors.append((event.anchor, total))
            total += 1
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
            anchor, started = open_anchors.pop()
            if anchor is not None:
                sizes[anchor] = total - started
        elif isinstance(event, yaml.ScalarEvent):
            total += 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > limits.max_aliases:
                raise _Refused(f"more than {limits.max_aliases} aliases (*name)", event.start_mark)
            if any(anchor == event.anchor for anchor, _ in open_anchors):
                raise _Refused(f"alias *{event.anchor[:30]} refers to a collection that contains it",
                               event.start_mark)
            if event.anchor not in sizes:
                raise _Refused(f"alias *{event.anchor[:30]} has no anchor before it", event.start_mark)
            total += sizes[event.anchor]
        if total > limits.max_nodes:
            raise _Refused(f"expands to more than {limits.max_nodes:,} values once aliases are resolved "
                           "(an alias bomb?)", getattr(event, "start_mark", None))


def _location(mark: yaml.Mark | None) -> str:
    return f", line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""


def _yaml_problem(exc: yaml.YAMLError) -> tuple[str, yaml.Mark | None]:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).strip().splitlines()[0]
    return excerpt(problem, 120).strip("'\""), mark


def parse_yaml(text: str, *, name: str, error: Callable[[str], Exception],
               limits: YamlLimits = DEFAULT_LIMITS) -> object:
    """Parse YAML text under `limits`; any problem raises `error("<name>, line L, column C: ...")`."""
    if len(text) > limits.max_bytes:
        raise error(f"{name}: {len(text):,} characters; at most {limits.max_bytes:,} are accepted")
    try:
        _check_shape(text, limits)
        return yaml.load(text, Loader=_loader_class(limits))  # a SafeLoader subclass
    except _Refused as exc:
        raise error(f"{name}{_location(exc.mark)}: {exc.problem}") from None
    except yaml.YAMLError as exc:
        problem, mark = _yaml_problem(exc)
        raise error(f"{name}{_location(mark)}: not valid YAML ({problem})") from None
    except RecursionError:
        raise error(f"{name}: nested too deeply to read") from None


def load_yaml(path: Path | str, *, error: Callable[[str], Exception],
              limits: YamlLimits = DEFAULT_LIMITS) -> object:
    """Read and parse a YAML file under `limits`; the size is checked before the file is read."""
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > limits.max_bytes:
            raise error(f"{file}: {size:,} bytes; at most {limits.max_bytes:,} are accepted for a YAML input")
        raw = file.read_bytes()
    except OSError as exc:
        raise error(f"{file}: cannot be read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"{file}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    return parse_yaml(text, name=str(file), error=error, limits=limits)


__all__ = ["DEFAULT_LIMITS", "EXCERPT_CHARS", "YamlLimits", "excerpt", "load_yaml", "parse_yaml"]
