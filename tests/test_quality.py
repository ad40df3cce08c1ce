"""The build fails when the model's intent accuracy on held-out messages drops below 90 %."""

from __future__ import annotations

import re

import pytest

from bot.evaluate import evaluate, heldout_files, load_heldout


def test_heldout_sets_are_large_enough_and_not_in_the_training_data():
    import yaml

    from faq.export import NLU_DATA

    messages = [m for path in heldout_files() for m in load_heldout(path)]
    first = load_heldout()
    assert sum(m["lang"] == "de" for m in first) >= 150 and sum(m["lang"] == "en" for m in first) >= 30
    def norm(text: str) -> str:  # case, punctuation and spacing do not make a message new
        return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())

    training = set()
    for path in NLU_DATA.glob("*.yml"):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            if "intent" in block:
                training.update(norm(line[2:]) for line in block["examples"].splitlines())
    overlap = [m["text"] for m in messages if norm(m["text"]) in training]
    assert not overlap, overlap


# The build gate uses the first two sets (used for error analysis); heldout3.yml and heldout4.yml are
# untouched exams (reported by `nachbarbot eval`, never tuned on), so that their figures stay honest.
GATE_SETS = ("heldout.yml", "heldout2.yml")


@pytest.mark.parametrize("path", [p for p in heldout_files() if p.name in GATE_SETS], ids=lambda p: p.name)
def test_intent_accuracy_on_heldout_messages_is_at_least_90_percent(stack, path):
    result = evaluate(stack.rasa_url, load_heldout(path))
    print(result.summary())
    assert result.intent_accuracy >= 0.90, result.errors[:20]
    assert result.place_accuracy >= 0.95
