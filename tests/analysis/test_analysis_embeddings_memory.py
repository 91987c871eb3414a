"""Sentence vectors are stored as float16 and compared in blocks: memory for 100,000 comments."""

import tracemalloc

import numpy as np

from engage.analysis.text import embeddings


def unit(rows, dim=512, seed=0, dtype=np.float32):
    v = np.random.default_rng(seed).standard_normal((rows, dim)).astype(np.float32)
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(dtype)


def test_blockwise_similarities_equal_the_whole_matrix_products(monkeypatch):
    monkeypatch.setattr(embeddings, "VECTOR_BLOCK", 7)  # many blocks, one ragged
    vectors = unit(50, dtype=embeddings.VECTOR_DTYPE)
    views = unit(9, seed=1)
    owners = np.array([0, 0, 0, 0, 1, 1, 2, 2, 2])
    got = embeddings.view_similarity(vectors, views, owners, 4)
    sims = vectors.astype(np.float32) @ views.T
    want = np.zeros((50, 4))
    for j in range(3):
        want[:, j] = np.sort(sims[:, owners == j], axis=1)[:, -3:].mean(axis=1)
    assert np.allclose(got, want, atol=1e-6)
    assignment = (np.random.default_rng(2).random((50, 4)) < 0.3).astype(float)
    assignment[:, 3] = 0
    got = embeddings.prototypes_of(vectors, assignment)[1]
    full = vectors.astype(np.float64)
    prototypes = assignment[:, :3].T @ full
    prototypes /= np.linalg.norm(prototypes, axis=1, keepdims=True)
    assert np.allclose(got[:, :3], full @ prototypes.T, atol=1e-5)


def test_float16_vectors_keep_cosines_within_a_thousandth():
    a, b = unit(200, seed=3), unit(20, seed=4)
    exact = a @ b.T
    assert np.abs(embeddings.cosines(a.astype(embeddings.VECTOR_DTYPE), b) - exact).max() < 1e-3


def test_prototypes_and_view_similarity_make_no_full_size_copy_of_the_vectors():
    vectors = unit(40_000, dtype=embeddings.VECTOR_DTYPE)  # 40 MB as float16
    assignment = (np.random.default_rng(5).random((40_000, 12)) < 0.2).astype(float)
    views, owners = unit(60, seed=6), np.arange(60) % 12
    tracemalloc.start()
    embeddings.prototypes_of(vectors, assignment)
    embeddings.view_similarity(vectors, views, owners, 12)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # A float32 copy of the vectors would be 80 MB (float64: 160 MB); what is used instead is one
    # float32 block (8,192 x 512: 16 MB) at a time beside 40,000 x 12 results.
    assert peak < 48 * 2**20, peak / 2**20


def test_blockwise_view_hubness_is_the_mean_of_each_views_nearest_comments(monkeypatch):
    monkeypatch.setattr(embeddings, "VECTOR_BLOCK", 7)
    vectors = unit(50, dtype=embeddings.VECTOR_DTYPE)
    views = unit(9, seed=1)
    sims = vectors.astype(np.float32) @ views.T
    want = np.sort(sims, axis=0)[-10:].mean(axis=0)
    assert np.allclose(embeddings.view_hubness(vectors, views, 10), want, atol=1e-6)
    assert np.allclose(embeddings.view_hubness(vectors[:4], views, 10), sims[:4].mean(axis=0), atol=1e-6)


def test_many_views_shrink_the_blocks():
    """Learning mode makes every coded comment a view of its theme: 3,000 views against 8,192-row
    blocks would be 94 MB of cosines per block (and copies of it); blocks shrink instead."""
    vectors = unit(20_000, dtype=embeddings.VECTOR_DTYPE)
    views, owners = unit(3_000, seed=1), np.arange(3_000) % 12
    for measure in (lambda: embeddings.view_hubness(vectors, views),
                    lambda: embeddings.view_similarity(vectors, views, owners, 12)):
        tracemalloc.start()
        measure()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert peak < 60 * 2**20
