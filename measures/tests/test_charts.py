"""The score chart: a pure function from data to SVG, checked by parsing what it draws."""

import itertools
import xml.etree.ElementTree as ET
from datetime import date

from django.test import SimpleTestCase

from measures import charts, registry
from measures.charts import BOTTOM, INSET, LEFT, RIGHT, TOP, Chart, Point, Region, chart_for, render

SVG = "{http://www.w3.org/2000/svg}"


def series() -> Chart:
    """Scores on a 0 to 20 scale over 100 days, two bands split at 10, a cut-off at 12."""
    return Chart(
        key="test",
        title="Made-up scale over time",
        description="Three scores",
        y_min=0,
        y_max=20,
        points=(
            Point(date(2026, 1, 1), 16, "High", "Baseline", "Base"),
            Point(date(2026, 1, 26), 10, "High", "No reliable change", "NRC"),
            Point(date(2026, 4, 11), 4, "Low", "Recovered", "Rec"),
        ),
        regions=(Region(0, 10, "Low"), Region(10, 20, "High")),
        cutoff=12,
    )


def parse(chart: Chart) -> ET.Element:
    return ET.fromstring(render(chart))


def groups(svg: ET.Element, name: str) -> list[ET.Element]:
    return [g for g in svg.iter(f"{SVG}g") if g.get("class") == name]


class ChartTest(SimpleTestCase):
    def test_it_is_an_image_with_a_title_and_a_description_that_name_it(self) -> None:
        svg = parse(series())
        self.assertEqual(svg.get("role"), "img")
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert title is not None and desc is not None
        self.assertEqual(title.text, "Made-up scale over time")
        self.assertEqual(desc.text, "Three scores")
        self.assertEqual(svg.get("aria-labelledby"), f"{title.get('id')} {desc.get('id')}")

    def test_it_places_each_point_by_its_date_and_score(self) -> None:
        plot_width, plot_height = RIGHT - LEFT - 2 * INSET, BOTTOM - TOP
        expected = [
            (LEFT + INSET, BOTTOM - 16 / 20 * plot_height),
            (LEFT + INSET + 25 / 100 * plot_width, BOTTOM - 10 / 20 * plot_height),
            (LEFT + INSET + plot_width, BOTTOM - 4 / 20 * plot_height),
        ]
        circles = [g.find(f"{SVG}circle") for g in groups(parse(series()), "point")]
        placed = [(float(c.get("cx", "")), float(c.get("cy", ""))) for c in circles if c is not None]
        self.assertEqual(len(placed), 3)
        for (x, y), (want_x, want_y) in zip(placed, expected, strict=True):
            self.assertAlmostEqual(x, want_x, delta=0.06)
            self.assertAlmostEqual(y, want_y, delta=0.06)

    def test_it_labels_each_point_with_its_change_and_explains_the_marks(self) -> None:
        svg = parse(series())
        points = groups(svg, "point")
        self.assertEqual([g.findtext(f"{SVG}text") for g in points], ["Base", "NRC", "Rec"])
        self.assertEqual(points[2].findtext(f"{SVG}title"), "11 Apr 2026: 4 (Low), recovered")
        legend = " ".join(t.text or "" for t in svg.iter(f"{SVG}text") if t.get("class") == "legend")
        self.assertEqual(legend, "Base = baseline · NRC = no reliable change · Rec = recovered")

    def test_it_draws_the_bands_as_labelled_regions_darker_towards_the_worse_end(self) -> None:
        bands = groups(parse(series()), "band")
        rects = [g.find(f"{SVG}rect") for g in bands]
        geometry = [(float(r.get("y", "")), float(r.get("height", ""))) for r in rects if r is not None]
        middle = BOTTOM - (BOTTOM - TOP) / 2
        self.assertEqual(geometry, [(middle, BOTTOM - middle), (TOP, middle - TOP)])
        self.assertEqual(["".join(g.itertext()) for g in bands], ["Low", "High"])
        opacities = [float(r.get("fill-opacity", "")) for r in rects if r is not None]
        self.assertLess(opacities[0], opacities[1])

    def test_it_draws_the_cut_off_as_a_dashed_line_at_its_score(self) -> None:
        (cutoff,) = groups(parse(series()), "cutoff")
        line = cutoff.find(f"{SVG}line")
        assert line is not None
        y = BOTTOM - 12 / 20 * (BOTTOM - TOP)
        self.assertAlmostEqual(float(line.get("y1", "")), y, delta=0.06)
        self.assertEqual(line.get("stroke-dasharray"), "6 4")
        self.assertEqual(cutoff.findtext(f"{SVG}text"), "cut-off 12")

    def test_it_puts_a_long_band_label_on_two_lines(self) -> None:
        regions = (Region(0, 5, "Fine"), Region(5, 10, "Possibly problematic use"))
        chart = Chart(key="l", title="t", description="d", y_min=0, y_max=10, points=(), regions=regions)
        texts = [g.find(f"{SVG}text") for g in groups(parse(chart), "band")]
        lines = [[span.text for span in text.iter(f"{SVG}tspan")] for text in texts if text is not None]
        self.assertEqual(lines, [["Fine"], ["Possibly", "problematic use"]])

    def test_it_uses_no_style_attribute_and_no_script(self) -> None:
        svg = parse(series())
        self.assertFalse([e.tag for e in svg.iter() if "style" in e.attrib])
        self.assertFalse([e for e in svg.iter() if e.tag in (f"{SVG}script", f"{SVG}style", f"{SVG}foreignObject")])

    def test_it_escapes_every_text(self) -> None:
        chart = Chart(
            key='k"><script>',
            title="<script>alert(1)</script>",
            description="A & B",
            y_min=0,
            y_max=10,
            points=(Point(date(2026, 1, 1), 3, "<b>", "x"),),
            regions=(Region(0, 10, "</text><script>"),),
        )
        text = render(chart)
        self.assertNotIn("<script>", text)
        svg = ET.fromstring(text)
        self.assertEqual(svg.findtext(f"{SVG}title"), "<script>alert(1)</script>")

    def test_it_centres_a_single_score_and_says_there_is_only_one(self) -> None:
        chart = chart_for(registry.get("gad7"), "total", [Point(date(2026, 3, 1), 9, "Mild")], key="one")
        (point,) = groups(parse(chart), "point")
        circle = point.find(f"{SVG}circle")
        assert circle is not None
        self.assertEqual(float(circle.get("cx", "")), (LEFT + RIGHT) / 2)
        self.assertEqual(
            chart.description, "1 score on a scale of 0 to 21, from 1 Mar 2026 to 1 Mar 2026. First 9 (Mild)."
        )

    def test_it_takes_range_bands_and_cut_off_from_the_definition(self) -> None:
        chart = chart_for(registry.get("phq9"), "total", [], key="phq9")
        self.assertEqual((chart.y_min, chart.y_max, chart.cutoff), (0, 27, 10))
        self.assertEqual(
            [(r.low, r.high, r.label) for r in chart.regions],
            [
                (0, 5, "Minimal"),
                (5, 10, "Mild"),
                (10, 15, "Moderate"),
                (15, 20, "Moderately severe"),
                (20, 27, "Severe"),
            ],
        )
        self.assertEqual(charts.y_ticks(chart), [0, 5, 10, 15, 20, 27])

    def test_it_never_crowds_the_date_labels(self) -> None:
        weekly = tuple(Point(date.fromordinal(date(2026, 1, 1).toordinal() + 7 * n), 5) for n in range(40))
        chart = Chart(key="w", title="t", description="d", y_min=0, y_max=10, points=weekly)
        ticks = [charts.x_at(chart, on) for on in charts.x_ticks(chart)]
        self.assertEqual(charts.x_ticks(chart)[0], weekly[0].on)
        self.assertEqual(charts.x_ticks(chart)[-1], weekly[-1].on)
        self.assertTrue(all(b - a >= charts.MIN_TICK_GAP_X for a, b in itertools.pairwise(ticks)))
