"""A small Markdown subset turned into Qt rich text, by our own converter: no HTML from a
lesson file ever reaches the screen (every character of the file is escaped first).

Block rules: a blank line separates paragraphs; ``# `` / ``## `` start a heading; lines
starting with ``- `` or ``* `` form a bullet list, ``1. `` a numbered list. Inline rules:
``**bold**``, ``*italic*``, ```code```, and ``$formula$``: a formula is set in a serif italic
with ``^2`` as a superscript, ``_i`` as a subscript, ``*`` as ``·``, ``->`` as ``→``, ``<-`` as
``←``, ``>=`` / ``<=`` / ``!=`` as ``≥`` / ``≤`` / ``≠``. Qt-free.
"""

from __future__ import annotations

import html
import re

_CODE = re.compile(r"`([^`]+)`")
_MATH = re.compile(r"\$([^$]+)\$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_SUP = re.compile(r"\^(\(?[\w.+-]+\)?)")
_SUB = re.compile(r"(?<=[A-Za-z])_(\w+)")
_ORDERED = re.compile(r"^\d+[.)]\s+")
_SYMBOLS = (("-&gt;", "→"), ("&lt;-", "←"), ("&gt;=", "≥"), ("&lt;=", "≤"), ("!=", "≠"))


def formula(text: str) -> str:
    """An escaped formula's rich text (the input is already HTML-escaped)."""
    for plain, symbol in _SYMBOLS:
        text = text.replace(plain, symbol)
    text = text.replace(" * ", " · ").replace("*", "·")
    text = _SUP.sub(lambda m: f"<sup>{m.group(1).strip('()')}</sup>", text)
    text = _SUB.sub(lambda m: f"<sub>{m.group(1)}</sub>", text)
    return f'<span style="font-family: serif; font-style: italic;">{text}</span>'


def inline(text: str) -> str:
    """One line or paragraph of inline Markdown as rich text; everything escaped first."""
    text = html.escape(text, quote=False)
    stash: list[str] = []

    def keep(rendered: str) -> str:
        stash.append(rendered)
        return f"\x00{len(stash) - 1}\x00"

    text = _CODE.sub(lambda m: keep(f"<code>{m.group(1)}</code>"), text)
    text = _MATH.sub(lambda m: keep(formula(m.group(1))), text)
    text = _BOLD.sub(r"<b>\1</b>", text)
    text = _ITALIC.sub(r"<i>\1</i>", text)
    return re.sub("\x00(\\d+)\x00", lambda m: stash[int(m.group(1))], text)


def to_html(markdown: str) -> str:
    """The whole text as rich text (paragraphs, headings, lists)."""
    out: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    list_tag = ""

    def flush_paragraph() -> None:
        if paragraph:
            out.append(f"<p>{inline(' '.join(paragraph))}</p>")
            paragraph.clear()

    def flush_list() -> None:
        nonlocal list_tag
        if items:
            body = "".join(f"<li>{inline(i)}</li>" for i in items)
            out.append(f"<{list_tag}>{body}</{list_tag}>")
            items.clear()
        list_tag = ""

    for raw in markdown.splitlines():
        line = raw.strip()
        bullet = line.startswith(("- ", "* "))
        ordered = _ORDERED.match(line)
        if not line:
            flush_paragraph()
            flush_list()
        elif line.startswith("#"):
            flush_paragraph()
            flush_list()
            level = min(len(line) - len(line.lstrip("#")), 3)
            out.append(f"<h{level + 2}>{inline(line.lstrip('#').strip())}</h{level + 2}>")
        elif bullet or ordered:
            flush_paragraph()
            tag = "ul" if bullet else "ol"
            if list_tag and list_tag != tag:
                flush_list()
            list_tag = tag
            items.append(line[2:] if bullet else line[ordered.end() :])  # type: ignore[union-attr]
        elif items and raw.startswith((" ", "\t")):
            items[-1] += " " + line  # a continued list item
        else:
            flush_list()
            paragraph.append(line)
    flush_paragraph()
    flush_list()
    return "".join(out)
