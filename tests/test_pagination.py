"""The pagination under a list of results: which page numbers are links, which is
current, and where an ellipsis stands for pages left out."""

import pytest
from bs4 import BeautifulSoup
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils import translation


def shown(rf, pages, current):
    page_obj = Paginator(range(pages * 10), 10).page(current)
    html = render_to_string(
        "consultation_blocks/includes/pagination.html",
        {"page_obj": page_obj},
        rf.get("/search/", {"q": "parks"}),
    )
    items = BeautifulSoup(html, "html.parser").select(".govuk-pagination__item")
    return [
        "…"
        if "govuk-pagination__item--ellipses" in item["class"]
        else f"[{item.a.text}]"
        if item.a.get("aria-current") == "page"
        else item.a.text
        for item in items
    ]


@pytest.mark.parametrize(
    "pages, current, expected",
    [
        (50, 1, ["[1]", "2", "3", "…", "50"]),
        (50, 4, ["1", "2", "3", "[4]", "5", "6", "…", "50"]),
        (50, 5, ["1", "…", "3", "4", "[5]", "6", "7", "…", "50"]),
        (50, 25, ["1", "…", "23", "24", "[25]", "26", "27", "…", "50"]),
        (50, 50, ["1", "…", "48", "49", "[50]"]),
        (2, 2, ["1", "[2]"]),
        (3, 1, ["[1]", "2", "3"]),
        (6, 1, ["[1]", "2", "3", "…", "6"]),
        (5000, 2500, ["1", "…", "2498", "2499", "[2500]", "2501", "2502", "…", "5000"]),
    ],
)
def test_the_first_last_and_nearby_pages_are_linked(rf, pages, current, expected):
    assert shown(rf, pages, current) == expected


def test_each_link_keeps_the_query_and_names_its_page(rf):
    page_obj = Paginator(range(500), 10).page(25)
    with translation.override("en-gb"):
        html = render_to_string(
            "consultation_blocks/includes/pagination.html",
            {"page_obj": page_obj},
            rf.get("/search/", {"q": "parks", "type": "consultation"}),
        )
    soup = BeautifulSoup(html, "html.parser")
    current = soup.select_one('[aria-current="page"]')
    assert current["aria-label"] == "Page 25"
    assert "q=parks" in current["href"] and "page=25" in current["href"]
    assert soup.select_one('a[rel="next"]')["href"].endswith("page=26")
    assert soup.select_one('a[rel="prev"]')["href"].endswith("page=24")


def test_a_single_page_has_no_pagination(rf):
    assert shown(rf, 1, 1) == []
