"""Word and verbatim containment (qualcheck.cover), the aligner's evidence besides the cosine."""
from qualcheck.cover import containment, verbatim, words

LONG = ("It might spill off into the Hudson a little bit before it destroyed the Earth; "
        "but basically that's what we're talking about.")


def test_words_drop_function_words_and_plural_s():
    assert words("The black holes are rings.") == frozenset({"black", "hole", "ring"})


def test_containment_is_the_share_of_the_part_s_content_words_in_the_whole():
    assert containment("Basically that's what we're talking about.", LONG) == 1.0
    assert containment("The Sun burns our peripheral vision.", LONG) == 0.0
    assert containment("The Earth is singing.", LONG) == 0.5
    assert containment("It is what it is.", LONG) == 1.0  # nothing but function words: nothing contradicts


def test_verbatim_finds_a_sentence_word_for_word_inside_a_longer_one():
    assert verbatim("But basically that's what we're talking about.", LONG) == 1.0
    assert verbatim("Water ice is strong enough to hold up big mountains.",
                    "Scientists say water ice is strong enough to hold up big mountains, and they found some.") == 1.0
    assert verbatim("Black holes can bang on space-time like mallets on a drum.", LONG) < 0.7
    assert verbatim(LONG, "basically") == 0.0  # the part must be the shorter one
