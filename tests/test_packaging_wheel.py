"""The wheel as a user installs it: built from a copy of the sources, installed in a clean venv
away from the checkout, first without the web extra (the command line works; the wizard says
what to install), then with it (``serve --demo`` answers with its login page).

The venv has no system site packages and gets only the wheel (``--no-deps --no-index``); the
third-party dependencies are borrowed from the project's venv through a path file, so the test
needs no network. That path file names a plain folder of links, not a site folder: the
checkout's editable install of reportgen is not picked up (the test asserts reportgen runs from
the clean venv), and leaving out the links to the web extra's packages stands for
``pip install reportgen`` without ``[web]``.
"""

from __future__ import annotations

import email.parser
import os
import re
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from tests.conftest import BASE_CASE, ROOT

SOURCES = ("pyproject.toml", "README.md", "LICENSE", "reportgen", "templates", "forms")
#: The import names the `web` extra brings, with what they pull in themselves.
WEB_ONLY = ("flask", "flask_wtf", "flask_login", "werkzeug", "wtforms", "itsdangerous", "blinker", "sqlalchemy",
            "alembic", "mako", "psycopg", "psycopg_binary", "argon2", "_argon2_cffi_bindings", "platformdirs",
            "waitress")


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None, check: bool = True,
        timeout: int = 120) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout,  # noqa: S603
                          env=env, check=False)
    if check:
        assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


def project(requirement: str) -> str:
    """The project name a Requires-Dist line starts with."""
    found = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert found is not None, requirement
    return found.group().lower()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def borrow(site: Path, folder: Path, leave_out: tuple[str, ...]) -> None:
    """``folder`` holds a link to every installed package of the project's venv but those named
    (and reportgen's own editable install); the clean venv's path file points at it."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        top = entry.name.split("-")[0].split(".")[0].lower()
        if top in leave_out or top.startswith(("__editable__", "reportgen", "_reportgen")) or entry.suffix == ".pth":
            continue
        (folder / entry.name).symlink_to(entry)
    (site / "borrowed-dependencies.pth").write_text(f"{folder}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built without a build environment of its own (the venv's setuptools)."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    for name in SOURCES:
        origin = ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(origin, src / name)
    (src / "examples").mkdir()
    for case in (ROOT / "examples").glob("*.json"):
        shutil.copy2(case, src / "examples" / case.name)
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
        "-w", tmp / "dist", src, cwd=tmp)
    return next((tmp / "dist").glob("reportgen-*.whl"))


def test_wheel_metadata_licence_extras_and_package_data(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = next(n for n in names if n.endswith(".dist-info/METADATA"))
        meta = email.parser.Parser().parsestr(archive.read(info).decode("utf-8"))
        licence = archive.read(next(n for n in names if n.endswith(".dist-info/licenses/LICENSE"))).decode()
    assert meta["License-Expression"] == "MIT" and licence.startswith("MIT License")
    requires = meta.get_all("Requires-Dist")
    core = {project(r) for r in requires if ";" not in r}
    web = {project(r) for r in requires if 'extra == "web"' in r}
    assert {"flask", "sqlalchemy", "alembic", "psycopg", "argon2-cffi", "flask-wtf", "flask-login",
            "waitress"} <= web
    assert not core & {"flask", "flask-wtf", "flask-login", "sqlalchemy", "alembic", "psycopg", "argon2-cffi"}
    assert {"weasyprint", "pikepdf", "click", "marshmallow"} <= core
    assert not any(r.startswith("pypdf") and "extra ==" not in r for r in requires)  # only the tests read with it
    shipped = {Path(n).name for n in names if n.startswith("reportgen/_examples/")}
    assert shipped == {p.name for p in (ROOT / "examples").glob("*.json")}
    assert "reportgen/_templates/report/report.docx" in names and "reportgen/_forms/steps.yml" in names


def test_installed_wheel_runs_check_render_and_serve_demo(wheel, tmp_path):
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python, reportgen = venv / "bin" / "python", venv / "bin" / "reportgen"
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", "--no-index", wheel,
        cwd=tmp_path)
    env = {**os.environ, "REPORTGEN_DATA_DIR": str(tmp_path / "data"), "PYTHONDONTWRITEBYTECODE": "1"}
    for name in ("DATABASE_URL", "PYTHONPATH", "PYTHONHOME"):  # nothing may lead back to the checkout
        env.pop(name, None)
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path,
                    env=env).stdout.strip())

    # pip install reportgen: the command line, no web stack.
    borrow(site, tmp_path / "borrowed", WEB_ONLY)
    assert run(python, "-c", "import flask", cwd=tmp_path, env=env, check=False).returncode != 0
    where = run(python, "-c", "import reportgen; print(reportgen.__file__)", cwd=tmp_path, env=env).stdout.strip()
    assert Path(where).is_relative_to(venv), where
    out = tmp_path / "report.pdf"
    rendered = run(reportgen, "render", BASE_CASE, "--format", "pdf", "-o", out, cwd=tmp_path, env=env)
    assert rendered.stdout == f"wrote {out}\n" and out.read_bytes().startswith(b"%PDF")
    from_pdf, from_json = (run(reportgen, "check", source, "--json", cwd=tmp_path, env=env)
                           for source in (out, BASE_CASE))
    assert from_pdf.stdout == from_json.stdout
    assert "Disposition hearing" in run(reportgen, "timeline", BASE_CASE, cwd=tmp_path, env=env).stdout
    verified = run(reportgen, "verify", out, cwd=tmp_path, env=env, check=False)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout  # noqa: S607
    assert "Sofia Ramírez" in text and "Page 1 of" in text
    no_web = run(reportgen, "serve", "--demo", cwd=tmp_path, env=env, check=False)
    assert no_web.returncode == 2
    assert "needs the wizard's libraries" in no_web.stderr and "pip install 'reportgen[web]'" in no_web.stderr

    # pip install 'reportgen[web]': the demo wizard from the wheel's own example cases.
    borrow(site, tmp_path / "borrowed", ())
    port = free_port()
    server = subprocess.Popen([str(reportgen), "serve", "--demo", "--port", str(port)], cwd=tmp_path, env=env,  # noqa: S603
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        page = ""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as response:  # noqa: S310
                    page = response.read().decode("utf-8")
                    break
            except OSError:
                time.sleep(0.2)
        assert 'name="username"' in page and 'name="password"' in page, server.poll()
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "worker" in output and f"data directory: {tmp_path / 'data'}" in output
    assert (tmp_path / "data" / "reportgen-demo.sqlite3").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["borrowed", "data", "report.pdf", "venv"]


def test_every_package_of_the_source_tree_is_listed_for_the_wheel():
    """pyproject.toml lists packages by hand; a new package left off it is missing from the wheel."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "reportgen").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert found - listed == set(), "add these packages to [tool.setuptools] packages in pyproject.toml"
