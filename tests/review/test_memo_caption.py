"""Captions of reports made elsewhere and the memo's caption and attorney block.

Every sentence here is written for this file (none is taken from the corpora).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.review import ReviewResult
from reportgen.review.caption import child_names, children, from_blocks, from_case, names_in
from reportgen.review.extract import Block
from reportgen.review.heuristics import HeuristicFinding
from reportgen.review.memo import Attorney, build, docx_text, to_docx, to_html


def lines(*texts: str) -> list[Block]:
    return [Block(t) for t in texts]


def table(*rows: str) -> list[Block]:
    return [Block(r, table=True) for r in rows]


@pytest.mark.parametrize(("blocks", "expected"), [
    (lines("SUPERIOR COURT OF CALIFORNIA, COUNTY OF LAKE ALMA", "In re Priya Castellano, a Minor"),
     ["Priya Castellano"]),
    (lines("In re: WESLEY ABERNATHY-COLE", "DOB 03/02/2019"), ["WESLEY ABERNATHY-COLE"]),
    (lines("In the Matter of Odalys Ferreira, a child under the age of 18"), ["Odalys Ferreira"]),
    (lines("IN THE MATTER OF", "TOMASZ NOWICKI,", "a Minor.", "Petitioner: Lake Alma County Family Services"),
     ["TOMASZ NOWICKI"]),
    (lines("In re the Matter of Beatriz de la Fuente (age 11)"), ["Beatriz de la Fuente"]),
    (lines("In re Ivo Marsh (12), Clara Marsh (8) and Otto Marsh (3), Persons Coming Under the Juvenile Court Law"),
     ["Ivo Marsh", "Clara Marsh", "Otto Marsh"]),
    (lines("In re the Minors FENNA DOUWES & JAN DOUWES."), ["FENNA DOUWES", "JAN DOUWES"]),
    (lines('In re Margarita "Rita" Solano and Benedikt Solano, minors'), ["Margarita Solano", "Benedikt Solano"]),
    (lines("In re Ana, Teo and Lupe Varga, children coming under section 300"),
     ["Ana Varga", "Teo Varga", "Lupe Varga"]),
    (table("In re: | Case No.:", "Mirela Stone | LA-JD-26-0042"), ["Mirela Stone"]),
    (table("IN RE: YUKI HASEGAWA\nAGE: 6 | CASE NO.: LA-JD-26-0077"), ["YUKI HASEGAWA"]),
    (lines("En el asunto de / In re: RAMÓN ÁVILA (9) y / and PAZ ÁVILA (2)"), ["RAMÓN ÁVILA", "PAZ ÁVILA"]),
], ids=["in-re", "in-re-colon-caps", "matter-of", "matter-of-lines", "re-the-matter-of-particle", "three-ages",
        "minors-ampersand", "nickname", "shared-surname", "table-header-in-re", "table-cell-lines", "bilingual"])
def test_the_caption_names_each_child(blocks: list[Block], expected: list[str]) -> None:
    assert children(blocks) == expected


def test_a_child_table_names_every_row_and_never_its_header() -> None:
    blocks = lines("DISPOSITION REPORT") + table("Child's Name | Date of Birth | Age | Placement",
                                                 "Noor Abbasi | 01/14/2014 | 12 | Relative home",
                                                 "Sami Abbasi | 09/30/2018 | 8 | Relative home")
    assert children(blocks) == ["Noor Abbasi", "Sami Abbasi"]


def test_a_header_row_of_labels_is_never_a_name() -> None:
    """A header row 'Minor: | Case Number:' once gave the child's name as 'Case Number'."""
    blocks = lines("JUVENILE COURT") + table("Minor: | Case Number: | Hearing Date:",
                                             "Date | Number | Time")
    assert children(blocks) == []
    facts = from_blocks(blocks)
    assert "child" not in facts and "case_number" not in facts


def test_a_two_column_table_row_labels_the_child() -> None:
    blocks = table("Subject child | Rafael Ocampo, born 2015", "Mother | Inés Ocampo")
    assert children(blocks) == ["Rafael Ocampo"]
    assert children(lines("Child: Maren Lindqvist (DOB 4/4/2020)")) == ["Maren Lindqvist"]


def test_offices_and_labels_are_not_children() -> None:
    assert names_in("Lake Alma County Department of Family Services") == []
    assert names_in("Case Number") == []
    assert children(lines("In the Matter of", "Lake Alma County Agency, Petitioner")) == []


def test_caption_facts_carry_every_child_and_the_case_number() -> None:
    facts = from_blocks(lines("SUPERIOR COURT OF CALIFORNIA, COUNTY OF LAKE ALMA",
                              "In re Ivo Marsh and Clara Marsh, minors", "Nos. LA-JD-26-0100, LA-JD-26-0101"))
    assert facts["child"] == "Ivo Marsh and Clara Marsh"
    assert child_names(facts) == ["Ivo Marsh", "Clara Marsh"]
    assert facts["case_number"] == "LA-JD-26-0100"
    assert child_names(from_blocks(lines("In re Wren Tallis, a Minor"))) == ["Wren Tallis"]
    assert child_names({}) == []


@pytest.mark.parametrize(("head", "court", "county"), [
    (["IN THE SUPERIOR COURT OF THE STATE OF CALIFORNIA, COUNTY OF LOMA ÑANDÚ — DEPENDENCY"],
     "SUPERIOR COURT OF THE STATE OF CALIFORNIA, COUNTY OF LOMA ÑANDÚ", "LOMA ÑANDÚ"),
    (["Superior Court of California, County of Kern Juvenile Division"],
     "Superior Court of California, County of Kern", "Kern"),
    (["In re Dov Ek, a person coming under the Juvenile Court Law", "Kestrel Point County Agency, Petitioner"],
     None, "Kestrel Point"),
], ids=["caps-diacritics", "stops-before-division", "not-the-juvenile-court-law"])
def test_the_court_and_county(head: list[str], court: str | None, county: str) -> None:
    facts = from_blocks(lines(*head))
    assert facts.get("court") == court and facts["county"] == county


def test_case_data_captions_name_every_child() -> None:
    two = {"court": {"case_number": "X-1"}, "children": [{"name": "Lia Orr"}, {"name": " Bo Orr "}, {"name": ""}]}
    assert child_names(from_case(two)) == ["Lia Orr", "Bo Orr"]
    assert child_names(from_case({"child": {"name": "Kit Orr"}})) == ["Kit Orr"]


# --- the memo's caption and attorney block ----------------------------------------------------------


def result(caption: dict[str, str], findings: list[HeuristicFinding] | None = None) -> ReviewResult:
    return ReviewResult(source="foreign-docx", label="upload.docx", caption=caption, findings=list(findings or []),
                        elements=[])


def finding(code: str = "CP105", passage: str | None = None, child: str | None = None) -> HeuristicFinding:
    from reportgen.rules import registry

    rule = registry().get(code)
    assert rule is not None
    return HeuristicFinding(code=rule.code, name=rule.slug, severity=rule.severity, citation=rule.citation,
                            message=rule.message, fields=(), reason="Read from the report's text.", passage=passage,
                            page=3 if passage else None, location="paragraph 7" if passage else None, child=child)


def test_a_memo_on_several_children_names_them_all_and_says_which_objection_is_whose() -> None:
    caption = {"court": "Superior Court of California, County of Lake Alma", "case_number": "LA-JD-26-0100",
               "child": "Ivo Marsh and Clara Marsh", "children": "Ivo Marsh\nClara Marsh"}
    memo = build(result(caption, [finding(child="Clara Marsh")]), findings=[finding(child="Clara Marsh")])
    assert memo.in_re == "In re Ivo Marsh and Clara Marsh, persons coming under the juvenile court law."
    assert memo.title == "Objections of Counsel for the Children to the Disposition Report"
    assert memo.objections[0].ground.startswith("As to Clara Marsh: The alternative plan is not specific")
    assert memo.objections[0].passage == ("The report is silent on a prospective permanent family, or any "
                                          "concrete search for one.")
    assert memo.attorney[-1] == "Attorney for the children"
    from reportgen.rules.base import Finding

    exact = Finding("SB204", "siblings-apart-no-efforts", "object", "WIC §16002(b)", "A sibling lives apart.", (),
                    children=("Ivo Marsh",))
    assert build(result(caption), findings=[exact]).objections[0].ground == "As to Ivo Marsh: A sibling lives apart."
    noted = Finding("SB204", "siblings-apart-no-efforts", "object", "WIC §16002(b)", "A sibling lives apart. (for "
                    "Ivo Marsh)", (), children=("Ivo Marsh",))  # the catalogue's own note of the child
    assert build(result(caption), findings=[noted]).objections[0].ground == "As to Ivo Marsh: A sibling lives apart."


def test_a_quoted_passage_names_its_page_and_paragraph() -> None:
    said = "The agency will keep looking for a family."
    memo = build(result({"child": "Wren Tallis"}), findings=[finding("CP105", said)])
    assert memo.objections[0].passage == f"At page 3, paragraph 7, the report states: “{said}”"
    assert memo.drafting == []  # chosen findings are the attorney's own: no drafting note


def test_the_attorney_block_prints_blanks_to_fill_in() -> None:
    memo = build(result({"child": "Wren Tallis"}))
    assert memo.attorney[:2] == ["____________________", "State Bar No. ____________________"]
    full = Attorney(name="Imani Roe", bar_number="301122", office="Dependency Counsel Group\n9 Oak Way, Suite 2",
                    phone="(707) 555-0199")
    memo = build(result({"child": "Wren Tallis"}), attorney=full)
    assert memo.attorney == ["Imani Roe", "State Bar No. 301122", "Dependency Counsel Group", "9 Oak Way, Suite 2",
                             "Telephone: (707) 555-0199", "Attorney for the child"]
    assert "Imani Roe" in memo.closing


@settings(max_examples=30, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40))
def test_report_text_is_data_in_both_formats(text: str) -> None:
    """Whatever the report says (markup, template syntax, control characters), the memo carries it as text."""
    caption = {"child": text, "case_number": text, "court": text}
    memo = build(result(caption, [finding("CP105", passage=text)]), findings=[finding("CP105", passage=text)],
                 attorney=Attorney(name=text, office=text))
    page = to_html(memo)
    assert "<script" not in page.lower().replace("&lt;script", "")
    docx_text(to_docx(memo))  # writes and reads back, whatever the characters


def test_markup_in_a_passage_is_escaped_in_html() -> None:
    memo = build(result({"child": "<b>Wren</b>"}), findings=[finding("CP105", "<script>alert(1)</script>")])
    page = to_html(memo)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "In re &lt;b&gt;Wren&lt;/b&gt;" in page


def test_an_exact_finding_names_the_field_in_words_never_its_path() -> None:
    from reportgen.review.memo import passage_text
    from reportgen.rules.base import Finding

    case = {"children": [{"name": "Lia Orr", "concurrent_plan": {"goal": "adoption"}}]}
    paths = ("children[0].concurrent_plan.alternative_home_efforts", "children[0].concurrent_plan.goal")
    exact = Finding("CP108", "no-alternative-home-efforts", "object", "CEB §12.47", "m", paths)
    said = passage_text(ReviewResult(source="case-json", label="x", caption={}, findings=[exact], elements=[],
                                     case=case), exact)
    assert said == ("The report states as to goal (concurrent plan), “adoption”. The report is silent on efforts "
                    "toward another home that could be permanent (concurrent plan).")
