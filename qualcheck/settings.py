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


# The aligner's settings. Each field names the part of the aligner that reads it: the DP core
# (align/core.py, scorer.py, band.py) or one of the passes (align/passes/*.py, each listing the fields it
# reads in its SETTINGS and the one that switches it off in its OFF; bench/align.py --ablate measures
# each that way).
@dataclass
class AlignSettings:
    # --- the DP core (core.py, scorer.py)
    max_group: int = 4  # core: largest x+y of a bead: 4 allows 1-1, 1-2, 2-1, 1-3, 2-2, 3-1
    knn: int = 3  # core: neighbourhood size of the margin
    use_margin: bool = True  # core (and moved): margins (cosine minus the neighbourhoods' mean) instead of raw cosines
    skip_percentile: float = 75.0  # core: percentile of the document's null margins a bead must beat
    min_pair_similarity: float = 0.4  # core (and moved_blocks): absolute cosine floor for any pair
    group_penalty: float = 0.04  # core: per extra sentence in a group
    member_margin: float = -0.15  # core: each member of a group must beat its own neighbourhood by this
    window: int = 8  # core (corridor.py): half-width (sentences) of the corridor around the coarse path (long inputs)
    full_cells: int = 250_000  # core (corridor.py): above n*m cells: coarse-to-fine in a corridor, no full matrix
    group_gain: Optional[float] = 0.0  # core: a group's cosine must beat its best single pair by this (None: off)
    group_relief: float = 0.03  # core: ... less this when every member points at the other side by strong_member
    strong_member: float = 0.0  # core: ... (see group_relief)
    # --- split_diagonal (a rule of the DP, also applied to the groups attach_lone grows)
    split_diagonal: bool = True  # split_diagonal: an a-a group that pairs off on its diagonal is refused (1-1 pairs win)
    diagonal_min_similarity: float = 0.3  # split_diagonal: each diagonal pair's cosine floor; moved: block_best's
    # --- long groups (core and the attach_lone pass)
    long_group: int = 6  # core, attach_lone: 1-k and k-1 beads up to k = this (beyond
    # max_group; 0, or max_group < 4: off) ...
    cover_min: float = 0.3  # core, attach_lone: ... a member passes the member rule when this
    # share of its content words is in the other side's sentence (cover.containment)
    # --- moved (passes/moved.py)
    moved_pairs: bool = True  # moved: pair leftovers that are each other's clear best match (off: no moved pass)
    moved_similarity: float = 0.5  # moved: ... at least this cosine
    moved_blocks: bool = True  # moved: a moved block grows along its diagonal (passes/moved.py: extend_blocks)
    # --- in_order (passes/in_order.py)
    in_order: bool = True  # in_order: the beads put back in document order after the moved pass
    # --- resplit (passes/resplit.py)
    resplit_min_similarity: Optional[float] = 0.4  # resplit: a 2-1 group beside an added sentence becomes two 1-1
    # pairs if on the diagonal, each this cosine (None: off)
    # --- fill_gaps (passes/fill_gaps.py)
    gap_fill: bool = True  # fill_gaps: pair leftovers sandwiched between two in-order beads (off: the whole pass)
    gap_min_similarity: float = 0.45  # fill_gaps: a gap's pairs need this cosine at least (and the null's median)
    gap_slot_min_similarity: float = 0.2  # fill_gaps: a slot (as many leftovers a side) needs this (a stranger stays);
    # grow_groups: so does the next clause in order of a long group's sentence (clauses.SLOT)
    gap_diagonal: bool = True  # fill_gaps: an even gap whose sentences pair off on its diagonal gives 1-1 slots
    # --- attach_lone (passes/attach_lone.py)
    lone_attach: bool = True  # attach_lone: leftovers of one side alone between two in-order pairs join a
    # neighbour's group if the group holds the other side's sentence most similar to them nearby, ...
    lone_drop: float = 0.06  # attach_lone: ... the joined group's cosine falls by at most this
    lone_drop_ref: float = 0.0  # attach_lone: ... a reference leftover (an omission unless proven otherwise): this
    long_member_similarity: float = 0.45  # attach_lone: ... or (joining a long group) this cosine with the other side
    verbatim_min: float = 0.9  # attach_lone: a leftover found word for word (rapidfuzz partial ratio) inside its
    # neighbour group's other side joins it whatever the cosine says
    # --- grow_groups (passes/grow_groups/)
    grow_groups: bool = True  # grow_groups: a 1-k / k-1 group grows by each neighbouring leftover its single sentence
    # covers (cover_min of its words, or verbatim_min), unless the leftover has a better partner of its own; a lone
    # sentence beside several leftovers of the other side seeds such a group (off: the pass)
    grow_drop: float = 0.1  # grow_groups: the grown group's joined cosine may fall by at most this (verbatim: any)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class Settings:
    model: Optional[str] = None  # None: the default of models.txt
    # an aligned pair below this cosine is a `mismatch` whatever its meaning score says; None (the default): the
    # fitted pair score alone decides (a cosine floor flagged No-error and Major-error MQM pairs alike: 27% / 31%
    # at 0.75; bench/README.md "Pair score, branch pairscore")
    min_similarity: Optional[float] = None
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
