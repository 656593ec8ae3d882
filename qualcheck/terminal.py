"""Text for the terminal: every path or name the CLI prints goes through ``shown``.

A file name may hold control characters (an ESC that starts a terminal escape sequence, a
newline that splits an error into two lines, a bidi override that reverses what follows) or,
on Linux, bytes that are not UTF-8 (kept by Python as lone surrogates, which cannot even be
printed). ``shown`` writes each of them the way ``repr`` does (``\\x1b``, ``\\n``, ``\\u202e``,
``\\udcff``), so what reaches the terminal is plain, one line, and says what the name holds.
"""
from __future__ import annotations

import re

# C0 and C1 controls, DEL, line/paragraph separators, bidi embeddings, overrides and isolates,
# lone surrogates (undecodable bytes of a file name)
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(m: re.Match) -> str:
    c = ord(m.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def shown(text: object) -> str:
    """``text`` (a path, a name, a message holding them) with every control character escaped."""
    return _UNSAFE.sub(_escape, str(text))
