"""Stage 1a: read an input file into text, refusing what is not text with a clear message.

What is accepted, refused and assumed is listed in docs/inputs.md. Every
assumption (an encoding guessed, NUL bytes or invisible characters ignored, Markdown or
HTML markup taken out) is said in ``LoadedText.notes``, which the report carries as
``Document.notes`` (JSON: ``reference.notes``/``candidate.notes``).
"""
from __future__ import annotations

import codecs
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .errors import InputError

DEFAULT_MAX_CHARS = 5_000_000  # ~ a 1,000-page book; --max-chars lifts it

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# file signatures of formats people send instead of text: refused with what to do instead
_MAGIC = (
    (b"%PDF-", "a PDF document; export it as plain text"),
    (b"PK\x03\x04", "a ZIP archive but not a DOCX (an .odt or .epub?); save it as .docx or export it as plain text"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (.doc?); save it as .docx or as plain text"),
    (b"{\\rtf", "an RTF document; save it as .docx or as plain text"),
    (b"\x1f\x8b", "gzip-compressed; decompress it first"),
    (b"\xfd7zXZ\x00", "xz-compressed; decompress it first"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image, not text"),
    (b"\xff\xd8\xff", "a JPEG image, not text"),
    (b"GIF8", "a GIF image, not text"),
    (b"\x7fELF", "a program (ELF binary), not text"),
)
_MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_VISIBLE = re.compile(r"[^\s\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_HTML_RE = re.compile(r"^\s*(<!doctype html|<html\b|<head\b|<body\b)|<(p|div|span|article|br|script)\b[^<>]{0,2000}>", re.I)




@dataclass
class LoadedText:
    text: str
    name: str
    encoding: str = "utf-8"
    format: str = "text"
    notes: list[str] = field(default_factory=list)
    layout: Optional[object] = None  # readers.Layout for DOCX, PDF and subtitles: removed spans, places


def _magic(data: bytes) -> str | None:
    for sig, what in _MAGIC:
        if data.startswith(sig) and what:
            if sig == b"{\\rtf" or b"\x00" in data[:4096] or sig in (b"%PDF-", b"\x1f\x8b"):
                return what
    return None


def decode(data: bytes, name: str = "<input>") -> tuple[str, str, list[str]]:
    """Decode bytes to text: BOM, then strict UTF-8, then charset detection. Refuses binary."""
    notes: list[str] = []
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{name}: starts with a {enc} byte-order mark but does not decode as {enc} ({exc.reason}); "
                    "re-save it as UTF-8"
                ) from None
            if enc != "utf-8-sig":
                notes.append(f"decoded as {enc.upper()} (byte-order mark)")
            return text, enc, notes
    what = _magic(data)
    if what:
        raise InputError(f"{name}: is {what}")
    nuls = data.count(0)
    if nuls:
        # UTF-16 without BOM has NULs every other byte; text with a few stray NULs is still text
        even, odd = data[0:4096:2].count(0), data[1:4096:2].count(0)
        probe = len(data[:4096]) // 2 or 1
        if odd / probe > 0.9 and even / probe < 0.1:
            return _utf16(data, "utf-16-le", name)
        if even / probe > 0.9 and odd / probe < 0.1:
            return _utf16(data, "utf-16-be", name)
        if nuls > max(2, len(data) // 1000):
            raise InputError(
                f"{name}: looks like a binary file ({nuls:,} NUL bytes), not text; give a plain-text, Markdown or HTML file"
            )
        notes.append(f"{nuls} NUL byte(s) in the file: ignored (left out of the sentences)")
    try:
        return data.decode("utf-8"), "utf-8", notes
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or _control_ratio(str(best)) > 0.05:
        raise InputError(
            f"{name}: not text in any encoding qualcheck recognises (binary?); give a plain-text, Markdown or HTML "
            "file, preferably UTF-8"
        )
    enc = best.encoding
    if enc != "cp1252" and _prefer_cp1252(data, str(best)):
        text = data.decode("cp1252")
        notes.append(f"not UTF-8: decoded as cp1252 (Windows-1252; detection also allowed {enc})")
        return text, "cp1252", notes
    notes.append(f"not UTF-8: decoded as {enc} (detected by charset-normalizer)")
    return str(best), enc, notes


# letters next to these in a cp1252 decoding are the trace of another code page (Polish "³" for "ł")
_MOJIBAKE_1252 = re.compile(r"[^\W\d_][¹²³¦¤¨´¸¯¥Ÿ£]|[¹²³¦¤¨´¸¯¥Ÿ£][^\W\d_]|[^\W\d_]¿[^\W\d_]")


def _prefer_cp1252(data: bytes, detected: str) -> bool:
    """Short Western text is often guessed as a neighbouring code page (cp1250, cp775 for French or
    for “smart quotes”): newsroom files that are not UTF-8 are nearly always Windows-1252, so it is
    preferred when the detected decoding is one byte a character in Latin script and the cp1252
    decoding reads cleanly. Cyrillic, Greek, CJK... detections are kept."""
    if len(detected) != len(data) or script_of(detected)[0] != "Latin":
        return False
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return not _MOJIBAKE_1252.search(text)


def _utf16(data: bytes, enc: str, name: str) -> tuple[str, str, list[str]]:
    text = data.decode(enc, errors="replace")
    bad = text.count("\ufffd")
    note = f"no byte-order mark: assumed {enc.upper()} (NUL every other byte)"
    if bad:
        note += f"; {bad} undecodable character(s) shown as \ufffd"
    return text, enc, [note]


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if bad < 8:  # a few stray control characters (a NUL or two) do not make a text binary
        return 0.0
    return bad / min(len(text), 65536)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_RE.search(text[:20000]))


def detect_format(text: str, suffix: str = "") -> str:
    """"html", "markdown" or "text": from the file name's suffix if it says, else from the text."""
    suffix = suffix.lower()
    if suffix in _HTML_SUFFIXES or looks_like_html(text):
        return "html"
    from .clean import looks_like_markdown

    if suffix in _MARKDOWN_SUFFIXES or looks_like_markdown(text):
        return "markdown"
    return "text"


def _text_notes(text: str, fmt: str) -> list[str]:
    notes = []
    from .clean import _INVISIBLE

    n_inv = len(_INVISIBLE.findall(text))
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
    from .readers import normalise_format

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
    if _control_ratio(text) > 0.05:
        raise InputError(f"{name}: looks like binary data, not text; give a plain-text, Markdown or HTML file")
    if fmt in ("srt", "vtt"):
        from .readers.subtitles import read_text

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
    from .readers import FILE_FORMATS, detect, normalise_format, read

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
_SCRIPT_ALIASES = {"FULLWIDTH": "Latin", "LATIN": "Latin", "CJK": "Han", "HIRAGANA": "Japanese kana",
                   "KATAKANA": "Japanese kana", "HANGUL": "Hangul", "CYRILLIC": "Cyrillic", "GREEK": "Greek",
                   "ARABIC": "Arabic", "HEBREW": "Hebrew", "DEVANAGARI": "Devanagari", "THAI": "Thai"}
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


def script_of(text: str, sample: int = 20000) -> tuple[str, float]:
    """The script most letters of ``text`` are written in (``Latin``, ``Han``, ``Cyrillic``...) and its share."""
    import unicodedata
    from collections import Counter
    from itertools import islice

    counts: dict[str, int] = {}
    seen = 0
    for ch, k in Counter(islice(filter(str.isalpha, text), sample)).items():
        word = unicodedata.name(ch, "UNKNOWN").split(" ")[0]
        script = _SCRIPT_ALIASES.get(word, word.title())
        counts[script] = counts.get(script, 0) + k
        seen += k
    if not counts:
        return "none", 0.0
    best = max(counts, key=counts.get)
    return best, counts[best] / seen


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
