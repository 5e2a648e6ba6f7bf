"""QR rendering: every form we produce (PNG, SVG, terminal text) decodes back to the code, as standard QR.

SVG is rasterised here by a small independent reader (rects and paths, drawn with Pillow), not by
segno, so a broken SVG cannot hide behind segno's own PNG writer.
"""

from __future__ import annotations

import io
import random
import re
import xml.etree.ElementTree as ElementTree

import pytest
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from integra_tui.domain.codes import new_code
from integra_tui.io import qr

CODES = [new_code(random.Random(seed)) for seed in range(6)]

# --- helpers shared with test_invitations.py -----------------------------------------------------


def decode_qr(image: Image.Image) -> list[str]:
    """Texts of all QR codes zxing-cpp finds in ``image``; fails on any non-standard QR symbol."""
    results = zxingcpp.read_barcodes(image.convert("L"))
    for result in results:
        assert result.format.name in ("QRCode", "QRCodeModel2"), f"not a standard QR code: {result.format}"
    return [result.text for result in results]


_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_Matrix = tuple[float, float, float, float]  # scale x, scale y, translate x, translate y


def _compose(outer: _Matrix, inner: _Matrix) -> _Matrix:
    sx, sy, tx, ty = outer
    isx, isy, itx, ity = inner
    return (sx * isx, sy * isy, sx * itx + tx, sy * ity + ty)


def _parse_transform(text: str | None) -> _Matrix:
    matrix: _Matrix = (1.0, 1.0, 0.0, 0.0)
    for name, args in re.findall(r"(translate|scale)\s*\(([^)]*)\)", text or ""):
        values = [float(v) for v in re.findall(_NUMBER, args)]
        if name == "translate":
            step = (1.0, 1.0, values[0], values[1] if len(values) > 1 else 0.0)
        else:
            step = (values[0], values[1] if len(values) > 1 else values[0], 0.0, 0.0)
        matrix = _compose(matrix, step)
    assert not re.search(r"(matrix|rotate|skew)", text or ""), "transform not supported by the test reader"
    return matrix


def _is_dark(colour: str | None) -> bool | None:
    """True for dark paint, False for light, None for no paint."""
    if colour is None or colour == "none":
        return None
    colour = colour.strip().lower()
    named = {"black": "#000000", "white": "#ffffff"}
    colour = named.get(colour, colour)
    if re.fullmatch(r"#[0-9a-f]{3}", colour):
        colour = "#" + "".join(c * 2 for c in colour[1:])
    assert re.fullmatch(r"#[0-9a-f]{6}", colour), f"colour not supported by the test reader: {colour}"
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return (red * 299 + green * 587 + blue * 114) / 1000 < 128


def _path_geometry(
    d: str,
) -> tuple[list[list[tuple[float, float]]], list[tuple[tuple[float, float], tuple[float, float]]]]:
    """Subpath polygons and straight segments of SVG path data (M, L, H, V, Z, absolute and relative)."""
    tokens = re.findall(rf"[MmLlHhVvZz]|{_NUMBER}", d)
    polygons: list[list[tuple[float, float]]] = []
    segments = []
    x = y = start_x = start_y = 0.0
    command = ""
    index = 0
    current: list[tuple[float, float]] = []
    while index < len(tokens):
        token = tokens[index]
        if token.isalpha():
            command = token
            index += 1
            if command in "Zz":
                segments.append(((x, y), (start_x, start_y)))
                x, y = start_x, start_y
                continue
        assert command, "path data must start with a command"
        if command in "Mm":
            dx, dy = float(tokens[index]), float(tokens[index + 1])
            index += 2
            x, y = (x + dx, y + dy) if command == "m" else (dx, dy)
            start_x, start_y = x, y
            current = [(x, y)]
            polygons.append(current)
            command = "l" if command == "m" else "L"  # further pairs are line-tos
            continue
        old = (x, y)
        if command in "Ll":
            dx, dy = float(tokens[index]), float(tokens[index + 1])
            index += 2
            x, y = (x + dx, y + dy) if command == "l" else (dx, dy)
        elif command in "Hh":
            value = float(tokens[index])
            index += 1
            x = x + value if command == "h" else value
        elif command in "Vv":
            value = float(tokens[index])
            index += 1
            y = y + value if command == "v" else value
        else:  # pragma: no cover - the reader is meant to fail loudly
            raise AssertionError(f"path command not supported by the test reader: {command}")
        segments.append((old, (x, y)))
        current.append((x, y))
    return polygons, segments


def _area(polygon: list[tuple[float, float]]) -> float:
    return (
        abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True))) / 2
    )


def rasterise_svg(svg_text: str, pixels_per_unit: float = 8.0) -> Image.Image:
    """Draw an SVG made of rects and straight-line paths (fill and axis-parallel strokes) with Pillow."""
    root = ElementTree.fromstring(svg_text.encode("utf-8") if isinstance(svg_text, str) else svg_text)
    if root.get("viewBox"):
        min_x, min_y, width, height = (float(v) for v in root.get("viewBox").replace(",", " ").split())
    else:
        min_x = min_y = 0.0
        width = float(re.match(_NUMBER, root.get("width")).group())
        height = float(re.match(_NUMBER, root.get("height")).group())
    image = Image.new("L", (round(width * pixels_per_unit), round(height * pixels_per_unit)), 255)
    draw = ImageDraw.Draw(image)
    base: _Matrix = (pixels_per_unit, pixels_per_unit, -min_x * pixels_per_unit, -min_y * pixels_per_unit)

    def point(matrix: _Matrix, x: float, y: float) -> tuple[float, float]:
        return (matrix[0] * x + matrix[2], matrix[1] * y + matrix[3])

    def walk(
        element: ElementTree.Element, matrix: _Matrix, fill: str | None, stroke: str | None, stroke_width: float
    ) -> None:
        tag = element.tag.rsplit("}", 1)[-1]
        matrix = _compose(matrix, _parse_transform(element.get("transform")))
        fill = element.get("fill", fill)
        stroke = element.get("stroke", stroke)
        stroke_width = float(element.get("stroke-width", stroke_width))
        if tag == "svg" and element is not root:
            x, y = float(element.get("x", 0)), float(element.get("y", 0))
            matrix = _compose(matrix, (1.0, 1.0, x, y))
            if element.get("viewBox"):
                vx, vy, vw, vh = (float(v) for v in element.get("viewBox").replace(",", " ").split())
                w, h = float(element.get("width", vw)), float(element.get("height", vh))
                matrix = _compose(matrix, (w / vw, h / vh, -vx * w / vw, -vy * h / vh))
        if tag == "rect":
            x, y = float(element.get("x", 0)), float(element.get("y", 0))
            w, h = float(element.get("width")), float(element.get("height"))
            dark = _is_dark(fill)
            if dark is not None:
                (x0, y0), (x1, y1) = point(matrix, x, y), point(matrix, x + w, y + h)
                draw.rectangle([x0, y0, x1 - 1, y1 - 1], fill=0 if dark else 255)
        elif tag == "path":
            polygons, segments = _path_geometry(element.get("d", ""))
            dark = _is_dark(fill)
            if dark is not None:
                for polygon in polygons:
                    if len(polygon) > 2 and _area(polygon) > 0:
                        corners = [point(matrix, x, y) for x, y in polygon]
                        # Pillow's polygon includes the far edge: pull it in by half a pixel.
                        draw.polygon([(px - 0.5, py - 0.5) for px, py in corners], fill=0 if dark else 255)
            dark = _is_dark(stroke)
            if dark is not None:
                half = stroke_width / 2
                for (x0, y0), (x1, y1) in segments:
                    assert x0 == x1 or y0 == y1, "only axis-parallel strokes are supported"
                    left, right = sorted((x0, x1))
                    top, bottom = sorted((y0, y1))
                    if y0 == y1:
                        top, bottom = y0 - half, y0 + half
                    else:
                        left, right = x0 - half, x0 + half
                    (px0, py0), (px1, py1) = point(matrix, left, top), point(matrix, right, bottom)
                    draw.rectangle([px0, py0, px1 - 1, py1 - 1], fill=0 if dark else 255)
        for child in element:
            walk(child, matrix, fill, stroke, stroke_width)

    # SVG's initial fill is black, its initial stroke none.
    walk(root, base, "#000", None, 1.0)
    return image


def terminal_lines_to_image(lines: list[str], pixels_per_module: int = 6) -> Image.Image:
    """Turn half-block text lines back into a picture: dark where a block character is drawn."""
    width = max(len(line) for line in lines)
    image = Image.new("L", (width * pixels_per_module, len(lines) * 2 * pixels_per_module), 255)
    draw = ImageDraw.Draw(image)
    halves = {" ": (False, False), "▀": (True, False), "▄": (False, True), "█": (True, True)}
    for row, line in enumerate(lines):
        for column, char in enumerate(line):
            for half, dark in enumerate(halves[char]):
                if dark:
                    x, y = column * pixels_per_module, (row * 2 + half) * pixels_per_module
                    draw.rectangle([x, y, x + pixels_per_module - 1, y + pixels_per_module - 1], fill=0)
    return image


# --- the symbol ----------------------------------------------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_code_becomes_version_1_alphanumeric_at_level_m(code: str) -> None:
    symbol = qr.code_qr(code)
    assert symbol.version == 1
    assert symbol.mode == "alphanumeric"
    assert symbol.error in ("M", "Q", "H")
    assert not symbol.is_micro


def test_short_content_is_never_a_micro_qr() -> None:
    # segno.make("12345") picks Micro QR M1; phones cannot read it.
    assert not qr.make_qr("12345").is_micro
    assert not qr.make_qr("A").is_micro


def test_code_qr_refuses_content_that_is_no_code() -> None:
    with pytest.raises(ValueError):
        qr.code_qr("MG1" + "A" * 60)
    with pytest.raises(ValueError):
        qr.code_qr("https://example.org/a/b")
    grouped = " ".join(CODES[0][i : i + 4] for i in range(0, 20, 4)).lower()
    assert qr.code_qr(grouped).matrix == qr.code_qr(CODES[0]).matrix  # canonical form is encoded


def test_both_engines_give_a_readable_symbol_of_the_same_size() -> None:
    code = CODES[0]
    for engine in ("segno", "qrcode"):
        matrix = qr.qr_matrix(code, engine=engine)
        assert len(matrix) == 21 and all(len(row) == 21 for row in matrix)
        lines = ["".join("█" if dark else " " for dark in row) for row in matrix]
        border = [" " * 21] * 4
        # one module per character and line here (full blocks), quiet zone added around
        image = terminal_lines_to_image(["    " + line + "    " for line in border + lines + border])
        assert decode_qr(image) == [code], engine
    with pytest.raises(ValueError):
        qr.qr_matrix(code, engine="nope")


def _segno_modules(content: str) -> tuple[tuple[bool, ...], ...]:
    return tuple(tuple(bool(module) for module in row) for row in qr.make_qr(content).matrix)


def test_code_matrix_is_segnos_symbol_module_for_module() -> None:
    """The fast encoder picks segno's mask and level: 400 fresh codes give exactly segno's modules."""
    rnd = random.Random(20261127)
    for _ in range(400):
        code = new_code(rnd)
        assert qr.code_matrix(code) == _segno_modules(code), code


def test_code_matrix_reads_codes_as_typed_and_refuses_what_is_no_code() -> None:
    grouped = " ".join(CODES[1][i : i + 4] for i in range(0, 20, 4)).lower()
    assert qr.code_matrix(grouped) == _segno_modules(CODES[1])
    with pytest.raises(ValueError):
        qr.code_matrix("https://example.org/a/b")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", min_size=1, max_size=26))
def test_fast_encoder_agrees_with_segno_or_leaves_the_content_to_it(content: str) -> None:
    """Every level (M boosted to Q or H), every mask, both ends of version 1; numeric or longer content is segno's."""
    fast = qr._version1_alphanumeric(content)
    symbol = qr.make_qr(content)
    if fast is None:
        assert symbol.version != 1 or symbol.mode != "alphanumeric"
    else:
        assert fast == _segno_modules(content)


def test_the_fast_symbol_decodes() -> None:
    for code in CODES:
        lines = ["".join("█" if dark else " " for dark in row) for row in qr.code_matrix(code)]
        border = [" " * 21] * 4
        assert decode_qr(terminal_lines_to_image(["    " + line + "    " for line in border + lines + border])) == [
            code
        ]


# --- files ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", CODES[:3])
@pytest.mark.parametrize("scale", [2, 4, 10])
def test_png_decodes(code: str, scale: int) -> None:
    image = Image.open(io.BytesIO(qr.qr_png_bytes(code, scale=scale)))
    assert image.size == ((21 + 8) * scale,) * 2  # quiet zone of 4 modules included
    assert decode_qr(image) == [code]


@pytest.mark.parametrize("code", CODES[:3])
def test_svg_decodes_when_rasterised_independently(code: str) -> None:
    svg = qr.qr_svg_text(code, scale=3)
    assert svg.startswith("<?xml")
    image = rasterise_svg(svg, pixels_per_unit=2)
    assert image.size == (29 * 3 * 2,) * 2
    assert decode_qr(image) == [code]


def test_svg_in_millimetres_for_print() -> None:
    svg = qr.qr_svg_text(CODES[0], scale=1.5, unit="mm", xmldecl=False)
    assert 'width="43.5mm"' in svg
    assert decode_qr(rasterise_svg(svg, pixels_per_unit=6)) == [CODES[0]]


def test_svg_path_data_draws_the_symbol() -> None:
    code = CODES[1]
    matrix = qr.qr_matrix(code)
    size = len(matrix) + 8
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{qr.svg_path_data(matrix, offset=4)}"/></svg>'
    )
    assert decode_qr(rasterise_svg(svg, pixels_per_unit=5)) == [code]


def test_the_svg_reader_is_not_fooled_by_an_empty_picture() -> None:
    """The independent reader must not decode what is not there."""
    svg = qr.qr_svg_text(CODES[0], scale=2).replace('stroke="#000"', 'stroke="#fff"')
    assert decode_qr(rasterise_svg(svg, pixels_per_unit=2)) == []


# --- terminal ------------------------------------------------------------------------------------


@pytest.mark.parametrize("content", [*CODES[:3], "https://example.org/meetings/2026-11-27"])
def test_terminal_lines_decode(content: str) -> None:
    lines = qr.qr_terminal_lines(content)
    assert set("".join(lines)) <= set(" ▀▄█")
    assert len({len(line) for line in lines}) == 1
    assert decode_qr(terminal_lines_to_image(lines)) == [content]


def test_terminal_lines_have_a_light_quiet_zone_of_four_modules() -> None:
    lines = qr.qr_terminal_lines(CODES[0])
    width = len(lines[0])
    assert width == 21 + 8
    assert len(lines) == (29 + 1) // 2  # two module rows per line, odd row count padded
    assert lines[0] == lines[1] == " " * width  # rows 0-3 light
    assert all(line[:4] == "    " and line[-4:] == "    " for line in lines)
    assert qr.TERMINAL_COLOURS == ("black", "white")


def test_inverted_terminal_lines_are_what_the_colours_warning_is_about() -> None:
    """Shown light-on-dark, the picture is the negative; keep dark modules dark."""
    lines = qr.qr_terminal_lines(CODES[0])
    image = terminal_lines_to_image(lines)
    assert decode_qr(image) == [CODES[0]]
    inverted = image.point(lambda value: 255 - value)
    # zxing-cpp only reads inverted codes when asked to; a hardware scanner often cannot at all.
    assert zxingcpp.read_barcodes(inverted, try_invert=False) == []
