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
