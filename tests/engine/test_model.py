"""The engine without Django: hierarchy, multi-label, abstention, thresholds, scripts."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from tests.engine.corpus import rows
from voxpop.engine.hierarchy import Hierarchy
from voxpop.engine.model import (
    NEIGHBOUR_WEIGHTS,
    EngineConfig,
    NearestExamples,
    TaggingModel,
    _choose_weights,
)

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


def test_nearest_examples_score_each_tag_by_its_most_similar_example_and_its_centroid() -> None:
    vectors = np.array([[1.0, 0.0], [0.6, 0.8], [0.0, 1.0], [0.8, 0.6]])
    # Row 0 is tag 0; row 1 carries tags 0 and 2; row 2 tag 2; row 3 no tag; tag 1 has none.
    y = np.array([[1, 0, 0], [1, 0, 1], [0, 0, 1], [0, 0, 0]], dtype=np.int8)
    nearest, centroid = NearestExamples(vectors, y).scores(np.array([[0.8, 0.6], [0.0, 1.0]]))
    # The untagged row 3 (identical to the first probe) counts for no tag.
    assert np.allclose(nearest, [[0.96, 0.0, 0.96], [0.8, 0.0, 1.0]])
    # Centroids: tag 0 of rows 0-1 is (1.6, 0.8), tag 2 of rows 1-2 is (0.6, 1.8), normalised.
    tag0, tag2 = np.array([1.6, 0.8]) / np.hypot(1.6, 0.8), np.array([0.6, 1.8]) / np.hypot(0.6, 1.8)
    assert np.allclose(centroid, [[tag0 @ [0.8, 0.6], 0.0, tag2 @ [0.8, 0.6]], [tag0[1], 0.0, tag2[1]]])


def test_a_block_that_helps_gets_weight_and_a_useless_one_none() -> None:
    y = np.eye(3, dtype=np.int8)[[0, 1, 2, 0, 1, 2]]
    # The base scores get half the rows wrong; the helpful block points at the right tags.
    base = np.where(np.eye(3)[[0, 1, 2, 1, 2, 0]] == 1, 1.0, 0.0)
    helpful = y * 1.0
    useless = np.zeros(y.shape)
    weights = _choose_weights(base, [useless, helpful], y)
    assert weights[0] == 0.0  # ties go to the smaller weight
    assert weights[1] > 1.0  # enough to overrule the base score
    assert weights[1] in NEIGHBOUR_WEIGHTS
