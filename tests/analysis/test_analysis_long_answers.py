"""Long answers are read part by part: every point a resident makes can earn its theme."""

import numpy as np
import pytest

from engage.analysis import tag_comments
from engage.analysis.text import parts as parts_module
from engage.analysis.text.codebook import codebook_from_dict
from engage.analysis.text.learning import learn_and_tag
from engage.analysis.text.parts import PartLayout, parts
from engage.analysis.text import themes
from engage.analysis.text.themes import Decision, Tagged, ZeroShotTagger, part_decision

CODEBOOK = codebook_from_dict({
    "name": "neighbourhood",
    "language": "en",
    "themes": [
        {"id": "parks", "label": "Parks and playgrounds",
         "description": "Parks, playgrounds, trees, benches and green space."},
        {"id": "roads", "label": "Roads and traffic",
         "description": "Potholes, traffic, speeding cars, road repair and parking."},
        {"id": "safety", "label": "Crime and safety",
         "description": "Crime, burglary, police patrols and feeling safe at night."},
    ],
})

PARKS = ["The playground swings in the park are broken", "We need more trees and benches in the park",
         "The park needs a bigger playground for small children", "Plant more shade trees in our park"]
ROADS = ["Potholes on our road have damaged my tires", "Speeding cars on the main road every morning",
         "Fix the potholes and repair the road surface", "Traffic on the main road is terrible at rush hour"]
SAFETY = ["There were burglaries on our block last week", "We need more police patrols at night",
          "I do not feel safe walking home at night", "Crime near the station keeps getting worse"]

LONG = ("The playground swings in the park are broken and the benches are rotting away. "
        "Potholes on our road have damaged two of my tires this month and the speeding cars never stop. "
        "There were three burglaries on our block last week and no police patrol came by at night.")


def coded_sample() -> list[dict]:
    """Each short comment coded with its theme, twice over (enough for learning mode's folds)."""
    themes_of = ["parks"] * 4 + ["roads"] * 4 + ["safety"] * 4
    return [{"text": t, "themes": [theme]} for t, theme in zip([*PARKS, *ROADS, *SAFETY] * 2, themes_of * 2)]


def test_short_answers_are_read_whole():
    assert parts("The playground swings are broken. Fix them please.") == []
    assert parts("") == []
    # Long but one unbroken sentence: nothing to split.
    assert parts(" ".join(["word"] * 40)) == []


def test_long_answers_split_at_sentences_lines_and_bullets_and_fragments_join_a_neighbour():
    text = ("The playground swings in the park are broken again. Thanks. "
            "Potholes on our road have damaged two of my tires this month!\n"
            "• There were burglaries on our block last week and nobody came")
    assert parts(text) == [
        "The playground swings in the park are broken again. Thanks.",
        "Potholes on our road have damaged two of my tires this month!",
        "• There were burglaries on our block last week and nobody came",
    ]
    arabic = ("الحديقة تحتاج إلى مقاعد جديدة وأشجار كثيرة للأطفال والعائلات في الحي؟ "
              "الطريق الرئيسي مليء بالحفر والسيارات تسير بسرعة كبيرة جدا كل صباح؛ "
              "نحتاج إلى دوريات شرطة في الليل")
    assert len(parts(arabic)) == 3


def test_chinese_and_japanese_answers_are_measured_in_characters_and_split_at_their_sentence_ends():
    from engage.analysis.text.parts import words

    chinese = ("公园里的秋千坏了，长椅也烂了，孩子们没有地方玩。"
               "我们这条路上的坑洞太多了，超速的汽车每天早上都很危险。"
               "上周我们街区发生了三起入室盗窃，晚上从来没有警察巡逻。")
    assert parts(chinese) == ["公园里的秋千坏了，长椅也烂了，孩子们没有地方玩。",
                              "我们这条路上的坑洞太多了，超速的汽车每天早上都很危险。",
                              "上周我们街区发生了三起入室盗窃，晚上从来没有警察巡逻。"]
    japanese = "公園のブランコが壊れていて、ベンチも腐っています。道路の穴がひどくて、毎朝スピードを出す車がとても危ないです。"
    assert len(parts(japanese)) == 2
    # A fragment joins its neighbour without a space; a short answer is read whole.
    assert parts("公园的环境很好，我很喜欢。谢谢。我们需要更多的树木和长椅，孩子们也需要游乐场。") == [
        "公园的环境很好，我很喜欢。谢谢。", "我们需要更多的树木和长椅，孩子们也需要游乐场。"]
    assert parts("公园很好。谢谢。我们需要更多的树木和长椅。") == []  # 9 words
    assert words("公园很好。") == 2 and words("WKU 公园很好 today") == 4 and words("two words") == 2


def test_layout_keeps_answers_first_and_maps_parts_to_their_answer():
    layout, rows = PartLayout.of(["short one", LONG, "another short one"])
    assert rows[:3] == ["short one", LONG, "another short one"]
    assert layout.answers == 3 and layout.rows == len(rows) == 6
    assert layout.owner.tolist() == [1, 1, 1]
    scores = np.arange(9, dtype=float).reshape(3, 3)
    assert layout.with_parts(scores)[3:].tolist() == [[3, 4, 5]] * 3
    # An answer's tags are its own and any of its parts' (each by its own rule).
    rows_scores = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 0], [0, 0, 0.6], [0.6, 0, 0], [0, 0, 0.2]])
    tags = layout.tags(rows_scores, lambda s: (s > 0.5).astype(float), lambda s: (s > 0.55).astype(float))
    assert tags.tolist() == [[1, 0, 0], [1, 1, 1], [0, 0, 0]]
    assert PartLayout.whole(2).tags(rows_scores[:2], lambda s: (s > 0.5).astype(float), None).tolist() == [
        [1, 0, 0], [0, 1, 0]]


def test_a_part_must_clear_a_higher_floor_than_its_answer():
    decision = Decision(min_score=0.4, ratio=0.8)
    assert part_decision(decision).min_score > decision.min_score
    answer = np.array([[0.1, 0.9, 0.3]])
    tagged = Tagged(answer.copy(), themes.tag_matrix(answer, decision))
    # The answer's best is roads; one part is weakly about parks (kept out), one strongly about safety.
    tagged.add_parts(np.array([0, 0]), np.array([[0.45, 0.0, 0.0], [0.0, 0.0, 0.95]]), part_decision(decision))
    assert tagged.ranked() == [[2, 1]]
    assert tagged.scores.tolist() == [[0.45, 0.9, 0.95]]


def test_a_part_adds_a_theme_only_near_its_answers_own_best():
    # "The shelter's light is out. It's pitch black there by 6pm in winter.": the second part, read
    # alone, leans to service hours, far below the answer's stops theme; a part making a second
    # point scores near the answer's best.
    decision = Decision(min_score=0.4, ratio=0.8)
    answer = np.array([[4.0, 0.0, 0.0], [1.0, 0.0, 0.0]])
    part_scores = np.array([[0.0, 0.9, 0.0], [0.0, 0.0, 1.3], [0.0, 0.9, 0.0]])
    owner = np.array([0, 0, 1])
    tagged = Tagged(answer.copy(), themes.tag_matrix(answer, decision))
    tagged.add_parts(owner, part_scores, part_decision(decision))
    assert tagged.ranked() == [[0, 2], [0, 1]]
    assert parts_module.PART_SHARE * 4.0 > 0.9 and parts_module.PART_SHARE * 4.0 <= 1.3
    # The cross-validation in learning mode reads tags through the layout: the same rule.
    layout = PartLayout(2, owner)
    tags = layout.tags(np.vstack([answer, part_scores]), lambda s: themes.tag_matrix(s, decision),
                       lambda s: themes.tag_matrix(s, part_decision(decision)))
    assert tags.tolist() == [[1, 0, 1], [1, 1, 0]]


def test_zero_shot_gives_a_long_answer_every_theme_it_raises():
    tagger = ZeroShotTagger(CODEBOOK)
    texts = [LONG, *PARKS, *ROADS, *SAFETY]
    tags = tagger.tag(texts)
    assert sorted(tags[0]) == ["parks", "roads", "safety"]
    # Scores stay one row per answer: each theme's best over the answer and its parts.
    assert tagger.score(texts).shape == (len(texts), 3)


def test_parts_only_add_themes_to_the_long_answer(monkeypatch):
    texts = [LONG, *PARKS, *ROADS, *SAFETY]
    with_parts = ZeroShotTagger(CODEBOOK).tag(texts)
    monkeypatch.setattr(parts_module, "LONG_ANSWER_WORDS", 10_000)
    whole = ZeroShotTagger(CODEBOOK).tag(texts)
    assert set(whole[0]) <= set(with_parts[0])
    # Parts teach the corpus nothing, so every short answer is tagged exactly as before.
    assert with_parts[1:] == whole[1:]


def test_learning_mode_tags_a_long_answer_with_every_theme_it_raises():
    coded_texts = [*PARKS, *ROADS, *SAFETY] * 3
    coded_themes = [["parks"]] * 4 + [["roads"]] * 4 + [["safety"]] * 4
    coded_themes = coded_themes * 3
    rest = [LONG, "The benches in the park are broken", "Potholes everywhere on this road"]
    result = learn_and_tag(CODEBOOK, coded_texts, coded_themes, rest)
    assert sorted(result.themes[0]) == ["parks", "roads", "safety"]
    assert result.themes[1:] == [["parks"], ["roads"]]
    assert result.scores.shape == (3, 3)


@pytest.mark.parametrize("coded", [None, "sample"])
def test_pipeline_tags_long_answers_in_both_modes_and_keeps_one_row_per_answer(coded):
    sample = coded_sample() if coded else None
    texts = [LONG, "", *PARKS]
    tags, _ = tag_comments(CODEBOOK, texts, ["en"] * len(texts), sample)
    assert len(tags) == len(texts)
    assert sorted(tags[0]) == ["parks", "roads", "safety"]
    assert tags[1] == []


def test_parts_are_read_a_chunk_at_a_time_and_score_as_if_read_with_the_answers(monkeypatch):
    """Memory: parts' vectors never all exist at once (100,000 two-sentence answers have 215,000
    parts). Chunking changes nothing: parts teach nothing, so a chunk scores as the whole would."""
    texts = [LONG, *PARKS, *ROADS, *SAFETY] * 4
    once = ZeroShotTagger(CODEBOOK).run(texts)
    monkeypatch.setattr(themes, "PART_CHUNK", 2)
    sizes = []
    real = themes.vectorize_more
    monkeypatch.setattr(themes, "vectorize_more", lambda chunk, *args: sizes.append(len(chunk)) or real(chunk, *args))
    chunked = ZeroShotTagger(CODEBOOK).run(texts)
    assert sizes == [3] * 4  # whole answers: a chunk closes once it holds PART_CHUNK parts or more
    assert np.allclose(chunked.scores, once.scores) and (chunked.chosen == once.chosen).all()


def test_a_long_answer_is_quoted_by_the_part_that_earned_the_theme():
    from engage.analysis.text.quotes import theme_quotes

    texts = [LONG, *SAFETY, *ROADS, *PARKS]
    tags = [["parks", "roads", "safety"]] + [["safety"]] * 4 + [["roads"]] * 4 + [["parks"]] * 4
    quotes = theme_quotes(texts, tags, ["parks", "roads", "safety"], "en", per_theme=5, ids=[str(i) for i in range(13)])
    by_answer = {theme: {q["id"]: q["text"] for q in found["quotes"]} for theme, found in quotes.items()}
    assert by_answer["safety"]["0"] == ("…There were three burglaries on our block last week and no police patrol "
                                        "came by at night.")
    assert by_answer["roads"]["0"].startswith("…Potholes on our road") and by_answer["roads"]["0"].endswith("…")
    assert by_answer["parks"]["0"].startswith("The playground swings") and by_answer["parks"]["0"].endswith("…")
    # Short answers are quoted whole, as before.
    assert by_answer["safety"]["1"] == SAFETY[0]


@pytest.mark.parametrize("comments", [13, 52])  # a small batch (no adaptation) and an adapted one
def test_more_rows_are_scored_exactly_as_the_batch_was(comments):
    """``Adapted.score`` on the batch's own comments gives back the batch's scores: parts are
    scored by the very rule their answers were."""
    from engage.analysis.text import embeddings
    from engage.analysis.text.features import TermCounter
    from engage.analysis.text.normalize import Normalizer
    from engage.analysis.text.profiles import build_profiles

    texts = ([*PARKS, *ROADS, *SAFETY] * 5)[:comments - 1] + [LONG]
    counter = TermCounter(Normalizer("en"))
    profiles = build_profiles(CODEBOOK, counter)
    corpus = themes.vectorize(texts, profiles, counter)
    encoder = embeddings.encoder_for("en")
    semantic = embeddings.semantic_for(CODEBOOK, texts, "en", encoder) if encoder else None
    adapted = themes.adapt(corpus, themes.ZeroShotConfig(), semantic=semantic)
    again = adapted.score(themes.vectorize_more(texts, corpus, profiles, counter), semantic.vectors if semantic else None)
    assert np.allclose(again, adapted.scores, atol=1e-9)


MIXED = ("I love our beautiful park, the new playground is wonderful and the children are happy there. "
         "The potholes on our road are terrible and dangerous, a horrible mess that ruined my car.")


def test_the_tagger_says_which_part_of_a_long_answer_speaks_for_each_theme():
    texts = [LONG, *PARKS, *ROADS, *SAFETY]
    tagged = ZeroShotTagger(CODEBOOK).run(texts)
    pieces = parts(LONG)
    assert tagged.passages(texts)[0] == {0: pieces[0], 1: pieces[1], 2: pieces[2]}
    assert tagged.passages(texts)[1:] == [{}] * 12  # short answers speak whole


def test_parts_passage_is_the_first_best_part_per_theme():
    tagged = Tagged(np.zeros((3, 2)), np.zeros((3, 2)))
    # Comment 0 has two parts, comment 2 three; comment 1 is read whole.
    owner = np.array([0, 0, 2, 2, 2])
    scores = np.array([[0.9, 0.1], [0.2, 0.8], [0.1, 0.5], [0.7, 0.5], [0.7, 0.2]])
    tagged.add_parts(owner, scores, Decision(min_score=0.3, ratio=0.8))
    assert tagged.passage.tolist() == [[0, 1], [-1, -1], [1, 0]]


@pytest.mark.parametrize("coded", [None, "sample"])
def test_theme_sentiment_reads_the_part_that_speaks_for_each_theme(coded):
    from engage.analysis import analyze_comments
    from engage.analysis.text.pipeline import tag_with_fit
    from engage.analysis.text.sentiment import sentiment, theme_sentiment

    sample = coded_sample() if coded else None
    fitted = tag_with_fit(CODEBOOK, [MIXED], ["en"], sample)
    assert sorted(fitted.themes[0]) == ["parks", "roads"]
    assert fitted.passages[0]["parks"].startswith("I love our beautiful park")
    assert fitted.passages[0]["roads"].startswith("The potholes on our road")
    whole = sentiment(MIXED)["label"]
    feelings = theme_sentiment([{"text": MIXED, "language": "en"}], fitted.themes, CODEBOOK.ids, fitted.passages)
    assert feelings["parks"]["positive"] == 1 and feelings["roads"]["negative"] == 1
    # Read whole, one label stood for both themes.
    before = theme_sentiment([{"text": MIXED, "language": "en"}], fitted.themes, CODEBOOK.ids)
    assert before["parks"][whole] == before["roads"][whole] == 1
    out = analyze_comments([{"id": "m", "text": MIXED}], codebook=CODEBOOK, coded=sample)
    assert out["themes"]["parks"]["sentiment"]["positive"] == 1
    assert out["themes"]["roads"]["sentiment"]["negative"] == 1
    # The answer's own sentiment stays the whole answer's.
    assert out["comments"][0]["sentiment"]["label"] == whole


def test_quotes_use_the_part_the_tagger_found_the_theme_in():
    from engage.analysis.text.quotes import theme_quotes

    # The theme's only answer: closeness to the theme's other answers cannot choose, the tagger can.
    pieces = parts(LONG)
    quotes = theme_quotes([LONG], [["safety"]], ["safety"], "en", ids=["0"], passages=[{"safety": pieces[0]}])
    assert quotes["safety"]["quotes"][0]["text"] == pieces[0] + "…"
    # A passage the answer no longer holds falls back to the part closest to the theme's answers.
    texts = [LONG, *SAFETY]
    quotes = theme_quotes(texts, [["safety"]] * 5, ["safety"], "en", per_theme=5, ids=[str(i) for i in range(5)],
                          passages=[{"safety": "gone"}] + [{}] * 4)
    by_answer = {q["id"]: q["text"] for q in quotes["safety"]["quotes"]}
    assert by_answer["0"].startswith("…There were three burglaries")
