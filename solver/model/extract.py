"""Pull the program out of a model's answer.

Models wrap code in Markdown fences, usually. When they do, the last fenced block of the wanted language wins
(earlier blocks are drafts, examples or the input format). When they don't — no fence, no language tag, a fence
never closed because the budget ran out — we still want the code, so each of those cases has a fallback.
Languages are reported as families ("cpp", "python", "java", "c"); `sandbox.languages.get_language` maps them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

#: Fence tags models use, by family.
TAGS = {
    "cpp": {"cpp", "c++", "cxx", "cc", "hpp", "cpp17", "cpp20", "cpp14", "cpp11", "gnu++17", "gnu++20"},
    "python": {"python", "python3", "py", "py3", "pypy", "pypy3"},
    "java": {"java"},
    "c": {"c", "h"},
}
_FAMILY_BY_TAG = {tag: family for family, tags in TAGS.items() for tag in tags}

# An opening fence (``` or ~~~, three or more), its info string, the body, and the same fence closing it.
# A final fence that never closes (truncated reply) is caught by _OPEN_TAIL.
_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)\n(?P<body>.*?)^[ \t]*(?P=fence)[ \t]*$",
                    re.M | re.S)
_OPEN_TAIL = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)\n(?P<body>.*)\Z", re.M | re.S)

# Evidence for each family, with weights; the highest total wins, ties and zero mean "unknown".
_SIGNS: dict[str, list[tuple[re.Pattern[str], int]]] = {
    "cpp": [(re.compile(p, re.M), w) for p, w in [
        (r"^\s*#\s*include\s*<(bits/stdc\+\+\.h|iostream|vector|algorithm|string|map|set|queue|cstdio)>", 5),
        (r"\bstd::|\busing\s+namespace\s+std\b", 5), (r"\bcin\s*>>|\bcout\s*<<", 4), (r"\btemplate\s*<", 3),
        (r"\bint\s+main\s*\(", 2), (r"\blong\s+long\b", 2), (r";\s*$", 1)]],
    "c": [(re.compile(p, re.M), w) for p, w in [
        (r"^\s*#\s*include\s*<(stdio|stdlib|string)\.h>", 4), (r"\b(scanf|printf)\s*\(", 2),
        (r"\bint\s+main\s*\(", 2), (r";\s*$", 1)]],
    "python": [(re.compile(p, re.M), w) for p, w in [
        (r"^\s*def\s+\w+\s*\(.*\)\s*(->.*)?:\s*$", 5), (r"^\s*(import\s+\w+|from\s+[\w.]+\s+import\b)", 4),
        (r"\binput\(\)|\bsys\.stdin\b", 4), (r"\bprint\(", 2), (r"^\s*(for|while|if|elif)\b.*:\s*$", 2),
        (r"^\s*if\s+__name__\s*==", 5)]],
    "java": [(re.compile(p, re.M), w) for p, w in [
        (r"\bpublic\s+(final\s+)?class\b", 5), (r"\bpublic\s+static\s+void\s+main\s*\(", 6),
        (r"\bSystem\.(out|in)\b", 4), (r"^\s*import\s+java\.", 5)]],
}
# Where code starts in an unfenced answer that opens with prose ("Here is my solution:").
_CODE_START = {
    "cpp": re.compile(r"^\s*(#\s*(include|define|pragma)|using\s|template\s*<|typedef\s|int\s+main\b)"),
    "c": re.compile(r"^\s*(#\s*(include|define)|int\s+main\b)"),
    "python": re.compile(r"^\s*(import\s|from\s+\S+\s+import\s|def\s|class\s|[A-Za-z_]\w*\s*=|print\(|for\s|if\s)"),
    "java": re.compile(r"^\s*(import\s|public\s|class\s)"),
}


@dataclass(frozen=True)
class Code:
    """A program found in an answer."""

    source: str
    """The program text, ending in a newline."""
    language: str | None
    """Its family ("cpp", "python", "java", "c"), from the fence tag or detected; None when nothing fits."""
    fenced: bool
    """It came from a Markdown fence (False: recovered from unfenced text)."""


def language_family(name: str | None) -> str | None:
    """The family of a fence tag or a language name ("cpp17" → "cpp", "python3" → "python"); None if unknown."""
    if not name:
        return None
    key = name.strip().lower()
    if re.fullmatch(r"(c|gnu)\d*", key):  # c11, c99, gnu17: "startswith c" would also catch cpp and csharp
        return "c"
    return _FAMILY_BY_TAG.get(key) or next((f for f in TAGS if key.startswith(f) and f != "c"), None)


def detect_language(source: str) -> str | None:
    """Guess the family of a piece of code from what it contains; None when there is no evidence either way."""
    scores = {family: sum(w for pattern, w in signs if pattern.search(source)) for family, signs in _SIGNS.items()}
    # C++ accepts every C sign; only call it C when nothing C++-specific is there
    if scores["cpp"] > 3 and scores["cpp"] >= scores["c"]:
        scores["c"] = 0
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    best, score = ranked[0]
    if score < 3 or score == ranked[1][1]:
        return None
    return best


def _blocks(text: str) -> list[tuple[str | None, str]]:
    """(tag family or None, body) of every fenced block in order, a trailing unclosed one included."""
    found: list[tuple[str | None, str]] = []
    end = 0
    for m in _FENCE.finditer(text):
        found.append((_tag(m.group("info")), m.group("body")))
        end = m.end()
    tail = _OPEN_TAIL.search(text, end)
    if tail and tail.group("body").strip():
        found.append((_tag(tail.group("info")), tail.group("body")))
    return found


def _tag(info: str) -> str | None:
    word = info.strip().split()[0].strip("{}.").lower() if info.strip() else ""
    # "```cpp title=sol.cpp" and "```{.cpp}" both name cpp; a tag we have no family for stands for itself
    return (language_family(word) or word) if word else None


def _unfenced(text: str, want: str | None) -> str | None:
    """Code from an answer without fences: from the first line that starts code to the end, prose before dropped."""
    family = want or detect_language(text)
    if family not in _CODE_START:
        return None
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if _CODE_START[family].match(line)), None)
    if start is None:
        return None
    body = "\n".join(lines[start:])
    return body if detect_language(body) == family or (want and detect_language(body) is None) else None


def extract_code(text: str, language: str | None = None) -> Code | None:
    """The last code block of LANGUAGE (a family, a language name or a fence tag) in TEXT, or of any language.

    Untagged blocks count for LANGUAGE when their content is detected as it (or cannot be told). An answer with no
    fence at all is searched for where the code starts. None when no code of the wanted language is there.
    """
    # a language we know no signs of (say kotlin) is still found by its fence tag
    want = (language_family(language) or language.strip().lower()) if language else None
    blocks = [(tag, body) for tag, body in _blocks(text) if body.strip()]
    for tag, body in reversed(blocks):
        found = tag or detect_language(body)
        if want is None or found == want or (tag is None and found is None):
            return Code(source=_finish(body), language=found if want is None else want, fenced=True)
    if blocks:
        # fenced code of other languages only: the answer is not in the wanted language
        return None
    body = _unfenced(text, want)
    if body is None:
        return None
    return Code(source=_finish(body), language=want or detect_language(body), fenced=False)


def _finish(body: str) -> str:
    return body.strip("\n") + "\n"
