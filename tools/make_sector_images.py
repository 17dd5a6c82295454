"""Draw the sector illustrations the demo case studies show.

One flat picture per public-service sector: a plain colour and a simple shape
(a house for housing, a heart for social care, ...). They are the project's own
work, drawn here from nothing but shapes, so the addon can ship them under its
own licence. Run it again after changing a drawing:

    .venv/bin/python tools/make_sector_images.py

It writes provide_coop/static/img/sectors/<sector>.png (512 x 320).
"""

import math
from pathlib import Path

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 512, 320
SCALE = 4  # drawn larger, then reduced: smooth edges without extra tools
OUT = Path(__file__).resolve().parent.parent / "provide_coop/static/img/sectors"
WHITE = (255, 255, 255)


def _canvas(background):
    image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), background)
    return image, ImageDraw.Draw(image)


def _xy(*points):
    return [(x * SCALE, y * SCALE) for x, y in points]


def _box(x0, y0, x1, y1):
    return [x0 * SCALE, y0 * SCALE, x1 * SCALE, y1 * SCALE]


def housing(draw, colour):
    draw.polygon(_xy((256, 60), (146, 150), (366, 150)), fill=WHITE)
    draw.rectangle(_box(166, 150, 346, 262), fill=WHITE)
    draw.rectangle(_box(236, 196, 276, 262), fill=colour)
    draw.rectangle(_box(186, 170, 222, 204), fill=colour)
    draw.rectangle(_box(290, 170, 326, 204), fill=colour)


def social_care(draw, colour):
    draw.ellipse(_box(150, 70, 266, 186), fill=WHITE)
    draw.ellipse(_box(246, 70, 362, 186), fill=WHITE)
    draw.polygon(_xy((156, 150), (356, 150), (256, 262)), fill=WHITE)


def childcare(draw, colour):
    for x0, y0 in ((150, 170), (262, 170), (206, 70)):
        draw.rounded_rectangle(_box(x0, y0, x0 + 100, y0 + 92), 10 * SCALE, WHITE)
        draw.ellipse(_box(x0 + 34, y0 + 30, x0 + 66, y0 + 62), fill=colour)


def health(draw, colour):
    draw.rounded_rectangle(_box(221, 60, 291, 260), 12 * SCALE, WHITE)
    draw.rounded_rectangle(_box(156, 125, 356, 195), 12 * SCALE, WHITE)


def education(draw, colour):
    draw.polygon(_xy((136, 92), (252, 112), (252, 252), (136, 232)), fill=WHITE)
    draw.polygon(_xy((260, 112), (376, 92), (376, 232), (260, 252)), fill=WHITE)
    for step in range(4):
        y = 134 + step * 24
        draw.line(_xy((156, y), (232, y + 12)), fill=colour, width=5 * SCALE)
        draw.line(_xy((280, y + 12), (356, y)), fill=colour, width=5 * SCALE)


def waste(draw, colour):
    # Three arrows chasing each other round a circle.
    cx, cy, radius, width = 256, 164, 88, 26
    for start in (0, 120, 240):
        draw.arc(
            _box(cx - radius, cy - radius, cx + radius, cy + radius),
            start + 12,
            start + 92,
            fill=WHITE,
            width=width * SCALE,
        )
        tip = math.radians(start + 108)
        back = math.radians(start + 88)
        inner, outer = radius - width / 2 - 16, radius + width / 2 + 16
        draw.polygon(
            _xy(
                (cx + radius * math.cos(tip), cy + radius * math.sin(tip)),
                (cx + inner * math.cos(back), cy + inner * math.sin(back)),
                (cx + outer * math.cos(back), cy + outer * math.sin(back)),
            ),
            fill=WHITE,
        )


def leisure(draw, colour):
    # A tree beside a ball: parks, pools and sports.
    draw.rectangle(_box(178, 170, 198, 262), fill=WHITE)
    draw.ellipse(_box(128, 66, 248, 186), fill=WHITE)
    draw.ellipse(_box(274, 170, 366, 262), fill=WHITE)
    draw.arc(_box(274, 170, 366, 262), 200, 340, fill=colour, width=6 * SCALE)
    draw.arc(_box(274, 170, 366, 262), 20, 160, fill=colour, width=6 * SCALE)


def other(draw, colour):
    # Two linked rings: people joining together.
    for x0 in (156, 246):
        draw.ellipse(_box(x0, 82, x0 + 110, 192 + 46), outline=WHITE, width=22 * SCALE)


SECTORS = {
    "housing": ((46, 111, 176), housing),
    "social_care": ((199, 70, 92), social_care),
    "childcare": ((232, 152, 38), childcare),
    "health": ((38, 150, 108), health),
    "education": ((110, 76, 170), education),
    "waste": ((30, 140, 150), waste),
    "leisure": ((96, 150, 52), leisure),
    "other": ((104, 112, 122), other),
}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (colour, drawing) in SECTORS.items():
        image, draw = _canvas(colour)
        drawing(draw, colour)
        image = image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
        image.save(OUT / f"{name}.png", optimize=True)
        print(OUT / f"{name}.png")


if __name__ == "__main__":
    main()
