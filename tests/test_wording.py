"""The wording: every template compiles, both languages say the same things."""

from __future__ import annotations

import tomllib

import pytest

from budgetlib.words import wording
from budgetlib.words.wording import LANGS, WORDING_DIR, check_template, names_used, say, sources, template


@pytest.mark.parametrize("lang", LANGS)
def test_every_template_compiles(lang):
    """Templates compile when first used, so a broken one is found here, not in a build."""
    keys = sorted(sources(lang))
    assert len(keys) > 100
    for key in keys:
        template(key, lang)


def test_both_languages_have_the_same_keys():
    assert sorted(sources("zh")) == sorted(sources("en"))


def test_an_unknown_key_is_a_key_error_naming_the_folder():
    with pytest.raises(KeyError, match=r"no wording 'chart\.nothing' in .*wording/zh"):
        say("chart.nothing", "zh")


@pytest.mark.parametrize("lang", LANGS)
def test_every_bundled_template_passes_the_check_an_edited_one_gets(lang):
    """The bundled templates are checked here, not at every start (see check_wording)."""
    for key, source in sources(lang).items():
        check_template(wording._wording(WORDING_DIR).files[lang][key], key, source, names_used(key))


def test_every_bundled_key_is_found_on_its_line():
    for path in sorted(WORDING_DIR.glob("*/*.toml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for key in wording._flatten(tomllib.loads(path.read_text(encoding="utf-8"))):
            line = wording._key_line(path, key)
            assert line and key.endswith("." + lines[line - 1].split("=")[0].strip().strip('"')), (path, key)
