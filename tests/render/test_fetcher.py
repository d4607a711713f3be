"""A report never fetches anything but its template's own assets.

URLs in user text are escaped text, so they are never even asked for. URLs in
a county's template are asked for and refused by the assets-only fetcher,
except a file under the template's ``assets/`` folder. A patched
``URLFetcher.open`` proves that nothing reached urllib (no network, no file).
"""

from __future__ import annotations

import io
import logging

import pikepdf
import pytest
from click.testing import CliRunner
from PIL import Image
from weasyprint.urls import URLFetcher

from reportgen.cli import main
from reportgen.render.pdf import _fetcher_class, render_pdf
from reportgen.render.templates import default_template_dir
from tests.render.conftest import EXAMPLE_FILES, HOSTILE

HOSTILE_MARKUP = """
<img src="assets/seal.png" alt="County seal">
<img src="http://example.invalid/x.png" alt="">
<img src="file:///etc/passwd" alt="">
<img src="../../../../../../etc/hostname" alt="">
<div style="background: url(https://example.invalid/bg.png)">county banner</div>
"""
HOSTILE_HEAD = '<link rel="stylesheet" href="http://example.invalid/x.css">\n</head>'
HOSTILE_CSS = "@import url(http://example.invalid/i.css);\n.court { background-image: url(file:///etc/passwd); }\n"
FOREIGN = ("http://example.invalid/x.png", "file:///etc/passwd", "/etc/hostname", "https://example.invalid/bg.png",
           "http://example.invalid/x.css", "http://example.invalid/i.css")


class Recorder(_fetcher_class()):
    """The real assets-only fetcher, remembering every URL it was asked for."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.asked: list[str] = []
        self.served: list[str] = []

    def fetch(self, url, headers=None):
        self.asked.append(url)
        response = super().fetch(url, headers)
        self.served.append(url)
        return response


@pytest.fixture
def no_urllib(monkeypatch):
    """Every attempt to open a URL through urllib, recorded (there must be none)."""
    opened: list[str] = []

    def refuse(self, url, *args, **kwargs):
        opened.append(str(getattr(url, "full_url", url)))
        raise OSError("test: urllib must not be used")

    monkeypatch.setattr(URLFetcher, "open", refuse)
    return opened


@pytest.fixture
def county(county):
    """The county copy of the shipped templates with foreign URLs in the HTML and CSS and a seal in assets/."""
    folder = county
    Image.new("RGB", (8, 8), "navy").save(folder / "assets" / "seal.png")
    html = (folder / "report.html").read_text(encoding="utf-8")
    html = html.replace("</head>", HOSTILE_HEAD, 1)
    after_body = html.index("\n", html.index("<body")) + 1  # the line of the <body ...> tag, Jinja inside it
    html = html[:after_body] + HOSTILE_MARKUP + html[after_body:]
    (folder / "report.html").write_text(html, encoding="utf-8")
    css = (folder / "report.css").read_text(encoding="utf-8")
    (folder / "report.css").write_text(HOSTILE_CSS + css, encoding="utf-8")
    return folder


def images_in(pdf_bytes: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        return sum(1 for obj in pdf.objects if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image")


def test_urls_in_user_text_are_never_requested(rendered, no_urllib, caplog):
    r = rendered[HOSTILE]
    recorder = Recorder(default_template_dir() / "assets")
    with caplog.at_level(logging.INFO, logger="weasyprint"):
        data = render_pdf(r.case, as_of=r.as_of, url_fetcher=recorder)
    # Like WeasyPrint's own assert_no_logs: a refused fetch or a missing font
    # cannot pass silently, and no case text can reach a log.
    assert [rec.getMessage() for rec in caplog.records if rec.levelno >= logging.WARNING] == []
    assert recorder.asked == []
    assert no_urllib == []
    assert images_in(data) == 0


def test_county_template_gets_its_assets_and_nothing_else(county, no_urllib, caplog):
    recorder = Recorder(county / "assets")
    from reportgen.sources import read_case

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        data = render_pdf(read_case(str(EXAMPLE_FILES[0])), county, url_fetcher=recorder)
    assert [u.rsplit("/", 1)[-1] for u in recorder.served] == ["seal.png"]
    for foreign in FOREIGN:
        assert any(foreign in url for url in recorder.asked), f"{foreign} was not even requested"
        assert not any(foreign in url for url in recorder.served)
    assert len(recorder.refused) == len(recorder.asked) - 1
    assert no_urllib == []
    assert images_in(data) == 1  # the seal
    # Each refusal is logged, its address withheld (a county template may build one from case data).
    refusals = [rec.getMessage() for rec in caplog.records if "Failed to load" in rec.getMessage()]
    assert refusals and all("[withheld]" in m and "example" not in m for m in refusals)


def test_render_command_with_county_template_dir_fetches_nothing_foreign(county, tmp_path, no_urllib):
    out = tmp_path / "county.pdf"
    result = CliRunner().invoke(main, ["render", str(EXAMPLE_FILES[0]), "--format", "pdf", "-o", str(out),
                                       "--template-dir", str(county)])
    assert result.exit_code == 0, result.output
    assert no_urllib == []
    assert images_in(out.read_bytes()) == 1
