"""axe-core finds no WCAG 2.2 A or AA failures on any public page type or state."""

import pytest

from .support import BROWSER_TEST, PUBLIC_PAGES, axe_violations, open_public_page, page_ids

pytestmark = BROWSER_TEST


@pytest.mark.parametrize("public_page", PUBLIC_PAGES, ids=page_ids())
def test_public_page_has_no_wcag_violations(page, demo, public_page):
    open_public_page(page, public_page)

    assert axe_violations(page) == []


@pytest.mark.parametrize("width", [320, 1280])
def test_open_consultation_has_no_wcag_violations_at_narrow_and_wide_widths(page, demo, width):
    # Layout changes with width (the header's menu, the grid); both must pass.
    page.set_viewport_size({"width": width, "height": 900})
    open_public_page(page, PUBLIC_PAGES[4])

    assert axe_violations(page) == []
