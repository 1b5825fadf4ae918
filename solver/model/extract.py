"""Pull the program out of a model's answer.

Models wrap code in Markdown fences, usually, and surround it with other blocks: the input format, a sample run
("Sample run:" and an untagged block holding "3"), a console transcript. The program is the last block tagged with
the wanted language (one that reads as that language first: a later one-line snippet does not displace the
program); an untagged block is taken only when its text shows evidence of the language (`detect_language`), never
because nothing contradicts it. Blocks of data, transcripts and blocks under an "Output:"/"Input:"/"Sample run:"
label are never code. Thoughts (`<think>…</think>`) left in the text are dropped first: code written while thinking
is a draft the model did not choose. An answer with no fence at all is searched for where the code starts.
Languages are reported as families ("cpp", "python", "java", "c"); `sandbox.languages.get_language` maps them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .reasoning import strip_thoughts

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
    complete: bool = True
    """False when its fence never closed: the reply stopped inside the program (a cut answer)."""


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


# The prose line before a block that says what follows is a run, not a program ("Sample run:", "Output:",
# "### Input for the first test", "**Console session**"): an untagged block under it is never code.
_RUN_WORDS = re.compile(r"(?i)\b(inputs?|outputs?|runs?|sessions?|transcripts?|console|terminal|prints?|stdin|"
                        r"stdout)\b")
_CODE_WORDS = re.compile(r"(?i)\b(code|program|solution|implementation|source|brute|generator|validator)\b")


def run_label(line: str) -> bool:
    """LINE introduces a run, its input or its output (a label ending in ':' or a heading), not code."""
    line = line.strip()
    core = line.strip("*#_ ")
    introduces = core.endswith(":") or line.startswith(("#", "**"))
    return introduces and bool(_RUN_WORDS.search(core)) and not _CODE_WORDS.search(core)


# Only numbers, separators and words of a verdict: what a program prints or reads, not a program.
_DATA = re.compile(r"[\s\d.,:;+\-eE()\[\]/]*|(?:\s*(YES|NO|Yes|No|yes|no|-?\d+)\b)+\s*")
# A console transcript starts with a prompt: "$ ./a.out", "> python3 sol.py", ">>> solve(3)", "C:\\> a.exe".
_TRANSCRIPT = re.compile(r"^\s*(\$|>>>|>|[A-Za-z]:\\[^>\n]*>)\s")
# Tags that name what a run prints or a shell: never a program of ours.
OUTPUT_TAGS = {"text", "txt", "plaintext", "plain", "output", "out", "stdout", "input", "in", "stdin", "console",
               "terminal", "shell", "sh", "bash", "zsh", "shell-session", "log", "none", "nohighlight"}


@dataclass(frozen=True)
class _Block:
    tag: str | None
    """The tag's family ("cpp"), the tag itself when we know no family for it ("kotlin", "text"), None untagged."""
    body: str
    label: str
    """The last line of prose before the block (how the answer introduced it)."""
    closed: bool


def _blocks(text: str) -> list[_Block]:
    """Every fenced block in order, a trailing unclosed one included."""
    found: list[_Block] = []
    end = 0
    for m in _FENCE.finditer(text):
        found.append(_Block(_tag(m.group("info")), m.group("body"), _label(text, m.start()), True))
        end = m.end()
    tail = _OPEN_TAIL.search(text, end)
    if tail and tail.group("body").strip():
        found.append(_Block(_tag(tail.group("info")), tail.group("body"), _label(text, tail.start()), False))
    return found


def _label(text: str, start: int) -> str:
    before = text[:start].rstrip().rsplit("\n", 1)
    return before[-1].strip() if before else ""


def _tag(info: str) -> str | None:
    word = info.strip().split()[0].strip("{}.").lower() if info.strip() else ""
    # "```cpp title=sol.cpp" and "```{.cpp}" both name cpp; a tag we have no family for stands for itself
    return (language_family(word) or word) if word else None


def not_code(body: str) -> bool:
    """BODY is data (numbers, YES/NO) or a console transcript: never a candidate, whatever its tag."""
    return bool(_DATA.fullmatch(body) or _TRANSCRIPT.match(body))


def _looks_like(block: _Block, want: str | None) -> str | None:
    """The family an untagged (or unknown-tagged) block's text shows evidence of, if it is WANT (any when None)."""
    if block.tag in OUTPUT_TAGS or not_code(block.body) or run_label(block.label):
        return None
    found = detect_language(block.body)
    return found if found is not None and (want is None or found == want) else None


def _pick(blocks: list[_Block], want: str | None) -> tuple[_Block, str] | None:
    """The program among BLOCKS: the last tagged with WANT (any code family when None) that reads as a whole
    program of it, else the last so tagged, else the last untagged block that reads as WANT."""
    code_tags = set(TAGS) if want is None else {want}
    # a tag is the model's word that a block is code; only its text (data, a transcript) can overrule it
    tagged = [b for b in blocks if b.tag in code_tags and not not_code(b.body)]
    for b in reversed(tagged):
        if _reads_as_program(b.body, b.tag):
            return b, b.tag
    if tagged:
        return tagged[-1], tagged[-1].tag
    for b in reversed(blocks):
        if b.tag is None or (b.tag not in TAGS and b.tag != want):
            found = _looks_like(b, want)
            if found:
                return b, found
    return None


def _reads_as_program(body: str, family: str) -> bool:
    """BODY shows evidence of FAMILY and has a line where a program starts (an include, an import, a definition):
    a whole program rather than a snippet quoted from it."""
    starts = _CODE_START.get(family)
    return detect_language(body) == family and (starts is None or any(starts.match(line)
                                                                      for line in body.splitlines()))


def _unfenced(text: str, want: str | None) -> str | None:
    """Code from an answer without fences: from the first line that starts code to the last that belongs to it,
    prose before dropped, and a sample run after it too. It must read as the language, not just start like it."""
    family = want or detect_language(text)
    if family not in _CODE_START:
        return None
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if _CODE_START[family].match(line)), None)
    if start is None:
        return None
    end = next((i for i in range(start + 1, len(lines)) if run_label(lines[i])), len(lines))
    if family in ("cpp", "c", "java"):  # a braced program ends at its last closing brace; prose may follow
        end = next((i + 1 for i in range(end - 1, start - 1, -1) if lines[i].rstrip().endswith("}")), end)
    body = "\n".join(lines[start:end])
    return body if detect_language(body) == family else None


def extract_code(text: str, language: str | None = None) -> Code | None:
    """The program of LANGUAGE (a family, a language name or a fence tag) in TEXT, or of any language.

    See the module's docstring for which block that is. None when no code of the wanted language is there: an
    answer holding only a sample run, prose or code of another language has no program to give.
    """
    # a language we know no signs of (say kotlin) is still found by its fence tag
    want = (language_family(language) or language.strip().lower()) if language else None
    _, text, _ = strip_thoughts(text)
    blocks = [b for b in _blocks(text) if b.body.strip()]
    picked = _pick(blocks, want)
    if picked is not None:
        block, family = picked
        return Code(source=_finish(block.body), language=family if want is None else want, fenced=True,
                    complete=block.closed)
    if any(b.tag in TAGS or _looks_like(b, None) for b in blocks):
        return None  # fenced code of other languages only: the answer is not in the wanted language
    # outside the fences (each a run or data, see above): code written as plain text
    body = _unfenced(_FENCE.sub("", text), want)
    if body is None:
        return None
    return Code(source=_finish(body), language=want or detect_language(body), fenced=False)


def _finish(body: str) -> str:
    return body.strip("\n") + "\n"
