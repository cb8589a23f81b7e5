"""Figures: number normalization, grouping by quantity, disputed vs not (issue 3)."""

from __future__ import annotations


import pytest

from newsbrief.analyze.figures import find_figures, parse_figure

from analysis_kit import ANNOTATIONS, parsed_folder, parsed_story





@pytest.fixture(scope="module")
def seed(seed_story):
    return parsed_folder(seed_story)


@pytest.mark.parametrize(
    "written, value",
    [
        ("70,000", 70_000),
        ("80 000", 80_000),
        ("1.5 million", 1_500_000),
        ("a quarter of a million", 250_000),
        ("more than 250,000", 250_000),
        ("half a million", 500_000),
        ("twenty-five", 25),
        ("about 3,000", 3_000),
        ("2.3 billion", 2_300_000_000),
    ],
)
def test_parse_figure_normalizes_each_written_form(written, value):
    assert parse_figure(written) == pytest.approx(value)


def test_parse_figure_rejects_words_that_are_not_numbers():
    assert parse_figure("several") is None
    assert parse_figure("Tuesday") is None


def test_different_tolls_for_the_same_war_are_one_disputed_figure():
    arts, docs = parsed_story(
        [
            "The civil war in Valdoria has killed more than 80 000 people, the monitors said on Monday.",
            "Aid groups say the conflict has claimed a quarter of a million lives since it began.",
        ],
        ["2021-04-02", "2021-04-02"],
    )
    deaths = [f for f in find_figures(arts, docs) if f.quantity.startswith("deaths")]
    assert len(deaths) == 1
    figure = deaths[0]
    assert figure.disputed
    assert sorted(v.value for v in figure.values) == [80_000, 250_000]
    by_value = {v.value: v for v in figure.values}
    assert by_value[80_000].articles == ("a0",) and by_value[80_000].dates == ("2021-04-02",)
    assert by_value[250_000].articles == ("a1",) and by_value[250_000].dates == ("2021-04-02",)


def test_the_same_value_in_several_articles_is_not_disputed():
    arts, docs = parsed_story(
        [
            "The flood has killed 1,200 people across the delta, officials said.",
            "Officials said the flood had killed 1,200 people and left many more without shelter.",
        ]
    )
    deaths = [f for f in find_figures(arts, docs) if f.quantity.startswith("deaths")]
    assert len(deaths) == 1
    assert not deaths[0].disputed
    assert deaths[0].values[0].articles == ("a0", "a1")


def test_killed_and_injured_in_a_bombing_are_not_the_war_toll():
    arts, docs = parsed_story(
        [
            "The war in Valdoria has killed more than 70,000 people. "
            "Separately, three were killed and more than 260 injured in the twin blasts in Port Mira on Friday.",
            "The war has killed more than 70,000 people, according to the monitors.",
        ]
    )
    figures = find_figures(arts, docs)
    assert not any(f.disputed for f in figures), [(f.quantity, [v.value for v in f.values]) for f in figures]
    war = next(f for f in figures if 70_000 in [v.value for v in f.values])
    assert [v.value for v in war.values] == [70_000]
    assert any(v.value == 260 for f in figures for v in f.values if "injured" in f.quantity)


def test_displaced_forms_are_grouped_and_unit_figures_kept():
    arts, docs = parsed_story(
        [
            "The fighting has driven more than 1.5 million people from their homes. Fuel is limited to 20 litres.",
            "Aid agencies said the fighting had forced 1.5 million from their homes.",
        ]
    )
    figures = find_figures(arts, docs)
    displaced = [f for f in figures if "homes" in f.quantity]
    assert len(displaced) == 1 and not displaced[0].disputed
    assert set(displaced[0].values[0].articles) == {"a0", "a1"}
    assert any(v.unit == "litre" and v.value == 20 for f in figures for v in f.values)


def test_seed_story_death_toll_is_one_disputed_figure_and_nothing_else_is(seed):
    arts, docs = seed
    figures = find_figures(arts, docs)
    disputed = [f for f in figures if f.disputed]
    assert len(disputed) == 1, [(f.quantity, [v.value for v in f.values]) for f in disputed]
    toll = disputed[0]
    assert toll.quantity.startswith("deaths")
    expected = {
        f["value"]: set(f["articles"])
        for f in ANNOTATIONS["figures"]
        if f["quantity"] == "deaths" and f["cause"] == "conflict"
    }
    assert {v.value: set(v.articles) for v in toll.values} == expected
    # Each value says when it was reported, so 250,000 reads as a later article, not a contradiction.
    dated = {v.value: v.dates for v in toll.values}
    assert dated[250_000] == ("2015",)
    assert all(d.startswith("2013-05") for d in dated[70_000])
    # Boston: three killed and 260 injured are their own quantities.
    boston = [f for f in figures if any(v.value in (3, 260) for v in f.values)]
    assert len(boston) == 2 and all(len(f.values) == 1 for f in boston)


def test_example_story_commuter_counts_disagree(example_story):
    arts, docs = parsed_folder(example_story)
    stranded = [f for f in find_figures(arts, docs) if "stranded" in f.quantity]
    assert len(stranded) == 1 and stranded[0].disputed
    assert sorted(v.value for v in stranded[0].values) == [2_500, 3_000]


def test_times_shares_and_other_victims_are_not_false_disputes():
    arts, docs = parsed_story(
        [
            "The lion was shot at around 7:30pm. The park said 11 lions died of poisoning last year. "
            "The union was offered a 4 percent raise. Inflation was 3 percent.",
            "Park staff said 7 people died in the attack on the lodge. The offer was a 4 percent pay rise.",
        ]
    )
    figures = find_figures(arts, docs)
    assert not any(f.disputed for f in figures), [(f.quantity, [v.value for v in f.values]) for f in figures]
    assert not any(v.value == 7.3 or v.value == 7 and v.articles == ("a0",) for f in figures for v in f.values)
    raise_ = [f for f in figures if f.values[0].unit == "percent"]
    assert len(raise_) == 1 and raise_[0].values[0].articles == ("a0", "a1")  # "3 percent" of nothing is dropped
    assert raise_[0].values[0].text == "4 percent"
    assert any("lions" in f.quantity for f in figures)


def test_counts_for_different_years_are_not_a_dispute():
    arts, docs = parsed_story(
        [
            "Health officials confirmed 121 cases in 2014. This year 50 cases have been confirmed so far.",
            "Only 21 cases were confirmed in 2015, the agency said.",
            "In 2015, 21 cases were confirmed; in 2014 the count was far higher.",
        ]
    )
    figures = find_figures(arts, docs)
    assert not any(f.disputed for f in figures), [(f.quantity, [v.value for v in f.values]) for f in figures]
    by_year = {f.quantity: f for f in figures if "cases" in f.quantity}
    assert by_year["cases (2015)"].values[0].articles == ("a1", "a2")
    assert [v.value for v in by_year["cases (2014)"].values] == [121]


def test_money_is_counted_by_what_it_is_for():
    arts, docs = parsed_story(
        [
            "The city paid $5 million in damages to the families.",
            "The city paid $4.5 million in damages, the families said.",
        ]
    )
    damages = [f for f in find_figures(arts, docs) if f.quantity == "damages (USD)"]
    assert len(damages) == 1 and damages[0].disputed
    assert {(v.value, v.unit, v.text) for v in damages[0].values} == {
        (5_000_000, "USD", "$5 million"),
        (4_500_000, "USD", "$4.5 million"),
    }


# Issue 11: a dispute is different values for the same quantity of the same event, in the same scope, at
# the same time; anything else is an update, a breakdown or another count.


def _deaths(texts, dates=None):
    arts, docs = parsed_story(texts, dates)
    return [f for f in find_figures(arts, docs) if f.quantity.startswith("deaths")]


def test_a_toll_that_grows_across_dates_is_an_update_not_a_dispute():
    deaths = _deaths(
        ["The ferry fire in Port Alder killed 40 people, officials said on Monday.",
         "The ferry fire in Port Alder has now killed 52 people, officials said on Thursday."],
        ["2021-04-05", "2021-04-08"],
    )
    assert len(deaths) == 1
    assert not deaths[0].disputed and deaths[0].updated
    assert [v.value for v in deaths[0].values] == [40, 52]  # oldest report first


def test_same_day_different_tolls_are_a_dispute():
    deaths = _deaths(
        ["The ferry fire in Port Alder killed 40 people, officials said.",
         "The ferry fire in Port Alder killed 55 people, the coast guard said."],
        ["2021-04-05", "2021-04-05"],
    )
    assert len(deaths) == 1 and deaths[0].disputed and not deaths[0].updated


def test_at_least_is_compatible_with_a_value_inside_it():
    deaths = _deaths(
        ["The ferry fire in Port Alder killed at least 40 people, officials said.",
         "The ferry fire in Port Alder killed 47 people, the coast guard said."]
    )
    assert not any(f.disputed for f in deaths)


def test_several_values_in_one_article_are_a_breakdown_not_a_dispute():
    arts, docs = parsed_story(
        ["The fire injured 30 people. Twelve people were injured on the upper deck and 18 people were injured "
         "on the car deck.",
         "The fire injured 30 people, the coast guard said."]
    )
    injured = [f for f in find_figures(arts, docs) if "injured" in f.quantity]
    assert injured and not any(f.disputed for f in injured)


def test_deaths_in_two_places_are_two_figures():
    deaths = _deaths(
        ["The bombing of the embassy in Valdoria killed 11 people. The bombing of the embassy in Kessel killed "
         "247 people.",
         "The bombing in Valdoria killed 10 people."],
        ["2021-04-05", "2021-04-05"],
    )
    assert not any(sorted(v.value for v in f.values) == [10, 11, 247] for f in deaths)
    assert any({v.value for v in f.values} == {247} for f in deaths)


def test_seriously_injured_is_part_of_the_injured():
    arts, docs = parsed_story(
        ["A gunman injured three people at the depot on Thursday.",
         "Two people were seriously injured at the depot, officials said."]
    )
    assert not any(f.disputed for f in find_figures(arts, docs))


def test_flight_numbers_and_model_numbers_are_not_counts():
    arts, docs = parsed_story(
        ["Coastal Flight 990, a Boeing 767, crashed on Sunday, killing all 217 people on board.",
         "All 217 people aboard the Boeing 767 died."]
    )
    values = {v.value for f in find_figures(arts, docs) for v in f.values}
    assert 217 in values and 990 not in values and 767 not in values


def test_what_could_happen_is_not_a_count():
    arts, docs = parsed_story(
        ["Police arrested two men at the harbor on Saturday.",
         "All four people in the car could face arrest, police said."]
    )
    assert not any(f.disputed for f in find_figures(arts, docs))


def test_a_distance_is_disputed_only_when_both_tie_it_to_the_same_verb():
    arts, docs = parsed_story(
        ["The probe will come within 3.7 million miles of the sun.",
         "The probe will come within 3.9 million miles of the sun, the agency said."]
    )
    assert any(f.disputed for f in find_figures(arts, docs))
    arts, docs = parsed_story(
        ["The jet climbed to 33,000 feet after takeoff.", "The jet fell to 16,700 feet within a minute."]
    )
    assert not any(f.disputed for f in find_figures(arts, docs))


# Issue 11, second round: two tellings are one quantity only when their clauses share what they are
# about (a name, else an argument word), rates are not totals, parts are not wholes, and a word every
# article uses names the story, not one event in it.


def test_tolls_of_two_named_incidents_are_two_figures_not_a_dispute():
    deaths = _deaths(
        ["At least 31 people were killed in the Argun hostel blast on Sunday.",
         "Twenty soldiers were killed in the Grozny raid on Sunday, officials said."],
        ["2000-07-04", "2000-07-04"],
    )
    assert not any(f.disputed or f.updated for f in deaths)
    assert not any({31, 20} <= {v.value for v in f.values} for f in deaths)


def test_a_general_telling_joins_the_one_named_toll_of_its_cause():
    deaths = _deaths(
        ["The civil war in Valdoria has killed more than 80,000 people, the monitors said.",
         "Aid groups say the conflict has claimed 70,000 lives.",
         "The fighting has left 70,000 dead, according to the United Nations."],
        ["2021-04-02", "2021-04-02", "2021-04-02"],
    )
    assert len(deaths) == 1 and deaths[0].disputed


def test_a_yearly_rate_is_not_a_daily_one():
    arts, docs = parsed_story(
        ["Malaria kills about a million people a year across the region, the agency said.",
         "Malaria kills 3,000 children every day across the region, the agency said."],
        ["1998-10-30", "1998-10-30"],
    )
    figures = find_figures(arts, docs)
    assert not any(f.disputed or f.updated for f in figures)
    assert any("per year" in f.quantity for f in figures) and any("per day" in f.quantity for f in figures)


def test_a_part_named_with_including_is_not_another_toll():
    deaths = _deaths(
        ["Faulty air bags have killed 131 people, including 73 children, the safety board said.",
         "The safety board said faulty air bags had killed 131 people."],
        ["1999-04-07", "1999-04-07"],
    )
    assert not any(f.disputed for f in deaths)
    assert any({v.value for v in f.values} == {131} and len(f.values[0].articles) == 2 for f in deaths)


def test_the_story_s_own_name_links_no_two_counts():
    arts, docs = parsed_story(
        ["Japan pledged $115 million in loans to Mongolia on Tuesday.",
         "Donors pledged $320 million in loans to Mongolia, the ministry said.",
         "Mongolia signed 12 trade agreements with China on Friday.",
         "Mongolia sent 40 observers to the Sakhalin talks."],
        ["1999-06-20", "1999-06-23", "1999-07-01", "1999-07-05"],
    )
    loans = [f for f in find_figures(arts, docs) if "loans" in f.quantity]
    assert loans and not any(f.disputed or f.updated for f in loans)


# Issue 11, round 3: an update is one event's toll growing with the dates of its reports.


def test_a_toll_that_falls_in_a_later_report_is_not_an_update():
    deaths = _deaths(
        ["The ferry fire in Port Alder killed 52 people, officials said on Monday.",
         "The ferry fire in Port Alder killed 40 people, officials said on Thursday."],
        ["2021-04-05", "2021-04-08"],
    )
    assert len(deaths) == 1 and sorted(v.value for v in deaths[0].values) == [40, 52]
    assert not deaths[0].disputed and not deaths[0].updated


def test_a_toll_that_grows_then_falls_is_not_an_update():
    deaths = _deaths(
        ["The ferry fire in Port Alder killed 40 people, officials said on Monday.",
         "The ferry fire in Port Alder has now killed 52 people, officials said on Thursday.",
         "The ferry fire in Port Alder killed 45 people, the coast guard said on Saturday."],
        ["2021-04-05", "2021-04-08", "2021-04-10"],
    )
    assert len(deaths) == 1 and not deaths[0].updated


def test_a_count_that_is_no_toll_is_not_an_update_across_dates():
    arts, docs = parsed_story(
        ["The strike at Harlow Motors shut 22 assembly plants across the region, analysts said.",
         "The strike at Harlow Motors shut 29 assembly plants across the region, analysts said."],
        ["1998-06-10", "1998-07-28"],
    )
    plants = [f for f in find_figures(arts, docs) if "plants" in f.quantity]
    assert plants and {v.value for f in plants for v in f.values} == {22, 29}
    assert not any(f.disputed or f.updated for f in plants)


def test_a_larger_later_toll_that_shares_nothing_with_the_earlier_is_not_an_update():
    # The first telling names no event: it joins the only named toll, but nothing says the two are one.
    deaths = _deaths(
        ["Forty people died on Monday.",
         "The ferry fire in Port Alder has killed 52 people, officials said on Thursday."],
        ["2021-04-05", "2021-04-08"],
    )
    assert len(deaths) == 1 and {v.value for v in deaths[0].values} == {40, 52}
    assert not deaths[0].disputed and not deaths[0].updated


# Issue 11, session 10: an update is one event's toll, on passages written for these tests.


def test_counts_whose_clauses_date_different_events_are_no_update():
    deaths = _deaths(
        ["Three people were killed in a bus explosion in the mountains on Friday, the news agency reported.",
         "A violent explosion at an apartment block killed at least 25 people there overnight."],
        ["2000-05-12", "2000-07-03"],
    )
    assert deaths and not any(f.updated or f.disputed for f in deaths)


def test_the_same_dated_event_reported_later_is_still_an_update():
    deaths = _deaths(
        ["The ferry fire in Port Alder on Monday killed 40 people, officials said.",
         "The ferry fire in Port Alder on Monday has now killed 52 people, officials said on Thursday."],
        ["2021-04-06", "2021-04-09"],
    )
    assert len(deaths) == 1 and deaths[0].updated and not deaths[0].disputed


def test_a_later_count_far_below_an_earlier_one_is_no_toll_growing():
    # 4 (the ground) and 109 (aboard) are one noun's two scopes, not one toll that grew to 5.
    deaths = _deaths(
        ["The crash of the jet near Gonesse killed four people.",
         "The crash of the jet near Gonesse killed 109 people.",
         "The crash of the jet near Gonesse killed five people."],
        ["2000-07-26", "2000-07-30", "2000-09-27"],
    )
    assert deaths and not any(f.updated for f in deaths)
