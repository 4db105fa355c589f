"""The wording: every template compiles, both languages say the same things."""

from __future__ import annotations

import pytest

from budgetlib.words.wording import LANGS, say, sources, template


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
