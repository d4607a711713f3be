"""The layout id a PDF carries: it names what decides the printed words."""

from __future__ import annotations

import io

import pikepdf

from reportgen.render.html import LAYOUT_NOTE, layout_id
from reportgen.render.templates import default_template_dir


def test_the_pdf_names_its_layout_in_the_case_data_description(rendered):
    data = rendered["01-complete-sibling-group"].pdf
    with pikepdf.open(io.BytesIO(data)) as pdf:
        desc = str(pdf.Root.AF[0].Desc)
    found = LAYOUT_NOTE.search(desc)
    assert found and found.group(1) == layout_id(default_template_dir())


def test_a_changed_template_has_another_id_and_an_unchanged_copy_the_same(county):
    copy = county
    assert layout_id(copy) == layout_id(default_template_dir())
    css = copy / "report.css"
    css.write_text(css.read_text(encoding="utf-8") + "\nh2 { color: #333; }\n", encoding="utf-8")
    assert layout_id(copy) != layout_id(default_template_dir())
    assert len(layout_id(copy)) == 12 and int(layout_id(copy), 16) >= 0


def test_an_install_without_sources_still_has_an_id(monkeypatch):
    from pathlib import Path

    from reportgen.render import html

    real = Path.read_bytes

    def no_sources(self):
        if self.suffix == ".py":
            raise FileNotFoundError(self)
        return real(self)

    html._own_layout_digest.cache_clear()
    html._layout_id.cache_clear()
    monkeypatch.setattr(Path, "read_bytes", no_sources)
    try:
        bytecode_only = layout_id(default_template_dir())
    finally:
        monkeypatch.undo()
        html._own_layout_digest.cache_clear()
        html._layout_id.cache_clear()
    assert len(bytecode_only) == 12
    assert bytecode_only != layout_id(default_template_dir())
