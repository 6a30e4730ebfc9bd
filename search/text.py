"""Text helpers shared by the backends: word forms and highlighted snippets."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

SNIPPET_LENGTH = 220


def word_forms(word):
    """A word with its simple English singular and plural, so "consultations" finds
    "consultation" and "carer" finds "carers" even where the index does not stem
    (SQLite's full-text index keeps words as written)."""
    forms = {word}
    if len(word) > 3:
        if word.endswith("ies"):
            forms.add(word[:-3] + "y")
        elif word.endswith(("ses", "xes", "ches", "shes")):
            forms.add(word[:-2])
        elif word.endswith("s") and not word.endswith("ss"):
            forms.add(word[:-1])
        else:
            forms.add(word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s"))
            if word.endswith("y") and word[-2:-1] not in "aeiou":
                forms.add(word[:-1] + "ies")
    return sorted(forms)


def _pattern(terms):
    forms = sorted({form for term in terms for form in word_forms(term)}, key=len, reverse=True)
    if not forms:
        return None
    return re.compile(r"\b(" + "|".join(re.escape(f) for f in forms) + r")\w*", re.IGNORECASE)


def highlight(text, terms, length=SNIPPET_LENGTH):
    """A snippet of ``text`` around the first matched word, HTML-escaped, with matches
    wrapped in <mark>. Returns "" when there is no text."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    pattern = _pattern(terms)
    match = pattern.search(text) if pattern else None
    start = 0
    if match and match.start() > length // 3:
        start = text.rfind(" ", 0, match.start() - length // 3) + 1
    snippet = text[start : start + length]
    if start + length < len(text):
        snippet = snippet[: snippet.rfind(" ")] if " " in snippet else snippet
        snippet += " …"
    if start:
        snippet = "… " + snippet
    escaped = escape(snippet)
    if pattern:
        escaped = pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped)
    return mark_safe(escaped)
