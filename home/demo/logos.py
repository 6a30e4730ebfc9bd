"""Simple generated logos for the demo partners: initials on a coloured tile. Real
partners upload their own."""

import io

from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from PIL import ImageDraw, ImageFont
from wagtail.images.models import Image

# Dark enough for white text to pass WCAG contrast.
TILE_COLOURS = ["#00594f", "#1a5c96", "#4c2c92", "#8a1538", "#3d4d1a", "#5b3a00"]
SIZE = (240, 120)


def initials(name):
    skip = {"and", "of", "the", "nhs", "&"}
    words = [word for word in name.replace("(", " ").replace(")", " ").split() if word]
    letters = [word[0] for word in words if word.lower() not in skip]
    return "".join(letters[:4]).upper() or name[:2].upper()


def logo_image(text, colour):
    tile = PillowImage.new("RGB", SIZE, colour)
    draw = ImageDraw.Draw(tile)
    font = ImageFont.load_default(size=56)
    draw.text((SIZE[0] / 2, SIZE[1] / 2), text, fill="#ffffff", font=font, anchor="mm")
    buffer = io.BytesIO()
    tile.save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


def create_logo(partner, index):
    short = partner.short_name if 0 < len(partner.short_name) <= 5 else ""
    text = short or initials(partner.name)
    buffer = logo_image(text, TILE_COLOURS[index % len(TILE_COLOURS)])
    return Image.objects.create(
        title=f"{partner.name} logo",
        file=ImageFile(buffer, name=f"logo-{partner.slug}.png"),
    )
