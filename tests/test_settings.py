"""One owner of the settings (qualcheck/settings.py): options routed by name, the API reading a
qualcheck.toml only when asked, the engines' environment variables read as defaults."""
from __future__ import annotations

from dataclasses import fields

import pytest

import qualcheck
from qualcheck.errors import InputError
from qualcheck.settings import (CONFIG_ENV, FRAGMENTS_ENV, NER_ENV, AlignSettings, Settings, api_settings,
                                build_settings, route)

REF = "The mayor opened the new bridge on Monday. It cost 12 million dollars.\n"
CAND = "The mayor opened the new bridge on Tuesday. It cost 21 million dollars.\n"


def test_every_field_is_routed_to_its_owner():
    for f in fields(Settings):
        assert route(f.name) == "settings"
    for f in fields(AlignSettings):
        assert route(f.name) == "align"
    st = Settings().with_options(min_similarity=0.6, max_group=4, use_margin=False, subtitle_max_cps=20.0)
    assert (st.min_similarity, st.align.max_group, st.align.use_margin, st.subtitle_max_cps) == (0.6, 4, False, 20.0)


def test_with_options_copies_and_leaves_the_original():
    base = Settings()
    st = base.with_options(max_group=5)
    assert st is not base and base.align.max_group == AlignSettings().max_group and st.align.max_group == 5
    assert base.with_options() is base  # no option: the same object (a batch shares it)


def test_unknown_option_names_the_nearest_known_ones():
    with pytest.raises(TypeError, match=r"unknown option 'min_similarty'; did you mean min_similarity"):
        Settings().with_options(min_similarty=0.8)
    with pytest.raises(TypeError, match=r"unknown option 'colour'"):
        route("colour")


def test_an_ambiguous_name_is_refused(monkeypatch):
    import qualcheck.settings as settings_mod

    monkeypatch.setattr(settings_mod, "ALIGN_FIELDS", settings_mod.ALIGN_FIELDS | {"min_similarity"})
    with pytest.raises(TypeError, match="ambiguous"):
        route("min_similarity")


def test_a_bad_fail_on_is_refused():
    with pytest.raises(InputError, match="fail_on must be one of"):
        Settings().with_options(fail_on="sometimes")


def test_check_refuses_an_unknown_option_before_any_work():
    with pytest.raises(TypeError, match="did you mean max_group"):
        qualcheck.check(REF, CAND, max_grup=4)
    with pytest.raises(TypeError, match="not both"):
        qualcheck.check(REF, CAND, settings=Settings(), config="qualcheck.toml")


def test_api_reads_a_config_only_when_asked(tmp_path, monkeypatch):
    (tmp_path / "qualcheck.toml").write_text('[qualcheck]\nmin_similarity = 0.9\nfail_on = "minor"\n\n'
                                             '[severity]\nomission = "off"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(CONFIG_ENV, raising=False)
    assert api_settings().min_similarity is None  # the working directory's file is not read unasked
    st = api_settings(tmp_path / "qualcheck.toml", max_group=4)
    assert (st.min_similarity, st.fail_on, st.severity_policy, st.align.max_group) == (0.9, "minor", {"omission": "off"}, 4)
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "qualcheck.toml"))
    assert api_settings().min_similarity == 0.9
    assert build_settings().min_similarity == 0.9  # the CLI's builder reads ./qualcheck.toml, as before


def test_check_takes_config(tmp_path, monkeypatch):
    monkeypatch.delenv(CONFIG_ENV, raising=False)
    cfg = tmp_path / "qc.toml"
    cfg.write_text('[qualcheck]\nmax_findings = 1\n', encoding="utf-8")
    plain = qualcheck.check(REF, CAND)
    capped = qualcheck.check(REF, CAND, config=cfg)
    assert len(plain.findings) > 1 and len(capped.findings) == 1
    assert capped.metadata["settings"]["max_findings"] == 1


def test_engine_env_vars_are_the_defaults_of_their_fields(monkeypatch):
    monkeypatch.delenv(NER_ENV, raising=False)
    monkeypatch.delenv(FRAGMENTS_ENV, raising=False)
    assert (Settings().ner_engine, Settings().fragments_engine) == ("auto", "auto")
    monkeypatch.setenv(NER_ENV, "Heuristic")
    monkeypatch.setenv(FRAGMENTS_ENV, "rules")
    assert (Settings().ner_engine, Settings().fragments_engine) == ("heuristic", "rules")
    monkeypatch.setenv(NER_ENV, "whatever")
    assert Settings().ner_engine == "auto"  # as before: any other value leaves the choice automatic


def test_the_names_check_follows_ner_engine(monkeypatch):
    monkeypatch.delenv(NER_ENV, raising=False)
    forced = qualcheck.check(REF, CAND, ner_engine="heuristic", checks=["names"])
    assert forced.metadata["check_info"]["names_engine"] == "heuristic"
    assert "ner_engine" not in forced.metadata["settings"]  # the engine used is recorded in check_info


def test_max_chars_in_qualcheck_toml_is_honoured(tmp_path, monkeypatch):
    """``max_chars`` in qualcheck.toml was accepted and then ignored; the CLI (and the desk, the batch,
    the API with config=) now refuse a longer input, and --max-chars still wins."""
    import os
    import subprocess
    import sys

    (tmp_path / "qualcheck.toml").write_text("[qualcheck]\nmax_chars = 100\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(REF * 3, encoding="utf-8")
    (tmp_path / "b.txt").write_text(CAND * 3, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert build_settings().max_chars == 100
    assert build_settings(max_chars=500).max_chars == 500
    assert api_settings(tmp_path / "qualcheck.toml").max_chars == 100
    qc = [sys.executable, "-m", "qualcheck.cli", "check", "a.txt", "b.txt", "--format", "json", "-q"]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    r = subprocess.run(qc, cwd=tmp_path, capture_output=True, text=True, timeout=300, env=env)
    assert r.returncode == 2 and "more than the limit of 100" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    r = subprocess.run(qc + ["--max-chars", "100000"], cwd=tmp_path, capture_output=True, text=True, timeout=300, env=env)
    assert r.returncode in (0, 1), r.stderr
    (tmp_path / "qualcheck.toml").write_text('[qualcheck]\nmax_chars = "lots"\n', encoding="utf-8")
    with pytest.raises(InputError, match="max_chars"):
        build_settings()
