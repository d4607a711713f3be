"""The county profile: what a county's disposition reports look like, as data.

A profile (``templates/report/profiles/<name>.yml``, or any YAML file a county
keeps) gives the order of the report's sections and their titles, the
letterhead's lines, the signature block's words and the caption's words ("In re
...", "A child coming under the juvenile court law", the report's title). The
word table (:func:`reportgen.render.words.table`) lays the active profile's
words over ``words.yml``, so the section builders never know which profile is
in use.

Which profile prints a report: the ``profile`` a caller passes (``reportgen
render --profile``), else ``$REPORTGEN_PROFILE`` (the wizard's setting), else
:data:`DEFAULT` — a shipped name or the path of a YAML file.

A profile changes the words a report prints, so a report must say which one it
was made with or a county that changes its profile would make every report
filed before the change fail the clerk's check. Each PDF and DOCX therefore
carries the profile's whole content (:meth:`Profile.record`, about 2 KB) beside
its case data, and verification re-renders with the recorded profile
(:func:`from_record`), not with today's. The layout id covers reportgen's code
and the template only; the profile travels with the file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import string
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from reportgen.render.templates import TemplateError
from reportgen.resources import templates_dir

ENV_VAR = "REPORTGEN_PROFILE"
#: The shipped profile: a generic California JD disposition report. A file that
#: records no profile was made before profiles existed, with this order and wording.
DEFAULT = "generic-ca"
#: A recorded profile larger than this is refused (a profile is about 2 KB).
MAX_RECORD = 32 * 1024

#: Sections that are the worker's own narrative (or the report's end matter):
#: they need no "topic", because when nothing was written they print nothing.
#: Every other section must name its topic, so its silence is stated.
UNTOPICAL = frozenset({"reason_for_hearing", "detention_jurisdiction_history", "statements", "prior_cws_history",
                       "criminal_history", "family_background", "assessment", "signatures", "appendix"})
#: A review report's own sections (reportgen/render/review_sections.py): a profile written,
#: or recorded in a report, before they existed may leave them out; they then print where
#: :func:`_with_reviews` puts them, under the titles of words.yml (``review.section_titles``).
REVIEW_SECTIONS = ("changes", "review_services", "review_visitation", "prognosis", "permanence_efforts", "clock")
UNTOPICAL = UNTOPICAL | frozenset(REVIEW_SECTIONS)
#: Sections printed after the ordered ones, whose titles the profile also gives.
END_SECTIONS = ("signatures", "appendix")

#: Each word of a profile, where it goes in the word table (words.yml's shape),
#: and the placeholders it may use.
_WORDS: dict[tuple[str, str], tuple[str, str, frozenset[str]]] = {
    ("caption", "in_re"): ("phrases", "caption_child", frozenset({"name"})),
    ("caption", "person"): ("phrases", "caption_person", frozenset()),
    ("caption", "persons"): ("phrases", "caption_persons", frozenset()),
    ("signature", "submitted"): ("phrases", "submitted", frozenset()),
    ("signature", "signature_line"): ("phrases", "signature_line", frozenset()),
    ("signature", "date_line"): ("phrases", "date_line", frozenset()),
    ("signature", "social_worker"): ("phrases", "social_worker", frozenset()),
    ("signature", "supervisor"): ("phrases", "supervisor", frozenset()),
    ("signature", "approved_on"): ("phrases", "approved_on", frozenset({"date"})),
}
#: Words a profile may leave out, and the word used in their place: a profile
#: written (or recorded in a report) before the word existed reads as it did.
_OPTIONAL: dict[tuple[str, str], str] = {("caption", "persons"): "person"}
LETTERHEAD_FIELDS = frozenset({"agency", "address", "phone"})
_TOP_KEYS = ("name", "description", "title", "caption", "letterhead", "signature", "section_order", "sections")
_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")


class ProfileError(TemplateError):
    """A profile is missing or wrong; ``str()`` names the file (or the report
    that recorded it) and the key. A kind of :class:`TemplateError`, so the
    command line answers exit 2 and the wizard its template page, never a traceback."""

    def __init__(self, where: str | os.PathLike[str], problem: str):
        self.path = Path(where)
        self.problem = problem
        self.line = None
        Exception.__init__(self, f"county profile {where}: {problem}")


@dataclass(frozen=True)
class Profile:
    """A checked profile. ``data`` is its whole content as read (validated)."""

    name: str
    data: dict[str, Any] = field(repr=False, compare=False, hash=False)
    #: Where it came from: a file, or "recorded in the report".
    source: str = field(compare=False, hash=False)
    #: Twelve hex digits of the SHA-256 of :meth:`record`: two profiles with the same content have one digest.
    digest: str = ""

    def record(self) -> str:
        """The profile as it travels inside a report: compact JSON, ASCII only."""
        return _record(self.data)

    @property
    def section_order(self) -> list[str]:
        return _with_reviews(list(self.data["section_order"]))

    @property
    def letterhead(self) -> list[str]:
        """The letterhead's lines as written, placeholders ``{agency}``, ``{address}``, ``{phone}`` unfilled."""
        return list(self.data["letterhead"])

    def words(self) -> dict[str, Any]:
        """The profile's words in the word table's shape, to lay over words.yml."""
        out: dict[str, Any] = {
            "report": {"title": self.data["title"]},
            "phrases": {key: self.data[group].get(name, self.data[group].get(_OPTIONAL.get((group, name), name)))
                        for (group, name), (_, key, _) in _WORDS.items()},
            "section_order": self.section_order,
            "sections": {**_review_titles(), **{key: dict(value) for key, value in self.data["sections"].items()}},
        }
        return out


def _with_reviews(order: list[str]) -> list[str]:
    """The order with the review sections a profile leaves out: before the services
    (what changed first), the clock after the timeline; in a disposition report they print nothing."""
    missing = [k for k in REVIEW_SECTIONS if k not in order]
    if not missing:
        return order
    clock = [k for k in missing if k == "clock"]
    rest = [k for k in missing if k != "clock"]
    at = order.index("services") if "services" in order else len(order)
    order = order[:at] + rest + order[at:]
    if clock:
        after = order.index("timeline") + 1 if "timeline" in order else len(order)
        order = order[:after] + clock + order[after:]
    return order


def _review_titles() -> dict[str, dict[str, str]]:
    from reportgen.render.words import _own_table

    titles = _own_table()["review"]["section_titles"]
    return {key: {"title": str(titles[key])} for key in REVIEW_SECTIONS}


def _record(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":"))


def _make(data: Any, where: str) -> Profile:
    checked = validate(data, where)
    text = _record(checked)
    return Profile(name=checked["name"], data=checked, source=where,
                   digest=hashlib.sha256(text.encode("ascii")).hexdigest()[:12])


# --- finding and reading profiles ---------------------------------------------------


def profiles_dir() -> Path:
    """The shipped profiles: ``templates/report/profiles``."""
    return templates_dir() / "report" / "profiles"


def shipped() -> list[str]:
    """The names of the profiles shipped with reportgen."""
    return sorted(p.stem for p in profiles_dir().glob("*.yml"))


def path_of(choice: str) -> Path:
    """The file a profile name or path names: a shipped name (``generic-ca``) or a YAML file's path."""
    if _NAME.fullmatch(choice):
        path = profiles_dir() / f"{choice}.yml"
        if not path.is_file():
            raise ProfileError(choice, f"is not a shipped profile (shipped: {', '.join(shipped())}) "
                                       "nor a file; give a profile's name or the path of its YAML file")
        return path
    path = Path(choice).expanduser()
    if not path.is_file():
        raise ProfileError(path, "is not a file")
    return path.resolve()


_loaded: dict[tuple[str, int, int], Profile] = {}


def load(choice: str) -> Profile:
    """The profile ``choice`` names, read and checked (cached while its file is unchanged)."""
    path = path_of(choice)
    try:
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        if key in _loaded:
            return _loaded[key]
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise ProfileError(path, f"is not UTF-8 text (bad byte at position {err.start})") from None
    except OSError as err:
        raise ProfileError(path, f"cannot be read: {err.strerror or err}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ProfileError(path, f"is not valid YAML{where}") from None
    if len(_loaded) > 32:
        _loaded.clear()
    profile = _loaded[key] = _make(data, str(path))
    return profile


_recorded: dict[str, Profile] = {}
RECORDED = "recorded in the report"


def from_record(text: str) -> Profile:
    """The profile a report recorded (:meth:`Profile.record`), checked as a file would be."""
    if text in _recorded:
        return _recorded[text]
    if len(text) > MAX_RECORD:
        raise ProfileError(RECORDED, f"is larger than {MAX_RECORD // 1024} KB; it is not a reportgen profile")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise ProfileError(RECORDED, "is damaged (it is not valid JSON)") from None
    if len(_recorded) > 64:
        _recorded.clear()
    profile = _recorded[text] = _make(data, RECORDED)
    return profile


def configured() -> Profile:
    """The profile set for this installation: ``$REPORTGEN_PROFILE``, else :data:`DEFAULT`."""
    return load(os.environ.get(ENV_VAR) or DEFAULT)


# --- the active profile -------------------------------------------------------------

_active: ContextVar[Profile | None] = ContextVar("reportgen_profile", default=None)
_quick: dict[str, Profile] = {}


def active() -> Profile:
    """The profile the report being built prints with (see :func:`using`); outside
    one, the configured profile (read once per setting: the word table asks for it
    on every word, so this path does not look at the file again)."""
    chosen = _active.get()
    if chosen is not None:
        return chosen
    setting = os.environ.get(ENV_VAR) or DEFAULT
    found = _quick.get(setting)
    if found is None:
        found = _quick[setting] = load(setting)
    return found


def resolve(choice: Profile | str | None) -> Profile:
    """A profile from a caller's choice: a :class:`Profile`, a name or path, or
    None for the one already active (else the configured one, read afresh)."""
    if isinstance(choice, Profile):
        return choice
    if choice:
        return load(choice)
    current = _active.get()
    return current if current is not None else configured()


@contextmanager
def using(choice: Profile | str | None) -> Iterator[Profile]:
    """Print with ``choice`` (see :func:`resolve`) until the block ends; the
    profile is fixed for the whole report even if the setting changes meanwhile."""
    token = _active.set(resolve(choice))
    try:
        yield _active.get() or configured()
    finally:
        _active.reset(token)


# --- checking a profile ---------------------------------------------------------------


def _text(value: Any, where: str, key: str, allowed: frozenset[str]) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ProfileError(where, f"{key}: must be text (not empty)")
    try:
        fields = [(name, spec, conv) for _, name, spec, conv in string.Formatter().parse(value) if name is not None]
    except ValueError:
        raise ProfileError(where, f"{key}: a brace is not closed; write {{{{ and }}}} for a literal brace") from None
    if any(spec or conv for _, spec, conv in fields):
        # a profile read back from a received report is untrusted: "{name:>999999999}" would pad forever
        raise ProfileError(where, f"{key}: a placeholder is written plainly, as {{name}} (no format or conversion)")
    used = {name for name, _, _ in fields}
    wrong = sorted(used - allowed)
    if wrong:
        can = ", ".join(f"{{{a}}}" for a in sorted(allowed)) or "none"
        raise ProfileError(where, f"{key}: uses {', '.join(f'{{{x}}}' for x in wrong)}; the placeholders it may use: {can}")
    return value


def _mapping(value: Any, where: str, key: str, keys: set[str] | frozenset[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ProfileError(where, f"{key}: must be a mapping of {', '.join(sorted(keys))}")
    missing, unknown = sorted(set(keys) - set(value)), sorted(set(map(str, value)) - set(keys))
    if missing:
        raise ProfileError(where, f"{key}: lacks {', '.join(missing)}")
    if unknown:
        raise ProfileError(where, f"{key}: has unknown keys {', '.join(unknown)} (it may have: {', '.join(sorted(keys))})")
    return value


def _section_keys() -> list[str]:
    from reportgen.render.context import section_builders

    return list(section_builders(None))


def validate(data: Any, where: str) -> dict[str, Any]:
    """``data`` checked as a profile: every key present, nothing unknown, every
    section ordered exactly once, placeholders known. Returns the checked copy."""
    top = _mapping(data, where, "the profile", set(_TOP_KEYS))
    name = top["name"]
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ProfileError(where, "name: must be lower-case letters, digits and hyphens (e.g. generic-ca)")
    out: dict[str, Any] = {"name": name, "description": _text(top["description"], where, "description", frozenset()),
                           "title": _text(top["title"], where, "title", frozenset())}
    for group in ("caption", "signature"):
        present = set(top[group]) if isinstance(top[group], dict) else set()
        words = {k for g, k in _WORDS if g == group and ((g, k) not in _OPTIONAL or k in present)}
        given = _mapping(top[group], where, group, words)
        out[group] = {k: _text(given[k], where, f"{group}.{k}", _WORDS[(group, k)][2]) for k in sorted(words)}
    lines = top["letterhead"]
    if not isinstance(lines, list):
        raise ProfileError(where, "letterhead: must be a list of lines (it may be empty)")
    out["letterhead"] = [_text(line, where, f"letterhead[{i}]", LETTERHEAD_FIELDS) for i, line in enumerate(lines)]
    for i, line in enumerate(out["letterhead"]):
        if "{address}" in line and line.strip() != "{address}":
            raise ProfileError(where, f"letterhead[{i}]: {{address}} must be a line of its own (it may run over several)")
    keys = _section_keys()
    order = top["section_order"]
    if not isinstance(order, list) or not all(isinstance(k, str) for k in order):
        raise ProfileError(where, "section_order: must be a list of section keys")
    twice = sorted({k for k in order if order.count(k) > 1})
    missing = [k for k in keys if k not in order and k not in REVIEW_SECTIONS]
    unknown = sorted(set(order) - set(keys))
    if twice or missing or unknown:
        said = [f"{what} {', '.join(ks)}" for what, ks in
                (("lists twice", twice), ("lacks", missing), ("has unknown sections", unknown)) if ks]
        raise ProfileError(where, f"section_order: {'; '.join(said)} (every section exactly once: {', '.join(keys)})")
    out["section_order"] = list(order)
    given_sections = top["sections"] if isinstance(top["sections"], dict) else {}
    optional = {k for k in REVIEW_SECTIONS if k not in given_sections}
    sections = _mapping(top["sections"], where, "sections", (set(keys) | set(END_SECTIONS)) - optional)
    out["sections"] = {}
    for key in [k for k in [*keys, *END_SECTIONS] if k not in optional]:
        meta = sections[key]
        wanted = {"title"} if key in UNTOPICAL else {"title", "topic"}
        given = _mapping(meta, where, f"sections.{key}", wanted)
        out["sections"][key] = {k: _text(given[k], where, f"sections.{key}.{k}", frozenset()) for k in sorted(wanted)}
    return out


__all__ = ["Profile", "ProfileError", "DEFAULT", "ENV_VAR", "load", "from_record", "configured", "active", "resolve",
           "using", "shipped", "validate", "profiles_dir"]
