"""Open Graph and Twitter card metadata on public pages, escaped."""

import html
import re


def meta(content, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', content)
    return html.unescape(match.group(1)) if match else None


def test_a_consultation_page_carries_its_title_description_and_absolute_canonical(
    client, make_consultation
):
    page = make_consultation(
        live=True, title='Parks "&" <script>alert(1)</script>', summary="Trees <b>and</b> 'benches'"
    )
    content = client.get(page.url).content.decode()
    assert "<script>alert(1)</script>" not in content.split("<body")[0]
    assert meta(content, "property", "og:title") == page.title
    assert meta(content, "name", "twitter:title") == page.title
    assert meta(content, "property", "og:description") == page.summary
    assert meta(content, "name", "twitter:description") == page.summary
    # Absolute, from the Wagtail Site's address rather than the request's Host header.
    assert page.full_url.startswith("http://")
    assert meta(content, "property", "og:url") == page.full_url
    assert f'<link rel="canonical" href="{page.full_url}">' in content
    assert meta(content, "name", "twitter:card") == "summary"
    assert meta(content, "property", "og:image") is None  # consultation pages have no image


def test_the_search_description_wins_over_the_summary(client, make_consultation):
    page = make_consultation(live=True, summary="The summary")
    page.search_description = "For search engines & sharing"
    page.seo_title = "A shorter title"
    page.save_revision().publish()
    content = client.get(page.url).content.decode()
    assert meta(content, "property", "og:description") == "For search engines & sharing"
    assert meta(content, "property", "og:title") == "A shorter title"


def test_pages_outside_the_tree_have_no_page_metadata(client, db):
    content = client.get("/alerts/").content.decode()
    assert 'property="og:title"' not in content
    assert 'rel="canonical"' not in content


def test_the_description_meta_tag_escapes_the_summary_and_prefers_the_search_description(
    client, make_consultation
):
    page = make_consultation(live=True, summary='Benches & "bins" <b>here</b>')
    content = client.get(page.url).content.decode()
    assert meta(content, "name", "description") == page.summary
    assert "<b>here</b>" not in content.split("<body")[0]

    page.search_description = "For search engines"
    page.save_revision().publish()
    content = client.get(page.url).content.decode()
    assert meta(content, "name", "description") == "For search engines"


def test_a_page_type_without_a_summary_has_its_search_description_or_no_description(
    client, home_page
):
    content = client.get(home_page.url).content.decode()
    assert meta(content, "name", "description") is None
    assert meta(content, "property", "og:description") is None

    home_page.search_description = "Have your say on local services"
    home_page.save_revision().publish()
    content = client.get(home_page.url).content.decode()
    assert meta(content, "name", "description") == "Have your say on local services"
    assert meta(content, "property", "og:description") == "Have your say on local services"
