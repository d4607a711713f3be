"""A hostile run through the CLI and the web with every log at DEBUG: no case content in any log line.

Case data is confidential (WIC §827): whatever a user types or uploads, and
however it fails, no person's name and no case number may reach a log. This
test runs a sequence of hostile inputs (control characters, bidi overrides,
NFD names, names in a script the report's fonts lack, duplicate keys, a
5,000-digit number, NaN, a refused case number) through the real command
line (subprocesses with the root logger at DEBUG writing to a file) and the
real web application (the Flask test client, root logger at DEBUG writing to
a file), then searches the logs and the CLI's standard error for every
person's name and case number in examples/ and in the hostile inputs.
"""

from __future__ import annotations

import io
import json
import logging
import re
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import BASE_CASE, EXAMPLES, read_json

#: Names that identify people in the hostile inputs, and the case number they use.
HOSTILE_NAMES = {
    "child.name": "Xiomara\x0b Quetzalcoatl\x00-Huerta",
    "parents[0].name": unicodedata.normalize("NFD", "Renée Ibáñez-Oyelaran"),
    "parents[1].name": "\u202eZebulon Marchetti\u202c",
    "siblings[0].name": "王秀英 Wolfgramm",  # a script the report's fonts do not have
    "placement.caregiver.name": "Ottoline\x1b[31m Featherstonehaugh\ufffe",
}
HOSTILE_CASE_NUMBER = "JV-2026-\u202e777-313"
CLEAN_CASE_NUMBER = "JV-2026-913377"
CLI_LOGGING = ("import logging, sys; logging.basicConfig(filename=sys.argv.pop(1), level=logging.DEBUG, "
               "encoding='utf-8'); from reportgen.cli import main; main(prog_name='reportgen')")


def _set(case: dict[str, Any], path: str, value: Any) -> None:
    from reportgen.web.forms import set_in

    set_in(case, path, value)


def hostile_case() -> dict[str, Any]:
    case = read_json(BASE_CASE)
    for path, name in HOSTILE_NAMES.items():
        _set(case, path, name)
    case["court"]["case_number"] = CLEAN_CASE_NUMBER
    return case


def secrets() -> set[str]:
    """Every person's name and case number in examples/ and in the hostile inputs, as typed
    and as stored, and each word of a name of five letters or more (or in another script)."""
    found: set[str] = set()

    def walk(node: Any, key: str = "") -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k != "agency":  # the filing agency's name is public, not a person's
                    walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in ("name", "person", "case_number") and node.strip():
            found.add(node)

    for path in sorted(EXAMPLES.glob("*.json")):
        walk(read_json(path))
    found |= set(HOSTILE_NAMES.values()) | {HOSTILE_CASE_NUMBER, CLEAN_CASE_NUMBER}
    words = set()
    for text in list(found):
        for form in ("NFC", "NFD"):
            words |= {w for w in re.findall(r"[^\W\d_]+", unicodedata.normalize(form, text))
                      if len(w) >= 5 or not w.isascii()}
    found |= {unicodedata.normalize("NFC", t) for t in found}
    return found | words


def leaks(text: str, names: set[str]) -> list[str]:
    folded = text.casefold()
    return sorted(name for name in names if name.casefold() in folded)


# --- the command line --------------------------------------------------------------------------


def run_cli(log: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-c", CLI_LOGGING, str(log), *args], input=stdin,
                          capture_output=True, timeout=180)


def cli_run(tmp: Path, log: Path) -> str:
    """Each hostile input through the commands a user runs; returns everything written to standard error."""
    case = hostile_case()
    valid = json.dumps(case).encode()
    refused_number = dict(case, court=dict(case["court"], case_number=HOSTILE_CASE_NUMBER))
    duplicate = valid[:-1] + b', "court": ' + json.dumps(case["court"]).encode() + b"}"
    huge = json.dumps(case).replace('"identified_count": 6', '"identified_count": ' + "9" * 5000).encode()
    nan = json.dumps(case).replace('"identified_count": 6', '"identified_count": NaN').encode()
    stderr = []

    def step(expected: set[int], *args: str, stdin: bytes | None = None) -> None:
        proc = run_cli(log, *args, stdin=stdin)
        err = proc.stderr.decode("utf-8", "replace")
        assert proc.returncode in expected, (args, err)
        assert "Traceback" not in err
        stderr.append(err)

    step({0, 1}, "check", "-", stdin=valid)
    step({2}, "check", "-", stdin=json.dumps(refused_number).encode())
    step({2}, "check", "-", stdin=duplicate)
    step({2}, "check", "-", stdin=huge)
    step({2}, "check", "-", stdin=nan)
    step({0}, "timeline", "-", stdin=valid)
    step({0}, "render", "-", "-o", str(tmp / "hostile.docx"), stdin=valid)
    step({0}, "render", "-", "-o", str(tmp / "hostile.pdf"), stdin=valid)
    step({0, 1}, "review", str(tmp / "hostile.pdf"), "--memo", str(tmp / "memo.docx"))
    step({0, 1}, "verify", str(tmp / "hostile.pdf"))
    return "\n".join(stderr)


# --- the web -------------------------------------------------------------------------------------


@pytest.fixture
def debug_log(tmp_path: Path) -> Iterator[Path]:
    """The root logger at DEBUG, writing to a file, for the duration of a test."""
    path = tmp_path / "web.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield path
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        handler.close()


def web_run(tmp: Path, pdf: bytes) -> None:
    """A worker saving hostile text and downloading the report; an attorney uploading hostile
    case JSON and the report; a clerk verifying the report."""
    from reportgen.store import migrate
    from reportgen.web import get_store
    from tests.web.conftest import CSRF_RE, PASSWORD, AuthActions, approve_draft, form_of, make_app

    db = f"sqlite:///{tmp / 'web.sqlite3'}"
    migrate(db)
    app = make_app(db)
    store = get_store(app)
    with store.write() as session:
        worker = store.create_user(session, "worker", PASSWORD, "social_worker", team="A")
        attorney = store.create_user(session, "attorney", PASSWORD, "attorney")
        store.create_user(session, "clerk", PASSWORD, "clerk")
        store.create_user(session, "supervisor", PASSWORD, "supervisor", team="A")
        draft = store.create_draft(session, worker, hostile_case())
        store.assign(session, draft.id, attorney.id)
        draft_id = draft.id

    def client_for(name: str) -> Any:
        client = app.test_client()
        assert AuthActions(client).login(name, PASSWORD).status_code in (302, 303)
        return client

    def save(client: Any, step: str, values: dict[str, str]) -> int:
        form = form_of(client.get(f"/drafts/{draft_id}/step/{step}").get_data(as_text=True))
        form.update(values, action="save")
        return int(client.post(f"/drafts/{draft_id}/step/{step}", data=form).status_code)

    try:
        worker_client = client_for("worker")
        assert save(worker_client, "children", {"children[0].name": "Xiomara\x0b Quetzalcoatl\x1b\x07"}) in (303, 422)
        assert save(worker_client, "case", {"court.case_number": HOSTILE_CASE_NUMBER}) == 422
        assert save(worker_client, "case", {"court.case_number": CLEAN_CASE_NUMBER}) in (303, 422)
        for fmt in ("docx", "pdf"):
            assert worker_client.get(f"/drafts/{draft_id}/download/{fmt}").status_code == 200
        assert worker_client.get(f"/drafts/{draft_id}/preview").status_code == 200

        lawyer = client_for("attorney")
        case = hostile_case()
        uploads = [
            (json.dumps(case).encode(), "case.json", 303),  # kept for the attorney, shown at its address
            (json.dumps(case).replace('"identified_count": 6', '"identified_count": ' + "9" * 5000).encode(),
             "huge.json", 422),
            (json.dumps(case)[:-1].encode() + b', "has_siblings": true}', "twice.json", 422),
            (json.dumps(case).replace('"identified_count": 6', '"identified_count": NaN').encode(), "nan.json", 422),
            (pdf, f"{CLEAN_CASE_NUMBER}-Quetzalcoatl.pdf", 303),
        ]
        for data, filename, status in uploads:
            token = CSRF_RE.search(lawyer.get("/attorney/").get_data(as_text=True))
            assert token
            response = lawyer.post("/attorney/review", content_type="multipart/form-data",
                                   data={"csrf_token": token.group(1), "report": (io.BytesIO(data), filename)})
            response.request.input_stream.close()
            assert response.status_code == status, filename
            if status == 303:
                assert lawyer.get(response.headers["Location"]).status_code == 200
        approve_draft(store, draft_id)  # the attorney is shown the agency's approved version
        assert lawyer.get(f"/attorney/cases/{draft_id}").status_code == 200

        clerk = client_for("clerk")
        token = CSRF_RE.search(clerk.get("/intake/").get_data(as_text=True))
        assert token
        response = clerk.post("/intake/verify", content_type="multipart/form-data", data={
            "csrf_token": token.group(1), "pdfs": [(io.BytesIO(pdf), f"{CLEAN_CASE_NUMBER}\u202efdp.pdf")]})
        response.request.input_stream.close()
        assert response.status_code == 303
        assert clerk.get(response.headers["Location"]).status_code == 200
    finally:
        store.dispose()


def test_no_case_content_reaches_any_log(tmp_path: Path, debug_log: Path) -> None:
    cli_log = tmp_path / "cli.log"
    cli_stderr = cli_run(tmp_path, cli_log)
    web_run(tmp_path, (tmp_path / "hostile.pdf").read_bytes())

    logs = {"CLI log": cli_log.read_text("utf-8"), "CLI standard error": cli_stderr,
            "web log": debug_log.read_text("utf-8")}
    assert "draft 1 step children saved" in logs["web log"], "the web log was captured"
    assert "warning: child.name: removed 1 control character" in cli_stderr, "the CLI's notices were captured"
    names = secrets()
    assert len(names) > 40
    for where, text in logs.items():
        assert leaks(text, names) == [], f"case content in the {where}"
