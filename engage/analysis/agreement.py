"""Agreement between coders (machine vs analyst, analyst vs analyst) on multi-label theme tags.

Per theme, each comment is a yes/no decision by each coder; Cohen's kappa comes from NLTK's
``AnnotationTask`` over those decisions, precision/recall/F1 treat the first coder as the
reference. Micro and macro summaries let a report state how far its themes were checked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


Tags = Mapping[str, Sequence[str]]


def _kappa(reference: Sequence[bool], other: Sequence[bool]) -> float | None:
    """Cohen's kappa of two yes/no codings; None when undefined (both coders constant and equal)."""
    data = []
    for i, (a, b) in enumerate(zip(reference, other)):
        data.append(("reference", str(i), "yes" if a else "no"))
        data.append(("other", str(i), "yes" if b else "no"))
    if not data:
        return None
    from nltk.metrics.agreement import AnnotationTask  # imported on first use: NLTK is slow to import

    task = AnnotationTask(data=data)
    try:
        return float(task.kappa())
    except ZeroDivisionError:
        return None


def _prf(reference: Sequence[bool], other: Sequence[bool]) -> dict[str, float | int]:
    tp = sum(1 for a, b in zip(reference, other) if a and b)
    fp = sum(1 for a, b in zip(reference, other) if b and not a)
    fn = sum(1 for a, b in zip(reference, other) if a and not b)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def agreement(reference: Tags, other: Tags, theme_ids: Sequence[str] | None = None) -> dict:
    """Compare two codings of the same comments (comment id -> theme ids).

    Only comments both coders coded are compared. Returns per-theme kappa and P/R/F1 (``other``
    judged against ``reference``), micro P/R/F1, mean kappa over themes where it is defined,
    and the share of comments on which the two codings match exactly.
    """
    common = sorted(set(reference) & set(other))
    themes = list(theme_ids) if theme_ids is not None else sorted(
        {t for c in common for t in list(reference[c]) + list(other[c])}
    )
    per_theme = {}
    kappas = []
    tp = fp = fn = 0
    for theme in themes:
        a = [theme in reference[c] for c in common]
        b = [theme in other[c] for c in common]
        entry: dict = _prf(a, b)
        entry["support"] = sum(a)
        kappa = _kappa(a, b)
        entry["kappa"] = round(kappa, 4) if kappa is not None else None
        if kappa is not None and (any(a) or any(b)):
            kappas.append(kappa)
        tp, fp, fn = tp + entry["tp"], fp + entry["fp"], fn + entry["fn"]
        per_theme[theme] = entry
    micro = _prf([True] * tp + [False] * fp + [True] * fn, [True] * tp + [True] * fp + [False] * fn)
    exact = sum(1 for c in common if set(reference[c]) == set(other[c]))
    return {
        "comments": len(common),
        "themes": per_theme,
        "micro": {k: micro[k] for k in ("precision", "recall", "f1")},
        "mean_kappa": round(sum(kappas) / len(kappas), 4) if kappas else None,
        "exact_match": round(exact / len(common), 4) if common else None,
    }
