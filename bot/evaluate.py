"""`nachbarbot eval`: quality of the trained model on held-out messages that are not in the training data."""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import yaml

from faq import db
from faq.places import PlaceIndex
from faq.settings import PROJECT_ROOT, rasa_api_params

HELDOUT_DIR = PROJECT_ROOT / "tests" / "eval"
HELDOUT = HELDOUT_DIR / "heldout.yml"


GATE_FILES = [HELDOUT_DIR / "heldout.yml", HELDOUT_DIR / "heldout2.yml"]  # a new model must not do worse here


def heldout_files() -> list[Path]:
    """Every held-out set: heldout.yml, heldout2.yml, ... (each written independently of the training data)."""
    return sorted(HELDOUT_DIR.glob("heldout*.yml"))


@dataclass
class EvalResult:
    total: int = 0
    intent_correct: int = 0
    faq_total: int = 0
    faq_correct: int = 0
    place_total: int = 0
    place_correct: int = 0
    by_lang: Counter = field(default_factory=Counter)
    by_lang_correct: Counter = field(default_factory=Counter)
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (expected, predicted)
    errors: list[dict] = field(default_factory=list)
    raw_correct: int = 0  # the classifier alone, before the action's steering by words
    scored: list[tuple[float, bool]] = field(default_factory=list)  # (classifier confidence, decided right)
    suggested: list[bool] = field(default_factory=list)  # the fallback serves: right topic among its buttons

    def suggestion_rate(self, threshold: float) -> float:
        """Of the messages below the threshold, the share the fallback serves: the right topic is among its
        buttons, or the hand-over it offers is itself the right answer (an on-topic question without data)."""
        below = [hit for (c, _), hit in zip(self.scored, self.suggested) if c < threshold]
        return sum(below) / len(below) if below else 1.0

    def threshold_rates(self, threshold: float) -> tuple[float, float]:
        """(wrong answers given with confidence >= threshold, needless "I don't know"s below it), each
        as a share of all messages."""
        n = len(self.scored) or 1
        wrong_above = sum(1 for c, ok in self.scored if c >= threshold and not ok) / n
        needless = sum(1 for c, ok in self.scored if c < threshold and ok) / n
        return wrong_above, needless

    @property
    def intent_accuracy(self) -> float:
        return self.intent_correct / self.total if self.total else 0.0

    @property
    def faq_accuracy(self) -> float:
        return self.faq_correct / self.faq_total if self.faq_total else 0.0

    @property
    def place_accuracy(self) -> float:
        return self.place_correct / self.place_total if self.place_total else 0.0

    @property
    def macro_f1(self) -> float:
        labels = {e for e, _ in self.pairs}
        scores = []
        for label in labels:
            tp = sum(1 for e, p in self.pairs if e == label and p == label)
            fp = sum(1 for e, p in self.pairs if e != label and p == label)
            fn = sum(1 for e, p in self.pairs if e == label and p != label)
            precision = tp / (tp + fp) if tp + fp else 0.0
            recall = tp / (tp + fn) if tp + fn else 0.0
            scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
        return sum(scores) / len(scores) if scores else 0.0

    def summary(self) -> dict:
        return {
            "messages": self.total,
            "by_language": dict(self.by_lang),
            "intent_accuracy": round(self.intent_accuracy, 4),
            "classifier_accuracy": round(self.raw_correct / self.total, 4) if self.total else 0.0,
            "intent_accuracy_by_language": {k: round(self.by_lang_correct[k] / v, 4) for k, v in self.by_lang.items()},
            "intent_macro_f1": round(self.macro_f1, 4),
            "faq_retrieval_accuracy": round(self.faq_accuracy, 4),
            "faq_messages": self.faq_total,
            "places_resolved": round(self.place_accuracy, 4),
            "place_messages": self.place_total,
            "other_authority_recall": round(self.recall("other_authority"), 4),  # the 115 / town hall answer
        }

    def recall(self, label: str) -> float:
        wanted = [p for e, p in self.pairs if e == label]
        return sum(p == label for p in wanted) / len(wanted) if wanted else 1.0


def load_heldout(path: Path = HELDOUT) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]


def evaluate(rasa_url: str, messages: list[dict] | None = None) -> EvalResult:
    """Against a running Rasa server."""
    messages = messages if messages is not None else load_heldout()
    with httpx.Client(timeout=30) as client:
        parsed = [client.post(f"{rasa_url}/model/parse", json={"text": msg["text"]}, params=rasa_api_params()).json()
                  for msg in messages]
    return score(messages, parsed)


def evaluate_model(model: Path, files: list[Path]) -> dict[str, EvalResult]:
    """A trained model file, loaded without a server (in the Rasa environment), on held-out files."""
    from bot.stack import rasa_env, rasa_python

    sets = {f.name: load_heldout(f) for f in files}
    texts = [msg["text"] for messages in sets.values() for msg in messages]
    script = Path(__file__).resolve().parents[1] / "nlu" / "parse_with_model.py"
    with tempfile.TemporaryDirectory() as tmp:
        out_file = Path(tmp) / "parsed.json"
        result = subprocess.run([str(rasa_python()), str(script), str(model), str(out_file)], input=json.dumps(texts),
                                capture_output=True, text=True, env=rasa_env(), timeout=900)
        if result.returncode != 0 or not out_file.exists():
            raise RuntimeError(f"evaluating {model.name} failed: {result.stderr[-2000:]}")
        parsed = json.loads(out_file.read_text(encoding="utf-8"))
    out, i = {}, 0
    for name, messages in sets.items():
        out[name] = score(messages, parsed[i:i + len(messages)])
        i += len(messages)
    return out


def score(messages: list[dict], parsed_all: list[dict]) -> EvalResult:
    from actions import suggestions

    with db.session() as s:
        places = PlaceIndex.load(s)
    result = EvalResult()
    if True:
        for msg, parsed in zip(messages, parsed_all):
            raw = parsed["intent"]["name"]
            ranking = [(r["name"], float(r.get("confidence") or 0)) for r in parsed.get("intent_ranking") or []
                       if r["name"] != "nlu_fallback"]
            if raw == "nlu_fallback":  # what the classifier would have said without the fallback
                raw = ranking[0][0] if ranking else raw
            selected = parsed.get("response_selector", {}).get("faq", {}).get("response", {})
            predicted = decided_intent(raw, msg["text"], ranking, (selected.get("intent_response_key") or "")
                                       .removeprefix("faq/"), float(selected.get("confidence") or 0.0))
            expected = expected_outcome(msg)
            result.raw_correct += raw == expected
            result.scored.append((float(parsed["intent"].get("confidence") or 0.0)
                                  if parsed["intent"]["name"] != "nlu_fallback" else
                                  (ranking[0][1] if ranking else 0.0), predicted == expected))
            # below the threshold the bot says "not sure", offers the likely topics and the hand-over, which
            # is itself the right answer to an on-topic question without data
            result.suggested.append(expected == "other_question" or expected in suggestions.likely_topics(ranking))
            result.total += 1
            result.by_lang[msg.get("lang", "de")] += 1
            result.pairs.append((expected, predicted))
            ok = predicted == expected
            result.intent_correct += ok
            result.by_lang_correct[msg.get("lang", "de")] += ok
            if not ok:
                result.errors.append({"text": msg["text"], "expected": expected, "predicted": predicted,
                                      "confidence": round(parsed["intent"]["confidence"], 3)})
            if expected == "faq":
                result.faq_total += 1
                key = (parsed.get("response_selector", {}).get("faq", {}).get("response", {})
                       .get("intent_response_key") or "").removeprefix("faq/")
                if key == (msg.get("faq_key") or msg.get("faq")):
                    result.faq_correct += 1
                else:
                    result.errors.append({"text": msg["text"], "expected_faq": msg.get("faq_key") or msg.get("faq"),
                                          "predicted_faq": key})
            if msg.get("place"):
                result.place_total += 1
                match = places.resolve(msg["text"])
                if str(msg["place"]) == "outside" and match.outside and not match.candidates:
                    result.place_correct += 1
                elif match.place and place_matches(str(msg["place"]), match.place):
                    result.place_correct += 1
                else:
                    result.errors.append({"text": msg["text"], "expected_place": msg["place"],
                                          "resolved": [p.code for p in match.candidates]})
    return result


def decided_intent(raw: str, text: str, ranking: list[tuple[str, float]], faq_key: str | None = None,
                   faq_confidence: float = 0.0) -> str:
    """The intent the bot answers with: the classifier's, steered by the same words the action uses
    (a property offer, a feeling that also asks a question, contact roles, event kinds)."""
    from actions import steering

    raw = steering.settle_offer(raw, text, ranking, faq_key, faq_confidence)
    return steering.steer(steering.question_behind_feeling(raw, text, ranking) or raw, text)


def expected_outcome(msg: dict) -> str:
    """The labelled intent, where the bot answers two labels the same way: a message labelled as the FAQ entry
    on offering property starts the offer dialogue, which is the offer intent's answer."""
    from actions import steering

    if msg["intent"] == "faq" and (msg.get("faq_key") or msg.get("faq")) in steering.PROPERTY_FAQ_KEYS:
        return "offer_property"
    return msg["intent"]


def place_matches(expected: str, place) -> bool:  # noqa: ANN001
    """Labels name a municipality or Kreis by AGS, a Regierungsbezirk by its 3 digits ("053") and a
    region as "region:<Name>"."""
    if expected.startswith("region:"):
        want = expected.split(":", 1)[1].lower()
        return place.kind == "region" and want in (place.name.lower(), place.code.split(":", 1)[1])
    if len(expected) == 3 and expected.isdigit():
        return place.code == f"rb:{expected}"
    return place.code == expected


THRESHOLDS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9)


def print_thresholds(result: EvalResult) -> None:
    print("fallback threshold: wrong answers above it / needless \"I don't know\" below it (share of messages)"
          " / below it, the fallback serves (right topic among its buttons, or the hand-over itself is right)")
    for t in THRESHOLDS:
        wrong, needless = result.threshold_rates(t)
        print(f"  {t:.2f}: {wrong * 100:5.1f} % / {needless * 100:5.1f} % / {result.suggestion_rate(t) * 100:5.1f} %")


def print_report(result: EvalResult, verbose: bool = False) -> None:
    print(json.dumps(result.summary(), indent=2, ensure_ascii=False))
    if verbose:
        for err in result.errors:
            print(json.dumps(err, ensure_ascii=False))
