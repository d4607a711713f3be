"""A report on a family of three children reads as one family's report.

The case (tests/fixtures/v2/three-children.json) is the complete example with
three children who differ: Sofia (adoption) and Diego (legal guardianship) live
with their aunt, Mateo (under three, six months of services) with resource
parents who will adopt him; a half-brother who is not before the court; an
alleged father of Mateo alone who cannot be found, with the search made for
him; children living in both placement homes; relatives' contacts.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from reportgen.render.context import build_context
from reportgen.render.docx import render_docx
from reportgen.render.pdf import render_pdf
from reportgen.schema import load_case
from tests.conftest import ROOT, read_json
from tests.render.conftest import flat, office_convert, pdftotext
from tests.render.test_faithful import docx_text

FAMILY = ROOT / "tests" / "fixtures" / "v2" / "three-children.json"
KIDS = ("Sofia Ramírez", "Diego Ramírez", "Mateo Ramírez")


@pytest.fixture(scope="module")
def family(tmp_path_factory) -> dict[str, Any]:
    case = load_case(read_json(FAMILY))
    as_of = case["court"]["report_date"]
    folder: Path = tmp_path_factory.mktemp("family")
    pdf, docx = render_pdf(case, as_of=as_of), render_docx(case, as_of=as_of)
    (folder / "family.pdf").write_bytes(pdf)
    (folder / "family.docx").write_bytes(docx)
    office_convert([folder / "family.docx"], folder / "office", folder / "profile")
    return {
        "case": case, "context": build_context(case, as_of), "docx": docx,
        "pdf_text": flat(pdftotext(folder / "family.pdf")),
        "office_text": flat(pdftotext(folder / "office" / "family.pdf")),
    }


def section(ctx: dict[str, Any], key: str) -> dict[str, Any]:
    return next(s for s in ctx["sections"] if s["id"] == key)


def texts(blocks: list[dict[str, Any]]) -> str:
    out = []
    for b in blocks:
        out += [b.get("label") or "", b.get("title") or "", b.get("text") or "", *b.get("lines", [])]
        if b["kind"] == "facts":
            out += [f"{r['label']}: {r['value']}" for r in b["rows"]]
    return "\n".join(x for x in out if x)


def test_the_caption_names_every_child(family):
    caption = family["context"]["caption"]
    assert caption["in_re"] == "In re Sofia Ramírez, Diego Ramírez and Mateo Ramírez"
    assert {"label": "Children", "value": "Sofia Ramírez, Diego Ramírez and Mateo Ramírez"} in caption["rows"]


@pytest.mark.parametrize("key", ["concurrent_plan", "placement", "siblings", "wellbeing", "voice"])
def test_each_childs_part_is_under_the_childs_name(family, key):
    blocks = section(family["context"], key)["blocks"]
    heads = [b["text"] for b in blocks if b["kind"] == "heading" and b.get("child")]
    assert heads == list(KIDS)


def test_each_child_has_their_own_plan_and_placement(family):
    plan = texts(section(family["context"], "concurrent_plan")["blocks"])
    assert plan.count("The concurrent plan is adoption.") == 2
    assert plan.count("The concurrent plan is legal guardianship.") == 1
    # the prospective family's own answer and its own assessment, said of the family
    assert ("The prospective adoptive family, Grace and Daniel Okafor, is willing to adopt Mateo Ramírez, "
            "in writing on November 8, 2026.") in plan
    assert ("The assessment of the prospective adoptive family, Grace and Daniel Okafor, is pending "
            "(as of November 12, 2026).") in plan
    placement = texts(section(family["context"], "placement")["blocks"])
    assert "Mateo Ramírez has been placed with Grace and Daniel Okafor (resource parents) since October 9, 2026." in placement
    assert ("Amara Okafor, born May 2, 2019 (the Okafors' adopted daughter), not a sibling of Mateo Ramírez, "
            "lives with her parents.") in placement


def test_statements_of_each_child_and_the_parents(family):
    heads = [b["label"] for b in section(family["context"], "statements")["blocks"] if b["label"]]
    assert heads[:3] == [f"{k} — Child" for k in KIDS]
    assert "Luis Peña — Alleged father" not in heads  # he made no statement: nothing invented


def test_each_childs_orders_in_one_table_and_no_gap_in_the_familys(family):
    blocks = section(family["context"], "findings")["blocks"]
    table = next(b for b in blocks if b["kind"] == "table" and b["name"] == "orders")
    assert [row[0] for row in table["rows"]] == list(KIDS)
    assert [row[1] for row in table["rows"]] == ["12 months", "12 months", "6 months"]
    assert "Not stated" not in texts(blocks)


def test_the_icwa_status_of_each_child_and_the_inquiry_once(family):
    blocks = section(family["context"], "icwa")["blocks"]
    rows = [r["label"] for b in blocks if b["kind"] == "facts" for r in b["rows"]]
    assert [r for r in rows if r.startswith("Indian status")] == [f"Indian status of {k}" for k in KIDS]
    assert [b["name"] for b in blocks if b["kind"] == "table"] == ["inquiry"]


def test_the_timeline_gives_shared_dates_once_and_each_childs_own(family):
    blocks = section(family["context"], "timeline")["blocks"]
    text = texts(blocks)
    assert text.count("Dates computed as of November 19, 2026, the report date") == 1
    assert text.count("Disposition report filed") == 1
    heads = [b["text"] for b in blocks if b["kind"] == "heading"]
    assert heads == ["All the children", *KIDS]
    assert text.count("Reunification ends (12-month rule") == 2
    assert text.count("Reunification ends (6-month rule, under 3") == 1
    assert [b.get("label") for b in blocks].count("Notes") == 1


def test_a_pair_of_siblings_is_described_once(family):
    text = texts(section(family["context"], "siblings")["blocks"])
    assert text.count("Diego is Sofia's full brother") == 1
    # the children of the report: named once in a later child's part, not described again
    assert text.count("Siblings described above, in their own parts: Sofia Ramírez.") == 1
    assert "Siblings described above, in their own parts: Sofia Ramírez and Diego Ramírez." in text
    # the half-brother not before the court: his facts once where they read the same, a pointer after
    assert "Their relationship, living arrangements and visits are described under Sofia Ramírez above." in text
    assert text.count("Relationship: Jayden is their mother's older son.") == 1
    assert "Jayden Cole, born March 2, 2012, is Sofia Ramírez's half-sibling" in text
    # a sibling outside the court's jurisdiction was never removed: no gap is printed about it
    assert "Not stated: whether the sibling was removed" not in text
    assert "is under the court's jurisdiction, was removed at the same time as Sofia Ramírez" in text  # Diego


#: What the new fields print, each beside its person, in every format.
SAID = (
    "Luis Peña is the alleged father of Mateo Ramírez",
    "Marco Ramírez is the presumed father of Sofia Ramírez and Diego Ramírez",
    "The alleged father cannot be found.",
    "The agency searched for Luis Peña from October 6, 2026 to November 9, 2026.",
    "No current address; his last known address (Stockton, 2024) is vacant.",
    "Jayden Cole, born March 2, 2012 (half-brother), a sibling of the children, lives with his father, Andre Cole.",
    "Lucas Morales, born August 11, 2014, cousin (Ms. Morales's son), not a sibling of Sofia Ramírez",
    "The children were removed on October 2, 2026",
    "Sofia Ramírez has been placed with Teresa Morales",
    "Said her home cannot take an infant.",
    "Jayden Cole — Half-sibling",
    "Each child's orders",
)


@pytest.mark.parametrize("said", SAID)
def test_the_pdf_and_the_word_document_say_it(family, said):
    html = flat(texts([b for s in family["context"]["sections"] for b in s["blocks"]]))
    assert said in html
    assert said in family["pdf_text"]
    assert " ".join(said.split()).casefold() in docx_text(family["docx"])
    assert said in family["office_text"]


def test_the_word_document_keeps_word_tables(family):
    with zipfile.ZipFile(io.BytesIO(family["docx"])) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    # caption, orders, 3 steps tables, 6 home checks/facts..., inquiry, contacts, timeline tables
    tables = len(re.findall(r"<w:tbl>", xml))
    assert tables >= 12
    assert "Each child&apos;s orders" in xml or "Each child's orders" in xml


def test_the_table_says_the_children_or_the_childs_name_never_the_child(family):
    """In a family report the word table's "the child" is "the children" in a part
    about the family and the child's name in the child's own part; a one-child
    report and the caption's one-child form are unchanged."""
    for s in family["context"]["sections"]:
        assert "the child " not in flat(texts(s["blocks"])).replace("The child", "the child"), s["id"]
    assert family["context"]["caption"]["person"] == "Persons coming under the juvenile court law"
    one = build_context(load_case(read_json(ROOT / "tests" / "fixtures" / "v1" / "01-complete-sibling-group.json")))
    assert one["caption"]["person"] == "A child coming under the juvenile court law"
    assert "The child has been placed with" in flat(texts(section(one, "placement")["blocks"]))


def test_a_profile_without_the_plural_caption_says_its_one_form():
    """A profile written (or recorded in a report) before "persons" existed still
    loads, and says its "person" words of several children too."""
    import yaml

    from reportgen.render import profile as prof

    data = yaml.safe_load((prof.profiles_dir() / "generic-ca.yml").read_text(encoding="utf-8"))
    del data["caption"]["persons"]
    old = prof.validate(data, "old.yml")
    assert "persons" not in old["caption"]
    ctx = build_context(load_case(read_json(FAMILY)), profile=prof._make(data, "old.yml"))
    assert ctx["caption"]["person"] == data["caption"]["person"]


@pytest.mark.parametrize("name", ["Sofia {0} Ramírez", "Sofia {name} {", "Sofia }} Ramírez"])
def test_a_childs_name_with_braces_is_text_not_a_format(name):
    """The child's name goes into the table's words before they are filled in:
    braces in it are escaped, never read as placeholders."""
    raw = read_json(FAMILY)
    raw["children"][0]["name"] = name
    ctx = build_context(load_case(raw))
    placement = texts(section(ctx, "placement")["blocks"])
    assert f"{name} has been placed with Teresa Morales" in placement
    assert f"is a relative of {name} and is approved to care for {name}." in placement
