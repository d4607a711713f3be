"""The letter's sentences, read from a word table per language and a glossary of court terms.

``words.<lang>.yml`` holds every sentence the letter writes, ``glossary.es.yml``
every court term in English and Spanish. A sentence names a court term as
``[[key]]`` and a value of the case as ``{name}``. Nothing is translated at run
time: a sentence the table lacks is an error, not a guess.

Values are put into a sentence as data: ``str.format`` never reads a
substituted value as a format string (a name ``{0}`` stays ``{0}``), and each
value is set in a bidirectional isolate (:func:`reportgen.render.bidi.isolate`),
so a right-to-left name or a direction override cannot reorder the letter's
own words around it.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from reportgen.render.bidi import isolate

LANGS = ("en", "es")
_TERM = re.compile(r"\[\[([a-z_]+)\]\]")
#: A value ending with a full stop at the end of a sentence (its isolate may close in between).
_DOUBLE_STOP = re.compile(r"\.(\u2069?)\.$")
#: Spanish "y" becomes "e" before a word that starts with the sound /i/ ("Diego e Isabel").
_I_SOUND = re.compile(r"^(h?[iíIÍ])(?![aeoáéó])")


def _read(name: str) -> dict[str, Any]:
    text = (resources.files("reportgen.letter") / name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):  # pragma: no cover - a packaging accident
        raise RuntimeError(f"reportgen/letter/{name} is not a mapping")
    return data


@lru_cache(maxsize=1)
def glossary() -> dict[str, dict[str, str]]:
    """Every court term: ``{key: {"en": ..., "es": ..., "status": ..., "seen": ...}}``."""
    terms = _read("glossary.es.yml")["terms"]
    return {str(k): {str(a): str(b) for a, b in v.items()} for k, v in terms.items()}


@lru_cache(maxsize=len(LANGS))
def table(lang: str) -> dict[str, Any]:
    """The word table of ``lang``."""
    if lang not in LANGS:
        raise ValueError(f"no letter words for language {lang!r}; choose one of {', '.join(LANGS)}")
    return _read(f"words.{lang}.yml")


def terms_in(text: str) -> list[str]:
    """The glossary keys a sentence names."""
    return _TERM.findall(text)


class Words:
    """One language's sentences, filled with values."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.table = table(lang)

    def raw(self, key: str) -> Any:
        node: Any = self.table
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                raise KeyError(f"reportgen/letter/words.{self.lang}.yml has no {key!r}")
            node = node[part]
        return node

    def term(self, key: str) -> str:
        try:
            return glossary()[key][self.lang]
        except KeyError:
            raise KeyError(f"reportgen/letter/glossary.es.yml has no {self.lang!r} term {key!r}") from None

    def say(self, key: str, count: int = 1, feminine: bool = False, **values: str) -> str:
        """The sentence ``key``: its form for ``count`` children (``many_f`` when
        every one is a girl and the language has that form), court terms from
        the glossary, each value isolated."""
        entry = self.raw(key)
        if isinstance(entry, dict):
            form = "one" if count == 1 else ("many_f" if feminine and "many_f" in entry else "many")
            entry = entry[form]
        text = _TERM.sub(lambda m: self.term(m.group(1)), str(entry))
        text = text.format(**{name: isolate(value) for name, value in values.items()})
        return _DOUBLE_STOP.sub(r".\1", text)  # "at 8:30 a.m.." -> "at 8:30 a.m."

    def date(self, day: dt.date) -> str:
        """"November 24, 2026" / "24 de noviembre de 2026"."""
        month = self.table["months"][day.month - 1]
        if self.lang == "es":
            return f"{day.day} de {month} de {day.year}"
        return f"{month} {day.day}, {day.year}"

    def names(self, names: list[str]) -> str:
        """"A, B and C" / "A, B y C" ("e" before an /i/ sound in Spanish)."""
        word = self.table["and"]
        if self.lang == "es" and names and _I_SOUND.match(names[-1].strip()):
            word = "e"
        each = [isolate(name) for name in names]  # one name's override stays inside that name
        return each[0] if len(each) == 1 else ", ".join(each[:-1]) + f" {word} " + each[-1]
