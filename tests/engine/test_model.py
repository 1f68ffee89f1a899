"""The engine without Django: hierarchy, multi-label, abstention, thresholds, scripts."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from tests.engine.corpus import rows
from voxpop.engine.hierarchy import Hierarchy
from voxpop.engine.model import EngineConfig, TaggingModel, dense_scale

FAST = EngineConfig(folds=3)


def fit(data: list[tuple[str, list[str]]], **kwargs: object) -> TaggingModel:
    hierarchy = Hierarchy.from_paths({label for _, labels in data for label in labels}, "/")
    return TaggingModel(FAST).fit(
        [text for text, _ in data], [set(labels) for _, labels in data], hierarchy=hierarchy, **kwargs
    )


@pytest.fixture(scope="module")
def trained() -> TaggingModel:
    return fit(rows(30, seed=1, multi=30, oos=30))


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("hello, 我想申请退款 谢谢", "billing/refund"),
        ("안녕하세요 로그인이 안 돼요", "product/login"),
        ("인보이스를 다운로드할 수 없어요", "billing/invoice"),
        ("the export to excel button does nothing, thanks", "product/export"),
    ],
)
def test_predicts_the_leaf_in_english_chinese_and_korean(
    trained: TaggingModel, text: str, label: str
) -> None:
    assert trained.predict([text])[0].labels == [label]


def test_held_out_accuracy_on_generated_data_is_high(trained: TaggingModel) -> None:
    test = [r for r in rows(10, seed=99, multi=0, oos=0)]
    predictions = trained.predict([text for text, _ in test])
    correct = sum(p.labels == labels for p, (_, labels) in zip(predictions, test, strict=True))
    assert correct / len(test) >= 0.9


def test_a_conversation_about_two_facets_gets_both_leaves(trained: TaggingModel) -> None:
    [prediction] = trained.predict(["I want a refund for my last order. also I cannot log in to my account"])
    assert prediction.labels == ["billing/refund", "product/login"]


def test_people_who_always_pick_one_tag_get_one_tag_the_most_probable() -> None:
    model = fit(rows(30, seed=1, multi=0, oos=30))
    text = "I want a refund for my last order. also I cannot log in to my account"
    [prediction] = model.predict([text])
    # Both facets are likely, but no training example ever had two tags.
    assert sum(score >= 0.5 for score in prediction.scores.values()) == 2
    assert prediction.labels == [next(iter(prediction.scores))]
    assert prediction.labels[0] in {"billing/refund", "product/login"}


def test_no_tag_fits_is_a_valid_answer(trained: TaggingModel) -> None:
    predictions = trained.predict(["who won the football match yesterday", "오늘 날씨 어때요"])
    assert [p.labels for p in predictions] == [[], []]
    assert all(not p.auto for p in predictions)


def test_automatic_labels_are_only_those_above_their_tags_threshold(trained: TaggingModel) -> None:
    predictions = trained.predict([text for text, _ in rows(5, seed=5, multi=5, oos=5)])
    assert any(p.auto for p in predictions)
    for prediction in predictions:
        for label, score in prediction.auto.items():
            assert score >= trained.thresholds[label] >= 0.5


def test_a_leaf_people_cannot_tell_from_its_sibling_backs_off_to_the_parent() -> None:
    rng = random.Random(3)
    # Enough examples that a perfect held-out record proves 95% precision (a lower bound).
    data = rows(60, seed=2)
    # "refund" is split at random into two leaves nobody could tell apart.
    data = [
        (text, [f"billing/refund/{rng.choice(['card', 'cash'])}"] if labels == ["billing/refund"] else labels)
        for text, labels in data
    ]
    model = fit(data)
    [prediction] = model.predict(["hello 我想申请退款 thanks"])
    assert max(prediction.scores[k] for k in ("billing/refund/card", "billing/refund/cash")) < 0.9
    assert list(prediction.auto) == ["billing/refund"]
    assert math.isinf(model.thresholds["billing/refund/card"])


def test_a_tag_with_only_a_description_and_examples_still_gets_suggestions() -> None:
    data = [(text, labels) for text, labels in rows(20, seed=4) if labels != ["product/export"]]
    extras = {"product/export": ["Export", "exporting data to csv or excel", "导出数据", "엑셀로 내보내기"]}
    data.append(("export my reports to a csv file", ["product/export"]))
    model = fit(data, descriptions=extras)
    [prediction] = model.predict(["导出数据 谢谢"])
    assert next(iter(prediction.scores)) == "product/export"


def test_a_tag_nobody_applied_yet_is_suggested_from_its_description_and_examples() -> None:
    data = [(text, labels) for text, labels in rows(20, seed=4) if labels != ["product/export"]]
    extras = {
        "product/export": ["Export", "exporting data to csv or excel", "导出数据", "엑셀로 내보내기"],
        # A parent is not a class of its own: its leaves are.
        "billing": ["Billing", "invoices, refunds and payments"],
    }
    model = fit(data, descriptions=extras)
    assert "product/export" in model.classes and "billing" not in model.classes
    [prediction] = model.predict(["导出数据 谢谢"])
    assert next(iter(prediction.scores)) == "product/export"
    # Never applied automatically: no held-out example proves its precision.
    assert math.isinf(model.thresholds["product/export"])
    assert "product/export" not in prediction.auto
    # A text about something the tag's texts do not mention is not given to it.
    [other] = model.predict(["hello, 我想申请退款 谢谢"])
    assert next(iter(other.scores)) == "billing/refund"


def test_hierarchy_from_paths_implies_ancestors() -> None:
    tree = Hierarchy.from_paths(["billing/refund/card", "product"], "/")
    assert tree.ancestors("billing/refund/card") == ["billing/refund", "billing"]
    assert tree.most_specific({"billing", "billing/refund", "product"}) == {"billing/refund", "product"}


def test_precision_must_be_proven_with_confidence_before_a_tag_is_auto_applied() -> None:
    from voxpop.engine.model import _wilson_lower

    # 20 right out of 20 is not proof of 95% precision; 100 out of 100 is.
    bounds = _wilson_lower(np.array([20.0, 100.0, 95.0]), np.array([20.0, 100.0, 100.0]), 1.645)
    assert bounds[0] < 0.95 < bounds[1]
    assert bounds[2] < 0.95
    few = fit(rows(8, seed=7))
    assert all(math.isinf(t) for t in few.thresholds.values())
    assert not any(p.auto for p in few.predict(["I want a refund for my last order"]))


def test_the_model_is_the_same_whether_one_or_two_workers_fit_it() -> None:
    data = rows(15, seed=3, multi=10, oos=10)
    texts, label_sets = [text for text, _ in data], [set(labels) for _, labels in data]
    hierarchy = Hierarchy.from_paths({label for _, labels in data for label in labels}, "/")
    models = [
        TaggingModel(EngineConfig(folds=3, workers=workers)).fit(texts, label_sets, hierarchy=hierarchy)
        for workers in (1, 2)
    ]
    probe = [text for text, _ in rows(5, seed=7, multi=5, oos=5)]
    one, two = (model.predict_proba(probe) for model in models)
    assert np.array_equal(one, two)
    assert models[0].thresholds == models[1].thresholds
    assert models[0].report.oof_accuracy == models[1].report.oof_accuracy


def test_sentence_embeddings_weigh_double_with_ten_examples_per_tag_and_fade_to_one_by_forty() -> None:
    assert dense_scale(np.array([3, 5, 8])) == 2.0
    assert dense_scale(np.array([10, 10, 400])) == 2.0
    assert dense_scale(np.array([25, 25])) == 1.5
    assert dense_scale(np.array([1, 40, 500])) == 1.0
    assert dense_scale(np.array([300, 900])) == 1.0


def test_the_sparse_encoder_alone_is_never_rescaled() -> None:
    model = fit(rows(5, seed=3))
    texts = ["I want a refund", "导出数据"]
    assert model.dense_start is None
    assert (model._features(texts) != model.encoder.transform(texts)).nnz == 0


def test_prediction_by_one_matrix_product_scores_as_each_tags_svm_does(trained: TaggingModel) -> None:
    # Scores multiply once by the tags' stacked SVM weights instead of calling each SVM's
    # decision_function (one input check per tag); they must be what those calls give.
    texts = [text for text, _ in rows(3, seed=9, multi=3, oos=3)]
    x = trained._features(texts)
    per_tag = np.full((len(texts), len(trained.classes)), -1.0)
    for k, estimator in enumerate(trained.svm):
        if estimator is not None:
            per_tag[:, k] = estimator.decision_function(x)
    per_tag += (x @ trained.centroids.T).toarray()
    assert trained._scorer is not None and len(trained._scorer.tags) == len(trained.classes)
    np.testing.assert_array_equal(trained._scorer.scores(x, 1.0), per_tag)


def test_a_model_saved_before_stacking_loads_and_predicts_the_same(trained: TaggingModel) -> None:
    import pickle

    state = trained.__getstate__()
    assert "_scorer" not in state  # derived: not written to the model file
    loaded = pickle.loads(pickle.dumps(trained))  # noqa: S301 (our own bytes, just written)
    old = TaggingModel.__new__(TaggingModel)
    old.__setstate__(state)  # what a file written before stacking holds
    texts = [text for text, _ in rows(3, seed=10, multi=3, oos=3)]
    expected = trained.predict_proba(texts)
    np.testing.assert_array_equal(loaded.predict_proba(texts), expected)
    np.testing.assert_array_equal(old.predict_proba(texts), expected)
