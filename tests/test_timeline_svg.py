"""timeline_svg.py: the one timeline picture of the HTML report and the web page."""

from __future__ import annotations

import re

from newsbrief.timeline_svg import Event, axis, day_number, gap_text, timeline_svg


def xs(svg: str) -> list[float]:
    return [float(x) for x in re.findall(r'<circle cx="([\d.]+)"', svg)]


def test_near_events_stay_apart_when_one_is_years_away():
    near = [Event("2013-05-06", "Kerry lands"), Event("2013-05-07", "Talks"), Event("2013-05-08", "Ban visits")]
    svg = timeline_svg(near + [Event("2011-03", "Uprising begins"), Event("2015-12", "A later round")])
    dots = xs(svg)
    assert len(dots) == 5 and dots == sorted(dots)
    # The three days of May 2013 keep readable room between them instead of squashing into one dot.
    assert min(b - a for a, b in zip(dots[1:4], dots[2:4])) > 40
    # The axis is broken twice and each break says how much time it skips.
    assert svg.count('class="break"') == 2
    assert ">2 yrs</text>" in svg and ">3 yrs</text>" in svg


def test_labels_keep_the_evidence_precision_and_are_escaped():
    svg = timeline_svg([Event("2002", "A <b>treaty</b>", "[2]"), Event("2002-06", "Signed")])
    ticks = re.findall(r'class="tick">([^<]+)<', svg)
    assert "2002" in ticks and "2002-01-01" not in svg
    assert "A &lt;b&gt;treaty&lt;/b&gt;" in svg and "<b>" not in svg


def test_undated_events_are_left_out_and_nothing_dated_draws_nothing():
    assert timeline_svg([Event("someday", "x")]) == ""
    assert len(xs(timeline_svg([Event("2024-03-12", "x"), Event("later", "y")]))) == 1
    assert day_number("2024-02-30") is None and day_number("2024-02") == day_number("2024-02-01")


def test_the_axis_fits_the_picture():
    days = [day_number(d) for d in ("1998-01-01", "1998-01-03", "2001-07-01", "2024-12-31")]
    where, breaks, stretches, runs = axis(days)
    assert 0 < min(where.values()) and max(where.values()) < 760
    assert len(runs) == 3 and len(breaks) == 2 and stretches[-1][1] <= 760 - 20 + 0.01
    assert gap_text(45 * 30) == "4 yrs" and gap_text(90) == "3 mo" and gap_text(400) == "1 yr"
