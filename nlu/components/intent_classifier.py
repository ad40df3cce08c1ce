"""The intent classifier (runs inside Rasa, Python 3.10): a linear SVM on TF-IDF word and character n-grams.

Why not Rasa's LogisticRegressionClassifier on the CountVectorsFeaturizer's raw counts: a long message
(a worry, then two questions) has many more counts than a short one, so its logits grow with its length
and the classifier became both wrong and sure on exactly those messages. Here every message's word and
character vectors are TF-IDF weighted with sublinear term frequency and scaled to unit length, so length
no longer means confidence. Measured on the five held-out sets: about one point more intent accuracy and
clearly fewer wrong answers above the fallback threshold; training takes well under a second.

The SVM's decision values become a ranking by a softmax with a fixed temperature (the `temperature`
option), so the FallbackClassifier's threshold keeps its meaning. Everything is stored as plain arrays and
JSON (no pickle), so loading a model runs no code from the model file.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any, Dict, List, Optional, Text

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.preprocessing import normalize
from sklearn.svm import LinearSVC

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)

_EDGE_PUNCT = re.compile(r"[^\w#@&]+(?=\s|$)|(?<=\s)[^\w#@&]+|^[^\w#@&]+")


def words(text: str) -> List[str]:
    """Lower-cased words without the punctuation around them (as Rasa's WhitespaceTokenizer splits)."""
    return _EDGE_PUNCT.sub(" ", text).lower().split()


def word_text(text: str) -> str:
    return " ".join(words(text))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TfidfIntentClassifier(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"word_ngrams": [1, 2], "char_ngrams": [3, 5], "C": 1.0, "temperature": 5.0,
                "word_weight": 1.0, "ranking_length": 10}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.word_vec: Optional[CountVectorizer] = None
        self.char_vec: Optional[CountVectorizer] = None
        self.word_idf = self.char_idf = None
        self.coef = self.intercept = None
        self.classes: List[str] = []

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "TfidfIntentClassifier":
        return cls(config, model_storage, resource)

    # ---- features
    def _vectorizers(self, word_vocab: Optional[dict] = None, char_vocab: Optional[dict] = None) -> None:
        self.word_vec = CountVectorizer(analyzer="word", token_pattern=r"\S+", lowercase=False,
                                        ngram_range=tuple(self.config["word_ngrams"]), vocabulary=word_vocab)
        self.char_vec = CountVectorizer(analyzer="char_wb", lowercase=True,
                                        ngram_range=tuple(self.config["char_ngrams"]), vocabulary=char_vocab)

    @staticmethod
    def _idf(counts: csr_matrix) -> np.ndarray:
        n = counts.shape[0]
        return np.log((1 + n) / (1 + (counts > 0).sum(0).A1)) + 1.0

    def _weigh(self, counts: csr_matrix, idf: np.ndarray) -> csr_matrix:
        counts = counts.astype(np.float64).tocsr()
        counts.data = 1.0 + np.log(counts.data)
        return normalize(counts.multiply(idf).tocsr())

    def _features(self, texts: List[str]) -> csr_matrix:
        w = self._weigh(self.word_vec.transform([word_text(t) for t in texts]), self.word_idf)
        c = self._weigh(self.char_vec.transform([t.lower() for t in texts]), self.char_idf)
        return hstack([w * float(self.config["word_weight"]), c]).tocsr()

    # ---- training and prediction
    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if not examples:
            logger.warning("No intent examples: the intent classifier stays empty.")
            return self._resource
        texts = [e.get(TEXT) for e in examples]
        labels = [e.get(INTENT) for e in examples]
        self._vectorizers()
        word_counts = self.word_vec.fit_transform([word_text(t) for t in texts])
        char_counts = self.char_vec.fit_transform([t.lower() for t in texts])
        self.word_idf, self.char_idf = self._idf(word_counts), self._idf(char_counts)
        svm = LinearSVC(C=float(self.config["C"]), class_weight="balanced", random_state=42, max_iter=5000)
        svm.fit(self._features(texts), labels)
        self.classes = [str(c) for c in svm.classes_]
        self.coef = np.asfortranarray(svm.coef_)
        self.intercept = svm.intercept_
        if len(self.classes) == 2:  # a binary SVM has one row: make it one row per class
            self.coef = np.asfortranarray(np.vstack([-svm.coef_, svm.coef_]))
            self.intercept = np.hstack([-svm.intercept_, svm.intercept_])
        self.persist()
        return self._resource

    def _rankings(self, texts: List[str]) -> np.ndarray:
        scores = self._features(texts) @ self.coef.T + self.intercept
        scores = np.asarray(scores) * float(self.config["temperature"])
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def process(self, messages: List[Message]) -> List[Message]:
        if self.coef is None:
            return messages
        todo = [m for m in messages if m.get(TEXT)]
        if not todo:
            return messages
        probas = self._rankings([m.get(TEXT) for m in todo])
        for message, p in zip(todo, probas):
            order = np.argsort(-p)
            ranking = [{"name": self.classes[i], "confidence": float(p[i])} for i in order]
            message.set("intent", ranking[0], add_to_output=True)
            message.set("intent_ranking", ranking[: self.config["ranking_length"]], add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    # ---- storage: plain arrays and JSON
    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as model_dir:
            np.savez(model_dir / "intent_classifier.npz", coef=np.ascontiguousarray(self.coef),
                     intercept=self.intercept, word_idf=self.word_idf, char_idf=self.char_idf)
            (model_dir / "intent_classifier.json").write_text(json.dumps({
                "classes": self.classes,
                "word_vocab": {k: int(v) for k, v in self.word_vec.vocabulary_.items()},
                "char_vocab": {k: int(v) for k, v in self.char_vec.vocabulary_.items()},
            }, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "TfidfIntentClassifier":
        component = cls(config, model_storage, resource)
        try:
            with model_storage.read_from(resource) as model_dir:
                arrays = np.load(model_dir / "intent_classifier.npz", allow_pickle=False)
                meta = json.loads((model_dir / "intent_classifier.json").read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError) as exc:
            logger.warning("Intent classifier could not be loaded (%s); every message falls back.", exc)
            return component
        component._vectorizers(meta["word_vocab"], meta["char_vocab"])
        component.word_vec._validate_vocabulary()
        component.char_vec._validate_vocabulary()
        component.classes = meta["classes"]
        component.coef = np.asfortranarray(arrays["coef"])
        component.intercept = arrays["intercept"]
        component.word_idf, component.char_idf = arrays["word_idf"], arrays["char_idf"]
        return component
