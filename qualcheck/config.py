"""Run settings shared by the stages (one object, passed down; the CLI maps its options onto it)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Optional

from .align import AlignSettings
from .cache import DEFAULT_CACHE_MAX_MB
from .cap import DEFAULT_MAX_FINDINGS
from .load import DEFAULT_MAX_CHARS

FAIL_ON = ("never", "major", "minor")


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
    align: AlignSettings = field(default_factory=AlignSettings)
    # editor workflow (qualcheck/policy.py, glossary.py, rules.py)
    glossary: list = field(default_factory=list)  # GlossaryEntry
    rules: list = field(default_factory=list)  # Rule
    severity_policy: dict = field(default_factory=dict)  # category prefix -> blocking|warning|info|off
    accepted: dict = field(default_factory=dict)  # finding id -> baseline entry
    show_accepted: bool = False

    def as_dict(self) -> dict:
        d = asdict(self)
        d.pop("progress", None)
        d.pop("cache_max_mb", None)  # the cache's bound changes no finding
        d["glossary"] = len(self.glossary)
        d["rules"] = [r.id for r in self.rules]
        d["accepted"] = len(self.accepted)
        return d


def build_settings(config=None, *, model: Optional[str] = None, min_similarity: Optional[float] = None,
                   fail_on: Optional[str] = None, glossary=None, rules=None, baseline=None,
                   show_accepted: bool = False, max_chars: int = DEFAULT_MAX_CHARS,
                   max_group: Optional[int] = None, no_margin: bool = False) -> Settings:
    """Settings as the CLI and the desk make them: the given options, else ``qualcheck.toml`` in the
    working directory (or ``config``), else the defaults; the glossary, house rules and accepted
    findings read from the files they name. Raises ``InputError`` on a bad file or value."""
    from .workflow.glossary import load_glossary
    from .workflow.policy import load_config, read_baseline
    from .workflow.rules import load_rules

    cfg = load_config(config)
    glossary = glossary or cfg.options.get("glossary")
    rules = rules or cfg.options.get("rules")
    baseline = baseline or cfg.options.get("baseline")
    fail = fail_on or cfg.options.get("fail_on", "major")
    if fail not in FAIL_ON:
        from .errors import InputError

        raise InputError(f"fail_on must be one of {', '.join(FAIL_ON)}, not {fail!r}")
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
    return st


def cache_max_mb(value) -> int:
    """The disk cache's size bound in MB (0: none), from qualcheck.toml or --cache-max-mb."""
    from .errors import InputError

    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).strip().isdigit():
        raise InputError(f"cache_max_mb = {value!r}: give a whole number of megabytes (0: no bound)")
    return int(value)
