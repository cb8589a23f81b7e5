from newsbrief import brief


def test_brief_of_example_story_cites_only_inputs(example_story):
    result = brief([example_story], words=120)
    ids = {a.id for a in result.articles}
    assert len(ids) == 4
    assert 0 < result.summary.words <= 120
    for sentence in result.summary.sentences:
        assert sentence.article in ids
        assert sentence.sources[0] == sentence.article
        assert set(sentence.sources) <= ids


def test_brief_accepts_raw_texts():
    texts = [
        "The city council approved a new budget on Monday. The budget adds money for parks and roads.",
        "Council members voted 7-2 on Monday to approve the city budget, which funds parks and road repairs.",
    ]
    result = brief(texts, words=40)
    assert [a.id for a in result.articles] == ["text-1", "text-2"]
    assert result.summary.sentences
