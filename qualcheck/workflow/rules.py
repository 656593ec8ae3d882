"""House rules: forbidden and required words or patterns, from a TOML or YAML file.

TOML::

    [[rule]]
    id = "kyiv"                      # optional; defaults to the pattern
    pattern = '\\bKiev\\b'            # a regular expression (Python syntax)
    kind = "forbidden"               # or "required": must appear somewhere in the candidate
    category = "style.place-name"    # default: "rule.forbidden" / "rule.required"
    severity = "major"               # major | minor | info (default minor)
    message = "House style is Kyiv."
    suggestion = "Kyiv"
    ignore_case = false

YAML: the same keys under a top-level ``rules:`` list. Every pattern is compiled once at
load; a bad pattern is a one-line error naming the rule.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the same parser as the tomli package
    import tomli as tomllib

from ..errors import InputError
from ..load import read_settings_file
from ..types import SEVERITIES

try:
    import yaml
except ImportError:  # a dependency, but only YAML rules need it: they say so (_read)
    yaml = None

KINDS = ("forbidden", "required")


@dataclass(frozen=True)
class Rule:
    id: str
    regex: re.Pattern
    kind: str = "forbidden"
    category: str = ""
    severity: str = "minor"
    message: str = ""
    suggestion: str = ""
    side: str = "candidate"

    @property
    def category_name(self) -> str:
        return self.category or f"rule.{self.kind}"


def _read(path: Path) -> dict:
    text = read_settings_file(path, "rules file")
    if path.suffix.lower() in (".yaml", ".yml"):
        if yaml is None:
            raise InputError(f"{path}: YAML rules need PyYAML: pip install pyyaml (or write the rules in TOML)")
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise InputError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    else:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise InputError(f"{path}: not valid TOML ({exc})") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a table of rules (`[[rule]]` in TOML, `rules:` in YAML)")
    return data


def parse_rules(data: dict, name: str = "<rules>") -> list[Rule]:
    items = data.get("rule", data.get("rules", []))
    if not isinstance(items, list) or not items:
        raise InputError(f"{name}: no rules found (expected `[[rule]]` tables in TOML or a `rules:` list in YAML)")
    rules = []
    for k, item in enumerate(items, 1):
        if not isinstance(item, dict) or not item.get("pattern"):
            raise InputError(f"{name}: rule {k} has no `pattern`")
        rid = str(item.get("id") or item["pattern"])
        kind = str(item.get("kind", "forbidden")).lower()
        if kind not in KINDS:
            raise InputError(f"{name}: rule {rid!r}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
        sev = str(item.get("severity", "minor")).lower()
        if sev not in SEVERITIES:
            raise InputError(f"{name}: rule {rid!r}: severity must be one of {', '.join(SEVERITIES)}, not {sev!r}")
        flags = re.I if item.get("ignore_case") else 0
        try:
            regex = re.compile(str(item["pattern"]), flags)
        except re.error as exc:
            raise InputError(f"{name}: rule {rid!r}: bad pattern {item['pattern']!r}: {exc}") from None
        rules.append(Rule(
            id=rid, regex=regex, kind=kind, category=str(item.get("category", "")), severity=sev,
            message=str(item.get("message", "")), suggestion=str(item.get("suggestion", "")),
            side=str(item.get("side", "candidate")),
        ))
    return rules


def load_rules(path: str | Path) -> list[Rule]:
    p = Path(path)
    return parse_rules(_read(p), str(p))
