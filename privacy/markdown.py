"""Just enough Markdown for our own consent text: headings, paragraphs and **bold**, escaped first."""

import re

from django.utils.html import escape


def render_plain_markdown(source: str) -> str:
    blocks = [b.strip() for b in source.strip().split("\n\n") if b.strip()]
    html = []
    for block in blocks:
        text = str(escape(" ".join(line.strip() for line in block.splitlines())))
        text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
        if text.startswith("## "):
            html.append(f"<h2>{text[3:]}</h2>")
        else:
            html.append(f"<p>{text}</p>")
    return "\n".join(html)
