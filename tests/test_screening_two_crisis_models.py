"""The two crisis word models are each heard: the first (words and word pairs) and the second
(letter pieces and the best window of three sentences, forum/data/screening/
crisis_windows_model.json). Either asks for a check-in, never an urgent item, and the reason
names which model spoke. The sentences are written for this file."""
from forum.screening import model
from forum.screening.crisis import CHECK_IN, assess_crisis
from forum.screening.reading import read

BURIED = ("My sponsor says to write it all down, so here goes. Long week at work and the kids "
          "had the flu again. I dont see much reason to keep going with any of it lately. Anyway "
          "the garden is coming along and the tomatoes are finally red. Thanks for reading, see "
          "you all at the Saturday meeting.")
CALM_TWIN = ("My sponsor says to write it all down, so here goes. Long week at work and the kids "
             "had the flu again. Anyway the garden is coming along and the tomatoes are finally "
             "red. Thanks for reading, see you all at the Saturday meeting.")


def _assess(text):
    return assess_crisis(read(text, lambda url: False))


def test_the_second_model_is_shipped_switched_on_and_reads_windows():
    second = model.get("crisis_windows")
    assert second is not None
    assert second.threshold >= 0.5


def test_with_the_first_model_away_the_second_still_hears_a_buried_cry_for_help():
    # the word models' own test: the sentence model (which hears this too) is away as well
    with model.using({"crisis": None, "crisis_sentence": None}):
        tier, emergency, families = _assess(BURIED)
        calm = _assess(CALM_TWIN)
    assert tier == CHECK_IN and not emergency
    assert "crisis_windows" in families[0][1][0].words
    assert calm[0] is None


def test_with_the_second_model_away_the_first_still_speaks():
    with model.using({"crisis_windows": None, "crisis_sentence": None}):
        tier, _, families = _assess(BURIED)
    assert tier == CHECK_IN
    assert "crisis_windows" not in families[0][1][0].words


def test_with_both_models_away_only_the_rules_speak():
    with model.using({"crisis": None, "crisis_windows": None, "crisis_meaning": None,
                      "crisis_sentence": None}):
        assert _assess(BURIED)[0] is None


def test_the_second_model_reads_only_a_text_long_enough_to_bury_a_sentence(monkeypatch):
    read_by = []
    real = model.score

    def spy(folded, name="crisis"):
        read_by.append(name)
        return real(folded, name)

    monkeypatch.setattr(model, "score", spy)
    _assess("rough day but made the evening meeting, grateful for you all")
    assert read_by == ["crisis"]
    read_by.clear()
    _assess(CALM_TWIN * 2)
    assert read_by == ["crisis", "crisis_windows"]
