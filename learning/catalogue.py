"""The course's modules: Markdown files with front matter, checked on load, parsed once and cached.

Modules come from ``learning/modules/`` and, when ``WAYMARK_LEARNING_DIR`` names one, a practice's
own folder, whose files add modules or replace a bundled one that has the same slug. A broken file
never hides the others: it is left out and its problems, each naming the file, are listed in
``catalogue().problems`` (and by ``manage.py check`` and ``manage.py check_learning``).
docs/guide/learning.md describes the format. A module's reading time is worked out from its text
(``reading_minutes``), never typed in. Every problem is also logged as a warning when the catalogue is
(re)built, so a file that breaks while the server runs is noticed.

Other apps use ``modules()`` and ``module(slug)`` (None for a slug that is not loaded).
"""

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

import yaml
from django.conf import settings
from markdown_it import MarkdownIt
from markdown_it.token import Token
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, StringConstraints, ValidationError

from learning.render import heading_shift, render_body

logger = logging.getLogger(__name__)

BUNDLED_DIR = Path(__file__).resolve().parent / "modules"
ENV_DIR = "WAYMARK_LEARNING_DIR"
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# Words the URLs under /learn/ use for themselves, so no module can take them.
RESERVED_SLUGS = frozenset({"journal"})
WORDS_PER_MINUTE = 200
NO_MINUTES = "`minutes` is no longer used (the reading time is worked out from the text); you can remove it"
LINK_SCHEMES = ("https://", "http://", "mailto:")
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?P<front>.*?)\r?\n---[ \t]*(?:\r?\n|\Z)(?P<body>.*)\Z", re.DOTALL)

Text = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1)]


class _FrontMatter(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    slug: Annotated[StrictStr, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
    title: Annotated[Text, StringConstraints(max_length=120)]
    summary: Annotated[Text, StringConstraints(max_length=400)]
    order: Annotated[StrictInt, Field(ge=0, le=10_000)]
    reflections: Annotated[list[Annotated[Text, StringConstraints(max_length=400)]], Field(min_length=1, max_length=2)]
    references: Annotated[list[Annotated[Text, StringConstraints(max_length=600)]], Field(min_length=1)]


@dataclass(frozen=True)
class Module:
    slug: str
    title: str
    summary: str
    minutes: int  # the reading time, from the body's word count (reading_minutes)
    order: int
    reflections: tuple[str, ...]
    references: tuple[str, ...]
    body: str
    html: str  # the body rendered and sanitised, its headings from h2 down
    source: str  # the file it came from
    notices: tuple[str, ...] = ()  # worth telling the author, but the module loads: "<file>: <what>"

    @property
    def source_name(self) -> str:
        return f"module:{self.slug}"


class ModuleError(Exception):
    """A module file is malformed; ``problems`` are complete sentences, each naming the file."""

    def __init__(self, name: str, problems: Iterable[str]) -> None:
        self.problems = [f"{name}: {problem}" for problem in problems]
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Catalogue:
    modules: tuple[Module, ...]  # in library order
    by_slug: Mapping[str, Module]
    problems: tuple[str, ...]
    checked: tuple[str, ...]  # every file looked at (as problems name them), for check_learning
    notices: tuple[str, ...] = ()  # files that load but carry something no longer used


# --- one file -------------------------------------------------------------------------------------

# Parses the body the way an author wrote it (raw HTML recognised, every link kept), only to find
# what the page would refuse; the page itself is rendered by learning.render with HTML off.
_inspector = MarkdownIt("commonmark", {"html": True})
_inspector.validateLink = lambda url: True  # type: ignore[method-assign]


def _pydantic_problems(exc: ValidationError) -> list[str]:
    problems = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"])
        if error["type"] == "missing":
            problems.append(f"'{where}' is missing")
        elif error["type"] == "extra_forbidden":
            problems.append(f"'{where}' is not a field a module has")
        elif error["type"] == "string_pattern_mismatch":
            problems.append(f"'{where}' must be lower-case letters, digits and hyphens")
        else:
            problems.append(f"'{where}': {error['msg']}")
    return problems


def _walk(tokens: list[Token]) -> Iterable[tuple[Token, int | None]]:
    """Every token with the (0-based) body line it starts on, inline children under their block."""
    for token in tokens:
        line = token.map[0] if token.map else None
        yield token, line
        for child in token.children or ():
            yield child, line


def body_problems(body: str, first_line: int = 1) -> list[str]:
    """Raw HTML, links to anything but web pages and email, images, and headings that skip a level."""
    problems: list[str] = []
    tokens = _inspector.parse(body)
    shift = heading_shift(tokens)
    previous_level = 1  # the module's title is the page's h1
    html_lines: set[int | None] = set()
    for token, line in _walk(tokens):
        at = f" (line {first_line + line})" if line is not None else ""
        if token.type in ("html_block", "html_inline"):
            if line in html_lines:
                continue  # one problem a line is enough: <b> and </b> are one mistake
            html_lines.add(line)
            snippet = token.content.strip().splitlines()[0][:40] if token.content.strip() else "<…>"
            problems.append(f"raw HTML is not allowed{at}: {snippet!r}; write Markdown instead")
        elif token.type == "link_open":
            href = str(token.attrGet("href") or "")
            if ":" in href.split("/")[0] and not href.lower().startswith(LINK_SCHEMES):
                problems.append(f"the link to {href[:40]!r}{at} is not allowed; links start with https:// or /")
        elif token.type == "image":
            problems.append(f"images are not supported{at}")
        elif token.type == "heading_open":
            level = int(token.tag[1]) + shift
            if level > previous_level + 1:
                problems.append(
                    f"the heading{at} skips a level; use ## for sections and ### inside them, in that order"
                )
            previous_level = level
    return problems


def _plain_words(tokens: list[Token]) -> Iterable[str]:
    """The words a reader sees: text and code, without Markdown marks or link addresses."""
    for token, _ in _walk(tokens):
        if token.type in ("text", "code_inline", "code_block", "fence"):
            yield from token.content.split()


def reading_minutes(body: str) -> int:
    """Minutes to read the body at 200 words a minute, to the nearest minute (halves up), at least one."""
    words = sum(1 for word in _plain_words(_inspector.parse(body)) if any(c.isalnum() for c in word))
    return max(1, int(words / WORDS_PER_MINUTE + 0.5))


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    where = f" on line {mark.line + 2}" if mark is not None else ""  # +1 for counting from 1, +1 for '---'
    problem = getattr(exc, "problem", None) or "it cannot be read"
    hint = "; text containing ': ' needs quotes around it" if "mapping values" in problem else ""
    return f"the front matter is not valid YAML{where} ({problem}){hint}"


def parse_module(text: str, name: str) -> Module:
    """One module file's text; ModuleError names the file and every problem found."""
    found = FRONT_MATTER.match(text)
    if found is None:
        raise ModuleError(name, ["must start with front matter between two '---' lines"])
    try:
        raw = yaml.safe_load(found["front"])
    except yaml.YAMLError as exc:
        raise ModuleError(name, [_yaml_problem(exc)]) from None
    if not isinstance(raw, dict):
        raise ModuleError(name, ["the front matter must be a set of 'key: value' lines"])
    problems: list[str] = []
    notices: list[str] = []
    if "minutes" in raw:  # once typed by hand (and wrong as the text grew): files written then still load
        raw = {key: value for key, value in raw.items() if key != "minutes"}
        notices.append(f"{name}: {NO_MINUTES}")
    front: _FrontMatter | None = None
    try:
        front = _FrontMatter.model_validate(raw)
    except ValidationError as exc:
        problems += _pydantic_problems(exc)
    stem = Path(name).name.removesuffix(".md")
    if isinstance(raw.get("slug"), str) and raw["slug"] != stem:
        problems.append(f"the slug '{raw['slug']}' must be the file's name without .md ('{stem}')")
    if raw.get("slug") in RESERVED_SLUGS:
        problems.append(f"the slug '{raw['slug']}' is reserved; choose another")
    body = found["body"].strip("\n")
    if not body.strip():
        problems.append("the body is empty")
    first_line = found["front"].count("\n") + 4  # the body's first line: after both '---' lines
    problems += body_problems(found["body"], first_line)
    if problems or front is None:
        raise ModuleError(name, problems)
    return Module(
        slug=front.slug,
        title=front.title,
        summary=front.summary,
        minutes=reading_minutes(body),
        order=front.order,
        reflections=tuple(front.reflections),
        references=tuple(front.references),
        body=body,
        html=render_body(body),
        source=name,
        notices=tuple(notices),
    )


def display_name(path: Path) -> str:
    """How problems name a file: relative to the project when it is inside it, else in full."""
    base = Path(settings.BASE_DIR).resolve()
    resolved = path.resolve()
    return str(resolved.relative_to(base)) if resolved.is_relative_to(base) else str(resolved)


def load_file(path: Path) -> Module:
    name = display_name(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ModuleError(name, [f"cannot be read ({exc.__class__.__name__})"]) from None
    return parse_module(text, name)


# --- the whole catalogue -------------------------------------------------------------------------


def _files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.suffix == ".md" and p.is_file() and not p.name.startswith("."))


def load_directory(directory: Path) -> tuple[dict[str, Module], list[str]]:
    modules: dict[str, Module] = {}
    problems: list[str] = []
    for path in _files(directory):
        try:
            module = load_file(path)
        except ModuleError as exc:
            problems += exc.problems
            continue
        modules[module.slug] = module
    return modules, problems


def build(directories: Iterable[Path]) -> Catalogue:
    """Later directories add modules or replace earlier ones with the same slug; orders must not clash."""
    loaded: dict[str, Module] = {}
    problems: list[str] = []
    checked: list[str] = []
    for directory in directories:
        modules, found = load_directory(directory)
        problems += found
        for path in _files(directory):
            checked.append(display_name(path))
            if path.stem in loaded and path.stem not in modules:  # a broken replacement
                problems.append(
                    f"{display_name(path)}: until it loads, the library shows the earlier '{path.stem}' in its place"
                )
        loaded.update(modules)
    by_order: dict[int, Module] = {}
    for module in sorted(loaded.values(), key=lambda m: (m.order, m.source)):
        if (first := by_order.get(module.order)) is not None:
            problems.append(
                f"{module.source}: order {module.order} is already used by {first.source}; give each module its own"
            )
            del loaded[module.slug]
            continue
        by_order[module.order] = module
    ordered = tuple(sorted(loaded.values(), key=lambda m: m.order))
    return Catalogue(
        modules=ordered,
        by_slug={m.slug: m for m in ordered},
        problems=tuple(problems),
        checked=tuple(checked),
        notices=tuple(notice for module in ordered for notice in module.notices),
    )


def practice_dir() -> Path | None:
    """The practice's own modules, from the WAYMARK_LEARNING_DIR setting (empty: none)."""
    configured = getattr(settings, ENV_DIR, "")
    return Path(configured) if configured else None


def directories() -> tuple[Path, ...]:
    bundled = Path(getattr(settings, "WAYMARK_LEARNING_BUNDLED_DIR", BUNDLED_DIR))
    extra = practice_dir()
    return (bundled,) if extra is None else (bundled, extra)


def _fingerprint(dirs: tuple[Path, ...]) -> tuple[Any, ...]:
    """What the cache is keyed on: the folders and each file's name, size and change time."""
    stamps: list[Any] = []
    for directory in dirs:
        for path in _files(directory):
            try:
                stat = path.stat()
            except OSError:
                continue
            stamps.append((str(path), stat.st_mtime_ns, stat.st_size))
    return (dirs, tuple(stamps))


@lru_cache(maxsize=4)
def _cached(fingerprint: tuple[Any, ...]) -> Catalogue:
    built = build(fingerprint[0])
    for problem in built.problems:  # file names and the author's mistakes only, never a client's data
        logger.warning("A course module file is left out: %s", problem)
    return built


def catalogue() -> Catalogue:
    """Every loaded module, parsed and rendered once; an edited or added file is picked up on the next call."""
    return _cached(_fingerprint(directories()))


def modules() -> tuple[Module, ...]:
    """The library, in order."""
    return catalogue().modules


def module(slug: str) -> Module | None:
    """One module by slug, or None when no such module is loaded."""
    return catalogue().by_slug.get(slug)


def title_of(source: str) -> str | None:
    """The title of the module a journal entry's source ("module:<slug>") names, if it is still loaded."""
    slug = source.removeprefix("module:")
    found = module(slug) if slug != source else None
    return found.title if found else None


def clear_cache() -> None:
    _cached.cache_clear()
