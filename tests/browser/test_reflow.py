"""WCAG 1.4.10 Reflow: at 320 CSS pixels wide (1280 px zoomed to 400%) nothing scrolls
sideways."""

from .support import BROWSER_TEST, PUBLIC_PAGES, open_public_page

pytestmark = BROWSER_TEST

OVERFLOW = """() => {
  const root = document.scrollingElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  // Name the widest elements, to say what to fix.
  const wide = Array.from(document.querySelectorAll('body *'))
    .filter(element => element.getBoundingClientRect().right > root.clientWidth + 1)
    .slice(0, 3)
    .map(element => element.outerHTML.slice(0, 120));
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide};
}"""


def test_public_pages_do_not_scroll_sideways_at_320_pixels(page, demo):
    page.set_viewport_size({"width": 320, "height": 640})
    overflowing = {}
    for public_page in PUBLIC_PAGES:
        open_public_page(page, public_page)
        overflow = page.evaluate(OVERFLOW)
        if overflow:
            overflowing[public_page.name] = overflow

    assert overflowing == {}
