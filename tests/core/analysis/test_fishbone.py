from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from hotwash.core.analysis.fishbone import fishbone_svg, svg_to_png

NS = {"svg": "http://www.w3.org/2000/svg"}


def many_factors(n_per_category: int = 8) -> dict[str, list[tuple[str, str]]]:
    cats = {}
    for c, label in enumerate(["Technical", "Process", "Communication", "Environmental"]):
        cats[label] = [
            (f"{label} factor {i}: " + "a long description of the condition that enabled it " * (i % 3 + 1),
             "trigger" if (c, i) == (0, 0) else "enabling")
            for i in range(n_per_category)
        ]
    return cats


def groups(svg: str, cls: str) -> list[ET.Element]:
    root = ET.fromstring(svg)
    return [g for g in root.iter("{http://www.w3.org/2000/svg}g") if cls in (g.get("class") or "").split()]


def test_the_diagram_is_well_formed_svg_with_one_label_per_factor():
    svg = fishbone_svg("Checkout failed", many_factors())
    assert len(groups(svg, "factor")) == 32
    assert len(groups(svg, "category")) == 4
    assert ET.fromstring(svg).tag == "{http://www.w3.org/2000/svg}svg"


def test_trigger_factors_are_drawn_differently_from_enabling_conditions():
    svg = fishbone_svg("Checkout failed", many_factors())
    triggers = groups(svg, "trigger")
    assert len(triggers) == 1
    text = triggers[0].find("svg:text", NS)
    assert text is not None and text.get("font-weight") == "bold"
    assert groups(svg, "enabling")[0].find("svg:text", NS).get("font-weight") is None


def test_long_texts_are_wrapped_onto_several_lines():
    svg = fishbone_svg("x", {"Technical": [("word " * 60, "enabling")]})
    text = groups(svg, "factor")[0].find("svg:text", NS)
    spans = text.findall("svg:tspan", NS)
    assert len(spans) > 5
    assert all(len(s.text or "") <= 32 for s in spans)


def test_the_canvas_grows_with_the_number_of_factors():
    def size(svg: str) -> tuple[float, float]:
        root = ET.fromstring(svg)
        return float(root.get("width")), float(root.get("height"))

    small_w, small_h = size(fishbone_svg("x", many_factors(2)))
    big_w, big_h = size(fishbone_svg("x", many_factors(10)))
    assert big_h > small_h * 2
    six = {f"Category {i}": [("factor", "enabling")] for i in range(6)}
    assert size(fishbone_svg("x", six))[0] > size(fishbone_svg("x", dict(list(six.items())[:2])))[0]


def test_bones_alternate_above_and_below_the_spine():
    svg = fishbone_svg("x", {f"C{i}": [("f", "enabling")] for i in range(4)})
    root = ET.fromstring(svg)
    spine = root.find("svg:line", NS)
    spine_y = float(spine.get("y1"))
    ends = [float(b.find("svg:line", NS).get("y2")) for b in groups(svg, "bone")]
    assert [y < spine_y for y in ends] == [True, False, True, False]


def test_markup_in_texts_is_escaped():
    svg = fishbone_svg("<script>alert(1)</script> & co", {"A & B": [('"quoted" <b>', "enabling")]})
    ET.fromstring(svg)
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_no_factors_still_gives_a_diagram():
    svg = fishbone_svg("Nothing yet", {})
    assert "No contributing factors recorded yet" in svg
    ET.fromstring(svg)


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_the_png_export_is_a_png(scale):
    png = svg_to_png(fishbone_svg("Checkout failed", many_factors(3)), scale=scale)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert width > 600 * scale


def test_tall_bones_get_wider_lines_so_the_diagram_stays_landscape():
    svg = fishbone_svg("Checkout failed", many_factors(10))
    root = ET.fromstring(svg)
    assert float(root.get("width")) > float(root.get("height"))
    spans = [s.text or "" for g in groups(svg, "factor") for s in g.iter(f"{{{NS['svg']}}}tspan")]
    assert max(len(s) for s in spans) > 32
