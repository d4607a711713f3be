"""The model's boundary over generated hostile input, at the real entry points.

Text with control characters, Word's soft line break, bidirectional controls,
decomposed (NFD) accents, noncharacters and unpaired surrogates; JSON with
huge numbers, NaN, ``1.0`` for a count, ``1`` for a boolean and keys given
twice. Each goes in through the library, the CLI (a subprocess of the
installed ``reportgen``, as a user runs it) and the web (Flask's test client:
a worker saving a step, the attorney uploading a case JSON), and must come
out as a clean case, a clear ``field.path: message`` or a 422 naming the
field: never a traceback or a 500, and every DOCX opens.

Subprocess examples cost about a second each, so they are few; the
in-process properties take more.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from reportgen.schema import InvalidCase, load_case, load_case_noting
from reportgen.sources import parse_json_case
from reportgen.textnorm import clean_text
from reportgen.web.forms import get_in, kind_of, load_spec, set_in
from tests.conftest import BASE_CASE, read_json

REPORTGEN = Path(sys.executable).parent / "reportgen"
#: Identifiers refuse bidi controls (exercised separately); the version and the children's
#: ids (given by the wizard; an empty one is replaced by the next free id) are no free text.
IDENTIFIERS = {"court.case_number", "attachments[].title", "schema_version", "children[].id",
               "children[].siblings[].child_id", "parents[].children[]"}
#: A character XML 1.0 (and so a DOCX) can carry.
XML_CHAR = re.compile("^[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*$")
PROBLEM_LINE = re.compile(r"^(warning: )?(case|[\w.\[\]\\-]+): \S")

HOSTILE = st.sampled_from([
    "\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\x9b", "\r", "\r\n", "\n", "\t",
    "\u202e", "\u202d", "\u202a", "\u2066", "\u2067", "\u2069", "\u200e", "\u200f", "\u061c",
    "\ufffe", "\uffff", "\ufdd0", "\U0001fffe", "\ud800", "\udfff", "\udbff",
    "\u0301", "\u0308", "\u2028", "\u2029", "\ufeff", "\u200d",
    unicodedata.normalize("NFD", "José Peña"), unicodedata.normalize("NFD", "Zoë"),
])
#: Hostile characters among ordinary ones; short enough for every SHORT field.
hostile_text = st.lists(st.one_of(HOSTILE, st.characters(), st.sampled_from("Ana María ")), max_size=40).map(
    lambda parts: "".join(parts)[:150])


def base_2_0() -> dict[str, Any]:
    """The complete one-child case in the 2.0 form the wizard and the schema use."""
    from reportgen.schema import dump_case

    return dump_case(load_case(read_json(BASE_CASE)))


def _free_text_paths() -> list[str]:
    """Concrete paths of the complete example's free-text fields (no enumerations or dates)."""
    out: list[str] = []

    def walk(node: Any, path: str, schema_path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}.{key}" if path else key, f"{schema_path}.{key}" if schema_path else key)
        elif isinstance(node, list):
            for i, value in enumerate(node[:2]):
                walk(value, f"{path}[{i}]", f"{schema_path}[]")
        elif isinstance(node, str) and schema_path not in IDENTIFIERS:
            try:
                widget = kind_of(path).widget
            except KeyError:
                return
            if widget in ("text", "textarea"):
                out.append(path)

    walk(base_2_0(), "", "")
    return sorted(out)


FREE_TEXT = _free_text_paths()


def with_text(values: dict[str, str]) -> dict[str, Any]:
    case = base_2_0()
    for path, text in values.items():
        set_in(case, path, text)
    return case


hostile_fields = st.dictionaries(st.sampled_from(FREE_TEXT), hostile_text, min_size=1, max_size=4)


def strings_in(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings_in(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings_in(value)


def assert_docx_is_sound(data: bytes) -> str:
    """Every XML part of the DOCX parses and holds only XML characters; python-docx opens it.
    Returns the document's text."""
    import docx

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.endswith((".xml", ".rels")):
                raw = zf.read(name)
                etree.fromstring(raw)
                assert XML_CHAR.match(raw.decode("utf-8")), name
    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


# --- in process: the schema --------------------------------------------------------------------


def test_the_free_text_fields_cover_the_report() -> None:
    assert len(FREE_TEXT) > 60
    assert {"children[0].name", "parents[0].name", "children[0].wishes", "summary"} <= set(FREE_TEXT)


@settings(max_examples=80, deadline=None)
@given(values=hostile_fields)
def test_any_text_loads_clean_with_a_notice_for_each_field_that_lost_characters(values: dict[str, str]) -> None:
    case, notices = load_case_noting(with_text(values))
    noticed = {n.split(": ", 1)[0] for n in notices}
    for path, typed in values.items():
        cleaned, removed = clean_text(typed)
        assert get_in(case, path) == cleaned, path
        assert (path in noticed) == (removed > 0)
    for text in strings_in(case):
        assert XML_CHAR.match(text) and "\r" not in text and "\x0b" not in text
        assert unicodedata.is_normalized("NFC", text)
    from reportgen.schema import dump_case

    again = load_case(parse_json_case(json.dumps(dump_case(case)).encode(), "again"))
    assert again == case, "a cleaned case is stable: loading it again changes nothing"


@settings(max_examples=40, deadline=None)
@given(text=hostile_text)
def test_identifiers_either_load_unchanged_in_meaning_or_name_the_field(text: str) -> None:
    case = with_text({"court.case_number": text})
    try:
        loaded = load_case(case)
    except InvalidCase as err:
        assert [p for p, _ in err.problems] == ["court.case_number"]
        assert "bidirectional control" in err.problems[0][1]
        return
    number = loaded["court"]["case_number"]
    assert number is None or not any(ch in number for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


# --- in process: JSON numbers and keys -----------------------------------------------------------

#: (path, JSON token, acceptable) for values the schema types strictly.
NUMBER_TOKENS = st.one_of(
    st.integers(min_value=16, max_value=6000).map(lambda n: ("9" * n, False)),
    st.sampled_from([("NaN", False), ("Infinity", False), ("-Infinity", False), ("1e999", False),
                     ("-1e400", False), ("1.0", False), ("2.5", False), ("1", False), ("0", False),
                     ('"1"', False), ('"yes"', False), ("true", True), ("false", True), ("null", True)]),
)
COUNT_TOKENS = st.one_of(
    st.integers(min_value=16, max_value=6000).map(lambda n: ("1" * n, False)),
    st.sampled_from([("NaN", False), ("Infinity", False), ("1.0", False), ("3.0", False), ("true", False),
                     ("false", False), ('"3"', False), ("-1", False), ("10001", False), ("123456789012345", False),
                     ("7", True), ("0", True), ("null", True)]),
)
BOOLEANS = ["case_plan.attached", "dates.detained", "child.education.iep_504", "parents[0].whereabouts_known",
            "siblings[0].placed_together"]
COUNTS = ["relatives.identified_count", "relatives.located_count", "relatives.notified_count"]


def _json_with(path: str, token: str, duplicate: bool) -> bytes:
    """The complete example as JSON with the raw ``token`` at ``path`` (and, if asked,
    the same key given a second time in its group)."""
    case = read_json(BASE_CASE)
    set_in(case, path, "__TOKEN__")
    text = json.dumps(case)
    key = re.split(r"[.\]]", path)[-1]
    member = f'"{key}": "__TOKEN__"'
    replacement = f'"{key}": {token}' + (f', "{key}": {token}' if duplicate else "")
    assert text.count(member) == 1
    return text.replace(member, replacement).encode()


hostile_json = st.one_of(
    st.tuples(st.sampled_from(BOOLEANS), NUMBER_TOKENS, st.booleans()),
    st.tuples(st.sampled_from(COUNTS), COUNT_TOKENS, st.booleans()),
)


def _load_json(data: bytes) -> dict[str, Any]:
    return load_case(parse_json_case(data, "case.json"))


@settings(max_examples=100, deadline=None)
@given(example=hostile_json)
def test_json_numbers_and_keys_load_or_are_refused_naming_the_field(example: tuple[str, tuple[str, bool], bool]) -> None:
    path, (token, acceptable), duplicate = example
    data = _json_with(path, token, duplicate)
    if acceptable and not duplicate:
        _load_json(data)
        return
    with pytest.raises(InvalidCase) as err:
        _load_json(data)
    assert path in [p for p, _ in err.value.problems], err.value.problems


# --- in process: the renderers --------------------------------------------------------------------


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=hostile_fields)
def test_any_text_renders_a_docx_that_opens(values: dict[str, str]) -> None:
    from reportgen.render.docx import render_docx

    marked = {path: f"{text}MARK{i}" for i, (path, text) in enumerate(sorted(values.items()))}
    case = load_case(with_text(marked))
    assert_docx_is_sound(render_docx(case))


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=hostile_fields)
def test_any_text_renders_a_pdf_whose_embedded_case_reads_back(values: dict[str, str]) -> None:
    from reportgen.render.embed import extract_case_bytes
    from reportgen.render.pdf import render_pdf

    case = load_case(with_text(values))
    assert load_case(extract_case_bytes(render_pdf(case))) == case


# --- the command line, as a user runs it -------------------------------------------------------------


def run_cli(*args: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(REPORTGEN), *args], input=stdin, capture_output=True, timeout=120)


def assert_plain_stderr(proc: subprocess.CompletedProcess[bytes]) -> list[str]:
    err = proc.stderr.decode("utf-8")
    assert "Traceback" not in err
    lines = err.splitlines()
    for line in lines:
        assert line.isprintable() and PROBLEM_LINE.match(line), line
    return lines


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=hostile_fields, example=hostile_json)
def test_cli_check_answers_hostile_input_with_lines_or_warnings(values: dict[str, str],
                                                                example: tuple[str, tuple[str, bool], bool]) -> None:
    text_case = json.dumps(with_text(values)).encode()  # lone surrogates travel as \ud800 escapes
    proc = run_cli("check", "-", stdin=text_case)
    assert proc.returncode in (0, 1), proc.stderr
    warned = {line.split(": ")[1] for line in assert_plain_stderr(proc)}
    assert warned == {p for p, t in values.items() if clean_text(t)[1]}

    path, (token, acceptable), duplicate = example
    proc = run_cli("check", "-", stdin=_json_with(path, token, duplicate))
    lines = assert_plain_stderr(proc)
    if acceptable and not duplicate:
        assert proc.returncode in (0, 1)
    else:
        assert proc.returncode == 2 and any(line.startswith(f"{path}: ") for line in lines), lines


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                HealthCheck.function_scoped_fixture])
@given(values=hostile_fields)
def test_cli_render_writes_a_sound_document(tmp_path: Path, fmt: str, values: dict[str, str]) -> None:
    out = tmp_path / f"report.{fmt}"
    out.unlink(missing_ok=True)
    proc = run_cli("render", "-", "--format", fmt, "-o", str(out), stdin=json.dumps(with_text(values)).encode())
    assert proc.returncode == 0, proc.stderr
    assert_plain_stderr(proc)
    data = out.read_bytes()
    if fmt == "docx":
        assert_docx_is_sound(data)
    else:
        import pikepdf

        with pikepdf.open(io.BytesIO(data)) as pdf:
            assert len(pdf.pages) > 0


# --- the web, through Flask's test client --------------------------------------------------------------


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One SQLite app for the module: a worker with the complete example as a draft,
    and an assigned attorney (Hypothesis runs many examples against one app)."""
    from reportgen.store import migrate
    from reportgen.web import get_store
    from tests.web.conftest import make_app

    db = tmp_path_factory.mktemp("boundary-web") / "reportgen.sqlite3"
    migrate(f"sqlite:///{db}")
    app = make_app(f"sqlite:///{db}")
    store = get_store(app)
    with store.write() as session:
        worker = store.create_user(session, "worker", PASSWORD, "social_worker", team="A")
        attorney = store.create_user(session, "attorney", PASSWORD, "attorney")
        draft = store.create_draft(session, worker, read_json(BASE_CASE))
        store.assign(session, draft.id, attorney.id)
        draft_id = draft.id
    app.config["draft_id"] = draft_id
    app.config["clients"] = {name: _client(app, name) for name in ("worker", "attorney")}
    yield app
    store.dispose()


PASSWORD = "correct horse battery"


def _client(app: Any, username: str) -> Any:
    from tests.web.conftest import AuthActions

    client = app.test_client()
    assert AuthActions(client).login(username, PASSWORD).status_code in (302, 303)
    return client


def _step_of(path: str) -> str | None:
    spec = load_spec()
    step = spec.step_for(path)
    if step is None or "[" in path:
        return None
    return step


WEB_TEXT = [p for p in FREE_TEXT if _step_of(p)]


def _encoded_form(fields: dict[str, str]) -> bytes:
    """A urlencoded body as a browser would send it, except that unpaired surrogates
    are sent as their raw (invalid UTF-8) bytes: the server must not trust the encoding."""
    from urllib.parse import quote

    return "&".join(f"{quote(k)}={quote(v.encode('utf-8', 'surrogatepass'))}" for k, v in fields.items()).encode()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(WEB_TEXT), text=hostile_text)
def test_a_worker_saving_any_text_gets_a_page_and_a_docx_that_opens(web: Any, path: str, text: str) -> None:
    from tests.web.conftest import form_of

    client = web.config["clients"]["worker"]
    draft_id, step = web.config["draft_id"], _step_of(path)
    page = client.get(f"/drafts/{draft_id}/step/{step}")
    assert page.status_code == 200
    form = form_of(page.get_data(as_text=True))
    form[path] = text
    form["action"] = "save"
    saved = client.post(f"/drafts/{draft_id}/step/{step}", data=_encoded_form(form),
                        content_type="application/x-www-form-urlencoded")
    assert saved.status_code in (303, 422), saved.status_code
    removed = clean_text(text.encode("utf-8", "surrogatepass").decode("utf-8", "replace"))[1]
    after = saved if saved.status_code == 422 else client.get(saved.headers["Location"])
    assert (f"{path}: removed" in after.get_data(as_text=True)) == (removed > 0)
    download = client.get(f"/drafts/{draft_id}/download/docx")
    assert download.status_code in (200, 422), download.status_code
    if download.status_code == 200:
        assert_docx_is_sound(download.get_data())


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(example=hostile_json)
def test_the_attorney_uploading_any_json_gets_findings_or_a_422_naming_the_field(
        web: Any, example: tuple[str, tuple[str, bool], bool]) -> None:
    from tests.web.conftest import CSRF_RE

    client = web.config["clients"]["attorney"]
    path, (token, acceptable), duplicate = example
    landing = client.get("/attorney/").get_data(as_text=True)
    csrf = CSRF_RE.search(landing)
    assert csrf
    response = client.post("/attorney/review", content_type="multipart/form-data", data={
        "csrf_token": csrf.group(1), "report": (io.BytesIO(_json_with(path, token, duplicate)), "case.json")})
    response.request.input_stream.close()
    if acceptable and not duplicate:
        assert response.status_code == 303  # kept for the attorney, shown at its own address
        assert client.get(response.headers["Location"]).status_code == 200
    else:
        assert response.status_code == 422
        assert f"{path}: " in response.get_data(as_text=True).replace("&#39;", "'")

