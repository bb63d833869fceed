"""HTML to PDF with WeasyPrint, fetching nothing: the report is one self-contained document."""

from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

STYLESHEET = Path(__file__).resolve().parent / "report.css"


def no_fetching() -> URLFetcher:
    """Refuses every URL (no protocol is allowed): no file, no network, whatever the HTML holds."""
    return URLFetcher(allowed_protocols=[])


def document(html: str) -> HTML:
    return HTML(string=html, url_fetcher=no_fetching())


def stylesheet() -> CSS:
    return CSS(filename=str(STYLESHEET), url_fetcher=no_fetching())


def render_pdf(html: str) -> bytes:
    return document(html).write_pdf(stylesheets=[stylesheet()])
