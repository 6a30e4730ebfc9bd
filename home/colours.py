"""Colour checks for the partnership's brand settings (WCAG 2.2 contrast)."""

import re

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"
# WCAG 2.2 success criterion 1.4.3: normal text needs 4.5:1.
MINIMUM_TEXT_CONTRAST = 4.5


def _channel(value):
    value /= 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour):
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(first, second):
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
