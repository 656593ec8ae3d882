"""Stage 1a: read an input file into text, refusing what is not text with a clear message.

What is accepted, refused and assumed is listed in docs/inputs.md. Every
assumption (an encoding guessed, NUL bytes or invisible characters ignored, Markdown or
HTML markup taken out) is said in ``LoadedText.notes``, which the report carries as
``Document.notes`` (JSON: ``reference.notes``/``candidate.notes``).
"""
from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path
from typing import Optional

from .clean import INVISIBLE, looks_like_markdown
from .decode import control_ratio, decode, script_of
from .errors import InputError
from .readers import FILE_FORMATS, detect, normalise_format, read
from .readers.subtitles import read_text
from .types import LoadedText

DEFAULT_MAX_CHARS = 5_000_000  # ~ a 1,000-page book; --max-chars lifts it

_MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_VISIBLE = re.compile(r"[^\s\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_HTML_RE = re.compile(r"^\s*(<!doctype html|<html\b|<head\b|<body\b)|<(p|div|span|article|br|script)\b[^<>]{0,2000}>", re.I)







def looks_like_html(text: str) -> bool:
    return bool(_HTML_RE.search(text[:20000]))


def detect_format(text: str, suffix: str = "") -> str:
    """"html", "markdown" or "text": from the file name's suffix if it says, else from the text."""
    suffix = suffix.lower()
    if suffix in _HTML_SUFFIXES or looks_like_html(text):
        return "html"

    if suffix in _MARKDOWN_SUFFIXES or looks_like_markdown(text):
        return "markdown"
    return "text"


def _text_notes(text: str, fmt: str) -> list[str]:
    notes = []

    n_inv = len(INVISIBLE.findall(text))
    if n_inv:
        notes.append(
            f"{n_inv:,} invisible or control character(s) (zero-width space, soft hyphen, byte-order mark, NUL...): "
            "left out of the sentence text, offsets still point into the original"
        )
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    kinds = [k for k, n in (("\\r\\n", crlf), ("\\r", cr), ("\\n", lf)) if n]
    if cr or len(kinds) > 1:
        notes.append(f"line endings {' and '.join(kinds)}: each read as one line break")
    if fmt == "html":
        notes.append("HTML: tags, comments, scripts and styles removed (listed), entities decoded")
    elif fmt == "markdown":
        notes.append("Markdown: markup removed (listed): heading and list markers, emphasis, link targets")
    return notes


def load_text(text: str, name: str = "<text>", max_chars: int = DEFAULT_MAX_CHARS, fmt: str | None = None) -> LoadedText:
    """Check text given directly (Python API) the same way a file is checked. ``fmt`` forces a format
    (``text``, ``markdown``, ``html``, ``srt``, ``vtt``); DOCX and PDF come as paths."""
    fmt = normalise_format(fmt)
    if fmt in ("docx", "pdf"):
        raise InputError(f"{name}: a {fmt.upper()} document is read from its file: give a pathlib.Path, not text")
    if not isinstance(text, str):
        raise InputError(f"{name}: expected text (str), got {type(text).__name__}")
    if len(text) > max_chars:
        raise InputError(
            f"{name}: {len(text):,} characters is more than the limit of {max_chars:,}; split it or raise --max-chars"
        )
    if not text.strip():
        raise InputError(f"{name}: is empty (no text to check)")
    if not _VISIBLE.search(text):
        raise InputError(f"{name}: has no visible text (only invisible or control characters)")
    if control_ratio(text) > 0.05:
        raise InputError(f"{name}: looks like binary data, not text; give a plain-text, Markdown or HTML file")
    if fmt in ("srt", "vtt"):
        return read_text(text, name, fmt)
    fmt = fmt or detect_format(text)
    return LoadedText(text=text, name=name, format=fmt, notes=_text_notes(text, fmt))


STDIN, STDIN_NAME = "-", "<stdin>"  # the path that means standard input, and its name in reports


def _kind(mode: int) -> str:
    for test, what in ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return what
    return "a special file"


def load_file(path: str | os.PathLike, max_chars: int = DEFAULT_MAX_CHARS, fmt: Optional[str] = None) -> LoadedText:
    """Read a reference or candidate file (``-``: standard input, named ``<stdin>``). Raises
    InputError with a one-line message; a FIFO, device or socket is refused without opening it.

    The format (``readers.detect``): ``fmt`` (``--from``) if given, else the extension confirmed
    from the content (a ``.txt`` that is really HTML or a PDF is read as what it is, with a note).
    Never reads more than ``4 * max_chars`` bytes (a character is at most 4 bytes in UTF-8):
    a bigger file is refused from its size, before it is read.
    """
    fmt = normalise_format(fmt)
    p = Path(path)
    name = STDIN_NAME if str(path) == STDIN else str(path)
    limit = 4 * max_chars
    too_big = (f"{name}: {{size}} bytes is more than the limit of {max_chars:,} characters; "
               "split it or raise --max-chars")
    try:
        if name == STDIN_NAME:
            data = sys.stdin.buffer.read(limit + 1)  # bounded read
        else:
            if not p.exists():
                raise InputError(f"{name}: no such file; check the path")
            if p.is_dir():
                raise InputError(f"{name}: is a directory, not a file; give a text file")
            st = p.stat()  # before any open: opening a FIFO with no writer blocks for ever
            if not stat.S_ISREG(st.st_mode):
                raise InputError(f"{name}: is {_kind(st.st_mode)}, not a regular file; give a text file, "
                                 f"or {STDIN} to read standard input")
            if st.st_size > limit:
                raise InputError(too_big.format(size=f"{st.st_size:,}"))
            with open(p, "rb") as fh:  # bounded read: a file growing while it is read cannot run away
                data = fh.read(limit + 1)
    except PermissionError:
        raise InputError(f"{name}: cannot be read (permission denied); check its permissions") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc}); give a regular text file") from None
    if len(data) > limit:
        raise InputError(too_big.format(size=f"more than {limit:,}"))
    if not data.strip():
        raise InputError(f"{name}: is empty (no text to check)")
    found, note = detect(data, p.suffix, fmt)
    if found in FILE_FORMATS:
        loaded = read(found, data, name, max_chars)
        if note:
            loaded.notes.insert(0, note)
        return loaded
    text, enc, notes = decode(data, name)
    loaded = load_text(text, name=name, max_chars=max_chars, fmt=fmt)
    if fmt is None and p.suffix.lower() in _MARKDOWN_SUFFIXES | _HTML_SUFFIXES:
        by_name = detect_format(text, p.suffix)
        if by_name != loaded.format:
            loaded.format = by_name
            loaded.notes = _text_notes(text, by_name)
    loaded.encoding = enc
    loaded.notes = notes + loaded.notes
    if fmt is None and loaded.format == "html" and p.suffix and p.suffix.lower() not in _HTML_SUFFIXES:
        loaded.notes.insert(0, f"named {p.suffix} but the content is HTML: read as HTML (--from forces a format)")
    return loaded


# --- language and script of the inputs: the default model is English-only --------------------------------
_ENGLISH_WORDS = frozenset(
    "the of and to in is that for it was with she said by at his her from be have has are were this "
    "an not but they which or who will their its been would had also than more after about we you our there "
    "when what one all can into if".split()
)
_MULTILINGUAL = re.compile(r"multilingual|labse|xlm|\bm3\b|bge-m3|distiluse|laser|muse|\bmulti\b|e5-(?!.*\ben\b)", re.I)
_LATIN_WORD = re.compile(r"[^\W\d_]+", re.U)


def read_settings_file(path: str | os.PathLike, what: str) -> str:
    """The text of a small UTF-8 file the user names (glossary, rules, config), or a one-line
    ``InputError`` naming ``what`` it was meant to be."""
    p = Path(path)
    try:
        return p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{p}: {what} not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{p}: cannot read the {what} ({exc})") from None


def english_share(text: str, sample: int = 5000) -> tuple[float, int]:
    """Share of common English function words among the words of a Latin-script text, and the word count."""
    words_ = [w.casefold() for w, _ in zip(_LATIN_WORD.findall(text[: sample * 12]), range(sample))]
    if not words_:
        return 0.0, 0
    return sum(w in _ENGLISH_WORDS for w in words_) / len(words_), len(words_)


def language_label(text: str) -> str:
    """``English``, ``Latin script, not English``, ``Han script``... (a rough guess for a warning, not a detector)."""
    script, _ = script_of(text)
    if script == "Latin":
        share, n = english_share(text)
        if n >= 30 and share < 0.08:
            return "Latin script, not English"
        return "English"
    return f"{script} script" if script != "none" else "no letters"


def is_multilingual(model_name: str) -> bool:
    return bool(_MULTILINGUAL.search(model_name or ""))


def input_warnings(reference, candidate, model_name: str) -> list[str]:
    """Warnings about the inputs for the report metadata and the CLI (``Document`` or text for each side).

    * the two sides look like different languages or scripts, or one is not English, while the
      model is English-only (the default all-MiniLM-L6-v2 is): alignment and similarity are unreliable;
    * a side has no sentence left after cleaning.
    """
    warnings: list[str] = []
    texts = {}
    for side, doc in (("reference", reference), ("candidate", candidate)):
        texts[side] = doc if isinstance(doc, str) else " ".join(doc.texts)
        if not isinstance(doc, str) and not doc.sentences:
            warnings.append(
                f"the {side} has no sentence left after cleaning ({len(doc.removed)} span(s) removed as debris): "
                "check the removed list of the report"
            )
    ref_lang, cand_lang = language_label(texts["reference"]), language_label(texts["candidate"])
    if is_multilingual(model_name) or "no letters" in (ref_lang, cand_lang):
        return warnings
    if ref_lang != cand_lang:
        warnings.append(
            f"the reference looks like {ref_lang} and the candidate like {cand_lang}, but the model {model_name} is "
            "English-only: alignment, similarity and mismatch findings are unreliable; compare texts in the same "
            "language or choose a multilingual model with --model (see `qualcheck models`)"
        )
    elif ref_lang != "English":
        warnings.append(
            f"both texts look like {ref_lang}, but the model {model_name} is English-only: alignment and similarity "
            "are unreliable; choose a multilingual model with --model (see `qualcheck models`)"
        )
    return warnings
