"""Languages as data (languages.yaml): compile and run command templates, looked up by name or extension."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

LANGUAGES_FILE = Path(__file__).with_name("languages.yaml")

#: Short names people type on the command line.
ALIASES = {"cpp": "cpp17", "c++": "cpp17", "py": "python3", "python": "python3", "pypy": "pypy3"}

#: The file suffix a source of each family is written under (a compile box, a run folder's answer file).
FAMILY_SUFFIX = {"cpp": ".cpp", "python": ".py", "c": ".c"}


@dataclass(frozen=True)
class Language:
    name: str
    family: str
    """What the source is written in: cpp, python or c (cpp17 and cpp20 are both cpp; python3 and pypy3 python)."""
    title: str
    extensions: tuple[str, ...]
    compile: tuple[str, ...]
    binary: str
    run: tuple[str, ...]

    @property
    def suffix(self) -> str:
        """The file suffix of a source in this language (`.cpp`, `.py`, `.c`)."""
        return FAMILY_SUFFIX[self.family]

    def binary_name(self, sources: list[str]) -> str:
        return self.binary.format(main=sources[0])

    def compile_argv(self, sources: list[str]) -> list[str]:
        argv: list[str] = []
        binary = self.binary_name(sources)
        for part in self.compile:
            if part == "{sources}":
                argv.extend(sources)
            else:
                argv.append(part.format(binary=binary, main=sources[0]))
        return argv

    def run_argv(self, binary: str) -> list[str]:
        return [part.format(binary=binary) for part in self.run]


@lru_cache(maxsize=1)
def all_languages() -> dict[str, Language]:
    raw = yaml.safe_load(LANGUAGES_FILE.read_text())
    return {
        name: Language(
            name=name,
            family=spec["family"],
            title=spec["title"],
            extensions=tuple(spec.get("extensions", [])),
            compile=tuple(spec["compile"]),
            binary=spec["binary"],
            run=tuple(spec["run"]),
        )
        for name, spec in raw.items()
    }


def get_language(name: str) -> Language:
    """Look a language up by name or alias; a clear error lists the known ones."""
    langs = all_languages()
    key = ALIASES.get(name.lower(), name.lower())
    if key not in langs:
        raise ValueError(f"unknown language {name!r}; known: {', '.join(sorted(langs))}")
    return langs[key]


def detect_language(path: str | Path) -> Language:
    """The language of a source file, from its extension."""
    suffix = Path(path).suffix.lower()
    for lang in all_languages().values():
        if suffix in lang.extensions:
            return lang
    raise ValueError(f"{path}: cannot tell the language from the extension {suffix!r}; pass --lang")
