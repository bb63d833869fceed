import re

from django.test import SimpleTestCase
from hypothesis import given, settings
from hypothesis import strategies as st

from learning import catalogue
from learning.render import render_body
from learning.tests.support import fixture_course

DANGEROUS = re.compile(r"<(script|iframe|img|style|object|embed|form|input|svg|div)\b|\son\w+=|javascript:", re.I)


class RenderTest(SimpleTestCase):
    def test_it_escapes_raw_html(self) -> None:
        html = render_body('Hello <script>alert("x")</script> and <img src=x onerror=alert(1)>\n\n<div>block</div>')
        self.assertNotIn("<script", html)
        self.assertNotIn("<img", html)
        self.assertNotIn("<div", html)
        self.assertIn("&lt;script&gt;", html)

    def test_it_never_links_to_script(self) -> None:
        for source in (
            "[click](javascript:alert(1))",
            "[click](JAVASCRIPT:alert(1))",
            "[click](vbscript:msgbox(1))",
            "[click](data:text/html;base64,PHNjcmlwdD4=)",
            "<javascript:alert(1)>",
        ):
            with self.subTest(source=source):
                html = render_body(source)
                self.assertNotIn("href", html)

    def test_it_starts_body_headings_at_h2(self) -> None:
        self.assertEqual(render_body("# One\n\n## Two").split("\n")[:2], ["<h2>One</h2>", "<h3>Two</h3>"])
        self.assertEqual(render_body("### Deep\n\n#### Deeper").split("\n")[:2], ["<h2>Deep</h2>", "<h3>Deeper</h3>"])
        self.assertNotIn("<h1", render_body("# One"))

    def test_it_marks_links_to_other_sites(self) -> None:
        html = render_body("[research](https://example.org/a) and [the library](/learn/)")
        self.assertIn(
            '<a href="https://example.org/a" rel="noopener noreferrer" class="external">research'
            '<span class="visually-hidden"> (another website)</span></a>',
            html,
        )
        self.assertIn('<a href="/learn/">the library</a>', html)

    def test_it_sets_type_nicely(self) -> None:
        self.assertEqual(render_body('"Quoted" -- and so on...'), "<p>\u201cQuoted\u201d \u2013 and so on\u2026</p>\n")

    @settings(max_examples=300, deadline=None, derandomize=True)
    @given(st.text(alphabet=st.sampled_from(list("<>/\"'=:()[]!#*`- \nabcjsvpticronerl&;")), max_size=120))
    def test_nothing_dangerous_gets_through(self, source: str) -> None:
        self.assertIsNone(DANGEROUS.search(render_body(source)))

    @fixture_course
    def test_a_fixture_module_renders_cleanly(self) -> None:
        html = catalogue.module("alpha").html  # type: ignore[union-attr]
        self.assertIn("<h2>What happens first</h2>", html)
        self.assertIn("<h3>Before</h3>", html)
        self.assertIn("<blockquote>", html)
        self.assertIn("\u201ctoo late\u201d \u2013 and that is fine\u2026", html)
