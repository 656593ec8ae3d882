"""Stage 1a, bytes to text: a byte-order mark, then strict UTF-8, then charset detection; a file that is
not text (a PDF, an image, an archive, a binary) is refused with what to do instead (docs/inputs.md)."""
from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from itertools import islice

from charset_normalizer import from_bytes

from .errors import InputError

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
_SCRIPT_ALIASES = {"FULLWIDTH": "Latin", "LATIN": "Latin", "CJK": "Han", "HIRAGANA": "Japanese kana",
                   "KATAKANA": "Japanese kana", "HANGUL": "Hangul", "CYRILLIC": "Cyrillic", "GREEK": "Greek",
                   "ARABIC": "Arabic", "HEBREW": "Hebrew", "DEVANAGARI": "Devanagari", "THAI": "Thai"}


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

    best = from_bytes(data).best()
    if best is None or control_ratio(str(best)) > 0.05:
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


def control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if bad < 8:  # a few stray control characters (a NUL or two) do not make a text binary
        return 0.0
    return bad / min(len(text), 65536)


def script_of(text: str, sample: int = 20000) -> tuple[str, float]:
    """The script most letters of ``text`` are written in (``Latin``, ``Han``, ``Cyrillic``...) and its share."""
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
