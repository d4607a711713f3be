"""The built wheel carries the templates: installed in a clean venv, away from
the source checkout, it renders a report.

The wheel is built from a copy of the sources (so the checkout gets no
build/ or egg-info); the venv gets only the wheel, and borrows the already
installed third-party dependencies through a path file, so the test needs no
network. That path file adds a plain folder, not a site folder, so the
checkout's editable install of reportgen is not picked up: the test asserts
that reportgen and its templates come from the clean venv.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from tests.conftest import BASE_CASE, ROOT

SOURCES = ("pyproject.toml", "README.md", "reportgen", "templates", "forms")


def run(*args: str | Path, cwd: Path, timeout: int = 180) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


def test_wheel_installed_in_a_clean_venv_renders_a_report(tmp_path):
    src = tmp_path / "src"
    for name in SOURCES:
        origin = ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        elif origin.exists():
            src.mkdir(exist_ok=True)
            shutil.copy2(origin, src / name)
    run(sys.executable, "-m", "build", "--wheel", "--outdir", tmp_path / "dist", src, cwd=tmp_path)
    wheel = next((tmp_path / "dist").glob("reportgen-*.whl"))

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    run(python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", wheel, cwd=tmp_path)
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path).stdout.strip())
    (site / "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")

    where = run(python, "-c",
                "import reportgen; from reportgen.render.templates import default_template_dir as d; "
                "print(reportgen.__file__); print(d())", cwd=tmp_path).stdout.splitlines()
    assert all(Path(p).is_relative_to(venv) for p in where), where
    assert Path(where[1]).name == "report" and (Path(where[1]) / "report.docx").is_file()

    out = tmp_path / "report.pdf"
    run(venv / "bin" / "reportgen", "render", BASE_CASE, "--format", "pdf", "-o", out, cwd=tmp_path)
    assert out.read_bytes().startswith(b"%PDF")
    from_pdf, from_json = (
        subprocess.run([str(venv / "bin" / "reportgen"), "check", str(source), "--json"],
                       cwd=tmp_path, capture_output=True, text=True, timeout=120)
        for source in (out, BASE_CASE)
    )
    assert from_pdf.returncode == from_json.returncode != 2, from_pdf.stderr
    assert from_pdf.stdout == from_json.stdout
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "Sofia Ramírez" in text and "Page 1 of" in text


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
