"""Draw the application icon (resources/icons/gongkai.png and .ico) — run once when the icon changes.
Needs Pillow and a CJK font (fonts-noto-cjk); the results are committed, so builds do not need either."""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"


def draw(size: int = 512) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((16, 16, size - 16, size - 16), radius=size // 8, fill=(183, 28, 28, 255))
    d.rounded_rectangle((16, size * 0.68, size - 16, size - 16), radius=size // 8, fill=(38, 50, 56, 255))
    d.rectangle((16, size * 0.68, size - 16, size * 0.76), fill=(38, 50, 56, 255))
    font = ImageFont.truetype(FONT, int(size * 0.5), index=2)
    d.text((size / 2, size * 0.38), "公", font=font, fill="white", anchor="mm")
    small = ImageFont.truetype(FONT, int(size * 0.13), index=2)
    d.text((size / 2, size * 0.84), "台账", font=small, fill=(255, 213, 79, 255), anchor="mm")
    return img


def main() -> int:
    out = ROOT / "resources" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    img = draw()
    img.resize((256, 256), Image.LANCZOS).save(out / "gongkai.png")
    img.save(out / "gongkai.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
