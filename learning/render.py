"""A module's Markdown as safe HTML: markdown-it with raw HTML off, then nh3 with a short allowlist.

Two layers on purpose: markdown-it escapes any HTML in a content file and refuses script-like
links, and nh3 removes whatever is not on the allowlist, so no content file can put markup of its
own on a page. Body headings are shifted so the first level is h2 (the module's title is the h1),
and links to other sites are marked as such for sighted and screen-reader users alike.
"""

from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

TAGS = {
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "blockquote",
    "a", "code", "pre", "hr", "br", "span",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title", "rel"}, "ol": {"start"}}
CLASSES = {"a": {"external"}, "span": {"visually-hidden"}}
URL_SCHEMES = {"http", "https", "mailto"}
EXTERNAL_REL = "noopener noreferrer"
EXTERNAL_HINT = '<span class="visually-hidden"> (another website)</span>'

_markdown = MarkdownIt("commonmark", {"html": False, "typographer": True}).enable(["replacements", "smartquotes"])


def heading_shift(tokens: list[Token]) -> int:
    """How many levels to move every heading so the highest one in the body is h2."""
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    return 2 - min(levels) if levels else 0


def _is_external(href: str) -> bool:
    parts = urlsplit(href)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _mark_external(children: list[Token]) -> list[Token]:
    marked: list[Token] = []
    inside = False
    for child in children:
        if child.type == "link_open" and _is_external(str(child.attrGet("href") or "")):
            child.attrSet("rel", EXTERNAL_REL)
            child.attrSet("class", "external")
            inside = True
        elif child.type == "link_close" and inside:
            hint = Token("html_inline", "", 0)
            hint.content = EXTERNAL_HINT
            marked.append(hint)
            inside = False
        marked.append(child)
    return marked


def _adjust(tokens: list[Token]) -> None:
    shift = heading_shift(tokens)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + shift)}"
        if token.children:
            token.children = _mark_external(token.children)


def render_body(markdown: str) -> str:
    """Sanitised HTML for a module's body."""
    env: dict[str, object] = {}
    tokens = _markdown.parse(markdown, env)
    _adjust(tokens)
    html = _markdown.renderer.render(tokens, _markdown.options, env)
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        allowed_classes=CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
