"""Open text: redaction, normalisation, tagging, sentiment, quotes, emerging themes, agreement."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engage.analysis import agreement, analyze_comments, default_codebook, redact, tag_comments
from engage.analysis.text.codebook import codebook_from_dict
from engage.analysis.text.emerging import emerging_themes
from engage.analysis.text.learning import learn_and_tag
from engage.analysis.text.themes import tag_matrix
from engage.analysis.text.normalize import Normalizer, stopwords
from engage.analysis.text.parts import PartLayout
from engage.analysis.text.quotes import theme_quotes
from engage.analysis.text.sentiment import NO_SENTIMENT, sentiment
from engage.analysis.text.themes import Decision, ZeroShotTagger, decide, part_decision

PACKAGE = Path(__file__).resolve().parents[2] / "engage" / "analysis"


def test_analysis_package_never_imports_flask_or_the_web_app():
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(("flask", "werkzeug", "jinja2")), f"{path.name} imports {name}"
                if name.startswith("engage"):
                    assert name.startswith("engage.analysis"), f"{path.name} imports {name}"


def test_importing_the_analysis_package_loads_no_web_framework():
    """Not through its parent package either (``engage/__init__`` imports Flask only in create_app)."""
    probe = ("import sys, engage.analysis, engage.analysis.cli; "
             "print(sorted(m for m in sys.modules if m.split('.')[0] in {'flask', 'werkzeug', 'jinja2', 'sqlalchemy'}))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         cwd=PACKAGE.parents[1])
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "text,kind,leaked",
    [
        ("Write to maria.lopez@example.org please", "email", "maria.lopez"),
        ("Escríbeme a juan_perez+911@correo.es", "email", "juan_perez"),
        ("Call me at (270) 555-0134 any time", "phone", "555-0134"),
        ("Mi número es +52 55 1234 5678", "phone", "1234 5678"),
        ("Ruf mich an: 030 1234567", "phone", "1234567"),
        ("Appelez le +33 1 42 68 53 00", "phone", "42 68"),
        ("رقمي 0501234567", "phone", "0501234567"),
        ("I live at 1234 Main Street, near the park", "address", "Main Street"),
        ("come to 55 elm st. after six", "address", "elm"),
        ("Vivo en Calle de Alcalá 45", "address", "Alcalá 45"),
        ("Ich wohne in der Hauptstraße 12", "address", "Hauptstraße 12"),
        ("J'habite 12 rue de la Paix", "address", "rue de la Paix"),
        ("أسكن في 12 شارع الملك", "address", "الملك"),
        ("عنواني ٢٣ شارع النخيل", "address", "النخيل"),
        ("بيتي في شارع الملك فهد، رقم 7 قرب المسجد", "address", "فهد"),
        ("See https://example.com/report?id=3 or www.city.gov", "url", "example.com"),
        ("Visit bgky.org/meetings", "url", "bgky"),
        ("Hi, my name is John Smith and I need help", "name", "John"),
        ("Hola, me llamo María López", "name", "María"),
        ("Mi nombre es Carlos", "name", "Carlos"),
        ("Je m'appelle Claire Dubois", "name", "Claire"),
        ("Ich heiße Jürgen Müller", "name", "Jürgen"),
        ("Mein Name ist Anna Schmidt", "name", "Anna"),
        ("I'm called Sam", "name", "Sam"),
        ("اسمي أحمد علي", "name", "أحمد"),
    ],
)
def test_redaction_replaces_each_kind_of_personal_detail(text, kind, leaked):
    out = redact(text)
    assert f"[{kind}]" in out
    assert leaked not in out


def test_redaction_keeps_ordinary_numbers_and_words():
    text = "In 2018 there were 911 calls; we want 24/7 service with 3 teams. I am very worried."
    assert redact(text) == text
    # A street type and a number in one sentence are not yet an address.
    for text in ("The 911 dispatchers need a way to route calls to the new team.", "We need 2 more road crews",
                 "انتظرنا 3 ساعات في الشارع", "شارع الملك فيه 3 مشردين", "ينام 5 أشخاص في الشارع كل ليلة"):
        assert redact(text) == text


def test_stopwords_keep_domain_words():
    for lang in ("en", "es", "de", "fr", "ar"):
        assert stopwords(lang), lang
    assert {"help", "call", "home", "police"}.isdisjoint(stopwords("en"))
    assert {"ayuda", "policía", "casa"}.isdisjoint(stopwords("es"))


@pytest.mark.parametrize("language,plain,written", [
    ("de", "Laerm", "Lärm"), ("de", "Gruenflaechen", "Grünflächen"), ("de", "Strasse", "Straße"),
    ("de", "Fussgaenger", "Fußgänger"), ("de", "oeffentlich", "öffentlich"),
    ("es", "policia", "policía"), ("es", "Adiccion", "Adicción"), ("es", "jovenes", "jóvenes"),
    ("es", "ninos", "niños"), ("es", "rapido", "rápido"), ("es", "tambien esta aqui", "también está aquí"),
])
def test_a_word_typed_without_its_umlauts_or_accents_is_the_same_word(language, plain, written):
    normalizer = Normalizer(language)
    assert normalizer.stems(plain) == normalizer.stems(written)  # function words too: no stems either way
    assert [normalizer.light(t) for t in plain.lower().split()] == [normalizer.light(t) for t in written.lower().split()]


def test_german_compounds_are_read_in_the_stems_letters():
    from engage.analysis.text.features import CompoundMatcher

    german = Normalizer("de")
    assert german.stems("Quelle") == ["quell"]  # "ue" after "q" is no umlaut
    # Nor after a vowel (german2's "u" between vowels): inflections keep their word's stem.
    for forms in (["Bau", "bauen"], ["neu", "neuen"], ["Steuer", "Steuern"], ["teuer", "teuere"], ["Feuer", "Feuers"]):
        assert len({german.stem(form.lower()) for form in forms}) == 1, forms
    assert Normalizer("en").stems("blue queue") == ["blue", "queue"]  # English keeps its letters
    # Codebook stems lose their umlauts ("Lärm" -> "larm"), and are found inside compounds either way.
    matcher = CompoundMatcher("de", {german.stem("lärm"), german.stem("grün")})
    assert matcher.parts("lärmschutzwand") == matcher.parts("laermschutzwand") == ("larm",)
    book = codebook_from_dict({"name": "q", "language": "de", "themes": [
        {"id": "laerm", "label": "Lärm", "description": "Lärm und Krach in der Nacht."},
        {"id": "gruen", "label": "Grünflächen", "description": "Parks, Bäume und Wiesen."}]})
    tags = ZeroShotTagger(book).tag(["Die Lärmschutzwand fehlt noch immer", "Der Laerm nachts ist unertraeglich",
                                     "Mehr Baeume und Gruenflaechen bitte"], ["de"] * 3)
    assert [t[:1] for t in tags] == [["laerm"], ["laerm"], ["gruen"]]


def test_a_german_verbs_participle_infinitive_and_noun_share_a_stem():
    """Codebooks name things with nouns, residents write verbs: Snowball alone keeps them apart."""
    german = Normalizer("de")
    for family in (["Sanierung", "saniert", "sanieren", "sanierte"], ["Finanzierung", "finanziert", "finanzieren"],
                   ["Genehmigung", "genehmigt", "genehmigen"], ["Beteiligung", "beteiligt", "beteiligte"],
                   ["Papier", "Papieren"], ["erledigt", "erledigen"]):
        assert len({german.stem(word.lower()) for word in family}) == 1, family
    assert len({german.stem(word) for word in ("bier", "tier", "vier", "hier")}) == 4  # short words alone
    book = codebook_from_dict({"name": "q", "language": "de", "themes": [
        {"id": "wohnen", "label": "Wohnen", "description": "Mieten, Verdrängung und Luxussanierung."},
        {"id": "verwaltung", "label": "Verwaltung", "description": "Dauer von Genehmigungen, Beteiligung."}]})
    tags = ZeroShotTagger(book).tag(["Unser Haus wird luxussaniert", "Der Antrag wurde nie genehmigt"], ["de"] * 2)
    assert [t[:1] for t in tags] == [["wohnen"], ["verwaltung"]]


def test_a_german_participle_without_ge_counts_for_its_codebook_noun(monkeypatch):
    """Snowball leaves "verdrängt" whole, and "Verdrängung" is "verdrang": the participle's ending
    ties them, as a compound's head ties "Lärmschutz" to "Lärm"."""
    from engage.analysis.text.features import CompoundMatcher

    german = Normalizer("de")
    matcher = CompoundMatcher("de", {german.stem(w) for w in ("verdrängung", "beleuchtung", "versiegelung", "erhöhung")})
    found = {w: matcher.parts(w) for w in ("verdrängt", "beleuchtet", "versiegelte", "erhöht", "verdraengt", "bieten")}
    assert found == {"verdrängt": ("verdrang",), "beleuchtet": ("beleucht",), "versiegelte": ("versiegel",),
                     "erhöht": ("erhoh",), "verdraengt": ("verdrang",), "bieten": ()}
    assert CompoundMatcher("nl", {"verdrang"}).parts("verdrangt") == ()  # German endings only
    monkeypatch.setenv("ENGAGE_EMBEDDINGS", "off")
    book = codebook_from_dict({"name": "q", "language": "de", "themes": [
        {"id": "wohnen", "label": "Wohnen", "description": "Mieten und Verdrängung."},
        {"id": "sicherheit", "label": "Sicherheit", "description": "Beleuchtung und Kriminalität."}]})
    scores = ZeroShotTagger(book).run(["Unsere Nachbarn wurden verdrängt", "Der Weg ist schlecht beleuchtet"],
                                      ["de"] * 2).scores
    assert scores[0, 0] > 0 == scores[0, 1] and scores[1, 1] > 0 == scores[1, 0]


def test_a_codebook_stem_counts_inside_a_word_only_where_a_compound_could_join_it():
    """One or two letters before a stem belong to another word ("P|last|ikmüll", "Ö|kost|rom"),
    unless they are a prefix followed only by an inflection ("ge|parkt", "be|zuschussen")."""
    from engage.analysis.text.features import CompoundMatcher

    matcher = CompoundMatcher("de", {"last", "kost", "grant", "hand", "teil", "zuschuss", "park", "heizung", "stadt"})
    for word, stem in [("plastikmüll", "last"), ("ökostrom", "kost"), ("migranten", "grant"), ("behandelt", "hand"),
                       ("beteiligung", "teil")]:
        assert stem not in matcher.parts(word), word
    for word, stem in [("bezuschussen", "zuschuss"), ("zugeparkt", "park"), ("geparkt", "park"), ("gasheizung", "heizung"),
                       ("altstadt", "stadt"), ("nebenkosten", "kost"), ("lastenräder", "last")]:
        assert stem in matcher.parts(word), word


def test_a_german_verb_counts_for_the_codebook_noun_snowball_stems_apart():
    """Codebooks name measures with nouns ("Entsiegelung", "Förderung", "Dämmung", "Heizung");
    residents write verbs, which Snowball cuts elsewhere ("entsiegeln", "ford", "damm", "heiz")."""
    from engage.analysis.text.features import CompoundMatcher

    german = Normalizer("de")
    nouns = {german.stem(w) for w in ("Entsiegelung", "Förderung", "Dämmung", "Heizung")}
    assert nouns == {"entsiegel", "forder", "dammung", "heizung"}
    matcher = CompoundMatcher("de", nouns)
    for word, stem in [("entsiegeln", "entsiegel"), ("fördern", "forder"), ("gedämmt", "dammung"), ("dämmt", "dammung"),
                       ("heizen", "heizung")]:
        assert stem in matcher.parts(word), word
    assert CompoundMatcher("de", {"entsiegel"}).parts("fördern") == ()  # only stems the codebook has


def test_a_codebook_stem_that_is_a_function_word_is_not_found_inside_unrelated_words():
    """Snowball stems "Sicherheit" to "sich": "Hinsicht" and "Gesicht" are no evidence of safety."""
    from engage.analysis.text.features import CompoundMatcher, TermCounter
    from engage.analysis.text.profiles import build_profiles

    book = codebook_from_dict({"name": "q", "language": "de", "themes": [
        {"id": "sicherheit", "label": "Sicherheit", "description": "Sich sicher fühlen, Kriminalität."}]})
    matcher = CompoundMatcher("de", build_profiles(book, TermCounter(Normalizer("de"))).known_stems())
    for word in ("hinsicht", "aussicht", "gesicht", "absichtlich"):
        assert "sich" not in matcher.parts(word), word
    for word in ("verkehrssicherheit", "unsicher", "sicherheitsgefühl"):
        assert "sich" in matcher.parts(word), word


def test_non_answers_typed_without_accents_or_umlauts_are_non_answers():
    from engage.analysis.text.normalize import is_non_answer

    assert is_non_answer("ningun comentario", "es") and is_non_answer("nada que anadir", "es")
    assert is_non_answer("nichts hinzuzufuegen", "de")
    assert not is_non_answer("mas patrullas", "es")
    # Emerging themes' key phrases leave out the same words, however spelled.
    from engage.analysis.text.normalize import says_nothing

    assert says_nothing("fuer", "de") and says_nothing("für", "de") and says_nothing("tambien", "es")
    assert not says_nothing("laerm", "de") and not says_nothing("policia", "es")


def test_normalizer_stems_per_language():
    assert Normalizer("en").stems("The officers were calling") == ["offic", "call"]
    assert Normalizer("es").stems("Las personas sin hogar") == ["person", "hog"]
    assert Normalizer("de").stems("Die Polizei und die Notrufe")[0] == "polizei"


TINY = codebook_from_dict({
    "name": "tiny",
    "language": "en",
    "themes": [
        {"id": "parks", "label": {"en": "Parks and playgrounds", "de": "Parks und Spielplätze"},
         "description": {"en": "Parks, playgrounds, trees and benches. Not roads (roads).",
                         "de": "Parks, Spielplätze, Bäume und Bänke."}},
        {"id": "roads", "label": {"en": "Roads and traffic", "de": "Straßen und Verkehr"},
         "description": {"en": "Potholes, traffic, speeding cars and road repair. Not playgrounds (parks).",
                         "de": "Schlaglöcher, Verkehr, Raser und Straßenreparatur."},
         "keywords": ["pothole"]},
        {"id": "safety", "label": "Safety", "description": "Crime, police patrols and feeling safe at night."},
    ],
})


def test_zero_shot_tagging_with_a_tiny_codebook():
    tagger = ZeroShotTagger(TINY)
    tags = tagger.tag([
        "The playground needs new benches",
        "Fix the potholes on my road",
        "More police patrols at night please",
        "",
        "   ",
        "I like turtles",
    ])
    assert tags[0] == ["parks"]
    assert tags[1] == ["roads"]
    assert tags[2] == ["safety"]
    assert tags[3] == [] and tags[4] == [] and tags[5] == []


def test_zero_shot_finds_theme_words_inside_german_compounds():
    tags = ZeroShotTagger(TINY).tag(["Der Spielplatz braucht neue Bänke", "Mehr Verkehrskontrollen bitte"], ["de", "de"])
    assert tags == [["parks"], ["roads"]]


def test_empty_comments_get_no_theme_in_both_modes():
    texts = ["", "  \n ", "the playground is great"]
    tags, report = tag_comments(TINY, texts, ["en"] * 3)
    assert tags[:2] == [[], []] and report is None
    coded = [{"text": "benches in the park", "themes": ["parks"]}, {"text": "road repair", "themes": ["roads"]}]
    tags, report = tag_comments(TINY, texts, ["en"] * 3, coded)
    assert tags[:2] == [[], []] and report["en"]["mode"] == "learning"


def test_learning_mode_learns_words_the_codebook_lacks_and_reports_quality():
    coded_texts, coded_themes, rest = [], [], []
    for i in range(12):
        coded_texts += [f"the swings and slide number {i} are broken", f"asphalt cracks on lane {i} again",
                        f"burglary on block {i} last week"]
        coded_themes += [["parks"], ["roads"], ["safety"]]
    rest = ["the slide is broken", "asphalt cracks everywhere", "another burglary nearby"]
    result = learn_and_tag(TINY, coded_texts, coded_themes, rest)
    assert result.themes == [["parks"], ["roads"], ["safety"]]
    quality = result.quality.as_dict()
    assert quality["folds"] == 5 and quality["coded"] == 36
    assert quality["micro_f1"] > 0.9
    low, high = quality["micro_f1_interval"]
    assert 0 <= low <= quality["micro_f1"] <= high <= 1
    assert set(quality["per_theme"]) == {"parks", "roads", "safety"}


class Fixed:
    """Stands in for ``themes.Adapted``: fixed scores for the batch, nothing for parts."""

    def __init__(self, scores):
        self.scores = scores

    def score(self, matrix, vectors):
        return np.zeros((matrix.shape[0], self.scores.shape[1]))

    def scorer(self):
        return self


def test_learning_quality_is_not_flattered_by_choosing_thresholds_on_the_same_checks(monkeypatch):
    """Scores that carry no information: the best of ~200 settings still fits the noise of a few
    checked answers, so a report read off that best setting would promise skill that is not there.
    Each fold is scored with settings chosen on the other folds instead."""
    from engage.analysis.text import learning

    gaps = []
    for seed in range(8):
        rng = np.random.default_rng(seed)
        coded_themes = [[TINY.ids[j]] for j in rng.integers(0, 3, 20)]
        prior, probs, zero_shot = (rng.random((23, 3)) for _ in range(3))
        monkeypatch.setattr(learning._Combiner, "scores", lambda self, rows, labels: (prior, probs, Fixed(prior)))
        monkeypatch.setattr(learning, "adapt", lambda *args, **kwargs: Fixed(zero_shot))
        quality = learn_and_tag(TINY, [f"comment {i}" for i in range(20)], coded_themes, ["a", "b", "c"]).quality
        labels = np.array([[t in themes for t in TINY.ids] for themes in coded_themes], dtype=float)
        n, whole = slice(0, 20), PartLayout.whole(20)
        in_sample = max(
            learning.micro_macro(labels, learning._tags(
                learning._Choice(family, labels, prior[n], probs[n], zero_shot[n], whole, np.zeros(20, dtype=int)).best(),
                prior[n], probs[n], zero_shot[n], whole))[0]
            for family in ("learned", "zero-shot"))
        gaps.append(in_sample - quality.micro_f1)
        assert quality.micro_f1_interval[0] <= quality.micro_f1 <= quality.micro_f1_interval[1]
    assert np.mean(gaps) > 0.03

def test_cross_validation_folds_are_even_when_themes_have_few_coded_answers():
    from engage.analysis.text import learning

    # 12 themes, 1-3 coded answers each (a small first sample): every fold gets its share.
    labels = np.zeros((24, 12))
    for i, theme in enumerate([j for j in range(12) for _ in range(1 + j % 3)]):
        labels[i, theme] = 1.0
    sizes = np.bincount(learning._folds(labels, 5, seed=0), minlength=5)
    assert sizes.max() - sizes.min() <= 1


def test_learning_falls_back_to_the_codebook_when_the_sample_teaches_nothing(monkeypatch):
    from engage.analysis.text import learning

    coded_texts, coded_themes = [], []
    for i in range(12):
        coded_texts += [f"the playground swings in park {i} are broken", f"pothole on road {i} again",
                        f"burglary on block {i} last week"]
        coded_themes += [["parks"], ["roads"], ["safety"]]
    rest = ["the slide is broken", "asphalt cracks everywhere", "another burglary nearby"]
    # Models that learned nothing: the codebook alone, with thresholds fitted to the sample, wins
    # the cross-validation and tags the rest.
    monkeypatch.setattr(learning._Combiner, "scores", lambda self, rows, labels: (
        np.zeros((len(self.texts), labels.shape[1])), np.zeros((len(self.texts), labels.shape[1])),
        Fixed(np.zeros((len(self.texts), labels.shape[1])))))
    result = learn_and_tag(TINY, coded_texts, coded_themes, rest)
    quality = result.quality.as_dict()
    assert quality["chosen"]["source"] == "zero-shot"
    assert quality["micro_f1"] > 0.9
    chosen = quality["chosen"]
    scores = ZeroShotTagger(TINY).score(coded_texts + rest)[len(coded_texts):]
    expected = [[TINY.ids[j] for j in row] for row in decide(scores, Decision(chosen["min_score"], chosen["ratio"]))]
    assert result.themes == expected == [["parks"], ["roads"], ["safety"]]


def test_a_second_floor_keeps_a_further_theme_far_below_the_best():
    scores = np.array([[5.0, 1.2, 0.3], [5.0, 0.3, 0.0], [0.2, 0.1, 0.0], [5.0, 4.8, 1.5]])
    assert decide(scores, Decision(min_score=0.4, ratio=0.9)) == [[0], [0], [], [0, 1]]
    # Far below the best, yet clear on its own: kept; below the second floor (or the first): not.
    rule = Decision(min_score=0.4, ratio=0.9, second_floor=1.0)
    assert decide(scores, rule) == [[0, 1], [0], [], [0, 1, 2]]
    assert decide(scores, Decision(min_score=0.4, ratio=0.9, max_themes=2, second_floor=1.0))[3] == [0, 1]
    # A part of a long answer needs clearer evidence for both floors.
    assert part_decision(rule).second_floor == pytest.approx(1.0 * part_decision(rule).min_score / 0.4)


def test_learning_fits_a_second_floor_when_second_themes_score_low(monkeypatch):
    """Every answer is about parks, half also about safety, which scores far below parks but well
    above the answers not about it: only a second floor tags both, and the choice finds one."""
    import json

    from engage.analysis.text import learning

    coded_texts = [f"answer number {i}" for i in range(40)]
    coded_themes = [["parks", "safety"] if i % 2 else ["parks"] for i in range(40)]
    rest = [f"another answer {i}" for i in range(10)]

    def scores(self, rows, labels):
        prior = np.zeros((len(self.texts), 3))
        prior[:, 0] = 5.0
        prior[:, 2] = np.where(np.arange(len(self.texts)) % 2, 1.2, 0.1)
        return prior, np.zeros_like(prior), Fixed(prior)

    monkeypatch.setattr(learning._Combiner, "scores", scores)
    result = learn_and_tag(TINY, coded_texts, coded_themes, rest)
    quality = result.quality.as_dict()
    json.dumps(quality)  # the chosen setting is plain data, "no second floor" included
    assert quality["chosen"].get("source") != "zero-shot"
    assert quality["chosen"]["second_floor"] is not None
    assert quality["micro_f1"] == 1.0
    assert result.themes == [["parks", "safety"] if (40 + i) % 2 else ["parks"] for i in range(10)]


def test_tag_matrix_gives_the_tags_decide_gives():
    rng = np.random.default_rng(0)
    for _ in range(50):
        scores = rng.normal(0.3, 0.5, (40, 6))
        scores[:5] = np.round(scores[:5], 1)  # ties
        scores[5:8] = 0.0
        decision = Decision(float(rng.choice([0.1, 0.4, 0.8])), float(rng.choice([0.5, 0.9])), int(rng.choice([1, 3])),
                            float(rng.choice([0.2, 0.6, np.inf])))
        expected = np.zeros_like(scores)
        for row, chosen in enumerate(decide(scores, decision)):
            expected[row, chosen] = 1.0
        assert (tag_matrix(scores, decision) == expected).all()


def test_a_language_is_read_from_its_code_its_locale_or_its_name():
    from engage.analysis.text.normalize import base_language

    assert [base_language(v) for v in ("de", "de-DE", "de_AT", "German", "Deutsch", "deu", " GER ")] == ["de"] * 7
    assert [base_language(v) for v in ("Español", "espanol", "spa", "es-419")] == ["es"] * 4
    assert [base_language(v) for v in ("العربية", "中文", "zh-Hant", "Tiếng Việt")] == ["ar", "zh", "zh", "vi"]
    assert base_language("klingon") == "klingon" and base_language("", "es") == "es" and base_language(None) == "en"


def test_codebook_review_names_references_gone_wrong_and_themes_with_only_a_label():
    from engage.analysis.text.codebook import codebook_from_dict, default_codebook, review_codebook

    book = codebook_from_dict({"themes": [
        {"id": "traffic_roads", "label": "Traffic",
         "description": {"en": "Cars (and trucks). Not sidewalks (walk_bike_transt).",
                         "es": "Coches. No aceras (walk_bike_transt). No alquiler (hosing)."}},
        {"id": "walk_bike_transit", "label": "Walking", "keywords": ["sidewalk"]},
        {"id": "housing", "label": "Housing", "description": "Rent. Not roads (traffic_roads) or buses (walk_bike_transit)."},
        {"id": "other", "label": "Other"},
    ]})
    notes = [note.as_dict() for note in review_codebook(book)]
    assert notes == [
        {"kind": "unknown_reference", "theme": "traffic_roads", "name": "walk_bike_transt", "suggestion": "walk_bike_transit"},
        {"kind": "unknown_reference", "theme": "traffic_roads", "name": "hosing", "suggestion": "housing"},
        {"kind": "label_only", "theme": "other", "name": "", "suggestion": ""},
    ]  # "(and trucks)" is prose, and each wrong name is named once per theme
    assert review_codebook(default_codebook()) == []


def test_default_codebook_speaks_english_spanish_and_arabic_with_thirteen_themes():
    codebook = default_codebook()
    assert len(codebook.themes) == 13
    assert codebook.languages() == ["en", "es", "ar"]  # the product's shipped locales
    for theme in codebook.themes:
        assert theme.id.islower() and " " not in theme.id
        assert set(theme.label) == set(theme.description) == {"en", "es", "ar"}
        # Each translation keeps the English one's exclusions, naming the same themes.
        named = {language: sorted(set(re.findall(r"\((\w+)\)", text)) & set(codebook.ids))
                 for language, text in theme.description.items()}
        assert named["es"] == named["ar"] == named["en"], theme.id
    tags = ZeroShotTagger(codebook).tag(
        ["I'm afraid to call 911 because the police might hurt my son",
         "Necesitamos vivienda para las personas sin hogar que duermen en la calle",
         "عائلات كثيرة تنام في الشارع لأن الملاجئ ممتلئة"],
        ["en", "es", "ar"],
    )
    assert tags[0][0] == "trust_police_fear_911"
    assert tags[1][0] == "homelessness_housing"
    assert tags[2][0] == "homelessness_housing"


def test_sentiment_in_english_and_plainly_none_elsewhere():
    assert sentiment("The crisis team was wonderful and kind")["label"] == "positive"
    assert sentiment("The police response was terrible and frightening")["label"] == "negative"
    spanish = sentiment("El equipo fue maravilloso", "es")
    assert spanish == {"available": False, "language": "es", "note": NO_SENTIMENT}


def test_vader_reads_the_same_tokens_as_nltks_own_lookup_table():
    import random
    import string

    from nltk.sentiment.vader import SentiText, VaderConstants

    from engage.analysis.text.sentiment import _analyzer, _words_and_emoticons

    _analyzer()  # installs the faster tokens on NLTK's SentiText
    assert SentiText._words_and_emoticons is _words_and_emoticons
    rng = random.Random(7)
    words = ["cat", "Dog", "GREAT", "don't", "kind", "of", "x", ":)", ":-(", "<3", "can't", "café", "a", "n't"]
    marks = list(VaderConstants.PUNC_LIST) + list(string.punctuation) + ["--", "!?", "...", "’", "“"]
    texts = [
        "The crisis team was GREAT!!! But the wait... terrible?!?",
        "'quoted' \"double\" -dash- ,comma, ;semi; :colon: ?!?!cat cat!?!? !!",
        "cat,dog catdog ,catdog (parens) [brackets] ...ellipsis ellipsis...",
    ]
    for _ in range(400):
        tokens = []
        for _ in range(rng.randint(0, 12)):
            token = rng.choice(words)
            if rng.random() < 0.4:
                token = rng.choice(marks) + token
            if rng.random() < 0.4:
                token += rng.choice(marks)
            tokens.append(token)
        texts.append(" ".join(tokens))
    constants = VaderConstants()
    for text in texts:
        read = SentiText(text, constants.PUNC_LIST, constants.REGEX_REMOVE_PUNCTUATION)
        table = read._words_plus_punc()  # NLTK's own: each token looked up in this table
        assert read.words_and_emoticons == [table.get(t, t) for t in text.split() if len(t) > 1], text


def test_quotes_are_redacted_short_and_per_theme():
    texts = [f"The playground benches near the park entrance are broken, call me at 270-555-01{i:02d}" for i in range(6)]
    texts += ["Parks are fine but honestly the real issue is the lack of shade trees downtown " * 5]
    tags = [["parks"]] * len(texts)
    out = theme_quotes(texts, tags, ["parks", "roads"], per_theme=2)
    assert out["roads"] == {"n": 0, "quotes": [], "minority_views": []}
    quotes = out["parks"]["quotes"]
    assert len(quotes) == 2
    assert all("[phone]" in q["text"] or len(q["text"]) <= 240 for q in quotes)
    assert all("555" not in q["text"] for q in quotes + out["parks"]["minority_views"])
    assert out["parks"]["minority_views"] and out["parks"]["minority_views"][0]["text"].endswith("…")


def test_quotes_and_emerging_themes_survive_answers_without_a_content_word():
    # A language group whose answers are all function words ("y", "de la") left TF-IDF with no columns.
    texts = ["y", "de la", "y"]
    assert theme_quotes(texts, [["parks"]] * 3, ["parks"], "es")["parks"]["n"] == 3
    assert emerging_themes(["y y", "de la", "y", "la"], [[]] * 4, "es", min_size=2) == []


def test_emerging_themes_cluster_untagged_answers():
    texts = ["stray dogs roam the street at night", "stray dogs bark all night long", "the stray dogs scare kids",
             "library hours are too short", "library should open on sundays", "longer library hours please",
             "tagged one"]
    tags = [[]] * 6 + [["parks"]]
    found = emerging_themes(texts, tags, min_size=3)
    phrases = [" ".join(c["key_phrases"]) for c in found]
    assert any("stray" in p for p in phrases) and any("library" in p for p in phrases)
    assert all(c["size"] == 3 for c in found)


def _partition(labels) -> set[frozenset[int]]:
    """Groups as sets of row numbers: group numbers themselves are arbitrary."""
    return {frozenset(np.flatnonzero(labels == g).tolist()) for g in np.unique(labels)}


def _blobs(n_per: int, centres: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    middle = rng.standard_normal((centres, 32))
    return np.concatenate([c + 0.3 * rng.standard_normal((n_per, 32)) for c in middle])


def test_emerging_groups_do_not_depend_on_the_answers_order():
    from engage.analysis.text.emerging import groups

    space = _blobs(20, 5)
    order = np.random.default_rng(1).permutation(len(space))
    first, shuffled = groups(space, 5), groups(space[order], 5)
    back = np.empty_like(shuffled)
    back[order] = shuffled
    assert _partition(first) == _partition(back)
    assert _partition(first) == {frozenset(range(i, i + 20)) for i in range(0, 100, 20)}


def test_emerging_groups_of_a_large_pool_cluster_a_sample_and_place_the_rest(monkeypatch):
    from scipy import sparse

    from engage.analysis.text import emerging

    monkeypatch.setattr(emerging, "WARD_ROWS", 30)
    labels = emerging.groups(_blobs(40, 4), 4)
    assert len(labels) == 160 and _partition(labels) == {frozenset(range(i, i + 40)) for i in range(0, 160, 40)}
    # TF-IDF (no encoder for the language) is sparse, and grouped the same way, small pool or large.
    words = sparse.csr_matrix(np.repeat(np.eye(3), 40, axis=0) + 0.3 * sparse.random(120, 3, density=0.2, random_state=0))
    assert _partition(emerging.groups(words, 3)) == {frozenset(range(i, i + 40)) for i in range(0, 120, 40)}
    monkeypatch.setattr(emerging, "WARD_ROWS", 200)
    assert _partition(emerging.groups(words, 3)) == {frozenset(range(i, i + 40)) for i in range(0, 120, 40)}
    assert emerging.groups(_blobs(3, 1), 1).tolist() == [0, 0, 0]


def test_non_answers_are_recognised_in_each_shipped_language():
    from engage.analysis.text.normalize import is_non_answer

    for text, language in [("no thanks", "en"), ("Not sure.", "en"), ("N/A", "en"), ("Nothing to add, thank you!", "en"),
                           ("nada", "es"), ("No sé", "es-MX"), ("Nein, danke", "de"), ("weiß nicht", "de"),
                           ("je ne sais pas", "fr"), ("لا شكرا", "ar"), ("شكراً لكم.", "ar"), ("لا أدري", "ar"),
                           ("ok", "it"), ("", "en"), ("  ", "en"),
                           # Pointers back, "no opinion" and not understanding the question.
                           ("see above", "en"), ("not sure what the question means", "en"), ("keine Angabe", "de"),
                           ("nix", "de"), ("Siehe oben.", "de"), ("Keine Meinung", "de"), ("ver arriba", "es"),
                           ("sin opinión", "es"), ("voir ci-dessus", "fr"), ("انظر أعلاه", "ar"), ("لا رأي", "ar")]:
        assert is_non_answer(text, language), text
    for text, language in [("We need more buses", "en"), ("police", "en"), ("Thanks for listening", "en"),
                           ("más patrullas no", "es"), ("Nein, mehr Busse", "de"), ("نحتاج مساعدة لكم", "ar"),
                           ("see the library", "en"), ("Siehe Radwege oben", "de"), ("mean staff", "en"),
                           ("no no no no no no no no no no", "en")]:  # long: worth a reader's eye
        assert not is_non_answer(text, language), text


def test_non_answers_get_no_theme_and_are_counted():
    comments = [{"id": "1", "text": "No thanks", "language": "en"}, {"id": "2", "text": "n/a", "language": "en"},
                {"id": "3", "text": "Nada", "language": "es"},
                {"id": "4", "text": "I am afraid to call 911, the police scare me", "language": "en"}]
    out = analyze_comments(comments)
    assert [c["themes"] for c in out["comments"]][:3] == [[], [], []] and out["comments"][3]["themes"]
    assert out["non_answers"] == 3
    tags, _ = tag_comments(default_codebook(), ["not sure", "nothing to add, thank you"], ["en", "en"])
    assert tags == [[], []]


def test_tagging_counts_what_it_redacted_and_which_answers_say_nothing():
    """The report builder takes both from the tagger's one redaction pass instead of redacting again."""
    from engage.analysis.text.pipeline import tag_with_fit

    texts = ["Email me at ana@example.org or call 270-555-0142", "No thanks", "",
             "My name is Ana and the police scare me; write to ana@example.org"]
    fitted = tag_with_fit(default_codebook(), texts, ["en"] * 4)
    assert fitted.texts == [redact(t) for t in texts]
    assert fitted.redacted == {"email": 2, "phone": 1, "name": 1}
    assert fitted.says_nothing == [False, True, True, False]
    assert fitted.themes[1] == fitted.themes[2] == [] and fitted.themes[3]


def test_emerging_themes_leave_non_answers_out():
    """Non-answers share words ("thanks", "sure"), so they would cluster into a "theme" of their own."""
    texts = ["no thanks", "No, thanks!", "not sure", "Not sure.", "nothing", "n/a", "no thank you", "nothing to add",
             "stray dogs roam the street at night, thanks", "stray dogs bark all night long, thanks",
             "the stray dogs scare kids"]
    found = emerging_themes(texts, [[]] * len(texts), min_size=3)
    assert [c["size"] for c in found] == [3]
    assert "thanks" not in found[0]["key_phrases"] and any("stray" in p for p in found[0]["key_phrases"])


def test_analyze_comments_end_to_end():
    comments = [
        {"id": "1", "text": "My name is Ann Lee. I'm afraid to call 911, the police scare me.", "language": "en"},
        {"id": "2", "text": "We need shelter beds for unhoused people", "language": "en"},
        {"id": "3", "text": "Tengo miedo de llamar a la policía", "language": "es"},
        {"id": "4", "text": "", "language": "en"},
    ]
    out = analyze_comments(comments)
    assert "Ann" not in out["comments"][0]["text"] and "[name]" in out["comments"][0]["text"]
    assert out["comments"][3]["themes"] == []
    theme = out["themes"]["trust_police_fear_911"]
    assert theme["n"] == 2 and theme["sentiment"]["without_sentiment"] == 1
    assert out["comments"][2]["sentiment"]["note"] == NO_SENTIMENT


def test_cohens_kappa_matches_hand_computation():
    # Coder A says yes to 1-5, coder B to 1-4 and 6: p_o = 0.8, p_e = 0.5, kappa = 0.6.
    a = {str(i): (["t"] if i <= 5 else []) for i in range(1, 11)}
    b = {str(i): (["t"] if i <= 4 or i == 6 else []) for i in range(1, 11)}
    out = agreement(a, b, ["t"])
    assert out["themes"]["t"]["kappa"] == pytest.approx(0.6)
    assert out["themes"]["t"]["precision"] == pytest.approx(0.8)
    assert out["themes"]["t"]["recall"] == pytest.approx(0.8)
    assert out["exact_match"] == pytest.approx(0.8)
    assert out["comments"] == 10


def test_tag_f1_scores_theme_lists():
    from engage.analysis.text.learning import tag_f1

    gold = [["a"], ["a", "b"], [], ["c"]]
    found = [["a"], ["b"], ["c"], []]
    micro, macro = tag_f1(["a", "b", "c"], gold, found)
    # tp 2 (a, b), fp 1 (c), fn 2 (a, c): micro 4 / 7; per theme a 2/3, b 1, c 0
    assert micro == pytest.approx(4 / 7) and macro == pytest.approx((2 / 3 + 1 + 0) / 3)


def test_an_exception_to_an_exclusion_counts_for_the_theme():
    """"Not X (other) unless Z": Z is about the theme after all (in any shipped language)."""
    from engage.analysis.text.features import TermCounter
    from engage.analysis.text.profiles import build_profiles

    for language, description in [
        ("en", "Crime and courts. Not routine parking tickets (roads) unless officer conduct is the point."),
        ("de", "Kriminalität und Gerichte. Nicht Strafzettel (roads), es sei denn das Verhalten der Beamten ist der Punkt."),
        ("ar", "الجريمة والمحاكم. ليس مخالفات الوقوف (roads) إلا إذا كان سلوك الشرطي هو المقصود."),
    ]:
        book = codebook_from_dict({"name": "t", "language": language, "themes": [
            {"id": "safety", "label": "Safety", "description": description},
            {"id": "roads", "label": "Roads", "description": "Potholes and parking."}]})
        counter = TermCounter(Normalizer(language))
        profiles = build_profiles(book, counter)
        column = {term: j for term, j in profiles.vocab.items()}
        conduct = counter.terms({"en": "conduct", "de": "Verhalten", "ar": "سلوك"}[language])[0]
        tickets = counter.terms({"en": "tickets", "de": "Strafzettel", "ar": "مخالفات"}[language])[0]
        assert profiles.weights[0, column[conduct]] > 0, language  # the exception: for safety
        assert profiles.weights[1, column[conduct]] == 0, language  # ... and not handed to roads
        assert profiles.weights[0, column[tickets]] < 0 < profiles.weights[1, column[tickets]], language


def test_theme_ids_that_are_ordinary_words_stay_words_in_the_codebook_text():
    """An id such as "education" is a reference only in parentheses; elsewhere it is the word."""
    from engage.analysis.text.codebook import strip_references
    from engage.analysis.text.embeddings import theme_views
    from engage.analysis.text.features import TermCounter
    from engage.analysis.text.profiles import build_profiles

    book = codebook_from_dict({"name": "t", "language": "en", "themes": [
        {"id": "education", "label": "Schools and higher education",
         "description": "Teachers and adult education. Not after-school clubs (youth_activities)."},
        {"id": "youth_activities", "label": "Youth activities",
         "description": "Clubs and camps. Not schooling or education debates (education)."}]})
    ids = book.ids
    assert strip_references("adult education (education) is youth_activities", ids).split() == ["adult", "education", "is"]
    assert strip_references("Policing (training, conduct)", ids) == "Policing (training, conduct)"
    counter = TermCounter(Normalizer("en"))
    profiles = build_profiles(book, counter)
    educ = profiles.vocab[counter.terms("education")[0]]
    assert profiles.weights[0, educ] > 0  # the label's and description's own word
    views, owners = theme_views(book, "en")
    assert "Schools and higher education" in views and "Teachers and adult education" in views


def test_weak_fits_are_the_lowest_quarter_within_each_language():
    from engage.analysis.text.emerging import weak_fits

    fit = [1.0, 2.0, 3.0, 4.0, 5.0, None, 10.0, 20.0, 30.0, 40.0, 50.0]
    languages = ["en"] * 6 + ["es"] * 5
    # Spanish scores run higher; compared across languages every English answer would look weak.
    assert weak_fits(fit, languages) == [True, False, False, False, False, False,
                                         True, False, False, False, False]
    assert weak_fits([1.0, None, 2.0]) == [False, False, False]  # too few to speak of a quarter


def test_quotes_for_a_large_theme_never_compare_all_pairs():
    """MMR and minority views compare answers with the few picked ones only: a theme of 4,000
    answers would otherwise build a 128 MB matrix of all pairs (7 GB at 30,000)."""
    import tracemalloc

    rng = np.random.default_rng(0)
    words = "park road police bench pothole crime tree traffic night safe green repair bus light".split()
    texts = [" ".join(rng.choice(words, 7)) for _ in range(4_000)]
    tracemalloc.start()
    found = theme_quotes(texts, [["parks"]] * len(texts), ["parks"], "en")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(found["parks"]["quotes"]) == 3 and found["parks"]["n"] == 4_000
    assert peak < 60 * 2**20


def test_redaction_placeholders_are_never_theme_evidence():
    """"[phone]" is not the word "phone": a privacy theme must not gain every redacted answer."""
    from engage.analysis.text.features import TermCounter
    from engage.analysis.text.vectors import answer_vectors

    counter = TermCounter(Normalizer("en"))
    text = redact("Call me at 555-123-4567 or mail jo@example.org about the crisis team.")
    assert "[phone]" in text and "[email]" in text
    terms = counter.terms(text)
    assert not {"phone", "email", "=phone", "=email"} & set(terms)
    assert {"crisi team", "call"} <= set(terms)
    # Phrase breaks still stop bigrams, and so does a placeholder between two words.
    assert "bus stop" not in counter.terms("more buses. stops too")
    assert not any(" " in t for t in counter.terms("buses [address] stops"))
    assert not {"phone", "email"} & set(answer_vectors([text], "en").terms)  # nor an emerging theme's key phrase


def test_answer_vectors_weigh_stems_and_bigrams_and_read_as_the_commonest_written_form():
    from engage.analysis.text.vectors import answer_vectors

    texts = ["Police police policing. Buses late", "", "The policing of buses", "n/a"]
    found = answer_vectors(texts, "en")
    column = {t: j for j, t in enumerate(found.terms)}
    # A sentence end breaks a bigram, and a stem next to itself makes none.
    assert found.terms == ["polic", "buse", "late", "buse late"]
    # "police" and "policing" were each written twice: the first seen of equals reads for the stem.
    assert found.readable("polic") == "police" and found.readable("buse late") == "buses late"
    rows = found.matrix.toarray()
    assert np.allclose(np.linalg.norm(rows[[0, 2]], axis=1), 1.0) and not rows[[1, 3]].any()
    # Three uses of a stem weigh 1 + log 3 before rarity; the stem in two answers is rarer than
    # the stem in one, so weighs less per use.
    idf = {t: np.log(5 / (df + 1)) + 1 for t, df in (("polic", 2), ("late", 1))}
    ratio = rows[0, column["polic"]] / rows[0, column["late"]]
    assert ratio == pytest.approx((1 + np.log(3)) * idf["polic"] / idf["late"])


@pytest.mark.parametrize("vector_weight", [0.0, 0.5])
def test_the_classifier_scores_every_answer_as_if_its_features_were_built(vector_weight, monkeypatch):
    """The classifier's products for every answer come without building every answer's features;
    they are what the built features would give, an empty answer included."""
    from engage.analysis.text import embeddings, learning

    monkeypatch.setattr(embeddings, "VECTOR_BLOCK", 2)  # the vectors' part in blocks, one ragged
    from engage.analysis.text.features import TermCounter
    from engage.analysis.text.normalize import Normalizer
    from engage.analysis.text.profiles import build_profiles
    from engage.analysis.text.themes import vectorize

    texts = ["the playground swings are broken", "", "pothole on the road again", "police patrols at night please",
             "swings and slides for the playground"]
    counter = TermCounter(Normalizer("en"))
    corpus = vectorize(texts, build_profiles(TINY, counter), counter)
    # float32 vectors, which a block read as float32 views rather than copies: they must not change.
    vectors = np.random.default_rng(0).normal(size=(len(texts), 8)).astype(np.float32)
    kept = vectors.copy()
    config = learning.LearningConfig(vector_weight=vector_weight)
    combiner = learning._Combiner(TINY, counter, texts, corpus, config, None, vectors)
    every = combiner.features(np.arange(len(texts)))
    coefficients = np.random.default_rng(1).normal(size=(3, every.shape[1]))
    products = combiner.products(coefficients)
    assert np.allclose(products, every @ coefficients.T, atol=1e-5)
    assert (vectors == kept).all()
    if not vector_weight:
        assert not products[1].any()  # no words: no evidence either way


def test_learning_from_an_empty_sample_tags_from_the_codebook():
    result = learn_and_tag(TINY, [], [], ["the playground swings are broken", "pothole on the road again"])
    assert result.themes == [["parks"], ["roads"]]
    assert result.quality.folds == 0


def test_term_products_widen_the_one_byte_matrix_block_by_block(monkeypatch):
    """The batch's 0/1 terms are one byte each; products, column sums and associations read them
    a block of rows at a time and give what float64 products give."""
    from scipy import sparse

    from engage.analysis.text import themes
    from engage.analysis.text.features import TermCounter
    from engage.analysis.text.profiles import build_profiles

    monkeypatch.setattr(themes, "_TERM_BLOCK", 7)  # several blocks and a ragged last one
    texts = ["Fix the potholes on Main Street", "", "More buses and bike lanes please",
             "Rents are too high, we need affordable housing", "potholes potholes potholes"] * 5
    counter = TermCounter(Normalizer("en"))
    corpus = themes.vectorize(texts, build_profiles(default_codebook(), counter), counter)
    matrix = corpus.matrix
    assert matrix.dtype == themes.TERM_DTYPE and matrix.has_sorted_indices
    assert set(np.unique(matrix.data)) == {1} and matrix[1].nnz == 0
    wide = sparse.csr_matrix(matrix, dtype=np.float64)
    dense = np.random.default_rng(0).normal(size=(matrix.shape[1], 4))
    assert np.allclose(themes.term_product(matrix, dense), wide @ dense, rtol=0, atol=1e-12)
    assert np.allclose(themes.term_product(matrix, dense[:, 0]), wide @ dense[:, 0], rtol=0, atol=1e-12)
    assert np.array_equal(themes.term_frequencies(matrix), np.asarray(wide.sum(axis=0)).ravel())
    assignment = (np.arange(len(texts))[:, None] % 3 == np.arange(3)).astype(float)
    expected = themes.corpus_associations(wide, assignment, 1, 2.0)
    monkeypatch.setattr(themes, "_TERM_BLOCK", 10**6)
    assert np.allclose(themes.corpus_associations(matrix, assignment, 1, 2.0), expected, rtol=0, atol=1e-12)


def test_answers_that_only_approve_are_recognised_in_each_shipped_language():
    from engage.analysis.text.normalize import is_approval

    library = frozenset({"library"})
    for text, language in [("Love our library!!", "en"), ("keep up the great work", "en"), ("its fine the way it is", "en"),
                           ("Great idea, long overdue", "en"), ("Weiter so!", "de"), ("Tolle Sache, danke", "de"),
                           ("Ich finde es schoen hier und moechte nichts aendern.", "de"),
                           ("¡Excelente trabajo, sigan así!", "es"), ("Bravo, continuez !", "fr"), ("عمل رائع، استمروا", "ar")]:
        assert is_approval(text, language, library), text
    for text, language in [("Love the new bike lanes", "en"), ("The staff are great", "en"), ("keep it open later", "en"),
                           ("No thanks", "en"), ("thanks", "en"), ("library", "en"), ("good wifi", "en"),
                           # A subject word only once, and only the batch's: "library" is not "city".
                           ("Love the library and the city", "en"), ("Gute Radwege", "de"), ("Me encanta el parque", "es"),
                           ("Great work " * 7, "en")]:  # long: it says more than approval
        assert not is_approval(text, language, library), text


def test_subject_words_are_what_a_large_share_of_the_batch_uses():
    from engage.analysis.text.normalize import subject_words

    words = [f"word{i:02d}" for i in range(40)]
    texts = [f"the Library has no {w}" for w in words[:30]] + [f"open sooner {w}" for w in words[30:]]
    asked = {"library", "open", "sooner", "word07", "city"}
    assert subject_words(texts, asked) == {"library", "open", "sooner"}  # 30 and 10 of 40; word07 in 1, city in none
    assert subject_words(texts[:20], asked) == frozenset()  # too few answers to say


def test_answers_that_only_approve_get_the_approval_theme_or_none():
    from engage.analysis.text.pipeline import approval_theme, tag_with_fit

    themes = [{"id": "hours", "label": "Opening hours", "description": "When branches open: evenings, weekends."},
              {"id": "study", "label": "Study and work space", "description": "Quiet places to sit, study and work."},
              {"id": "praise", "label": "General support and praise", "description": "Approval with no specific point."}]
    with_praise = codebook_from_dict({"name": "library", "language": "en", "themes": themes})
    without = codebook_from_dict({"name": "library", "language": "en", "themes": themes[:2]})
    assert approval_theme(with_praise) == "praise" and approval_theme(without) is None
    assert approval_theme(default_codebook()) is None  # "Peer support" is not approval
    texts = ["keep up the great work", "Great idea!", "No thanks", "open on sundays please", "quiet study rooms"]
    found = tag_with_fit(with_praise, texts, ["en"] * len(texts))
    assert found.themes[:3] == [["praise"], ["praise"], []] and found.themes[3] and found.themes[4]
    assert found.says_nothing == [False, False, True, False, False]
    found = tag_with_fit(without, texts, ["en"] * len(texts))
    assert found.themes[:3] == [[], [], []] and found.says_nothing == [False, True, True, False, False]
    # An analyst who codes approval as a theme of their own is followed, once a few such answers say so.
    coded = [{"text": t, "themes": ["study"]} for t in ("Love it!", "Great job, keep going", "Awesome work")]
    coded += [{"text": "open later on fridays", "themes": ["hours"]}, {"text": "more desks to study", "themes": ["study"]}]
    found = tag_with_fit(with_praise, texts, ["en"] * len(texts), coded)
    assert found.themes[0] == ["study"] and found.themes[1] == ["study"]


def test_an_approval_answer_may_name_the_subject_its_approval_theme_names():
    """"Love our library!!" only approves in a library consultation whose approval theme names the
    library; "Support the homeless", however often the batch says "homeless", is about homelessness."""
    from engage.analysis.text.pipeline import approval_subjects, tag_with_fit

    themes = [{"id": "hours", "label": "Opening hours", "description": "When branches open: evenings, weekends."},
              {"id": "homeless", "label": "Homelessness", "description": "People experiencing homelessness in branches."},
              {"id": "praise", "label": "General support and praise", "description": "Thanks to the library, no specific point."}]
    book = codebook_from_dict({"name": "library", "language": "en", "themes": themes})
    assert {"library", "thanks"} <= approval_subjects(book, "en") and "homeless" not in approval_subjects(book, "en")
    batch = ["Love our library!!", "Support the homeless"] + [f"the library should help the homeless on day {i}"
                                                              for i in range(40)]
    found = tag_with_fit(book, batch, ["en"] * len(batch))
    # The first by the approval rule (no fit to a theme's evidence), the second read by the tagger.
    assert found.themes[0] == ["praise"] and found.fit[0] is None and found.fit[1] is not None
    without = codebook_from_dict({"name": "library", "language": "en", "themes": themes[:2]})
    assert approval_subjects(without, "en") == frozenset()
    assert tag_with_fit(without, batch[:1] + batch[2:], ["en"] * 41).themes[0] != []  # read by the tagger


def test_a_general_approval_theme_is_given_alone():
    """"General support" is what an answer gets when it raises nothing specific: never beside a
    specific theme, unless the analyst's coded sample pairs them."""
    import csv

    from engage.analysis.text.codebook import load_codebook
    from engage.analysis.text.pipeline import general_only, tag_with_fit

    data = Path(__file__).resolve().parents[2] / "benchmarks" / "analysis" / "data"
    book = load_codebook(data / "library_en.json")
    with open(data / "library_en.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    found = tag_with_fit(book, [r["text"] for r in rows], ["en"] * len(rows))
    assert any(t == ["general_praise"] for t in found.themes)
    assert not any("general_praise" in t and len(t) > 1 for t in found.themes)
    # An answer's fit is its best score among the themes it keeps (emerging themes compare fits).
    from engage.analysis.text.themes import ZeroShotTagger

    live = [i for i, (t, fit) in enumerate(zip(found.themes, found.fit)) if not found.says_nothing[i]
            and not (t == ["general_praise"] and fit is None)]
    scores = ZeroShotTagger(book).run([found.texts[i] for i in live], ["en"] * len(live)).scores
    for row, i in enumerate(live):
        if found.themes[i]:
            assert found.fit[i] == pytest.approx(max(scores[row, book.ids.index(t)] for t in found.themes[i]))
    assert general_only(book, []) == "general_praise" and general_only(default_codebook(), []) is None
    assert general_only(book, [{"text": "Love it, but open later", "themes": ["general_praise", "opening_hours"]}]) is None
