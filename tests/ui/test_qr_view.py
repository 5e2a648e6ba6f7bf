"""QR view: what the terminal shows is a QR code a scanner reads back to the original content."""

from __future__ import annotations

import pytest
import zxingcpp
from PIL import Image, ImageOps
from textual.app import App, ComposeResult
from textual.geometry import Region

from integra_tui.ui.widgets.qr_view import QRView

INVITATION_CODE = "MG1K7Q2M9PX4T8RWNC3H"


class QRApp(App[None]):
    def __init__(self, content: str, theme: str) -> None:
        super().__init__()
        self.content = content
        self.initial_theme = theme

    def compose(self) -> ComposeResult:
        yield QRView(self.content, id="qr")

    def on_mount(self) -> None:
        self.theme = self.initial_theme


def _is_dark(color) -> bool:
    red, green, blue = color.get_truecolor()
    return (red + green + blue) / 3 < 128


def screen_to_image(view: QRView) -> Image.Image:
    """Rebuild the module image from the cells on screen: characters and their colours.

    A cell is two module rows: ▀ shows the foreground on top, ▄ at the bottom, █ in both, and a
    space shows the background in both. The colours decide which modules are dark.
    """
    width, height = view.outer_size
    strips = view.render_lines(Region(0, 0, width, height))
    image = Image.new("L", (width, height * 2), 255)
    for y, strip in enumerate(strips):
        x = 0
        for segment in strip:
            style = segment.style
            for char in segment.text:
                top_is_fore = char in "▀█"
                bottom_is_fore = char in "▄█"
                top = style.color if top_is_fore else style.bgcolor
                bottom = style.color if bottom_is_fore else style.bgcolor
                image.putpixel((x, 2 * y), 0 if _is_dark(top) else 255)
                image.putpixel((x, 2 * y + 1), 0 if _is_dark(bottom) else 255)
                x += 1
    return image


def decode(image: Image.Image) -> list[str]:
    big = image.resize((image.width * 8, image.height * 8), Image.NEAREST)
    framed = ImageOps.expand(big, border=40, fill=255)
    # No try_invert: a code shown light-on-dark must fail here, as it fails on many phones.
    return [result.text for result in zxingcpp.read_barcodes(framed, try_invert=False)]


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@pytest.mark.parametrize("content", [INVITATION_CODE, "INTEGRA Runder Tisch – Müller, Çelik, 王"])
async def test_shown_qr_code_decodes_to_its_content(content: str, theme: str) -> None:
    app = QRApp(content, theme)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.query_one(QRView)
        assert decode(screen_to_image(view)) == [content]


async def test_one_column_per_module_and_two_module_rows_per_line() -> None:
    app = QRApp(INVITATION_CODE, "textual-dark")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = app.query_one(QRView)
        # Version 1 is 21 modules, plus a quiet zone of 4 on each side: 29 x 29 modules.
        assert view.outer_size == (29, 15)
        assert screen_to_image(view).size == (29, 30)


async def test_changing_content_redraws_and_resizes() -> None:
    app = QRApp(INVITATION_CODE, "textual-dark")
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(QRView)
        longer = "https://example.org/integra/einladung/" + INVITATION_CODE
        view.content = longer
        await pilot.pause()
        assert view.outer_size.width > 29
        assert decode(screen_to_image(view)) == [longer]
        view.content = ""
        await pilot.pause()
        assert view.outer_size == (0, 0)
