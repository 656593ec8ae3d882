"""Bad, big and hostile input: files, encodings, invisible characters, markup, languages, edge-case content.

Everything a newsroom system may hand qualcheck either works (and the report says what was
assumed) or is refused with one line saying what was wrong and what to do (exit code 2).
"""
import io
import json
import os
import socket
import subprocess
import sys
import tracemalloc

import pytest

from qualcheck import check
from qualcheck.errors import InputError
from qualcheck.load import DEFAULT_MAX_CHARS, load_file, load_text
from qualcheck.pipeline import prepare
from qualcheck.segment import MAX_SEGMENT_CHARS, split_paragraph

from conftest import SEED_REF

QC = [sys.executable, "-m", "qualcheck.cli"]
STORY = ("Xi Jinping met Vladimir Putin in Moscow on Monday.\n"
         "They spoke for two hours about trade, energy and the war in Ukraine.\n"
         "The Kremlin said the talks were “friendly and constructive”.\n")


def lost(doc) -> str:
    """Non-whitespace characters of the original in neither a sentence nor a removed span."""
    covered = bytearray(len(doc.original))
    for s in doc.sentences:
        covered[s.start : s.end] = b"\x01" * (s.end - s.start)
    for r in doc.removed:
        covered[r.start : r.end] = b"\x01" * (r.end - r.start)
    return "".join(ch for ch, c in zip(doc.original, covered) if not c and not ch.isspace())


def cli(args, cwd, timeout=300):
    env = dict(os.environ, COLUMNS="120")
    return subprocess.run(QC + list(args), cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)


# --- files -----------------------------------------------------------------------------------------------


def _bad_files(tmp_path):
    """(file name, words the one-line error must contain) for each kind of file refused."""
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text(" \n\t\r\n \u3000\u00a0\n", encoding="utf-8")
    (tmp_path / "invisible.txt").write_text("\u200b\u200b\ufeff\u00ad\n", encoding="utf-8")
    (tmp_path / "random.bin").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    (tmp_path / "story.docx").write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + b"\x00" * 64)
    (tmp_path / "folder").mkdir()
    return [("missing.txt", "no such file"), ("folder", "directory"), ("empty.txt", "empty"), ("blank.txt", "empty"),
            ("invisible.txt", "no visible text"), ("random.bin", "binary"), ("report.pdf", "PDF"),
            ("story.docx", "docx")]


def test_bad_files_are_refused_by_the_loader(tmp_path):
    for name, words in _bad_files(tmp_path):
        with pytest.raises(InputError, match=words) as info:
            load_file(tmp_path / name)
        assert "\n" not in str(info.value) and str(tmp_path / name) in str(info.value)


def test_bad_files_one_line_exit_2_on_the_cli(tmp_path):
    # missing, empty and binary files are run in test_cli.py
    cases = [c for c in _bad_files(tmp_path) if c[0] in ("folder", "invisible.txt", "report.pdf", "story.docx")]
    (tmp_path / "ok.txt").write_text(STORY)
    for name, words in cases:
        r = cli(["check", name, "ok.txt"], tmp_path)
        lines = r.stderr.strip().splitlines()
        assert r.returncode == 2, (name, r.stderr)
        assert len(lines) == 1 and words in lines[0] and lines[0].startswith("qualcheck: error:"), (name, r.stderr)
        assert "Traceback" not in r.stderr
    assert not (tmp_path / "reports").exists()


def test_debug_shows_the_traceback_and_still_exits_2(tmp_path):
    (tmp_path / "ok.txt").write_text(STORY)
    r = cli(["check", "missing.txt", "ok.txt", "--debug"], tmp_path)
    assert r.returncode == 2
    assert "Traceback (most recent call last)" in r.stderr and "InputError" in r.stderr
    assert r.stderr.strip().splitlines()[-1] == "qualcheck: error: missing.txt: no such file; check the path"


def test_any_command_fails_in_one_line(tmp_path):
    env = dict(os.environ, QUALCHECK_MODELS=str(tmp_path / "no-models.txt"))
    r = subprocess.run(QC + ["models"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines() == [
        f"qualcheck: error: No such file or directory: {tmp_path / 'no-models.txt'}; check the path and its permissions"]


def test_unreadable_file(tmp_path):
    # a socket is not a file: refused from its stat, never opened
    path = tmp_path / "sock"
    srv = socket.socket(socket.AF_UNIX)
    srv.bind(str(path))
    try:
        with pytest.raises(InputError, match="is a socket, not a regular file"):
            load_file(path)
    finally:
        srv.close()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_permission_denied(tmp_path):
    p = tmp_path / "secret.txt"
    p.write_text(STORY)
    p.chmod(0)
    with pytest.raises(InputError, match="permission denied"):
        load_file(p)


def test_200_mb_file_refused_from_its_size_without_reading_it(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:  # sparse: 200 MB that take no disk space
        fh.truncate(200 * 1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match=r"209,715,200 bytes is more than the limit of 5,000,000 characters.*--max-chars"):
            load_file(big)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000  # nothing of the file was read
    r = cli(["check", "big.txt", "big.txt"], tmp_path)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "--max-chars" in r.stderr


def test_endless_input_is_read_only_up_to_the_limit(monkeypatch):
    # a character device is refused without opening it; standard input that never ends is read
    # only up to the limit
    with pytest.raises(InputError, match="is a character device, not a regular file"):
        load_file("/dev/zero", max_chars=1000)
    with open("/dev/zero", "rb") as zero:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(zero))
        with pytest.raises(InputError, match="<stdin>: more than 4,000 bytes is more than the limit of 1,000"):
            load_file("-", max_chars=1000)


def test_max_chars_counts_characters_and_is_documented(tmp_path):
    p = tmp_path / "s.txt"
    p.write_text("é" * 60, encoding="utf-8")  # 120 bytes, 60 characters
    assert len(load_file(p, max_chars=60).text) == 60
    with pytest.raises(InputError, match="61 characters is more than the limit of 60"):
        load_text("x" * 61, max_chars=60)
    assert f"{DEFAULT_MAX_CHARS:,}" in (SEED_REF.parents[2] / "docs" / "inputs.md").read_text(encoding="utf-8")


def test_one_huge_line_without_sentence_breaks():
    words = " ".join(f"word{i % 97}" for i in range(150_000))  # ~1 MB, no stop, no newline
    doc = prepare(load_text(words))
    assert all(len(s.text) <= MAX_SEGMENT_CHARS for s in doc.sentences)
    assert len(doc.sentences) >= len(words) // MAX_SEGMENT_CHARS
    assert lost(doc) == ""
    # cut between words, never inside one
    for s in doc.sentences:
        assert s.text.split()[0].startswith("word") and s.text.split()[-1] in words


def test_long_paragraph_is_segmented_as_one_call_would():
    """pysbd runs in windows on long paragraphs (it is quadratic): the sentences must not change."""
    para = " ".join(STORY.split("\n")) + "Mr. Lavrov met U.S. envoys at 5 p.m. on Tuesday. (Laughter) “No,” he said. "
    text = para * 12  # ~3,500 characters: more than one window
    import pysbd

    expected = [s.strip() for s in pysbd.Segmenter(language="en", clean=False).segment(text) if s.strip()]
    got = [text[s:e] for s, e in split_paragraph(text)]
    assert len(got) == len(expected) > 40
    assert [g.replace(" ", "") for g in got] == [x.replace(" ", "") for x in expected]


# --- encodings and characters ------------------------------------------------------------------------------


TEXT = "Zelensky met Erdoğan in Kyiv on Monday – “a good day”, he said.\nThe talks lasted two hours.\n"


@pytest.mark.parametrize("enc, note", [("utf-8", None), ("utf-8-sig", None), ("utf-16", "UTF-16"),
                                       ("utf-16-le", "assumed UTF-16-LE"), ("utf-16-be", "assumed UTF-16-BE")])
def test_unicode_encodings(tmp_path, enc, note):
    p = tmp_path / "t.txt"
    p.write_bytes(TEXT.encode(enc))
    loaded = load_file(p)
    assert loaded.text == TEXT  # no BOM left in the text
    assert (note is None and not loaded.notes) or any(note in n for n in loaded.notes)
    doc = prepare(loaded)
    assert doc.texts == TEXT.strip().split("\n")


@pytest.mark.parametrize("enc, text", [
    ("cp1252", "Smart “quotes” – and a € sign… plus naïve café."),  # guessed cp775 by the detector alone
    ("cp1250", "Prezydent Polski powiedział, że rozmowy w Łodzi były bardzo udane i że spotka się z kanclerzem."),
    ("cp1251", "Путин встретился с Си Цзиньпином в Москве в понедельник. Они говорили два часа о торговле."),
    ("cp1253", "Ο πρωθυπουργός είπε ότι οι συνομιλίες ήταν πολύ επιτυχείς."),
    ("gb18030", "习近平周一在莫斯科会见了普京。他们就贸易、能源和乌克兰战争谈了两个小时。克里姆林宫说会谈友好。"),
    ("shift_jis", "習近平国家主席は月曜日にモスクワでプーチン大統領と会談した。両首脳は二時間話し合った。"),
])
def test_legacy_encodings_are_detected(tmp_path, enc, text):
    p = tmp_path / "t.txt"
    p.write_bytes(text.encode(enc))
    loaded = load_file(p)
    assert loaded.text == text
    assert loaded.notes[0].startswith("not UTF-8: decoded as")


def test_windows_1252_and_latin_1_are_detected_and_said(tmp_path):
    cp = "Le président a dit : « c’est réglé » – l’accord coûte 5 € et vaut “beaucoup”. Les négociations ont duré deux jours à Genève."
    p = tmp_path / "cp1252.txt"
    p.write_bytes(cp.encode("cp1252"))
    loaded = load_file(p)
    assert loaded.text == cp and loaded.encoding == "cp1252"
    assert any("not UTF-8" in n and "cp1252" in n for n in loaded.notes)
    latin = "Müller traf Señor Núñez in Zürich; die Gespräche über Käse und Öl dauerten zwei Stunden."
    p2 = tmp_path / "latin1.txt"
    p2.write_bytes(latin.encode("latin-1"))
    assert load_file(p2).text == latin


def test_notes_reach_the_json_report(tmp_path, encoder):
    p = tmp_path / "cand.txt"
    p.write_bytes(STORY.replace("\n", "\r\n").encode("utf-16"))
    data = json.loads(check(STORY, p, encoder=encoder).to_json())
    assert data["candidate"]["encoding"] == "utf-16"
    assert any("UTF-16" in n for n in data["candidate"]["notes"])
    assert data["findings"] == [] and data["metadata"]["warnings"] == []


def test_mixed_line_endings():
    text = "First line.\r\nSecond line\rThird line.\nFourth\u2028Fifth.\x0cSixth."
    loaded = load_text(text)
    assert any("line endings" in n for n in loaded.notes)
    doc = prepare(loaded)
    assert doc.texts == ["First line.", "Second line", "Third line.", "Fourth", "Fifth.", "Sixth."]
    for s in doc.sentences:
        assert doc.original[s.start : s.end] == s.text


def test_nul_bytes(tmp_path):
    p = tmp_path / "nul.txt"
    p.write_bytes(b"Vladimir Pu\x00tin met Xi.\x00 They talked.\n")
    loaded = load_file(p)
    assert any("NUL" in n for n in loaded.notes)
    doc = prepare(loaded)
    assert doc.texts == ["Vladimir Putin met Xi.", "They talked."]
    assert lost(doc) == ""
    s = doc.sentences[0]
    assert doc.original[slice(*doc.locate(s, 9, 14))] == "Pu\x00tin"
    (tmp_path / "many.txt").write_bytes(b"text\x00" * 100)
    with pytest.raises(InputError, match="binary"):
        load_file(tmp_path / "many.txt")


INVISIBLE = ("Vla\u200bdimir Pu\u00adtin met Volo\u200cdymyr Zelen\u00adsky\u2060 in Gene\u200dva on\u00a0Monday.\u200b "
             "They talked\u202f for two hours.\ufeff\n\u200b\u200e\n")


def test_invisible_characters_do_not_split_words_or_sentences():
    doc = prepare(load_text(INVISIBLE))
    assert doc.texts == ["Vladimir Putin met Volodymyr Zelensky in Geneva on Monday.", "They talked for two hours."]
    s = doc.sentences[0]
    i = s.text.index("Volodymyr Zelensky")
    start, end = doc.locate(s, i, i + len("Volodymyr Zelensky"))
    assert doc.original[start:end] == "Volo\u200cdymyr Zelen\u00adsky"
    assert doc.original[s.start : s.end].startswith("Vla\u200bdimir") and doc.original[s.end - 1] == "."
    # the invisible characters between and after the sentences are listed, not lost
    assert lost(doc) == ""
    assert {r.reason for r in doc.removed} == {"invisible or control characters"}


def test_invisible_characters_do_not_break_name_matching(encoder):
    ref = "Vladimir Putin met Volodymyr Zelensky in Geneva on Monday to talk about the war.\nThe talks lasted two hours."
    report = check(ref, INVISIBLE.replace("Monday.", "Monday to talk about the war.\n"), encoder=encoder)
    assert not [f for f in report.findings if f.category.startswith("name.")], report.findings
    assert [a.kind for a in report.alignment] == ["match", "match"]


# --- markup --------------------------------------------------------------------------------------------


MD = """# Xi and Putin meet in Moscow

Chinese leader **Xi Jinping** met [Vladimir Putin](https://kremlin.ru/events/1) on *Monday*.

> The talks were “friendly”, the Kremlin said.

- Trade rose by `20%` in ![chart](c.png) 2024.
- Energy deals were __not__ signed.

[1]: https://example.com/notes
"""


def test_markdown_markup_out_offsets_kept():
    loaded = load_text(MD)
    assert loaded.format == "markdown"
    doc = prepare(loaded)
    assert doc.texts == ["Xi and Putin meet in Moscow",
                         "Chinese leader Xi Jinping met Vladimir Putin on Monday.",
                         "The talks were “friendly”, the Kremlin said.",
                         "Trade rose by 20% in 2024.", "Energy deals were not signed."]
    s = doc.sentences[1]
    i = s.text.index("Vladimir Putin")
    start, end = doc.locate(s, i, i + len("Vladimir Putin"))
    assert doc.original[start:end] == "Vladimir Putin"
    j = s.text.index("Xi Jinping met Vladimir")
    start, end = doc.locate(s, j, j + len("Xi Jinping met Vladimir"))
    assert doc.original[start:end] == "Xi Jinping** met [Vladimir"
    reasons = {r.reason for r in doc.removed}
    assert {"markdown markup", "markdown image", "markdown link definition"} <= reasons
    assert any(r.text == "](https://kremlin.ru/events/1)" for r in doc.removed)
    for r in doc.removed:
        assert doc.original[r.start : r.end] == r.text
    assert lost(doc) == ""


def test_markdown_by_file_suffix_and_plain_text_left_alone(tmp_path):
    p = tmp_path / "story.md"
    p.write_text("Xi met *Putin* on Monday.\n", encoding="utf-8")
    assert load_file(p).format == "markdown"
    assert prepare(load_file(p)).texts == ["Xi met Putin on Monday."]
    plain = "Prices rose 5 * 3 percent, said analysts at [the bank].\nThe #1 story - for now - is trade_war news."
    loaded = load_text(plain)
    assert loaded.format == "text"
    assert prepare(loaded).texts == plain.split("\n")


def test_html_inline_tags_entities_and_unclosed_blocks():
    html = ("<html><body><p>Xi met Vla<b>dimir</b> Pu&shy;tin &amp; aides in <a href='x'>Moscow</a>.</p>"
            "<p>They&nbsp;talked.</p><!-- an unclosed comment <p>Hidden.</p>")
    doc = prepare(load_text(html))
    assert doc.format == "html"
    assert doc.texts == ["Xi met Vladimir Putin & aides in Moscow.", "They talked."]
    s = doc.sentences[0]
    i = s.text.index("Vladimir")
    assert doc.original[slice(*doc.locate(s, i, i + 8))] == "Vla<b>dimir"
    assert any(r.reason == "html comment" and "Hidden" in r.text for r in doc.removed)
    doc2 = prepare(load_text("<p>Story text here.</p><script>var x = 1; // never closed\n<p>Not text.</p>"))
    assert doc2.texts == ["Story text here."]
    assert lost(doc) == "" and lost(doc2) == ""


# --- content ---------------------------------------------------------------------------------------------


def test_different_scripts_warn_that_the_model_is_english_only(tmp_path, encoder):
    zh = "习近平周一在莫斯科会见了普京。\n他们就贸易、能源和乌克兰战争谈了两个小时。\n"
    report = check(STORY, zh, encoder=encoder)
    warnings = report.metadata["warnings"]
    assert len(warnings) == 1 and "Han script" in warnings[0] and "English-only" in warnings[0]
    assert json.loads(report.to_json())["metadata"]["warnings"] == warnings
    fr = ("Xi Jinping a rencontré Vladimir Poutine à Moscou lundi. Les deux dirigeants ont parlé pendant deux heures "
          "du commerce, de l'énergie et de la guerre en Ukraine. Le Kremlin a qualifié les discussions "
          "d'amicales et de constructives, selon les agences de presse.")
    en = STORY + "Both leaders said they would meet again in the spring, according to the news agencies of both countries."
    assert "Latin script, not English" in check(en, fr, encoder=encoder).metadata["warnings"][0]
    # the CLI prints it on stderr (in-process, to reuse the loaded model)
    from typer.testing import CliRunner

    from qualcheck.cli import app

    (tmp_path / "en.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "zh.txt").write_text(zh, encoding="utf-8")
    r = CliRunner().invoke(app, ["check", str(tmp_path / "en.txt"), str(tmp_path / "zh.txt"), "--format", "json",
                                 "--fail-on", "never", "--out", str(tmp_path / "out")])
    assert r.exit_code == 0, r.output
    assert "qualcheck: warning: the reference looks like English and the candidate like Han script" in r.stderr
    assert "--model" in r.stderr


def test_identical_inputs_give_no_findings(seed_report, encoder):
    # the seed reference (scraped, with debris) against itself
    ref = SEED_REF.read_text(encoding="utf-8")
    report = check(ref, ref, encoder=encoder)
    assert report.findings == [] and report.metadata["warnings"] == []
    assert all(a.kind == "match" for a in report.alignment)
    assert len(report.alignment) == len(seed_report.reference.sentences)


def test_one_side_a_subset_of_the_other(encoder):
    lines = SEED_REF.read_text(encoding="utf-8")
    doc = prepare(load_text(lines))
    sents = doc.texts
    kept = [s for k, s in enumerate(sents) if k not in (3, 9)]
    r = check("\n".join(sents), "\n".join(kept), encoder=encoder)
    assert sorted(i for a in r.alignment if a.kind == "omission" for i in a.ref) == [3, 9]
    assert {f.category for f in r.findings} == {"omission"}
    r2 = check("\n".join(kept), "\n".join(sents), encoder=encoder)
    assert sorted(j for a in r2.alignment if a.kind == "addition" for j in a.cand) == [3, 9]
    assert {f.category for f in r2.findings} == {"addition"}


def test_no_names_no_punctuation(encoder):
    text = "prices went up again this week\nshops said people bought less bread and milk\nthe weather was cold"
    r = check(text, text, encoder=encoder)
    assert r.findings == [] and len(r.candidate.sentences) == 3
    r = check(text, text.replace("bread and milk", "bread"), encoder=encoder)
    assert not [f for f in r.findings if f.category.startswith(("name", "fragment"))]


def test_only_one_sentence(encoder):
    one = "Xi Jinping met Vladimir Putin in Moscow on Monday."
    r = check(one, one, encoder=encoder)
    assert r.findings == [] and [a.kind for a in r.alignment] == ["match"]
    # a translation of it pairs too; an unrelated sentence does not
    r = check(one, "On Monday, Xi Jinping met Vladimir Putin in Moscow.", encoder=encoder)
    assert [a.kind for a in r.alignment] == ["match"]
    r = check(one, "The weather in Lisbon was mild.", encoder=encoder)
    assert sorted(a.kind for a in r.alignment) == ["addition", "omission"]


def test_only_one_sentence_each_side_runs(encoder):
    r = check("Xi Jinping met Vladimir Putin in Moscow on Monday.", "It rained in Paris.", encoder=encoder)
    assert len(r.reference.sentences) == len(r.candidate.sentences) == 1
    assert sorted(i for a in r.alignment for i in a.ref) == [0] and sorted(j for a in r.alignment for j in a.cand) == [0]
    assert r.fails("major")
