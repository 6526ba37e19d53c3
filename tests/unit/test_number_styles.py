"""申请编号格式 styles (issue 28): a prefix plus a style round-trips; any other stored format is recognised as such."""

from hypothesis import given
from hypothesis import strategies as st

from gongkai_desktop.core.organisation import (
    NUMBER_STYLES,
    OrgProfile,
    compose_number_format,
    split_number_format,
)


def test_each_style_formats_as_its_label_says():
    examples = {"{year}-{seq:04d}": "2026-0012", "{year}-{seq:03d}": "2026-012", "{year}{seq:04d}": "20260012",
                "〔{year}〕{seq}号": "〔2026〕12号", "{year}年第{seq}号": "2026年第12号"}
    assert {style for style, _ in NUMBER_STYLES} == set(examples)
    for style, expected in examples.items():
        assert OrgProfile(number_format=style).format_number(2026, 12) == expected


@given(st.text(alphabet="依申公开办XYZ-_ 0123456789", max_size=8), st.sampled_from([s for s, _ in NUMBER_STYLES]))
def test_prefix_and_style_round_trip(prefix, style):
    fmt = compose_number_format(prefix, style)
    assert split_number_format(fmt) == (prefix.strip(), style)
    assert OrgProfile(number_format=fmt).validate() == {}


def test_braces_in_a_prefix_are_dropped_and_other_formats_are_not_split():
    assert compose_number_format("{依申}", "{year}-{seq:04d}") == "依申{year}-{seq:04d}"
    assert split_number_format("SQ{seq:05d}/{year}") is None
