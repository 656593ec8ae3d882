"""Every setting of a run, with its default, in one place: ``Settings`` (and the aligner's own,
``AlignSettings``, nested in it as ``Settings.align``).

The API, the command line, the batch and the review desk make their ``Settings`` here and nowhere
else (docs/settings.md):

* ``build_settings(config, ...)``: a ``qualcheck.toml`` (``[qualcheck]`` defaults, ``[severity]``
  policy; the glossary, house rules and accepted findings it names read from their files), then the
  given options;
* ``Settings.with_options(**options)``: one option by name onto the field that holds it, in
  ``Settings`` or in ``AlignSettings`` (an unknown name is refused with the nearest known ones);
* ``api_settings(config, **options)``: what ``qualcheck.check()`` starts from: the ``config`` file,
  else the file ``$QUALCHECK_CONFIG`` names, else the defaults (the API never reads the caller's
  working directory on its own).

A check reads its settings as ``doc.settings.<field>`` and declares them at registration
(``@register(..., settings=(...))``); engine choices that environment variables make are read
here, as the defaults of their fields, and nowhere else.
"""
from __future__ import annotations

import copy
import difflib
import os
from dataclasses import asdict, dataclass, field, fields
from typing import Optional

from .align import AlignSettings
from .cache import DEFAULT_CACHE_MAX_MB
from .cap import DEFAULT_MAX_FINDINGS
from .errors import InputError
from .workflow.glossary import load_glossary
from .load import DEFAULT_MAX_CHARS
from .workflow.policy import load_config, read_baseline
from .workflow.rules import load_rules

FAIL_ON = ("never", "major", "minor")
CONFIG_ENV = "QUALCHECK_CONFIG"  # the API's qualcheck.toml, when check() is given no config=
NER_ENV = "QUALCHECK_NER"  # "heuristic" forces the names check's shape rules (Settings.ner_engine)
FRAGMENTS_ENV = "QUALCHECK_FRAGMENTS_ENGINE"  # "rules" forces the fragments check's word lists
NER_ENGINES = ("auto", "heuristic")
FRAGMENTS_ENGINES = ("auto", "rules")
# fields left out of the report's record of the settings: they change no finding (progress, the
# cache's bound), or the engine they choose is recorded where it is used (check_info: names_engine,
# fragments_engine)
NOT_RECORDED = ("progress", "cache_max_mb", "ner_engine", "fragments_engine")


def _env_choice(name: str, choices: tuple[str, ...]) -> str:
    """The environment's choice among ``choices`` (any other value: the first, "auto")."""
    value = os.environ.get(name, "").strip().lower()
    return value if value in choices else choices[0]


@dataclass
class Settings:
    model: Optional[str] = None  # None: the default of models.txt
    min_similarity: float = 0.75  # an aligned group below this cosine is a `mismatch`
    pair_gate: bool = True  # the pair checks run only on pairs the confidence gate takes for translations (gate.py)
    fail_on: str = "major"
    max_chars: int = DEFAULT_MAX_CHARS
    max_findings: int = DEFAULT_MAX_FINDINGS  # findings listed per report, most severe first; the rest counted (cap.py)
    checks: Optional[list[str]] = None  # None: every registered check
    cache_dir: Optional[str] = None  # on-disk embedding cache
    cache_max_mb: int = DEFAULT_CACHE_MAX_MB  # its size bound (least recently used rows go first); 0: none
    progress: bool = False
    # input format (readers/): None detects it from the extension and the content; "docx", "pdf", "srt",
    # "vtt", "html", "markdown", "text" forces both sides; "docx,pdf" each side (reference, candidate)
    input_format: Optional[str] = None
    # subtitle checks (checks/subtitles.py), on a candidate read from SRT or WebVTT
    subtitle_max_cps: float = 17.0  # reading speed: characters a second a cue may ask for
    subtitle_max_line: int = 42  # characters on one line of a cue
    # engines of the checks: "auto" uses spaCy when its pipeline is installed; QUALCHECK_NER=heuristic and
    # QUALCHECK_FRAGMENTS_ENGINE=rules force the fallbacks (for comparisons)
    ner_engine: str = field(default_factory=lambda: _env_choice(NER_ENV, NER_ENGINES))
    fragments_engine: str = field(default_factory=lambda: _env_choice(FRAGMENTS_ENV, FRAGMENTS_ENGINES))
    align: AlignSettings = field(default_factory=AlignSettings)
    # editor workflow (qualcheck/policy.py, glossary.py, rules.py)
    glossary: list = field(default_factory=list)  # GlossaryEntry
    rules: list = field(default_factory=list)  # Rule
    severity_policy: dict = field(default_factory=dict)  # category prefix -> blocking|warning|info|off
    accepted: dict = field(default_factory=dict)  # finding id -> baseline entry
    show_accepted: bool = False

    def as_dict(self) -> dict:
        d = asdict(self)
        for name in NOT_RECORDED:
            d.pop(name, None)
        d["glossary"] = len(self.glossary)
        d["rules"] = [r.id for r in self.rules]
        d["accepted"] = len(self.accepted)
        return d

    def with_options(self, **options) -> "Settings":
        """A copy with each option set on the field of its name, in ``Settings`` or in its nested
        ``AlignSettings`` (``min_similarity=0.8``, ``max_group=4``); ``self`` when there is none.
        Raises ``TypeError`` for a name neither knows (naming the nearest known ones) or both
        know, and ``InputError`` for a ``fail_on`` not in ``FAIL_ON``."""
        if not options:
            return self
        st = copy.deepcopy(self)
        for name, value in options.items():
            target = route(name)
            if target == "align":
                setattr(st.align, name, value)
            else:
                setattr(st, name, value)
        check_fail_on(st.fail_on)
        return st


SETTINGS_FIELDS = frozenset(f.name for f in fields(Settings))
ALIGN_FIELDS = frozenset(f.name for f in fields(AlignSettings))


def route(name: str) -> str:
    """Where option ``name`` lives: ``"settings"`` (a field of ``Settings``) or ``"align"`` (of
    ``AlignSettings``). Raises ``TypeError`` for an unknown or ambiguous name."""
    owners = [owner for owner, names in (("settings", SETTINGS_FIELDS), ("align", ALIGN_FIELDS)) if name in names]
    if len(owners) == 1:
        return owners[0]
    if owners:
        raise TypeError(f"option {name!r} is ambiguous: both Settings and AlignSettings have it; "
                        f"set it on Settings().{name} or Settings().align.{name}")
    near = difflib.get_close_matches(name, sorted(SETTINGS_FIELDS | ALIGN_FIELDS), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(near)}?" if near else "; see qualcheck.settings.Settings and AlignSettings"
    raise TypeError(f"unknown option {name!r}{hint}")


def check_fail_on(value: str) -> None:
    if value not in FAIL_ON:
        raise InputError(f"fail_on must be one of {', '.join(FAIL_ON)}, not {value!r}")


def build_settings(config=None, *, model: Optional[str] = None, min_similarity: Optional[float] = None,
                   fail_on: Optional[str] = None, glossary=None, rules=None, baseline=None,
                   show_accepted: bool = False, max_chars: Optional[int] = None,
                   max_group: Optional[int] = None, no_margin: bool = False, **options) -> Settings:
    """Settings as the CLI and the desk make them: the given options, else ``qualcheck.toml`` in the
    working directory (or ``config``), else the defaults; the glossary, house rules and accepted
    findings read from the files they name; then ``options`` (``Settings.with_options``). Raises
    ``InputError`` on a bad file or value."""
    cfg = load_config(config)
    glossary = glossary or cfg.options.get("glossary")
    rules = rules or cfg.options.get("rules")
    baseline = baseline or cfg.options.get("baseline")
    fail = fail_on or cfg.options.get("fail_on", "major")
    check_fail_on(fail)
    if max_chars is None:
        max_chars = whole_number(cfg.options.get("max_chars", DEFAULT_MAX_CHARS), "max_chars", minimum=1)
    st = Settings(model=model or cfg.options.get("model"), fail_on=fail, max_chars=max_chars)
    st.glossary = load_glossary(glossary) if glossary else []
    st.rules = load_rules(rules) if rules else []
    st.severity_policy = cfg.severity
    st.accepted = read_baseline(baseline) if baseline else {}
    st.show_accepted = show_accepted
    if min_similarity is None:
        min_similarity = cfg.options.get("min_similarity")
    if min_similarity is not None:
        st.min_similarity = float(min_similarity)
    if max_group is not None:
        st.align.max_group = max_group
    if no_margin:
        st.align.use_margin = False
    if cfg.options.get("cache_max_mb") is not None:
        st.cache_max_mb = cache_max_mb(cfg.options["cache_max_mb"])
    if cfg.options.get("max_findings") is not None:
        st.max_findings = int(cfg.options["max_findings"])
    return st.with_options(**options)


def api_settings(config=None, **options) -> Settings:
    """The settings ``qualcheck.check()`` starts from: ``config`` (a ``qualcheck.toml``), else the file
    ``$QUALCHECK_CONFIG`` names, else the defaults; then ``options``. Unlike the CLI, the API does
    not read ``./qualcheck.toml`` unasked (docs/settings.md)."""
    path = config if config is not None else (os.environ.get(CONFIG_ENV) or None)
    st = build_settings(path) if path is not None else Settings()
    return st.with_options(**options)


def whole_number(value, name: str, minimum: int = 0) -> int:
    """A count from qualcheck.toml (``max_chars = 200000``), or a one-line ``InputError``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InputError(f"{name} = {value!r}: give a whole number (at least {minimum})")
    return value


def cache_max_mb(value) -> int:
    """The disk cache's size bound in MB (0: none), from qualcheck.toml or --cache-max-mb."""
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).strip().isdigit():
        raise InputError(f"cache_max_mb = {value!r}: give a whole number of megabytes (0: no bound)")
    return int(value)
