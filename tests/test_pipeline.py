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


def test_no_analysis_still_leaves_the_other_year_out(seed_story, example_story):
    """Issue 3: the off-story article is left out by default, also when the user skips the full analysis."""
    from newsbrief import load_settings

    fast = load_settings(analysis=False)
    seed = brief([seed_story], settings=fast)
    assert seed.analysis is None
    assert [o.article for o in seed.off_story] == ["004_dfb90e6a9022927a"]
    assert all(s.article != "004_dfb90e6a9022927a" for s in seed.summary.sentences)
    example = brief([example_story], settings=fast)
    assert [o.article for o in example.off_story] == ["04_harbour_courier_2019"]
    kept = brief([example_story], settings=load_settings(analysis=False, keep_off_story=True))
    assert kept.off_story == ()
