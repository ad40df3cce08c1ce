"""Steering rules for the label conventions of nlu/LABELS.md: what the resident gets for a kind of message
when the classifier hesitates between a question without data and the FAQ entry that answers it."""

from __future__ import annotations

import pytest

from actions import steering


@pytest.mark.parametrize("text", ["wie lange bleiben die leute eigentlich in so einer ZUE?",
                                  "How long do people stay in an EAE before they move on?"])
def test_how_long_people_stay_in_a_zue_gets_the_faq_entry(text):
    key = "eae" if "EAE" in text else "zue"
    assert steering.stay_in_type("other_question", text, key, 0.9) == "faq"


@pytest.mark.parametrize("text", ["wie lange bleibt die ZUE noch geöffnet?",  # how long it stays open
                                  "wie lange bleiben die leute in der notunterkunft?"])  # no ZUE or EAE
def test_other_how_long_questions_stay_questions_without_data(text):
    assert steering.stay_in_type("other_question", text, "zue", 0.9) == "other_question"


def test_an_unsure_faq_selector_changes_nothing():
    assert steering.stay_in_type("other_question", "wie lange bleiben die in der ZUE", "zue", 0.3) == "other_question"


@pytest.mark.parametrize("text", ["Seit Wochen liegt überall Müll vor der Unterkunft, was wird dagegen getan?",
                                  "the noise every night from the shelter, what is being done about it"])
def test_a_nuisance_that_is_happening_gets_the_complaints_entry(text):
    assert steering.nuisance_happening("other_question", text, "beschwerde", 0.6) == "faq"


@pytest.mark.parametrize("text", ["wird es dann nachts laut bei uns?", "will there be more litter in the park?"])
def test_a_worry_that_it_will_become_loud_stays_a_question_without_data(text):
    assert steering.nuisance_happening("other_question", text, "beschwerde", 0.6) == "other_question"


@pytest.mark.parametrize("text, expected", [("prognose für kreis heinsberg, gemeinde selfkant bitte", "forecast"),
                                            ("Anrechnung Gemeinde Kerken?", "credit_rule"),
                                            ("Kreis Kleve, Gemeinde Kerken", "inform_place")])
def test_a_message_of_places_that_names_the_figures_asks_for_them(text, expected):
    assert steering.steer("inform_place", text) == expected
