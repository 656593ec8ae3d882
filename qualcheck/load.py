"""Stage 1a: read an input file into text, refusing what is not text with a clear message."""
from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError

DEFAULT_MAX_CHARS = 5_000_000  # ~ a 1,000-page book; --max-chars lifts it

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HTML_RE = re.compile(r"^\s*(<!doctype html|<html\b|<head\b|<body\b)|<(p|div|span|article|br|script)\b[^>]*>", re.I)


_SINGLE_BYTE_LATIN = {"cp1250", "cp1252", "cp1257", "cp1254", "latin_1", "iso8859_2", "iso8859_15",
                      "iso8859_9", "iso8859_13", "iso8859_4", "iso8859_10", "iso8859_16", "mac_latin2", "mac_roman"}


@dataclass
class LoadedText:
    text: str
    name: str
    encoding: str = "utf-8"
    format: str = "text"
    notes: list[str] = field(default_factory=list)


def decode(data: bytes, name: str = "<input>") -> tuple[str, str, list[str]]:
    """Decode bytes to text: BOM, then strict UTF-8, then charset detection. Refuses binary."""
    notes: list[str] = []
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc, notes
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: starts with a {enc} byte-order mark but does not decode as {enc} ({exc.reason})") from None
    if b"\x00" in data[:65536]:
        # UTF-16 without BOM has NULs every other byte; anything else with NULs is binary
        even, odd = data[0:4096:2].count(0), data[1:4096:2].count(0)
        probe = len(data[:4096]) // 2 or 1
        if odd / probe > 0.9 and even / probe < 0.1:
            return data.decode("utf-16-le", errors="replace"), "utf-16-le", ["no byte-order mark: assumed UTF-16 LE"]
        if even / probe > 0.9 and odd / probe < 0.1:
            return data.decode("utf-16-be", errors="replace"), "utf-16-be", ["no byte-order mark: assumed UTF-16 BE"]
        raise InputError(f"{name}: looks like a binary file (it contains NUL bytes), not text; give a plain-text or HTML file")
    try:
        return data.decode("utf-8"), "utf-8", notes
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or _control_ratio(str(best)) > 0.05:
        raise InputError(f"{name}: not text in any encoding qualcheck recognises (binary?); give a plain-text or HTML file")
    enc = best.encoding
    if enc in _SINGLE_BYTE_LATIN and enc != "cp1252":
        # short Western text is often guessed as a neighbouring code page (cp1250 for French):
        # newsroom files that are not UTF-8 are nearly always Windows-1252, so prefer it when it fits
        try:
            text = data.decode("cp1252")
            notes.append(f"not UTF-8: decoded as cp1252 (Windows-1252; detection also allowed {enc})")
            return text, "cp1252", notes
        except UnicodeDecodeError:
            pass
    notes.append(f"not UTF-8: decoded as {enc} (detected)")
    return str(best), enc, notes


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\n\r\f")
    return bad / min(len(text), 65536)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_RE.search(text[:20000]))


def load_text(text: str, name: str = "<text>", max_chars: int = DEFAULT_MAX_CHARS) -> LoadedText:
    """Check text given directly (Python API) the same way a file is checked."""
    if not isinstance(text, str):
        raise InputError(f"{name}: expected text (str), got {type(text).__name__}")
    if len(text) > max_chars:
        raise InputError(
            f"{name}: {len(text):,} characters is more than the limit of {max_chars:,}; split it or raise --max-chars"
        )
    if not text.strip():
        raise InputError(f"{name}: is empty (no text to check)")
    if _control_ratio(text) > 0.05:
        raise InputError(f"{name}: looks like binary data, not text")
    fmt = "html" if looks_like_html(text) else "text"
    return LoadedText(text=text, name=name, format=fmt)


def load_file(path: str | os.PathLike, max_chars: int = DEFAULT_MAX_CHARS) -> LoadedText:
    """Read a reference or candidate file. Raises InputError with a one-line message."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputError(f"{name}: no such file")
    if p.is_dir():
        raise InputError(f"{name}: is a directory, not a file")
    try:
        size = p.stat().st_size
        # a UTF-8 character is at most 4 bytes: refuse before reading what cannot fit the limit
        if size > 4 * max_chars:
            raise InputError(
                f"{name}: {size:,} bytes is more than the limit of {max_chars:,} characters; split it or raise --max-chars"
            )
        data = p.read_bytes()
    except PermissionError:
        raise InputError(f"{name}: cannot be read (permission denied)") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    if not data.strip():
        raise InputError(f"{name}: is empty (no text to check)")
    text, enc, notes = decode(data, name)
    loaded = load_text(text, name=name, max_chars=max_chars)
    loaded.encoding = enc
    loaded.notes = notes
    return loaded
