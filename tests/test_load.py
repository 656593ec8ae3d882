import pytest

from qualcheck.errors import InputError
from qualcheck.load import load_file, load_text


def test_missing_empty_binary_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_file(tmp_path / "nope.txt")
    (tmp_path / "empty.txt").write_text("  \n\n")
    with pytest.raises(InputError, match="empty"):
        load_file(tmp_path / "empty.txt")
    (tmp_path / "bin.dat").write_bytes(bytes(range(256)) * 20)
    with pytest.raises(InputError, match="binary"):
        load_file(tmp_path / "bin.dat")
    with pytest.raises(InputError, match="directory"):
        load_file(tmp_path)


def test_encodings(tmp_path):
    text = "Zelensky met Erdoğan in Kyiv – “a good day”."
    for enc in ("utf-8-sig", "utf-16"):
        p = tmp_path / f"{enc}.txt"
        p.write_bytes(text.encode(enc))
        assert load_file(p).text == text
    p = tmp_path / "latin1.txt"
    p.write_bytes("Le président Macron a rencontré M. Müller à Genève, où il a déclaré que la réunion était très réussie.".encode("cp1252"))
    loaded = load_file(p)
    assert "président" in loaded.text and "Genève" in loaded.text
    assert loaded.notes and "not UTF-8" in loaded.notes[0]


def test_max_chars():
    with pytest.raises(InputError, match="limit"):
        load_text("a" * 101, max_chars=100)


def test_utf32_and_bom_mismatch(tmp_path):
    p = tmp_path / "u32.txt"
    p.write_bytes("Kyiv – Zelensky spoke.".encode("utf-32"))
    loaded = load_file(p)
    assert loaded.text == "Kyiv – Zelensky spoke." and any("UTF-32" in n for n in loaded.notes)
    p.write_bytes(b"\xef\xbb\xbfXi \xff\xfe met Putin.")
    with pytest.raises(InputError, match="byte-order mark.*re-save it as UTF-8"):
        load_file(p)


def test_format_detection():
    from qualcheck.load import detect_format

    assert detect_format("<p>Xi met Putin.</p>") == "html"
    assert detect_format("# Title\n\nXi met [Putin](https://x.y/z).") == "markdown"
    assert detect_format("Xi met Putin. *Not* markdown on its own.") == "text"
    assert detect_format("Xi met Putin.", ".md") == "markdown"


def test_language_labels():
    from qualcheck.load import input_warnings, language_label

    en = "The president said on Monday that the talks with the government were over and that he would leave."
    assert language_label(en * 3) == "English"
    assert language_label("Путин встретился с Си Цзиньпином в Москве.") == "Cyrillic script"
    de = ("Der Bundeskanzler hat am Montag in Berlin mit dem französischen Präsidenten über die Lage in "
          "der Ukraine gesprochen, teilte ein Regierungssprecher mit. Beide wollen sich bald wieder treffen.")
    assert language_label(de * 2) == "Latin script, not English"
    assert input_warnings(en, en, "all-MiniLM-L6-v2") == []
    assert input_warnings(en, de * 2, "paraphrase-multilingual-MiniLM-L12-v2") == []
    assert "English-only" in input_warnings(de * 2, de * 2, "all-MiniLM-L6-v2")[0]
