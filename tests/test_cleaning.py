from retrieval.ingest.cleaning import clean_body, ends_like_prose, is_credit, is_related_link
from retrieval.ingest.loading import parse_seed_text
from tests.conftest import SEEDS

SEED_FILE = next(SEEDS.glob("*.txt"))


def test_credit_lines_are_recognised():
    for line in [
        "PA Images",
        "Getty Images",
        "Reuters",
        "(Photo: AFP/Getty Images)",
        "Photograph: Stefan Rousseau/PA",
        "AP Photo/Evan Vucci",
    ]:
        assert is_credit(line), line
    assert not is_credit("Reuters reported that the talks had collapsed.")


def test_related_links_and_prose_endings():
    assert is_related_link("Read more: Labour split deepens")
    assert ends_like_prose('He said: "We will win."')
    assert ends_like_prose("She asked why?")
    assert not ends_like_prose("US and Russia agree tentative Syria ceasefire")
    assert not ends_like_prose("Boris Johnson: Russian bombing 'unquestionably a war crime'")


def test_caption_above_a_credit_is_dropped_and_prose_kept():
    raw = (
        "The minister resigned on Tuesday after weeks of pressure.\n\n"
        "The minister leaves Downing Street on Tuesday morning\nGetty Images\n\n"
        "Her deputy will take over until a new appointment is made."
    )
    cleaned = clean_body(raw)
    assert cleaned.paragraphs == [
        "The minister resigned on Tuesday after weeks of pressure.",
        "Her deputy will take over until a new appointment is made.",
    ]
    assert "Getty Images" in cleaned.dropped


def test_hard_wrapped_lines_join_into_one_paragraph():
    cleaned = clean_body(
        "The council voted to close the\nlibrary despite protests.\nIt opens again in May."
    )
    assert cleaned.paragraphs == [
        "The council voted to close the library despite protests.",
        "It opens again in May.",
    ]


def test_long_paragraph_without_a_full_stop_is_still_prose():
    line = " ".join(["word"] * 30)
    assert clean_body(line).paragraphs == [line]


def test_seed_article_loses_caption_credit_and_related_headlines_but_no_prose():
    article = parse_seed_text(SEED_FILE)
    raw_lines = [line.strip() for line in SEED_FILE.read_text().splitlines() if line.strip()]
    not_prose = {
        "A tank of the Assad regime is seen in the ruins of Aleppo last month",
        "PA Images",
        "Boris Johnson: Russian bombing in Syria 'unquestionably a war crime'",
        "UK admits involvement in deadly attack on Syrian troops",
        "US and Russia agree tentative Syria ceasefire",
    }
    assert set(article.dropped_lines) == not_prose
    body_lines = raw_lines[3:]  # after headline, "Posted On:", date
    prose = [line for line in body_lines if line not in not_prose]
    assert [p.text for p in article.paragraphs()] == prose
    assert len(prose) == 14
