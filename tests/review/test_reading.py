"""Assertion status (ConText) and holder of statements, on sentences written here."""

from __future__ import annotations

import re

import pytest

from reportgen.review.reading.context import AFFIRMED, HEDGED, HISTORICAL, HYPOTHETICAL, NEGATED, status_of
from reportgen.review.reading.judge import Statement, _holder


@pytest.mark.parametrize(("sentence", "target", "expected"), [
    ("The uncle has agreed to adopt the boy.", "adopt", AFFIRMED),
    ("The uncle is not willing to adopt.", "adopt", NEGATED),
    ("Prospective home: none identified.", "Prospective home", NEGATED),
    ("The twins have never been separated.", "separated", NEGATED),
    ("Mrs. Ode may consider guardianship later.", "guardianship", HEDGED),
    ("Long-term needs: to be assessed.", "Long-term needs", HEDGED),
    ("The father was advised of his option to relinquish for adoption.", "adoption", HYPOTHETICAL),
    ("The grandmother adopted her nephew in 2004.", "adopted", HISTORICAL),
    ("They will adopt him, but the mother objects.", "adopt", AFFIRMED),
])
def test_assertion_status(sentence, target, expected):
    assert status_of(sentence, re.compile(target, re.I)) == expected


def _s(text: str, label: str = "") -> Statement:
    return Statement(text, label, "", frozenset(), None, 0)


@pytest.mark.parametrize(("text", "label", "expected"), [
    ("Ms. Quill told the worker she will adopt Toby.", "", "caregiver"),
    ("Toby said he does not want to be adopted.", "", "child"),
    ("The Agency recommends adoption by the Farrows.", "", "agency"),
    ("The Farrows are eager to adopt Toby.", "", "other"),
    ("Has not been asked.", "Caregiver willingness", "caregiver"),
])
def test_holder(text, label, expected):
    assert _holder(_s(text, label), {"Quill"}, {"aunt"}, {"Toby"}, "") == expected


@pytest.mark.parametrize(("text", "at", "expected"), [
    # the listener of "told the social worker" is not the holder
    ("Ms. Quill told the social worker she will adopt Toby.", "adopt", "caregiver"),
    # each word on permanence has its own holder: the agency's plan, then the other family's wish
    ("The Agency will seek adoption by the Farrows, who told the worker they want to adopt.", "adoption", "agency"),
    ("The Agency will seek adoption by the Farrows, who told the worker they want to adopt.", "want", "other"),
    # a child named as a possessive or an object does not hold the caregiver's words
    ("The resource parents are willing to become Toby's guardians.", "guardians", "caregiver"),
    ("Toby told the undersigned that he does not want to be adopted.", "adopted", "child"),
])
def test_holder_of_each_word(text, at, expected):
    assert _holder(_s(text), {"Quill"}, set(), {"Toby"}, "", text.index(at)) == expected


def test_a_month_named_may_is_not_a_hedge():
    assert status_of("The home was approved on May 3 and the family wants to adopt.", re.compile("adopt")) == AFFIRMED
    assert status_of("The family may adopt.", re.compile("adopt")) == HEDGED


# --- the reading of whole (invented) reports ---------------------------------------------------

from reportgen.review.extract import Block  # noqa: E402
from reportgen.review.reading.judge import children_of, read  # noqa: E402
from reportgen.review.reading.verdict import elements_for  # noqa: E402
from reportgen.review.sections import split  # noqa: E402


def _doc(*sections: tuple[str, list[str]], caption: str = "In re Ana Ruiz, a Minor"):
    blocks = [Block(caption)]
    for heading, paragraphs in sections:
        blocks.append(Block(heading, style="Heading 1"))
        blocks += [Block(p) for p in paragraphs]
    return split(blocks)


PLACEMENT = ("Placement", ["Ana lives with her godmother, Ms. Ode, in Modesto. The home is approved and meets her needs."])


def _values(doc, child=0):
    return {k: v.value for k, v in read(doc)[child].values.items()}


def test_goal_stated_under_a_condition_of_failure_without_the_word_plan():
    doc = _doc(PLACEMENT, ("Permanency", ["Should reunification fail, the Department will pursue guardianship by Ms. Ode."]))
    values = _values(doc)
    assert values["concurrent_plan.goal"] == "legal_guardianship"
    assert values["concurrent_plan.prospective_family"]["is_current_caregiver"] is True


def test_the_caregivers_answer_is_not_the_agencys_plan():
    doc = _doc(PLACEMENT, ("Caregiver", ["Ms. Ode said she is willing to become Ana's guardian if Ana cannot go home."]))
    values = _values(doc)
    assert values["placement.caregiver_permanency_willingness"] == "yes_guardianship"
    assert "concurrent_plan.goal" not in values


def test_never_asked_is_silence_not_an_answer():
    doc = _doc(PLACEMENT, ("Caregiver", ["Ms. Ode has not been asked about adoption or guardianship."]))
    assert "placement.caregiver_permanency_willingness" not in _values(doc)
    codes = {e.codes[0] for e in elements_for(doc) if e.status == "not found"}
    assert "CP106" in codes and "CP112" not in codes


def test_no_plan_is_one_objection_not_several():
    doc = _doc(PLACEMENT, ("Permanency", ["The alternative plan is to be determined at the next review."]))
    codes = {e.codes[0] for e in elements_for(doc) if e.status == "not found"}
    assert "CP101" in codes and not codes & {"CP105", "CP111", "CP112"}


def test_family_maintenance_has_no_caregiver_permanence_question():
    doc = _doc(("Recommendation", ["The Department recommends that Ana remain in the home of her mother with family "
                                   "maintenance services."]),
               ("Permanency", ["The mother said she would never agree to adoption or guardianship."]))
    assert "placement.caregiver_permanency_willingness" not in _values(doc)


def test_siblings_in_two_named_homes_are_apart_without_the_word():
    doc = _doc(PLACEMENT, ("Siblings", ["Ana's brother Leo, 9, lives with a cousin in Fresno while Ana lives with Ms. Ode."]))
    assert "siblings.apart" in _values(doc)


def test_a_matter_heard_separately_is_not_a_home_apart():
    doc = _doc(PLACEMENT, ("Siblings", ["Ana has one brother, Leo, whose matter is reported separately."]))
    assert "siblings.apart" not in _values(doc)


def test_why_placing_together_would_be_wrong_answers_the_efforts_question():
    doc = _doc(PLACEMENT, ("Siblings", [
        "Ana's sister Rosa, 15, is placed in a treatment home in Merced because of her clinical needs.",
        "Moving Rosa into the Ode home would not be in her best interest while her treatment continues.",
        "The girls visit every Sunday, supervised by Ms. Ode."]))
    sibling = read(doc)[0].siblings[0]
    assert sibling["placed_together"] is False and sibling["efforts_inappropriate_reason"]


def test_a_sibling_outside_the_courts_jurisdiction_is_marked_so():
    doc = _doc(PLACEMENT, ("Siblings", ["Ana's brother Leo, 20, is an adult and lives on his own in Reno."]))
    assert read(doc)[0].siblings[0]["under_court_jurisdiction"] is False


def test_children_of_one_report_are_siblings_of_each_other():
    doc = _doc(("Placement", ["The children live together with Ms. Ode, whose home is approved."]),
               caption="In re Ana Ruiz and Leo Ruiz, Minors")
    for reading in read(doc):
        assert reading.values["has_siblings"].value is True
        assert reading.siblings == [{"name": "sibling", "placed_together": True}]


def test_two_column_page_is_read_column_by_column():
    """pdftotext -layout prints two columns side by side; each column's sentences must stay whole."""
    from reportgen.review.extract import _pdf_blocks

    left = ["PLACEMENT", "Ana lives with her godmother in a", "quiet house near the school and is", "doing well there.",
            "", "SIBLINGS", "Ana has one brother, Leo, who lives", "with a cousin in Fresno while Ana", "stays in Modesto."]
    right = ["CONCURRENT PLAN", "Should reunification fail, the plan", "is guardianship with the godmother,",
             "who has agreed to it.", "", "VISITS", "The mother visits twice a week at", "the agency office with a monitor.",
             "The father has not asked to visit."]
    page = ["          A CENTRED TITLE THAT CROSSES THE GUTTER OF THE PAGE"]
    page += [f"{a:<44}{b}" for a, b in zip(left * 2, right * 2, strict=True)]
    texts = [b.text for b in _pdf_blocks("\n".join(page), 1)]
    assert texts[0].startswith("A CENTRED TITLE")
    assert "Ana has one brother, Leo, who lives with a cousin in Fresno while Ana stays in Modesto." in texts
    assert "Should reunification fail, the plan is guardianship with the godmother, who has agreed to it." in texts
    assert texts.index("PLACEMENT") < texts.index("CONCURRENT PLAN")


def test_one_column_page_with_a_table_is_not_split():
    from reportgen.review.extract import _pdf_blocks

    prose = "The report describes the child's placement in a long line of ordinary prose that runs across the page."
    page = [prose] * 10 + [f"{'Name':<40}{'Placement'}", f"{'Leo Ruiz':<40}{'Fresno cousin'}"]
    blocks = _pdf_blocks("\n".join(page), 1)
    assert blocks[0].text.startswith(prose)
    # the table is read as a table, row by row with its cells apart, not as two columns
    assert [(b.text, b.table) for b in blocks[-2:]] == [("Name | Placement", True), ("Leo Ruiz | Fresno cousin", True)]


def test_a_condition_of_failure_does_not_negate_the_answer():
    doc = _doc(PLACEMENT, ("Caregiver", ["Ms. Ode told the undersigned that if the parents cannot reunify she would "
                                         "accept legal guardianship of Ana."]))
    assert _values(doc)["placement.caregiver_permanency_willingness"] == "yes_guardianship"


def test_guardianship_yes_adoption_no_is_guardian_only():
    doc = _doc(PLACEMENT, ("Caregiver", ["Ms. Ode is willing to become Ana's legal guardian but does not want to adopt, "
                                         "because adoption would cut Ana off from her father."]))
    assert _values(doc)["placement.caregiver_permanency_willingness"] == "yes_guardianship"


def test_a_permanent_home_the_child_needs_is_nobodys_answer():
    doc = _doc(PLACEMENT, ("Needs", ["In the long term, she needs a permanent family who will adopt her."]))
    assert "placement.caregiver_permanency_willingness" not in _values(doc)


def test_the_caregiver_named_beside_the_relation_holds_her_answer():
    doc = _doc(("Placement", ["Ana lives with her godmother in Modesto.",
                              "Ana's godmother, Rosa Lomelí, 49, is a nurse; the home is approved."]),
               ("Permanency", ["Ms. Lomelí said she would accept guardianship of Ana."]))
    assert _values(doc)["placement.caregiver_permanency_willingness"] == "yes_guardianship"


def test_the_reason_for_the_separation_is_read_beside_it():
    doc = _doc(PLACEMENT, ("Siblings", ["Ana has a brother, Leo, 3."]),
               ("Homes", ["Ana lives with Ms. Ode while Leo is with a cousin in Fresno. Ms. Ode works nights and "
                          "could not take a toddler, and for that reason cares for Ana only."]))
    sibling = read(doc)[0].siblings[0]
    assert sibling["placed_together"] is False and "for that reason" in sibling["reason_apart"]


def test_each_child_of_a_report_has_its_own_caregiver():
    doc = _doc(("Siblings and placement", [
        "Ana and Leo reside with their aunt, Rosa Quill, in Modesto, while Mia lives with resource parents "
        "Tom and Kay Farrow in Ceres.",
        "The aunt's flat has room for only two children.",
        "The three see each other every Sunday, supervised by the aunt."]),
        ("Caregivers", ["Ms. Quill said she would accept guardianship of Ana and Leo.",
                        "The Farrows have not been asked about permanency."]),
        caption="In re Ana Ruiz, Leo Ruiz and Mia Ruiz, Minors")
    ana, _, mia = read(doc)
    assert ana.values["placement.caregiver_permanency_willingness"].value == "yes_guardianship"
    assert "placement.caregiver_permanency_willingness" not in mia.values
    assert ana.siblings[0]["placed_together"] is False and ana.siblings[0]["reason_apart"]


# --- R3: tables, reported words, the home the child lives in --------------------------------------


def _table(doc_blocks: list[Block], *rows: str) -> list[Block]:
    return doc_blocks + [Block(r, table=True) for r in rows]


def _doc_with_table(heading: str, *rows: str, before: tuple[str, list[str]] = PLACEMENT,
                    caption: str = "In re Ana Ruiz, a Minor"):
    blocks = [Block(caption), Block(before[0], style="Heading 1"), *[Block(p) for p in before[1]],
              Block(heading, style="Heading 1")]
    return split(_table(blocks, *rows))


def test_a_table_cell_is_read_under_its_column_header():
    doc = _doc_with_table("Permanency", "Child | What the caregiver said | Goal and family | Why it will work",
                          "Ana (6) | Ms. Ode would adopt her | Adoption by Ms. Ode | Ana is settled with her")
    values = _values(doc)
    assert values["placement.caregiver_permanency_willingness"] == "yes_adopt"
    assert values["concurrent_plan.goal"] == "adoption"
    assert values["concurrent_plan.why_realistic"] == "Why it will work: Ana is settled with her"


def test_one_cell_of_a_row_does_not_answer_for_another():
    # the row says adoption elsewhere; the caregiver's own cell has no answer
    doc = _doc_with_table("Permanency", "Child | What the caregiver said | Goal and family | Why it will work",
                          "Ana (6) | Not applicable | Adoption by the Farrow family | The Farrows want to adopt")
    assert "placement.caregiver_permanency_willingness" not in _values(doc)


def test_an_empty_cell_places_nothing():
    doc = _doc_with_table("Permanency", "Concurrent goal | Adoption by Ms. Ode", "Why the plan is realistic | —")
    assert "concurrent_plan.why_realistic" not in _values(doc)


def test_each_row_of_a_table_on_several_children_is_that_childs():
    doc = _doc_with_table("Permanency", "Child | What the caregiver said | Goal and family",
                          "Ana (6) | She would adopt either child | Adoption by Ms. Ode",
                          "Leo (9) | (same) | Legal guardianship with Ms. Ode",
                          before=("Placement", ["Ana and Leo live with Ms. Ode in Modesto; her home is approved."]),
                          caption="In re Ana Ruiz and Leo Ruiz, Minors")
    ana, leo = read(doc)
    assert ana.values["concurrent_plan.goal"].value == "adoption"
    assert leo.values["concurrent_plan.goal"].value == "legal_guardianship"
    # "(same)" repeats the cell above it
    assert leo.values["placement.caregiver_permanency_willingness"].said.text == "She would adopt either child"


def test_a_holder_inside_reported_words_needs_a_verb_of_their_own():
    doc = _doc(PLACEMENT, ("Caregiver", ["Ms. Ode told the worker that she hopes the parents will recover and, if "
                                         "that does not happen, would like to adopt Ana."]))
    assert _values(doc)["placement.caregiver_permanency_willingness"] == "yes_adopt"


def test_someone_named_in_reported_words_with_a_verb_of_their_own_holds_them():
    text = "Ms. Quill told the worker that the Farrows are willing to adopt Toby."
    assert _holder(_s(text), {"Quill"}, set(), {"Toby"}, "", text.index("adopt")) == "other"


def test_the_home_the_child_is_in_names_the_caregiver_not_a_family_matched_later():
    doc = _doc(("Placement", ["Ana has been in the emergency home of Joan Whit since March.",
                              "The unit matched her with Tom and Kay Farrow, an approved adoptive family.",
                              "The Farrows say they are willing to adopt her."]))
    values = _values(doc)
    assert "placement.caregiver_permanency_willingness" not in values


def test_another_family_named_in_the_plan_is_the_other_home():
    doc = _doc(PLACEMENT, ("Caregiver", ["Ms. Ode is 70 and told the worker she cannot be a permanent home for Ana."]),
               ("Permanency", ["The concurrent plan is adoption by the Farrows, Ana's cousins in Ceres."]))
    values = _values(doc)
    assert values["placement.caregiver_permanency_willingness"] == "no"
    assert values["concurrent_plan.prospective_family"]["is_current_caregiver"] is False
    codes = {e.codes[0] for e in elements_for(doc) if e.status == "not found"}
    assert "CP108" not in codes and "CP112" not in codes


def test_appla_rests_on_nobodys_adoption():
    doc = _doc(PLACEMENT, ("Caregiver", ["Ms. Ode will keep Ana into adulthood but is not willing to adopt her."]),
               ("Permanency", ["The concurrent plan is APPLA with Ms. Ode."]), caption="In re Ana Ruiz (age 17), a Minor")
    assert _values(doc)["concurrent_plan.prospective_family"]["is_current_caregiver"] is None
    codes = {e.codes[0] for e in elements_for(doc) if e.status == "not found"}
    assert not codes & {"CP103", "CP105", "CP112"}


def test_the_family_named_after_a_colon():
    doc = _doc(PLACEMENT, ("Permanency", ["Concurrent goal: fit and willing relative: the paternal aunt, Rosa Ode."]))
    assert _values(doc)["concurrent_plan.prospective_family"]["name"]


def test_a_pdf_table_keeps_its_cells_and_wrapped_labels():
    from reportgen.review.extract import _pdf_blocks

    page = ["TITLE OF THE SECTION",
            f"{'Caregiver':<30}Aunt Rosa Ode, Modesto",
            f"{'Willingness to provide':<30}Not yet discussed with her; the worker",
            f"{'permanency':<30}will ask at the next visit",
            f"{'Approval':<30}Home approved 2024",
            "A paragraph of prose follows the table and ends here."]
    blocks = [(b.text, b.table) for b in _pdf_blocks("\n".join(page), 1)]
    assert ("Willingness to provide permanency | Not yet discussed with her; the worker will ask at the next visit",
            True) in blocks
    assert blocks[-1] == ("A paragraph of prose follows the table and ends here.", False)


def test_a_running_footer_is_dropped_and_a_paragraph_cut_by_the_page_is_joined():
    from reportgen.review.extract import _join_pages

    footer = "Report on Ana R. | Page {} of 2"
    pages = [[Block("The aunt said that she", page=1), Block(footer.format(1), page=1)],
             [Block("would adopt Ana.", page=2), Block(footer.format(2), page=2)]]
    assert [b.text for b in _join_pages(pages)] == ["The aunt said that she would adopt Ana."]


def test_siblings_none_as_a_labelled_value_is_an_answer():
    doc = _doc_with_table("Case information", "Child | Ana Ruiz, 6", "Siblings | None")
    assert _values(doc)["has_siblings"] is False


def test_a_same_home_column_answered_no_is_a_home_apart():
    doc = _doc_with_table("Siblings", "Sibling | Age | Home | Same home as Ana? | Contact",
                          "Leo Ruiz | 9 | A cousin in Fresno | No | Calls on Sundays")
    values = _values(doc)
    assert "siblings.apart" in values
    codes = {e.codes[0] for e in elements_for(doc) if e.status == "not found"}
    assert {"SB203", "SB204"} <= codes


def test_a_child_in_a_treatment_facility_has_no_caregiver_who_could_be_permanent():
    doc = _doc(("Placement", ["Since May, Ana is placed at Pine Lodge, a short-term residential therapeutic program."]),
               ("Permanency", ["The concurrent plan is adoption."]))
    values = _values(doc)
    assert values["placement.caregiver_permanency_willingness"] == "no"
    codes = {e.codes[0] for e in elements_for(doc) if e.status == "not found"}
    assert "CP106" not in codes and "CP108" in codes


def test_a_facility_in_the_childs_past_is_not_her_home():
    doc = _doc(("Placement", ["Ana lives with her godmother, Ms. Ode, in Modesto; the home is approved.",
                              "In 2023 she spent a month in a group home."]))
    assert "placement.caregiver_permanency_willingness" not in _values(doc)


def test_a_facility_another_child_of_the_report_is_in_is_not_this_childs():
    doc = _doc(("Siblings", ["Leo is at Pine Lodge, a group home in Merced, and Ana lives with Ms. Ode."]),
               caption="In re Ana Ruiz and Leo Ruiz, Minors")
    ana, leo = read(doc)
    assert leo.values["placement.caregiver_permanency_willingness"].value == "no"
    assert "placement.caregiver_permanency_willingness" not in ana.values


def test_a_step_down_to_a_family_home_is_an_effort_toward_another_home():
    doc = _doc(("Placement", ["Ana is placed at Pine Lodge, a group home; the team plans on stepping her down to a "
                              "resource family home in the spring."]))
    assert "concurrent_plan.alternative_home_efforts" in _values(doc)


def test_the_month_may_after_a_preposition_is_not_a_hedge():
    assert status_of("Since May, the aunt has wanted to adopt.", re.compile("adopt")) == AFFIRMED
    assert status_of("In May the family said they would adopt.", re.compile("adopt")) == AFFIRMED


def test_a_line_that_is_only_a_childs_name_opens_that_childs_part():
    # a PDF's sub-headings carry no style: "Leo Ruiz (9)" alone on its line still opens Leo's part
    blocks = [Block("In re Ana Ruiz and Leo Ruiz, Minors"), Block("Plans", style="Heading 1"),
              Block("Ana Ruiz (6)"), Block("The concurrent plan is adoption by Ms. Ode."),
              Block("Leo Ruiz (9)"), Block("The concurrent plan is legal guardianship with Ms. Ode.")]
    ana, leo = read(split(blocks))
    assert ana.values["concurrent_plan.goal"].value == "adoption"
    assert leo.values["concurrent_plan.goal"].value == "legal_guardianship"


def test_in_one_childs_part_a_sentence_naming_another_child_is_theirs_too():
    doc = _doc(("Placement", ["Ana and Leo live with their aunt, Rosa Quill, whose home is approved."]),
               ("Ana Ruiz", ["On May 2 Ms. Quill met the worker. She said she would accept guardianship of Ana and Leo."]),
               ("Leo Ruiz", ["Leo's concurrent plan is also guardianship with Ms. Quill, for the same reasons."]),
               ("Ana's plan", ["Ana's concurrent plan is guardianship with Ms. Quill; it is realistic because she "
                               "is settled."]),
               caption="In re Ana Ruiz and Leo Ruiz, Minors")
    _, leo = read(doc)
    # the pronoun's holder is read from the sentence before it, which is in Ana's part
    assert leo.values["placement.caregiver_permanency_willingness"].value == "yes_guardianship"
    # "for the same reasons" takes the reasons given for Ana
    assert "realistic because" in leo.values["concurrent_plan.why_realistic"].value


def test_the_caregiver_named_in_a_label_table_holds_the_rows_below():
    doc = _doc_with_table("Placement", "Caregiver | Aunt Rosa Quill, Modesto", "Since | 03/01/2025",
                          "Home | Approved 2024. She agreed to raise Ana permanently.",
                          before=("Background", ["Ana was removed in March."]))
    assert _values(doc)["placement.caregiver_permanency_willingness"] == "yes_adopt"


def test_a_caption_set_as_a_table_row_names_only_the_child():
    blocks = [Block("In re ANA RUIZ, age 6 | Case No. JV-1 Hearing Dept. 4 Worker: Jo Ann Lee, CSW", table=True)]
    assert [c.name for c in children_of(split(blocks))] == ["Ana"]


def test_a_paragraph_cut_after_a_word_that_cannot_end_it_is_joined():
    from reportgen.review.extract import _join_pages

    pages = [[Block("The aunt told the undersigned on", page=1)], [Block("June 2 that she would adopt.", page=2)],
             [Block("A new paragraph.", page=3)]]
    assert [b.text for b in _join_pages(pages)] == ["The aunt told the undersigned on June 2 that she would adopt.",
                                                    "A new paragraph."]


def test_a_numbered_heading_under_a_paragraph_starts_a_block():
    from reportgen.review.extract import _pdf_blocks

    # lines of a wide page: a 70-character line is not "short" there, so the paragraph runs on
    lines = ["Some prose of the section that runs on for a while and ends here with a stop."] * 9 + [""]
    lines += ["They said they will care for the child as long as needed and will not", "adopt her.", "IX. Case Plan",
              "Each parent will attend a class."]
    texts = [b.text for b in _pdf_blocks("\n".join(lines), 1)]
    assert "They said they will care for the child as long as needed and will not adopt her." in texts
    assert "IX. Case Plan" in texts


def test_a_pdf_table_row_wrapped_over_lines_stays_one_row():
    from reportgen.review.extract import _pdf_blocks

    page = ["PARENTS",
            "Parent      Age Issues                     Services",
            "Tessa       34     Gambling, alcohol,      Counseling since May;",
            "Rourke             neglect                 testing",
            "Owen        37     Neglect                 None yet"]
    rows = [b.text for b in _pdf_blocks("\n".join(page), 1) if b.table]
    assert rows == ["Parent | Age | Issues | Services",
                    "Tessa Rourke | 34 | Gambling, alcohol, neglect | Counseling since May; testing",
                    "Owen | 37 | Neglect | None yet"]


def test_a_persons_own_answer_in_the_plans_section_is_not_the_agencys_plan():
    for answer in ("Mr. Penn would accept legal guardianship.", "Mr. Penn has signed a statement of intent to adopt."):
        doc = _doc(("Placement", ["Mila lives with her great-uncle, Walter Penn, whose home is approved."]),
                   ("Permanency", [answer]), caption="In re Mila Stone, a Minor")
        values = _values(doc)
        assert "concurrent_plan.goal" not in values
        assert values["placement.caregiver_permanency_willingness"] in ("yes_guardianship", "yes_adopt")


def test_cannot_keep_her_long_term_is_a_no():
    doc = _doc(PLACEMENT, ("Permanency", ["Ms. Ode cannot keep her long term."]))
    assert _values(doc)["placement.caregiver_permanency_willingness"] == "no"


def test_another_familys_own_yes_is_the_other_home():
    doc = _doc(PLACEMENT, ("Permanency", ["Ms. Ode cannot keep her long term. Her cousins, the Farrows, are willing "
                                          "to adopt her."]))
    values = _values(doc)
    assert values["placement.caregiver_permanency_willingness"] == "no"
    assert "the Farrows" in values["concurrent_plan.alternative_home_efforts"]


def test_a_sibling_outside_the_courts_jurisdiction_draws_no_visits_objection():
    doc = _doc(PLACEMENT, ("Siblings", ["Ana's sister Bea lives with her father in Oregon and is not a dependent. "
                                        "The girls talk by phone weekly."]))
    assert read(doc)[0].siblings[0]["placed_together"] is False
    assert not {e.codes[0] for e in elements_for(doc) if e.status == "not found"} & {"SB203", "SB204", "SB205"}


def test_a_goal_named_only_in_an_advisement_is_no_plan_and_says_so():
    doc = _doc(PLACEMENT, ("Advisements", ["The parents were advised that the court may order adoption if "
                                           "reunification fails."]))
    cp101 = next(e for e in elements_for(doc) if e.codes == ("CP101",))
    assert cp101.status == "not found" and "in passing" in cp101.reason and "advised" in (cp101.passage or "")


def test_in_re_the_matter_of_with_the_names_on_the_next_lines():
    blocks = [Block("IN RE THE MATTER OF"), Block("Oscar Lind and Petra Lind,"), Block("Minors.")]
    assert [c.name for c in children_of(split(blocks))] == ["Oscar", "Petra"]


def test_each_childs_clause_of_one_sentence_and_each_childs_answer():
    doc = _doc(("Placement", ["Oscar and Petra live together with their aunt, Ida Lind, whose home is approved. "
                              "Ms. Lind told the worker she would adopt Oscar and would become Petra's guardian."]),
               ("Concurrent Plan", ["For Oscar, the concurrent plan is adoption by Ms. Lind; for Petra, it is legal "
                                    "guardianship with Ms. Lind."]),
               caption="In re Oscar Lind and Petra Lind, Minors")
    oscar, petra = read(doc)
    assert oscar.values["concurrent_plan.goal"].value == "adoption"
    assert petra.values["concurrent_plan.goal"].value == "legal_guardianship"
    assert oscar.values["placement.caregiver_permanency_willingness"].value == "yes_adopt"
    assert petra.values["placement.caregiver_permanency_willingness"].value == "yes_guardianship"
    assert "CP112" not in {e.codes[0] for e in elements_for(doc) if e.status == "not found"}


def test_the_home_a_sibling_lives_in_ends_with_its_clause():
    # "because the Odes ..." after the sibling's home is the reason, not the sibling's home
    doc = _doc(("Placement", ["Ana lives with her godparents, Rosa and Luis Ode, whose home is approved."]),
               ("Siblings", ["Ana's brother Leo, 12, lives with a cousin in Merced because the Odes are licensed "
                             "for one child."]))
    sibling = read(doc)[0].siblings[0]
    assert sibling["placed_together"] is False
    assert "licensed for one child" in sibling["reason_apart"]


def test_a_placed_together_column_answered_no_in_the_siblings_table():
    doc = _doc_with_table("Siblings", "Name | Age | Where placed | Placed together | Visits",
                          "Leo Ruiz | 9 | A cousin, Merced | No | Twice monthly, supervised by the cousin")
    values = _values(doc)
    assert "siblings.apart" in values
    codes = {e.codes[0] for e in elements_for(doc) if e.status == "not found"}
    assert {"SB203", "SB204"} <= codes and "SB205" not in codes


def test_a_date_after_since_is_no_reason_for_a_separation():
    doc = _doc(PLACEMENT, ("Siblings", ["Ana's brother Leo has lived with a cousin in Merced since March."]))
    assert read(doc)[0].siblings[0]["reason_apart"] is None


def test_siblings_in_a_parents_custody_under_a_family_court_order_are_not_dependents():
    doc = _doc(PLACEMENT, ("Siblings", ["Ana's half-brothers have lived with their father in Reno under a family "
                                        "court custody order since 2023. Ana calls them every Sunday, unsupervised."]))
    sibling = read(doc)[0].siblings[0]
    assert sibling["placed_together"] is False and sibling["under_court_jurisdiction"] is False
    assert not {e.codes[0] for e in elements_for(doc) if e.status == "not found"} & {"SB203", "SB204", "SB205"}


@pytest.mark.parametrize("plan", [
    "Should reunification efforts fail, the Department recommends a permanent plan of adoption with the current "
    "caregivers. The plan is achievable because Ana has lived there a year. Immediate needs: stability and therapy. "
    "Long-range needs: a permanent family.",
    "Permanency goal (alternative): adoption by the Ode family. This plan is likely to succeed given Ana's bond with "
    "them. Right now Ana needs consistency; as she grows older she will need a family committed to her.",
    "If the mother is not able to reunify, the Agency will pursue adoption by the Odes, who have agreed to it. It is a "
    "realistic plan: Ana is thriving. Her present needs are met in the home, and her needs into adulthood are best met "
    "by adoption.",
    "Alternative permanent plan: adoption (Ode family). Why this plan is viable: Ana is attached. Short-term: therapy. "
    "Long-term: permanency.",
])
def test_a_complete_plan_in_other_words_draws_no_objection(plan):
    doc = _doc(("Placement", ["Ana lives with her resource parents, Rosa and Luis Ode, in Modesto; the home is "
                              "approved and meets her needs. The Odes told the worker they would adopt Ana if she "
                              "cannot go home."]),
               ("Concurrent Planning", [plan]), ("Siblings", ["Ana is an only child."]))
    values = _values(doc)
    assert values["concurrent_plan.goal"] == "adoption"
    assert not [e.codes for e in elements_for(doc) if e.status == "not found"]


@pytest.mark.parametrize(("line", "expected"), [
    ("Alma Bautista (13)", True), ("2. For Leo:", True), ("JOAQUÍN RUIZ, age 9", True), ("Leo", True),
    ("Ana needs therapy now", False), ("Leo's school", False), ("The children visit Leo", False),
])
def test_a_line_that_is_only_a_childs_name(line, expected):
    from reportgen.review.reading.judge import _child_line

    assert _child_line(line, ["Alma", "Leo", "Joaquín", "Ana"]) is expected


def test_the_childs_name_is_never_taken_from_a_table_header():
    header = [Block("Child | Current caregiver | Goal", table=True), Block("Hana (4) | Ms. Ode | Adoption", table=True)]
    assert children_of(split(header)) == []
    labelled = [Block("Child | Harper Bell, DOB 07/01/2024", table=True)]
    assert [c.name for c in children_of(split(labelled))] == ["Harper"]


def test_a_table_header_repeated_on_each_page_is_kept():
    from reportgen.review.extract import _join_pages

    header = "Sibling | Age | Same home?"
    pages = [[Block(header, page=1, table=True), Block("Leo | 9 | No", page=1, table=True)],
             [Block(header, page=2, table=True), Block("Mia | 2 | Yes", page=2, table=True)]]
    assert [b.text for b in _join_pages(pages)].count(header) == 2


def test_a_caption_on_its_own_line_labels_the_paragraph_below():
    doc = _doc(("Concurrent plan", ["The concurrent plan is adoption by Ms. Ode.", "Why the plan is realistic",
                                    "Ana has lived with Ms. Ode for two years and is attached to her.",
                                    "Search for a permanent family", "Not needed."]))
    values = _values(doc)
    assert values["concurrent_plan.why_realistic"].startswith("Why the plan is realistic: Ana has lived")
    # a caption's own words assert nothing: "Search for a permanent family" is no search
    assert "concurrent_plan.family_search_steps" not in values


def test_the_prospective_family_named_with_is():
    doc = _doc(PLACEMENT, ("Concurrent plan", ["The concurrent plan is legal guardianship. The prospective legal "
                                               "guardian is Rosa Ode (godmother), the child's current caregiver."]))
    family = _values(doc)["concurrent_plan.prospective_family"]
    assert family["name"].startswith("Rosa Ode") and family["is_current_caregiver"] is True


def test_an_aside_in_brackets_is_not_the_caregivers_answer():
    doc = _doc(PLACEMENT, ("Caregiver", ["Ms. Ode has said she will adopt Ana (Ana's brother, who is not in this "
                                         "case, does not want to be adopted)."]))
    assert _values(doc)["placement.caregiver_permanency_willingness"] == "yes_adopt"


def test_a_running_header_set_in_cells_is_dropped():
    from reportgen.review.extract import _join_pages

    head = "JV-1234 | DRAFT"
    pages = [[Block(head, page=1, table=True), Block("First page text.", page=1)],
             [Block(head, page=2, table=True), Block("Second page text.", page=2)]]
    assert [b.text for b in _join_pages(pages)] == ["First page text.", "Second page text."]


# --- layouts of other houses: questions and answers, running footers -----------------------------

QA = ("Concurrent plan", [
    "Q: What is the plan if the parents do not reunify?", "A: Guardianship with her godmother, Ms. Ode.",
    "Q: Is the caregiver willing to give Ana a permanent home?", "A: No. Ms. Ode takes only short stays.",
    "Q: What has been done to find another permanent home?",
    "A: Ana will be referred to the adoption unit if services are terminated.",
    "Q: What does Ana need now, and later?",
    "A: Now: speech therapy and a steady routine. Later: a family through high school and beyond."])


def test_a_question_labels_its_answer():
    said = [s for s in read(_doc(PLACEMENT, QA))[0].values.values() if s.said is not None]
    goal = read(_doc(PLACEMENT, QA))[0].values["concurrent_plan.goal"].said
    assert goal is not None and goal.label == "What is the plan if the parents do not reunify?"
    assert said and not any(s.said is not None and s.said.text.startswith("Q:") for s in said)


def test_yes_or_no_answers_the_question_asked():
    values = _values(_doc(PLACEMENT, QA))
    assert values["placement.caregiver_permanency_willingness"] == "no"
    yes = QA[1][:2] + ["Q: Is the caregiver willing to give Ana a permanent home?", "A: Yes, without hesitation."]
    assert _values(_doc(PLACEMENT, ("Concurrent plan", yes)))["placement.caregiver_permanency_willingness"] \
        == "yes_guardianship"


def test_a_search_promised_for_after_reunification_fails_is_no_search_now():
    values = _values(_doc(PLACEMENT, QA))
    assert "concurrent_plan.family_search_steps" not in values
    assert "concurrent_plan.alternative_home_efforts" not in values
    codes = {e.codes[0] for e in elements_for(_doc(PLACEMENT, QA)) if e.status == "not found"}
    assert "CP108" in codes


def test_words_of_time_under_a_needs_question_name_both_needs():
    values = _values(_doc(PLACEMENT, QA))
    assert values["concurrent_plan.short_term_needs"].endswith("Now: speech therapy and a steady routine.")
    assert "Later: a family" in values["concurrent_plan.long_term_needs"]


def test_a_question_and_its_answer_in_one_paragraph():
    doc = _doc(PLACEMENT, ("Concurrent plan", [
        "Q: Who would adopt Ana if she cannot go home? A: Her godmother, Ms. Ode, who has said she will adopt her."]))
    assert _values(doc)["placement.caregiver_permanency_willingness"] == "yes_adopt"


def test_a_running_footer_under_a_paragraph_is_not_read_into_it():
    from reportgen.review.extract import _drop_running_lines

    footer = "      Court report - JV-77 - Confidential - Page {}"
    one = "Heading line\nThe mother has joined a\n" + footer.format(1)
    two = "county program and attends.\nMore text here.\n" + footer.format(2)
    pages = _drop_running_lines([one, two])
    assert "Page" not in pages[0] + pages[1]
    assert pages[0].splitlines()[-1] == "The mother has joined a"


def test_a_caption_in_the_page_header_is_kept_on_the_first_page():
    from reportgen.review.extract import _drop_running_lines

    head = "In re ANA RUIZ, DOB 1/2/2019            Case No. JV-77\n"
    pages = _drop_running_lines([head + "First page.\nMore.", head + "Second page.\nMore."])
    assert pages[0].startswith("In re ANA RUIZ") and "In re" not in pages[1]


def test_a_sentence_case_heading_in_a_pdf_opens_its_section():
    blocks = [Block("In re Ana Ruiz, a Minor"), Block("Siblings"), Block("Ana has no brothers or sisters."),
              Block("Placement and relatives"),
              Block("Ana lives with her godmother, Ms. Ode, in Modesto, where she has her own room and a garden.")]
    doc = split(blocks)
    heading = next(p for p in doc.paragraphs if p.text == "Placement and relatives")
    assert heading.heading and "placement" in doc.paragraphs[-1].topics and "siblings" not in doc.paragraphs[-1].topics


def test_the_caregiver_named_in_a_placement_cell_or_by_what_they_are():
    cell = _doc(("Case facts", []), ("Concurrent plan", ["Ms. Ode would adopt Ana, she told the worker."]))
    cell.paragraphs.insert(2, cell.paragraphs[1].__class__(90, "Placement | Rosa Ode, resource parent, Modesto",
                                                           None, table=True))
    assert _values(cell)["placement.caregiver_permanency_willingness"] == "yes_adopt"
    named = _doc(("Placement", ["The Lees, both 44, are an approved resource family with two grown children."]),
                 ("Concurrent plan", ["The Lees told the undersigned they would be honored to adopt Ana."]))
    assert _values(named)["placement.caregiver_permanency_willingness"] == "yes_adopt"


def test_staying_connected_with_someone_is_not_living_there():
    from reportgen.review.reading.judge import _homes

    assert _homes("Over time she needs a family that stays connected with her grandmother.", "Ana", []) == []
    assert _homes("Ana stays with her grandmother on weekdays.", "Ana", []) != []


def test_needs_of_the_next_months_are_short_term():
    doc = _doc(PLACEMENT, ("Concurrent plan", ["The concurrent plan is adoption by Ms. Ode.",
                                               "In the next six months Ana needs therapy and a steady routine."]))
    assert "concurrent_plan.short_term_needs" in _values(doc)


def test_quoted_words_in_the_first_person_are_the_speakers_and_a_translation_is_not_an_aside():
    doc = _doc(PLACEMENT, ("Concurrent plan", [
        'The undersigned asked Ms. Ode what she would want. She answered: "Si no puede, la adopto." '
        '("If she cannot, I will adopt her.")']))
    assert _values(doc)["placement.caregiver_permanency_willingness"] == "yes_adopt"


def test_a_condition_set_off_by_a_comma_does_not_negate_the_main_clause():
    doc = _doc(PLACEMENT, ("Concurrent plan", ['Ms. Ode told the worker: "If her mother cannot, I want to adopt her."']))
    assert _values(doc)["placement.caregiver_permanency_willingness"] == "yes_adopt"


def test_a_short_answer_under_a_label_answers_the_labels_words():
    doc = _doc(PLACEMENT, ("Concurrent plan", ["Interest in adoption: Declined — she prefers guardianship, so that "
                                               "the parents stay Ana's parents."]))
    assert _values(doc)["placement.caregiver_permanency_willingness"] == "yes_guardianship"


def test_lasting_care_without_a_legal_tie_carries_appla_and_a_relative_plan():
    appla = _doc(PLACEMENT, ("Concurrent plan", [
        "The concurrent plan is APPLA with Ms. Ode.", "Caregiver's position: Ms. Ode has committed to keep Ana in "
        "her home until she is 21. She does not wish to adopt her or become her guardian."]))
    codes = {e.codes[0] for e in elements_for(appla) if e.status == "not found"}
    assert not codes & {"CP106", "CP108", "CP112"}
    relative = _doc(PLACEMENT, ("Concurrent plan", [
        "The concurrent plan is placement with a fit and willing relative, Ms. Ode.",
        "Ms. Ode agreed to care for Ana permanently and is not interested in adoption or guardianship."]))
    codes = {e.codes[0] for e in elements_for(relative) if e.status == "not found"}
    assert not codes & {"CP106", "CP108", "CP112"}
    adoption = _doc(PLACEMENT, ("Concurrent plan", [
        "The concurrent plan is adoption by Ms. Ode.",
        "Ms. Ode agreed to care for Ana permanently and is not interested in adoption or guardianship."]))
    assert {"CP112"} <= {e.codes[0] for e in elements_for(adoption) if e.status == "not found"}


def test_the_answer_to_a_question_about_the_child_is_the_childs():
    doc = _doc(PLACEMENT, ("Concurrent plan", ["Q: What does Ana want?",
                                               "A: She told the worker she does not want to be adopted."]))
    assert "placement.caregiver_permanency_willingness" not in _values(doc)


def test_the_sentences_of_one_answer_are_read_together():
    doc = _doc(PLACEMENT, ("Concurrent plan", ["The concurrent plan is legal guardianship with Ms. Ode.",
                                               "Ms. Ode told the worker she will become Ana's legal guardian if Ana "
                                               "cannot go home. She does not want to adopt her."]))
    assert _values(doc)["placement.caregiver_permanency_willingness"] == "yes_guardianship"
    assert not {e.codes[0] for e in elements_for(doc) if e.status == "not found"} & {"CP108", "CP112"}


def test_what_is_preferred_over_something_declines_it():
    doc = _doc(PLACEMENT, ("Concurrent plan", ["Ms. Ode said she prefers guardianship to adoption, so that Ana's "
                                               "mother stays her mother."]))
    assert _values(doc)["placement.caregiver_permanency_willingness"] == "yes_guardianship"


def test_unsure_about_the_long_haul_is_unsure():
    doc = _doc(PLACEMENT, ("Concurrent plan", ['Ms. Ode said she is "not sure I can do this for the long haul."']))
    assert _values(doc)["placement.caregiver_permanency_willingness"] == "unsure"


def test_a_numbered_sentence_case_heading_in_a_pdf():
    blocks = [Block("In re Ana Ruiz, a Minor"), Block("5. Siblings"), Block("Ana has no brothers or sisters."),
              Block("7. Concurrent plan"),
              Block("The concurrent plan is adoption by Ms. Ode, her godmother, who has cared for her since May.")]
    assert "concurrent_plan" in split(blocks).paragraphs[-1].topics


def test_an_addendum_supersedes_the_report_where_it_differs():
    doc = _doc(PLACEMENT,
               ("Concurrent plan", ["The concurrent plan is adoption by Ms. Ode.",
                                    "Ms. Ode told the worker she would adopt Ana."]),
               ("Addendum report", ["This addendum controls where it differs from the report."]),
               ("Updated plan", ["Ms. Ode told the worker on May 2 that she will not adopt Ana; she would become "
                                 "her legal guardian.", "The concurrent plan of adoption by Ms. Ode is unchanged."]))
    values = _values(doc)
    assert values["placement.caregiver_permanency_willingness"] == "yes_guardianship"
    assert "CP112" in {e.codes[0] for e in elements_for(doc) if e.status == "not found"}


def test_an_addendum_that_says_no_family_is_identified_removes_the_reports_family():
    doc = _doc(PLACEMENT,
               ("Concurrent plan", ["The concurrent plan is adoption by the Lee family, who want to adopt Ana."]),
               ("Addendum", ["The Lees withdrew. The concurrent plan remains adoption. "
                             "Identified adoptive home: none identified at this time."]))
    assert "concurrent_plan.prospective_family" not in _values(doc)


def test_a_word_footnote_is_read_after_the_paragraph_that_calls_it(tmp_path):
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    from reportgen.review.extract import docx_blocks

    document = docx.Document()
    p = document.add_paragraph("The concurrent plan is guardianship with the grandfather.")
    run = p.add_run()
    run._r.append(run._r.makeelement("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}footnoteReference",
                                     {"{http://schemas.openxmlformats.org/wordprocessingml/2006/main}id": "3"}))
    document.add_paragraph("Next paragraph.")
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    xml = ('<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:t>---</w:t></w:r></w:p></w:footnote>'
           '<w:footnote w:id="3"><w:p><w:r><w:t>He will become her guardian.</w:t></w:r></w:p></w:footnote>'
           '</w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                xml.encode(), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    path = tmp_path / "notes.docx"
    document.save(str(path))
    texts = [b.text for b in docx_blocks(docx.Document(str(path)))]
    assert texts == ["The concurrent plan is guardianship with the grandfather.", "He will become her guardian.",
                     "Next paragraph."]


@pytest.mark.parametrize(("text", "only", "age"), [
    ("In re Ana Ruiz. The Agency recommends that Ana, age fifteen, be declared a dependent.", False, 15),
    ("In re ANA RUIZ (15) and LEO RUIZ (2), minors.", False, 15),
    ("In re: ANA RUIZ\nFecha de nacimiento / DOB: 1/30/2012 (13 years)", True, 13),
    ("In re: ANA RUIZ\nThe youth is fourteen years old.", True, 14),
    ("In re: ANA RUIZ\nThe youth is fourteen years old.", False, None),
])
def test_the_childs_age_as_reports_state_it(text, only, age):
    from reportgen.review.reading.judge import _age

    assert _age("Ana", text, only=only) == age


def test_a_childs_line_with_a_dash_and_a_place_opens_that_childs_part():
    from reportgen.review.reading.judge import _child_line

    assert _child_line("Leo (9) — Albers home, Larkspur", ["Leo", "Ana"])
    assert not _child_line("Leo (9) — he lives with the Albers family and is doing well in school.", ["Leo", "Ana"])


@pytest.mark.parametrize(("sentence", "target", "expected"), [
    ("She said yes without hesitation to becoming his guardian.", "guardian", AFFIRMED),
    ("She has no doubt she will adopt him.", "adopt", AFFIRMED),
    ("She said she would not adopt him.", "adopt", NEGATED),
])
def test_pseudo_triggers_trigger_nothing(sentence, target, expected):
    assert status_of(sentence, re.compile(target)) == expected


def test_a_caption_set_as_a_table_in_the_word_page_header_is_read(tmp_path):
    import docx

    from reportgen.review.extract import docx_blocks

    document = docx.Document()
    header = document.sections[0].header
    table = header.add_table(1, 2, docx.shared.Inches(6))
    table.cell(0, 0).text = "In re ANA RUIZ, DOB 5/6/2010\nA child coming under WIC §300"
    table.cell(0, 1).text = "Case No. JV-77"
    document.add_paragraph("Body text.")
    path = tmp_path / "header.docx"
    document.save(str(path))
    blocks = docx_blocks(docx.Document(str(path)))
    assert [b.text for b in blocks if b.style == "Header"][:2] == ["In re ANA RUIZ, DOB 5/6/2010",
                                                                   "A child coming under WIC §300"]
    assert [c.name for c in children_of(split(blocks))] == ["Ana"]


TWO = "In re Ana Ruiz and Leo Ruiz, Minors"


def test_the_second_clause_of_where_children_live_places_the_sibling_apart():
    doc = _doc(("Siblings", ["Ana and Leo are full siblings. Ana resides with her godmother, Rosa Ode, in Modesto, "
                             "and Leo lives with resource parents Kim and Bo Lee in Fresno."]), caption=TWO)
    for reading in read(doc):
        assert reading.siblings[0]["placed_together"] is False, reading.child.name


def test_capacity_is_a_reason_for_living_apart():
    doc = _doc(("Siblings", ["Ana lives with her godmother, Rosa Ode, in Modesto, while Leo lives with resource "
                             "parents in Fresno. Ms. Ode's apartment has one bedroom, so she could take only one "
                             "child."]), caption=TWO)
    assert read(doc)[0].siblings[0]["reason_apart"]


def test_a_value_given_as_above_for_another_child_is_that_value():
    from reportgen.review.reading.judge import statements

    blocks = [Block(TWO), Block("Ana (9)", style="Heading 2"),
              Block("Caregiver's position | Ms. Ode said she will adopt Ana.", table=True),
              Block("Leo (4)", style="Heading 2"), Block("Caregiver's position | As stated above for Ana", table=True)]
    said = [s for s in statements(split(blocks), children_of(split(blocks))) if s.label == "Caregiver's position"]
    assert [s.text for s in said] == ["Ms. Ode said she will adopt Ana."] * 2


def test_siblings_apart_told_in_an_addendum_with_the_reason_in_its_section():
    """The reason is read in the section that tells of the separation, where it names a child of the report."""
    doc = _doc(("Siblings", ["Ana and Leo live together with their grandfather, Tom Ode."]),
               ("Addendum", ["This addendum controls where it differs."]),
               ("Change in circumstances", [
                   "Mr. Ode told the Department he could care for one child while his wife is in hospital and asked "
                   "that Ana stay with him.",
                   "On May 3 Leo moved to the resource family home of Kim and Bo Lee in Fresno.",
                   "Ana remains with her grandfather. Ana and Leo see each other every Saturday, supervised by Mr. Ode."]),
               caption=TWO)
    for reading in read(doc):
        sibling = reading.siblings[0]
        assert sibling["placed_together"] is False and sibling["reason_apart"], reading.child.name
        assert sibling["visits"]["frequency"], reading.child.name


def test_a_section_sign_or_section_word_numbers_a_heading():
    blocks = [Block("In re Ana Ruiz, a Minor"), Block("§ 6   PLAN CONCURRENTE / CONCURRENT PLAN"),
              Block("The concurrent plan is adoption by Ms. Ode."), Block("Section 7 — Siblings"),
              Block("Ana has no brothers or sisters.")]
    doc = split(blocks)
    assert [p.text for p in doc.headings()] == ["§ 6   PLAN CONCURRENTE / CONCURRENT PLAN", "Section 7 — Siblings"]
    assert "concurrent_plan" in doc.paragraphs[2].topics and "siblings" in doc.paragraphs[4].topics


def test_a_pdf_footnote_is_read_after_the_paragraph_that_calls_it():
    from reportgen.review.extract import _place_footnotes

    blocks = [Block("The concurrent plan is guardianship with the grandfather, Tom Ode.3", page=1),
              Block("The plan is realistic because Ana knows him well.", page=1),
              Block("3 On May 4 Mr. Ode said he will become her guardian.", page=1)]
    texts = [b.text for b in _place_footnotes(blocks)]
    assert texts == ["The concurrent plan is guardianship with the grandfather, Tom Ode.",
                     "On May 4 Mr. Ode said he will become her guardian.",
                     "The plan is realistic because Ana knows him well."]
    # a numbered line that nothing calls stays where it is
    lone = [Block("Ana is 3 years old.", page=1), Block("2 Items were reviewed.", page=1)]
    assert [b.text for b in _place_footnotes(lone)] == ["Ana is 3 years old.", "2 Items were reviewed."]


def test_a_caption_that_lists_children_over_two_lines():
    blocks = [Block("In re ANA RUIZ, DOB 1/2/2017, and", style="Header"), Block("LEO RUIZ, DOB 3/4/2022", style="Header"),
              Block("Body text.")]
    assert [c.name for c in children_of(split(blocks))] == ["Ana", "Leo"]


def test_what_the_caregiver_was_asked_about_is_not_her_answer():
    doc = _doc(PLACEMENT, ("Concurrent plan", [
        "When the undersigned asked Ms. Ode on May 3 about caring for Ana permanently, she said she would gladly keep "
        "her for now, but \"I don't feel able to commit forever.\""]))
    assert _values(doc)["placement.caregiver_permanency_willingness"] == "no"


def test_a_reason_for_guardianship_over_adoption_is_the_goals_reason():
    doc = _doc(PLACEMENT, ("Concurrent plan", [
        "The concurrent plan is legal guardianship with Ms. Ode.",
        "Ms. Ode said she would adopt Ana if that were possible, and that if Ana does not want adoption she will "
        "become her legal guardian.",
        "Guardianship respects Ana's wish not to be adopted and keeps her mother's legal tie."]))
    values = _values(doc)
    assert values["placement.caregiver_permanency_willingness"] == "yes_guardianship"
    assert "concurrent_plan.goal_reason" in values
    assert "CP112" not in {e.codes[0] for e in elements_for(doc) if e.status == "not found"}


@pytest.mark.parametrize(("text", "label", "expected"), [
    ("Undecided", "Caregiver's position on permanency", "unsure"),
    ('Ms. Ode said she would "probably" consider it, but she has not decided whether she can take Ana permanently.',
     "", "unsure"),
])
def test_undecided_is_unsure(text, label, expected):
    doc = _doc(PLACEMENT, ("Concurrent plan", [f"{label}: {text}" if label else text]))
    assert _values(doc)["placement.caregiver_permanency_willingness"] == expected


def test_a_pronoun_keeps_the_subject_and_an_object_holds_no_answer():
    doc = _doc(("Placement", ["Ana lives with her uncle, Tom Ode, in Modesto; the home is approved."]),
               ("The child", ["Ana was interviewed on May 1. She said she is angry at her mother. She wants to stay "
                              "with her uncle and does not want to be adopted by anyone."]),
               ("Concurrent plan", ["The concurrent plan is legal guardianship with Mr. Ode.",
                                    "Mr. Ode said he would accept legal guardianship and keep Ana until adulthood."]))
    assert _values(doc)["placement.caregiver_permanency_willingness"] == "yes_guardianship"


@pytest.mark.parametrize(("caption", "names"), [
    (["In re SILAS BELL, DOB 11/02/2014,", "a Child Described by Welfare and Institutions Code Section 300"], ["Silas"]),
    (["In re SILAS BELL, DOB 11/02/2014, a Child Described by Welfare and Institutions Code Section 300"], ["Silas"]),
    (["In re: LUCÍA SOLÓRZANO (8) y | Case Nos. RD-1", "/ and EMILIO SOLÓRZANO (6) | 0403"], ["Lucía", "Emilio"]),
])
def test_captions_over_lines_and_cells(caption, names):
    blocks = [Block(line, table=" | " in line) for line in caption] + [Block("Body text.")]
    assert [c.name for c in children_of(split(blocks))] == names


def test_a_rationale_label_gives_the_plan_its_reasons():
    doc = _doc(PLACEMENT, ("Permanency", ["Concurrent Plan: Legal guardianship with Ms. Ode.",
                                          "Rationale: Ana is settled in Ms. Ode's home and wants to stay there."]))
    assert _values(doc)["concurrent_plan.why_realistic"].startswith("Rationale:")


def test_the_family_named_after_the_childs_possessive():
    doc = _doc(PLACEMENT, ("Assessment", ["If reunification fails, the concurrent plan is legal guardianship with "
                                          "Ana's maternal aunt, Rosa Bell-Tate, in whose home she lives."]))
    assert "concurrent_plan.prospective_family" in _values(doc)


def test_each_row_of_a_siblings_table_is_its_own_sibling():
    blocks = [Block("In re Ana Ruiz, a Minor"), Block("Placement", style="Heading 1"),
              Block("Ana lives with her godmother, Ms. Ode, in Modesto."), Block("Siblings", style="Heading 1"),
              Block("Name | Age | Placement | Together? | Visits", table=True),
              Block("Leo Ruiz | 15 | Harmon home, Fresno | No | Twice monthly, supervised by the agency", table=True),
              Block("Mia Ruiz | 6 | Grandmother, Reno | No | Weekly phone calls", table=True)]
    siblings = read(split(blocks))[0].siblings
    assert [s["visits"]["supervised"] for s in siblings] == [True, None]
    assert "SB205" in {e.codes[0] for e in elements_for(split(blocks)) if e.status == "not found"}


def test_a_short_last_word_set_left_of_its_column_is_cut_into_it():
    from reportgen.review.extract import _table_rows

    band = ["Name               Age                   Placement          Together?          Visits",
            "Leo Ruiz           15                    Harmon resource No                    Twice monthly",
            "Mia Ruiz           6                     Grandmother        No                 Weekly calls"]
    assert _table_rows(band)[1] == ["Leo Ruiz", "15", "Harmon resource", "No", "Twice monthly"]


def test_each_sibling_apart_is_read_from_what_names_it():
    """The reason one sibling lives apart does not explain another's separation."""
    doc = _doc(("Siblings", [
        "Leo, Ana and Mia are full siblings.",
        "Leo is at the Oak House short-term residential therapeutic program, Ana lives with her grandmother, "
        "Rosa Ode, in Modesto, and Mia is with resource parent Kim Lee in Fresno.",
        "Leo's needs cannot be managed in a family home, so placing him with his sisters is not appropriate "
        "while he is in treatment.",
        "The three children see one another every Sunday, supervised by the agency."]),
        caption="In re Leo Ruiz, Ana Ruiz and Mia Ruiz, Minors")
    ana = next(r for r in read(doc) if r.child.name == "Ana")
    by_name = {s["name"]: s for s in ana.siblings}
    assert set(by_name) == {"Leo", "Mia"}
    assert by_name["Leo"]["efforts_inappropriate_reason"] and not by_name["Mia"]["reason_apart"]
    codes = {e.codes[0] for e in elements_for(doc) if e.status == "not found" and e.child == "Ana"}
    assert {"SB203", "SB204"} <= codes and "SB205" not in codes


def test_a_dependent_sibling_apart_is_judged_beside_an_adopted_one():
    doc = _doc(PLACEMENT, ("Siblings", [
        "Lily, age 11, lives with the maternal aunt in Reno as her adopted daughter and is not under the Court's "
        "jurisdiction. Ana sees Lily every other Sunday, unsupervised.",
        "Tom, age 13, is a dependent in the same case. He lives with his grandfather in Fresno. The grandfather "
        "has no room for a second child. The Department will arrange contact between Ana and Tom."]))
    by_name = {s["name"]: s for s in read(doc)[0].siblings}
    assert by_name["Lily"]["under_court_jurisdiction"] is False and by_name["Tom"]["under_court_jurisdiction"] is None
    assert "SB205" in {e.codes[0] for e in elements_for(doc) if e.status == "not found"}


def test_needs_said_with_words_of_time_in_a_sentence():
    doc = _doc(PLACEMENT, ("Concurrent plan", ["The concurrent plan is adoption by Ms. Ode. It is realistic because "
                                               "Ana is attached to her. She needs therapy and stability now, and a "
                                               "permanent home with family in the long term."]))
    values = _values(doc)
    assert "concurrent_plan.short_term_needs" in values and "concurrent_plan.long_term_needs" in values


def test_a_sub_heading_naming_a_field_labels_its_paragraphs_in_the_childs_part():
    blocks = [Block("In re Ana Ruiz and Leo Ruiz, Minors"), Block("Ana Ruiz", style="Heading 1"),
              Block("Concurrent plan", style="Heading 2"), Block("The concurrent plan is adoption by Ms. Ode."),
              Block("Why the plan is realistic", style="Heading 3"),
              Block("Ana has lived with Ms. Ode for two years and is attached to her."),
              Block("Leo Ruiz", style="Heading 1"), Block("Leo lives with his father.")]
    ana = read(split(blocks))[0]
    realism = ana.values["concurrent_plan.why_realistic"].said
    assert realism is not None and realism.label == "Why the plan is realistic" and realism.children == {"Ana"}


def test_a_child_said_not_to_be_a_sibling_is_not_a_sibling_apart():
    doc = _doc(PLACEMENT, ("Placement", ["Other children in the home: Rosa Ode, 14, a cousin, not a sibling of "
                                         "Ana, lives with her parents."]))
    assert "siblings.apart" not in _values(doc)


def test_a_running_header_on_the_first_page_is_dropped_when_a_caption_stands_below_it():
    from reportgen.review.extract import _drop_running_lines

    head = "In re Ana Ruiz et al. — JV-77            DRAFT\n"
    one = head + "Superior Court\n   In re Ana Ruiz and Leo Ruiz\nFirst page."
    pages = _drop_running_lines([one, head + "Second page.\nMore."])
    assert "et al." not in pages[0] and "In re Ana Ruiz and Leo Ruiz" in pages[0]


def test_once_a_month_is_a_frequency():
    doc = _doc(PLACEMENT, ("Siblings", ["Ana's brother Leo, 15, is placed at a residential treatment program "
                                        "because of his clinical needs; placing them together is not appropriate "
                                        "for now. They visit once a month, supervised by program staff."]))
    assert "SB205" not in {e.codes[0] for e in elements_for(doc) if e.status == "not found"}


def test_a_short_line_under_a_sentences_end_is_its_own_block():
    from reportgen.review.extract import _line_blocks

    lines = ["The plan keeps him with his uncle and his team there.", "Camila",
             "Concurrent plan: adoption by her resource parents."]
    assert [b.text for b in _line_blocks(lines, 1, 50)] == [
        "The plan keeps him with his uncle and his team there.", "Camila",
        "Concurrent plan: adoption by her resource parents."]


def test_the_caregiver_of_several_children_from_a_placement_sentence_naming_no_child():
    doc = _doc(("Placement", ["Iolanda Brandão, 67, the maternal grandmother, lives in a three-bedroom house. "
                              "The home was approved on May 3. She told the undersigned that she will keep the "
                              "children \"forever if it comes to that.\""]),
               caption="In re Ana Ruiz and Leo Ruiz, Minors")
    for reading in read(doc):
        assert reading.values["placement.caregiver_permanency_willingness"].value.startswith("yes"), reading.child.name


def test_a_value_put_off_to_later_is_no_value():
    doc = _doc(PLACEMENT, ("Concurrent plan", ["Concurrent plan: Adoption by Ms. Ode.",
                                               "Why the plan is realistic: Ana is attached to Ms. Ode.",
                                               "Needs now: Speech services.",
                                               "Needs over time: Will be identified once the evaluation is complete."]))
    assert "concurrent_plan.long_term_needs" not in _values(doc)


def test_a_search_still_to_come_is_no_search():
    doc = _doc(PLACEMENT, ("Concurrent plan", ["Concurrent goal: Adoption. Prospective family: to be recruited."]))
    values = _values(doc)
    assert "concurrent_plan.family_search_steps" not in values and "concurrent_plan.alternative_home_efforts" not in values


def test_another_childs_guardian_is_not_this_childs_other_home():
    doc = _doc(("Placement", ["Leo lives with his aunt, Rosa Navarro, in Fresno.",
                              "Mia lives with resource parents Tom and Erin Lee in Clovis.",
                              "Ms. Navarro said she would accept legal guardianship of Leo.",
                              "The Lees said they are not in a position to adopt Mia."]),
               ("Siblings", ["Leo resides with his aunt in Fresno while Mia is in a resource family home in Clovis."]),
               caption="In re Leo Ruiz and Mia Ruiz, Minors")
    leo, mia = read(doc)
    assert "concurrent_plan.alternative_home_efforts" not in mia.values
    assert leo.siblings[0]["placed_together"] is False


def test_a_reports_words_are_not_kept_after_its_reading():
    from reportgen.review.reading.judge import _named_once

    read(_doc(PLACEMENT, ("Concurrent plan", ["Ms. Ode said she will adopt Ana."])))
    assert _named_once.cache_info().currsize == 0


@pytest.mark.parametrize(("line", "said"), [
    ("Concurrent plan: ☐ Adoption ☒ Legal guardianship ☐ APPLA", "Concurrent plan: Legal guardianship"),
    ("Caregiver willing to adopt? [ ] Yes [X] No", "Caregiver willing to adopt? No"),
    ("Siblings placed together: ☐ Yes ☐ No", "Siblings placed together:"),
    ("No boxes here.", "No boxes here."),
])
def test_only_ticked_boxes_of_a_form_are_said(line, said):
    from reportgen.review.reading.judge import _checked_only

    assert _checked_only(line) == said


def test_a_form_with_ticked_boxes_is_read_for_what_is_ticked():
    doc = _doc(PLACEMENT, ("Concurrent plan", ["Concurrent plan: ☒ Legal guardianship with Ms. Ode ☐ Adoption ☐ APPLA"]))
    assert _values(doc)["concurrent_plan.goal"] == "legal_guardianship"


def test_the_writers_we_is_the_agency_and_a_quoted_we_the_speakers():
    ours = _doc(PLACEMENT, ("Concurrent plan", ["We told Ms. Ode about adoption. We will seek adoption by the Lees, "
                                                "who want to adopt Ana."]))
    assert "placement.caregiver_permanency_willingness" not in _values(ours)
    quoted = _doc(PLACEMENT, ("Concurrent plan", ["Ms. Ode told us: 'She is family. If her mother cannot do it, we'll "
                                                  "adopt her.'"]))
    assert _values(quoted)["placement.caregiver_permanency_willingness"] == "yes_adopt"


def test_word_content_controls_and_legacy_check_boxes_are_read(tmp_path):
    """Words in a Word form's content controls (inline and block) and its legacy check boxes are text too."""
    import docx
    from docx.oxml.parser import parse_xml

    from reportgen.review.extract import docx_blocks

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    p = document.add_paragraph("Concurrent plan: ")
    p._p.append(parse_xml(f'<w:sdt {w}><w:sdtContent><w:r><w:t>Legal guardianship</w:t></w:r></w:sdtContent></w:sdt>'))
    document.element.body.insert(1, parse_xml(
        f'<w:sdt {w}><w:sdtContent><w:p><w:r><w:t>Inside a block control.</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    box = document.add_paragraph()
    for ticked, label in ((False, "Adoption"), (True, "Guardianship")):
        box._p.append(parse_xml(f'<w:r {w}><w:fldChar w:fldCharType="begin"><w:ffData><w:checkBox>'
                                f'<w:default w:val="{int(ticked)}"/></w:checkBox></w:ffData></w:fldChar></w:r>'))
        box._p.append(parse_xml(f'<w:r {w}><w:t xml:space="preserve"> {label} </w:t></w:r>'))
    path = tmp_path / "form.docx"
    document.save(str(path))
    texts = [b.text for b in docx_blocks(docx.Document(str(path)))]
    assert "Concurrent plan: Legal guardianship" in texts and "Inside a block control." in texts
    assert "☐  Adoption ☒  Guardianship" in texts


# --- a rule never objects on a value the reading could not place ---------------------------------


def _status(doc, code: str) -> str:
    return next(e.status for e in elements_for(doc) if code in e.codes)


def test_caregiver_talk_the_reading_cannot_place_is_a_point_to_verify_not_an_objection():
    # the caregiver's words on adoption are about another child, long ago: no answer the reading knows
    doc = _doc(PLACEMENT, ("Caregiver", ["Ms. Ode told us she adopted her own nephew in 2012 and knows what "
                                         "adoption asks."]))
    assert "placement.caregiver_permanency_willingness" not in _values(doc)
    assert _status(doc, "CP106") == "to verify"
    from reportgen.review.heuristics import findings_for

    found = [f for f in findings_for(elements_for(doc)) if f.code == "CP106"]
    assert [(f.severity, f.message.startswith("To verify:")) for f in found] == [("warn", True)]
    assert found[0].passage and "nephew" in found[0].passage  # the passage to read is quoted


def test_silence_never_asked_and_an_open_question_stay_objections():
    silent = _doc(PLACEMENT, ("Permanency", ["The concurrent plan is adoption."]))
    assert _status(silent, "CP106") == "not found"
    asked = _doc(PLACEMENT, ("Caregiver", ["Ms. Ode has not been asked about adoption or guardianship."]))
    assert _status(asked, "CP106") == "not found"
    unclear = _doc(PLACEMENT, ("Caregiver", ["It is unclear whether Ms. Ode would adopt Ana."]))
    assert _status(unclear, "CP106") == "not found"


def test_unplaced_needs_passages_for_every_missing_value_and_nothing_said_empty():
    from reportgen.review.reading.judge import Child, ChildReading, Statement
    from reportgen.review.reading.verdict import unplaced

    s = Statement(text="Ana's half-brothers live with their father in Reno.", label="", section="Family",
                  topics=frozenset(), page=None, index=3)
    r = ChildReading(Child("Ana"))
    assert unplaced(r, ("has_siblings",)) is None  # silence: an objection
    r.unplaced["has_siblings"] = [s]
    assert unplaced(r, ("has_siblings",)) == [s]
    assert unplaced(r, ("has_siblings", "children[0].placement.caregiver_permanency_willingness")) is None
    r.empty.add("has_siblings")  # "Siblings: none known" said outright: an objection again
    assert unplaced(r, ("has_siblings",)) is None
    r.put("concurrent_plan.goal", "adoption", s)
    assert unplaced(r, ("concurrent_plan.goal",)) is None  # a placed value is no point to verify


def test_a_caregiver_called_by_the_given_name_is_the_caregiver():
    doc = _doc(("Placement", ["Ana lives with her great-aunt, Philippa Strand, in Modesto."]),
               ("Permanency", ["If Ana cannot go home, Aunt Philippa will adopt her."]))
    assert _values(doc)["placement.caregiver_permanency_willingness"] == "yes_adopt"


def test_a_clause_led_by_a_pronoun_stays_with_the_child_before_it():
    doc = _doc(("Placement", ["Ana and Leo live with their godmother, Ms. Ode, in Modesto."]),
               ("Permanency", ["The concurrent plan for Ana is adoption by Ms. Ode. Adoption is realistic for a child "
                               "of three who has bonded to Ms. Ode. Now Ana needs speech therapy and visits; later she "
                               "needs a permanent family and continued contact with Leo."]),
               caption="In re Ana Ruiz and Leo Ruiz, Minors")
    ana = next(r for r in read(doc) if r.child.name == "Ana")
    assert "concurrent_plan.long_term_needs" in ana.values  # "later she needs": Ana's, though it names Leo


def test_a_plan_argued_under_a_heading_the_layout_does_not_know():
    doc = _doc(PLACEMENT,
               ("If Ana cannot go home", ["The concurrent plan is adoption by Ms. Ode, who told us she will adopt Ana.",
                                          "What makes this workable: Ana already lives there and is attached to her "
                                          "godmother. What Ana needs this year is steady school and therapy. What she "
                                          "will need as she grows is a family that is hers for good."]))
    values = _values(doc)
    assert {"concurrent_plan.why_realistic", "concurrent_plan.short_term_needs",
            "concurrent_plan.long_term_needs"} <= set(values)
    assert _status(doc, "CP111") == "found"


def test_a_block_quote_is_the_words_of_the_speaker_its_line_names():
    doc = _doc(("Placement", ["Ana lives with her aunt, Billie Garrow, in Modesto. The home is approved and safe."]),
               ("Statements", ["Marnie Garrow, mother, 10/1/2025:", "I don't want anyone adopting my kids.",
                               "Billie Garrow, paternal aunt and caregiver, 10/8/2025:",
                               "I'll take her for good, whatever the court needs, and I'm not going anywhere."]))
    # the mother's refusal is not the caregiver's answer, though they share a surname
    assert _values(doc)["placement.caregiver_permanency_willingness"] in ("yes_adopt", "yes_guardianship")
    assert _status(doc, "CP106") == "found"


def test_the_one_who_adopts_the_child_is_not_the_child():
    doc = _doc(("Placement", ["Ana lives with Greta Wohlfahrt, a resource parent, in Pell City. Her home is approved "
                              "and equipped for his care. She told us she \"would adopt Ana if it came to that.\""]))
    assert _values(doc)["placement.caregiver_permanency_willingness"] == "yes_adopt"


def test_a_petitions_concerning_caption_names_the_children():
    blocks = [Block("Juvenile Dependency Petitions of the COUNTY DEPARTMENT OF SOCIAL SERVICES concerning"),
              Block('CORMAC BRECKINRIDGE, born 3/3/2010, and FIONNUALA ("NULA") BRECKINRIDGE, born 8/21/2013, minors, '
                    "persons described by Welfare and Institutions Code Section 300."),
              Block("I. RECOMMENDATIONS", style="Heading 1"), Block("Both minors should be declared dependents.")]
    assert [c.name for c in children_of(split(blocks))] == ["Cormac", "Nula"]
    # the word on its own line, as a cover page sets it
    blocks[0:1] = [Block("Juvenile Dependency Petitions of the"), Block("COUNTY DEPARTMENT OF SOCIAL SERVICES"),
                   Block("concerning")]
    assert [c.name for c in children_of(split(blocks))] == ["Cormac", "Nula"]


def test_a_heading_that_states_the_plan_is_the_plan():
    doc = _doc(("Placement", ["Ana lives with her paternal grandfather, Mr. Tisdale, in Modesto."]),
               ("Plan B — Legal guardianship with the paternal grandfather",
                ["If Ana cannot return home, she stays with her grandfather as his ward. Asked whether he would take "
                 "that on, Mr. Tisdale said: \"We'd adopt her if we had to, but I'm in, for the long haul.\""]))
    values = _values(doc)
    assert values["concurrent_plan.goal"] == "legal_guardianship"  # the heading's, not the grandfather's words
    assert values["concurrent_plan.prospective_family"]["name"] == "paternal grandfather"


def test_an_adult_sibling_living_on_her_own_is_outside_the_courts_jurisdiction():
    doc = _doc(PLACEMENT, ("Siblings", ["Ana's only sibling is her half-sister, Greta Voorhees, 19, who lives on her "
                                        "own in Reno and attends community college. She and Ana text most days and "
                                        "talk by video on Sundays."]))
    statuses = {e.codes[0]: e.status for e in elements_for(doc)}
    assert statuses["SB204"] != "not found" and statuses["SB205"] != "not found"


def test_a_negation_in_an_aside_stays_in_the_aside():
    from reportgen.review.reading.context import status

    text = "Ana lives with the Hales (not relatives), approved as a resource family on 10/30/2025."
    at = text.index("approved")
    assert status(text, at, at + len("approved")) == "affirmed"
    text = "Ms. Ode did not, as she told us (on 10/3), agree to adopt."
    at = text.index("agree")
    assert status(text, at, at + len("agree")) == "negated"  # a bracket inside the scope does not end it


def test_declining_adoption_beside_consenting_to_guardianship_is_a_yes_to_guardianship():
    doc = _doc(("Placement", ["Ana lives with Mrs. Constance Alcott, a family friend, in Modesto."]),
               ("Caregiver's position", ["Mrs. Alcott has consented to serve as guardian of the person of the minor "
                                         "should reunification not succeed. She has stated that she does not seek to "
                                         "adopt, but that her home will always be open to her."]))
    assert _values(doc)["placement.caregiver_permanency_willingness"] == "yes_guardianship"


def test_words_about_another_child_of_the_report_are_that_childs():
    doc = _doc(("Placement", ["Ana and Leo live with Kieran and Maeve Wexford in Modesto."]),
               ("Caregivers' position", ["The Wexfords said they would become Ana's legal guardians if she cannot go "
                                         "home.", "The Wexfords have said they can foster Leo alongside his sister but "
                                         "cannot commit to guardianship or adoption of a second child."]),
               caption="In re Ana Wexler and Leo Wexler, Minors")
    ana = next(r for r in read(doc) if r.child.name == "Ana")
    assert ana.values["placement.caregiver_permanency_willingness"].value == "yes_guardianship"


def test_a_block_quotes_we_is_the_speaker_and_a_nickname_is_a_name():
    doc = _doc(("Placement", ['Ana lives with her resource parents, Karin ("Kari") Tollefsen and Leif Tollefsen, in '
                              "Vireo. The home is approved."]),
               ("Statements", ["Karin Tollefsen, resource parent and current caregiver, 10/27/2025:",
                               "We love her, but we're foster parents, not adoptive parents."]))
    # the caregiver's own "we", not the writer's: a refusal of adoption
    assert _values(doc)["placement.caregiver_permanency_willingness"] == "no"
    from reportgen.review.reading.judge import _caregiver_terms, statements

    placed = [s for s in statements(doc, children_of(doc)) if "Vireo" in s.text]
    names, _ = _caregiver_terms(placed, "Ana")
    assert {"Kari", "Tollefsen"} <= names


# --- R5: tables and columns: whose answer a cell is, what its column asks ----------------------------


def _tabled(heading: str, *rows: str, before: list[str] | None = None,
            caption: str = "In re Ana Ruiz, a Minor"):
    """A report whose section ``heading`` is a Word table (rows "a | b | c", the first its header)."""
    placement = before or ["Ana lives with resource parents Tom and Kay Farrow in Ceres. Their home is approved."]
    blocks = [Block(caption), Block("Placement", style="Heading 1"), *[Block(p) for p in placement],
              Block(heading, style="Heading 1"), *[Block(r, table=True) for r in rows]]
    return split(blocks)


def test_a_relatives_answer_in_a_family_finding_table_is_the_relatives():
    doc = _tabled("Family finding", "Relative | Relationship | Contacted | Willing to adopt?",
                  "Maria Lopez | Maternal aunt | 03/02/2025 | Yes", "Jose Ruiz | Paternal uncle | 03/04/2025 | No")
    values = _values(doc)
    # the uncle's "No" is not the Farrows' answer; the aunt's "Yes" is another willing home, found by a search
    assert "placement.caregiver_permanency_willingness" not in values
    assert values["concurrent_plan.alternative_home_efforts"] == "Willing to adopt?: Yes"
    assert "concurrent_plan.family_search_steps" in values


def test_a_yes_or_no_under_a_caregiver_willing_column():
    rows = ("Child | Caregiver | Caregiver willing? | Concurrent plan",
            "RUIZ, ANA | Rosa Quill | Y | Legal guardianship by Ms. Quill",
            "RUIZ, LEO | Rosa Quill | N | Adoption by Ms. Quill")
    doc = _tabled("Case plan summary", *rows, before=["Ana and Leo live with their aunt, Rosa Quill, in Modesto."],
                  caption="In re Ana Ruiz and Leo Ruiz, Minors")
    ana, leo = read(doc)
    # each row is its child's, its first cell in capitals and surname first
    assert ana.values["placement.caregiver_permanency_willingness"].value == "yes_guardianship"
    assert leo.values["placement.caregiver_permanency_willingness"].value == "no"
    assert ana.values["concurrent_plan.goal"].value == "legal_guardianship"
    assert leo.values["concurrent_plan.goal"].value == "adoption"


def test_a_table_whose_first_column_asks_and_the_others_answer():
    doc = _tabled("Court questions", "Question | Answer | Response",
                  "Is the current caregiver willing to adopt? | Yes | Signed on 05/02/2025",
                  "Concurrent plan | Adoption | —")
    values = _values(doc)
    assert values["placement.caregiver_permanency_willingness"] == "yes_adopt"
    assert values["concurrent_plan.goal"] == "adoption"


def test_a_table_of_one_column_per_child():
    doc = _tabled("Permanency", "Item | Ana (9) | Leo (4)",
                  "Concurrent plan | Adoption by Ms. Quill | Legal guardianship by Ms. Quill",
                  "Caregiver's position | Ms. Quill will adopt Ana | Ms. Quill will become Leo's guardian, not adopt",
                  before=["Ana and Leo live with their aunt, Rosa Quill, in Modesto."],
                  caption="In re Ana Ruiz and Leo Ruiz, Minors")
    ana, leo = read(doc)
    assert ana.values["concurrent_plan.goal"].value == "adoption"
    assert leo.values["concurrent_plan.goal"].value == "legal_guardianship"
    assert leo.values["placement.caregiver_permanency_willingness"].value == "yes_guardianship"


def test_a_word_tables_empty_and_repeated_cells_stay_under_their_headers():
    import docx

    from reportgen.review.extract import docx_blocks

    document = docx.Document()
    table = document.add_table(rows=2, cols=5)
    for k, text in enumerate(["Child", "Caregiver", "Caregiver willing to adopt?", "Home approved?", "Plan"]):
        table.cell(0, k).text = text
    for k, text in enumerate(["Ana Ruiz", "", "Yes", "Yes", "Adoption by the Farrows"]):
        table.cell(1, k).text = text
    merged = document.add_table(rows=1, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "Case plan summary"
    merged.cell(0, 2).text = "Page 2"
    rows = [b.text for b in docx_blocks(document)]
    assert rows[1] == "Ana Ruiz |  | Yes | Yes | Adoption by the Farrows"
    assert rows[2] == "Case plan summary | Page 2"  # a merged cell is read once
    blocks = [Block("In re Ana Ruiz, a Minor"), Block("Placement", style="Heading 1"),
              Block("Ana lives with resource parents Tom and Kay Farrow in Ceres."),
              Block("Permanency", style="Heading 1"), *[Block(r, table=True) for r in rows[:2]]]
    values = _values(split(blocks))
    assert values["placement.caregiver_permanency_willingness"] == "yes_adopt"
    assert values["concurrent_plan.goal"] == "adoption"


def test_a_system_print_in_a_fixed_width_font_is_read_as_a_table():
    """A PDF that draws its tables as text: columns found from the spacing, even two spaces apart, a one-letter
    cell ("Y") kept as its own cell, and a form's "LABEL:   value" pairs read pair by pair."""
    from reportgen.review.extract import _pdf_blocks

    widths = (12, 5, 22, 13, 11, 20)
    rows = [("CHILD NAME", "AGE", "PLACEMENT TYPE", "CAREGIVER", "CG WILLING", "CONCURRENT PLAN"),
            ("RUIZ, ANA", "9", "RELATIVE HOME", "QUILL, ROSA", "Y", "ADOPTION"),
            ("RUIZ, LEO", "4", "RELATIVE HOME", "QUILL, ROSA", "N", "LEGAL GUARDIANSHIP")]
    page = ["CASE PLAN SUMMARY", ""] + ["".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
                                         for r in rows]
    page += ["", "CAREGIVER WILLING TO ADOPT:   Y        HOME APPROVED:   Y",
             "CONCURRENT PLAN:              ADOPTION BY ROSA QUILL", "",
             "Name            Willing   Plan", "Rosa Quill      Y         Adoption"]
    texts = [(b.text, b.table) for b in _pdf_blocks("\n".join(page), 1)]
    assert ("CHILD NAME | AGE | PLACEMENT TYPE | CAREGIVER | CG WILLING | CONCURRENT PLAN", True) in texts
    assert ("RUIZ, LEO | 4 | RELATIVE HOME | QUILL, ROSA | N | LEGAL GUARDIANSHIP", True) in texts
    assert [t for t, table in texts if table][-5:] == [
        "CAREGIVER WILLING TO ADOPT: | Y", "HOME APPROVED: | Y", "CONCURRENT PLAN: | ADOPTION BY ROSA QUILL",
        "Name | Willing | Plan", "Rosa Quill | Y | Adoption"]


def test_a_cell_that_says_see_narrative_points_to_the_narrative():
    doc = _tabled("Case plan summary", "Child | Caregiver willing to adopt? | Concurrent plan | Why realistic",
                  "Ana Ruiz | See narrative | Adoption by the Farrows | See narrative below")
    doc.paragraphs += split([Block("Narrative", style="Heading 1"),
                             Block("The Farrows have said they will adopt Ana. The plan is realistic because Ana is "
                                   "bonded to them. Ana needs tutoring now and a permanent family in the long term.")
                             ]).paragraphs
    values = _values(doc)
    # "See narrative" is no reason of its own; the narrative's are read in its place
    assert values["concurrent_plan.why_realistic"].endswith("The plan is realistic because Ana is bonded to them.")
    assert "long term" in values["concurrent_plan.long_term_needs"]
    assert values["placement.caregiver_permanency_willingness"] == "yes_adopt"


def test_a_tables_group_rows_give_the_rows_under_them_to_their_child():
    doc = _tabled("Permanency", "Element | Response | Source", "ANA RUIZ (9)",
                  "Concurrent plan | Adoption by the Farrows | Case plan", "Caregiver willing? | Yes | Interview",
                  "LEO RUIZ (4)", "Concurrent plan | Legal guardianship by the Farrows | Case plan",
                  "Caregiver willing? | No | Interview",
                  before=["Ana and Leo live with resource parents Tom and Kay Farrow in Ceres."],
                  caption="In re Ana Ruiz and Leo Ruiz, Minors")
    ana, leo = read(doc)
    assert ana.values["concurrent_plan.goal"].value == "adoption"
    assert leo.values["concurrent_plan.goal"].value == "legal_guardianship"
    assert ana.values["placement.caregiver_permanency_willingness"].value == "yes_adopt"
    assert leo.values["placement.caregiver_permanency_willingness"].value == "no"


def test_a_two_column_table_of_persons_and_their_answers():
    doc = _tabled("Relative search", "Relative | Willing to adopt?", "Maria Lopez, maternal aunt | No",
                  "Jose Ruiz, paternal uncle | Yes")
    values = _values(doc)
    # neither answer is the Farrows'; the uncle's yes is another home
    assert "placement.caregiver_permanency_willingness" not in values
    assert values["concurrent_plan.alternative_home_efforts"] == "Willing to adopt?: Yes"


@pytest.mark.parametrize(("cell", "expected"), [
    ("Undecided", "unsure"),  # not a yes because the column asks about willingness without naming adoption
    ("Yes (guardianship)", "yes_guardianship"),  # the cell's own word says to what
    ("Not willing", "no"),
    ("✓", "yes_adopt"),  # a tick under the question
    ("Yes*", "yes_adopt"),
])
def test_short_answers_under_a_caregiver_willing_column(cell, expected):
    doc = _tabled("Case plan summary", "Child | Caregiver | Caregiver willing? | Concurrent plan",
                  f"Ana Ruiz | Farrow | {cell} | Adoption by the Farrows")
    assert _values(doc)["placement.caregiver_permanency_willingness"] == expected


def test_a_family_named_at_the_start_of_a_cell_and_leave_to_stay_is_no_hedge():
    doc = _tabled("Permanency planning", "Adoption | By Tom and Kay Farrow, her resource parents.")
    assert _values(doc)["concurrent_plan.prospective_family"]["name"] == "Tom and Kay Farrow"
    # "may stay with him" is the caregiver's leave, not a doubt: lasting care without adoption or guardianship
    assert status_of("He does not become guardian, but Ana may stay with him into extended foster care.",
                     re.compile("extended foster care")) == AFFIRMED


@pytest.mark.parametrize("style", ["", "Heading 3"])
def test_a_forms_question_is_answered_by_its_ticked_box(style):
    blocks = [Block("In re Ana Ruiz, a Minor"), Block("Placement", style="Heading 1"),
              Block("Ana lives with her great-aunt, Rosa Quill, in Modesto. The home is approved."),
              Block("Caregiver's willingness to provide permanency:", style=style),
              Block("☒ Yes — legal guardianship only"), Block("☐ Yes — adoption"), Block("☐ No"),
              Block("Permanency planning", style="Heading 1"), Block("☒ Adoption"),
              Block("Prospective adoptive parents:"), Block("☐ Identified | ☒ Not yet identified", table=True)]
    reading = read(split(blocks))[0]
    # the ticked option answers the question above the list, not the box below it
    assert reading.values["placement.caregiver_permanency_willingness"].value == "yes_guardianship"
    assert reading.values["concurrent_plan.goal"].value == "adoption"  # the ticked plan above a question says itself
    assert "concurrent_plan.prospective_family" in reading.empty  # the boxes in a row answer the question above


def test_a_paragraph_said_twice_at_two_pages_feet_is_no_footer():
    from reportgen.review.extract import _drop_running_lines

    plan = ["Legal guardianship with Thandiwe and Jonah Mbeki. The plan is realistic because the",
            "children have known the Mbekis for years, the homes are on the same street, and the",
            "parents want the children there. In the short term the children need therapy, school",
            "stability and supervised visits; over the long term they need a permanent home together,",
            "and contact with their parents if the parents recover."]
    footer = ["    Disposition Report — SG-J-25-0988 — CONFIDENTIAL — Page {n}"]
    pages = ["\n".join([f"Body of page {n} that differs, line {k}." for k in range(8)] + plan + ["", ""]
                       + [f.format(n=n) for f in footer]) for n in (1, 2)]
    kept = _drop_running_lines(pages)
    # the footer goes; the plan, repeated in each child's part, stays on both pages
    assert all("Page" not in page and "Legal guardianship with Thandiwe" in page for page in kept)


def test_a_pdfs_plain_sub_heading_that_says_more_after_a_dash():
    prose = "If the children cannot go home, they become permanent members of their aunt's household through adoption."
    doc = split([Block("Permanency"), Block("Plan A — Reunification"), Block("The children return home if the "
                 "services resolve the risk shown by the injury and the parents keep visiting."),
                 Block("Plan B — Adoption by the maternal aunt and uncle"), Block(prose),
                 Block("The mother — who was present — agreed with the aunt about everything she said today")])
    plan_b = next(p for p in doc.paragraphs if p.text.startswith("Plan B"))
    assert plan_b.heading and "concurrent_plan" in plan_b.topics
    assert next(p for p in doc.paragraphs if p.text == prose).topics == plan_b.topics
    assert not doc.paragraphs[-1].heading  # a dash inside a sentence makes no heading


def test_brothers_said_to_be_adults_and_no_dependents_are_outside_the_courts_reach():
    doc = _doc(PLACEMENT, ("Siblings", ["Ana's brothers are both grown and neither is a dependent: Reid Ruiz lives in "
                                        "Texas and Cole Ruiz lives in Reno; Ana calls them weekly."]))
    assert read(doc)[0].siblings[0]["under_court_jurisdiction"] is False


def test_a_room_offered_is_an_effort_and_dinner_together_is_a_visit():
    doc = _doc(PLACEMENT, ("Siblings", [
        "Ana's brother Leo, 16, lives at a transitional housing program in Fresno because he asked to live near his "
        "college; the agency and Ms. Ode offered him a room in her home with Ana and he declined after a trial "
        "weekend. Leo has dinner with Ana at Ms. Ode's every Sunday, unsupervised."]))
    sibling = read(doc)[0].siblings[0]
    assert sibling["efforts_to_place_together"]
    assert sibling["visits"]["frequency"] and sibling["visits"]["supervised"] is False


def test_a_pdf_cell_whose_words_wrap_a_little_left_of_its_column():
    from reportgen.review.extract import _pdf_blocks

    page = ["FAMILY FINDING",
            "Relative       Relationship         Date          Willing to be a            Notes",
            "                                    contacted     permanent home?",
            "Maria Lopez    Maternal aunt        03/02/2025    No                         Works nights;",
            "                                                                             cannot take a child",
            "Jose and Ana Paternal               03/04/2025    Yes                        Home study",
            "Ruiz         grandparents                                                    requested for Leo"]
    rows = [b.text for b in _pdf_blocks("\n".join(page), 1) if b.table]
    assert rows == ["Relative | Relationship | Date contacted | Willing to be a permanent home? | Notes",
                    "Maria Lopez | Maternal aunt | 03/02/2025 | No | Works nights; cannot take a child",
                    "Jose and Ana Ruiz | Paternal grandparents | 03/04/2025 | Yes | Home study requested for Leo"]


def test_a_caregiver_column_names_the_caregiver_wherever_its_table_sits():
    blocks = [Block("In re Ana Ruiz, a Minor"), Block("Case plan summary", style="Heading 1"),
              Block("Child | Caregiver | Caregiver willing? | Concurrent plan", table=True),
              Block("Ana Ruiz | Rosa Quill (maternal aunt) | Yes | Adoption by Ms. Quill", table=True)]
    family = _values(split(blocks))["concurrent_plan.prospective_family"]
    assert family == {"name": "Ms. Quill", "is_current_caregiver": True}


def test_a_word_broken_inside_a_narrow_pdf_column_is_joined():
    from reportgen.review.extract import _pdf_blocks

    page = ["Child          Age          Caregiver      Caregiver      Concurren    Why",
            "                                          willing?       t plan       realistic",
            "Ana Ruiz       9            Rosa Quill     Yes            Adoption     Ana has",
            "                                                         by Ms.       lived with",
            "                                                         Quill        her aunt will",
            "                                                                      ask"]
    rows = [b.text for b in _pdf_blocks("\n".join(page), 1) if b.table]
    assert rows[0] == "Child | Age | Caregiver | Caregiver willing? | Concurrent plan | Why realistic"
    assert rows[1].endswith("| Adoption by Ms. Quill | Ana has lived with her aunt will ask")  # "will" / "ask" are words


@pytest.mark.parametrize(("row", "expected"), [
    ("Caregiver willing to adopt |  | X |", "no"),
    ("Caregiver willing to adopt | ☒ |  | Signed a statement of intent", "yes_adopt"),
])
def test_a_tick_under_a_yes_or_no_column_is_that_answer(row, expected):
    doc = _tabled("Permanency checklist", "Item | Yes | No | Comments", row)
    assert _values(doc)["placement.caregiver_permanency_willingness"] == expected


def test_a_table_drawn_in_characters_and_dotted_leaders():
    from reportgen.review.extract import _pdf_blocks

    rule = "+-------------+-----+------------+--------------------+"
    page = ["CASE PLAN SUMMARY", rule, "| CHILD       | AGE | CG WILLING | CONCURRENT PLAN    |", rule,
            "| RUIZ, ANA   | 9   | Y          | ADOPTION BY        |",
            "|             |     |            | ROSA QUILL         |", rule,
            "| RUIZ, LEO   | 4   | N          | LEGAL GUARDIANSHIP |", rule, "",
            "The children were placed on 03/04/2025 and have remained there since.", "",
            "Caregiver willing to adopt ............ Y", "Concurrent plan ....................... Adoption"]
    blocks = [(b.text, b.table) for b in _pdf_blocks("\n".join(page), 1)]
    assert blocks == [("CASE PLAN SUMMARY", False), ("CHILD | AGE | CG WILLING | CONCURRENT PLAN", True),
                      ("RUIZ, ANA | 9 | Y | ADOPTION BY ROSA QUILL", True), ("RUIZ, LEO | 4 | N | LEGAL GUARDIANSHIP", True),
                      ("The children were placed on 03/04/2025 and have remained there since.", False),
                      ("Caregiver willing to adopt | Y", True), ("Concurrent plan | Adoption", True)]


def test_a_system_print_in_capitals_names_its_children_family_and_plan_section():
    blocks = [Block("IN RE ANA RUIZ AND LEO RUIZ, MINORS"), Block("Placement", style="Heading 1"),
              Block("Ana and Leo live with their maternal aunt, Rosa Quill. Her home was approved in 2024."),
              Block("Case plan summary", style="Heading 1"),
              Block("CHILD | CAREGIVER | CG WILLING | CONCURRENT PLAN", table=True),
              Block("RUIZ, ANA | QUILL, ROSA | Y | ADOPTION BY ROSA QUILL", table=True),
              Block("RUIZ, LEO | QUILL, ROSA | Y | ADOPTION BY ROSA QUILL", table=True),
              Block("The plan is realistic because both children are bonded to their aunt.")]
    doc = split(blocks)
    assert [c.name for c in children_of(doc)] == ["Ana", "Leo"]  # "AND" in capitals parts the names
    ana, leo = read(doc)
    # the family in capitals is read as a name, and it is the caregiver
    assert ana.values["concurrent_plan.prospective_family"].value == {"name": "Rosa Quill", "is_current_caregiver": True}
    # the paragraph under the table that holds the plan argues the plan, whatever the heading's other topic
    assert leo.values["concurrent_plan.why_realistic"].value.startswith("The plan is realistic")


def test_labels_and_values_side_by_side_in_a_row_are_pairs_not_a_header():
    doc = _tabled("Permanency", "Caregiver willing to adopt: | No | Concurrent plan: | Adoption by the Lopez family",
                  "Why realistic: | The Lopez family has visited weekly | Needs: | Tutoring now, a home long term")
    values = _values(doc)
    assert values["placement.caregiver_permanency_willingness"] == "no"
    assert values["concurrent_plan.goal"] == "adoption"
    assert values["concurrent_plan.why_realistic"] == "Why realistic: The Lopez family has visited weekly"


def test_a_header_over_two_rows_names_each_column_by_its_second_row():
    doc = _tabled("Permanency", "Child | Caregiver | Concurrent plan",
                  "Child | Willing to adopt? | Home approved? | Concurrent plan",
                  "Ana Ruiz | No | Yes | Adoption by the Lopez family")
    values = _values(doc)
    assert values["placement.caregiver_permanency_willingness"] == "no"
    assert values["concurrent_plan.goal"] == "adoption"


@pytest.mark.parametrize(("cell", "placed"), [("Yes", True), ("Approved 04/02/2024", True), ("No", False),
                                              ("Pending", False)])
def test_a_home_approved_column_answers_suitability(cell, placed):
    doc = _tabled("Case plan summary", "Child | Caregiver | Caregiver willing? | Home approved? | Concurrent plan",
                  f"Ana Ruiz | Farrow | Yes | {cell} | Adoption by the Farrows",
                  before=["Ana lives with resource parents Tom and Kay Farrow in Ceres."])
    assert ("placement.caregiver_permanency_suitability" in _values(doc)) is placed


def test_a_one_letter_no_under_a_siblings_together_column():
    doc = _tabled("Siblings", "Sibling | Age | Placement | Placed together? | Visits",
                  "Leo Ruiz | 6 | Grandmother, Reno | N | Weekly, supervised by the agency")
    sibling = read(doc)[0].siblings[0]
    assert sibling["placed_together"] is False and sibling["visits"]["supervised"] is True


def test_a_tables_row_names_its_child_by_initials():
    doc = _tabled("Case plan summary", "Child | Caregiver willing? | Concurrent plan",
                  "A.R. (9) | Yes | Adoption by Ms. Quill", "L.R. (4) | No | Legal guardianship by Ms. Quill",
                  before=["Ana and Leo live with their aunt, Rosa Quill, in Modesto."],
                  caption="In re Ana Ruiz and Leo Ruiz, Minors")
    ana, leo = read(doc)
    assert ana.values["concurrent_plan.goal"].value == "adoption"
    assert leo.values["concurrent_plan.goal"].value == "legal_guardianship"
    assert leo.values["placement.caregiver_permanency_willingness"].value == "no"


def test_what_the_child_requires_now_and_further_ahead_are_needs():
    doc = _doc(PLACEMENT, ("Concurrent plan", [
        "The concurrent plan is legal guardianship with Ms. Ode. The plan is well founded: Ana is thriving there. "
        "For the present, the minor requires therapy and continuity at her school. Looking further ahead, she "
        "requires a stable home to adulthood."]))
    values = _values(doc)
    assert "For the present" in values["concurrent_plan.short_term_needs"]
    assert "further ahead" in values["concurrent_plan.long_term_needs"]


def test_a_reason_opening_the_sentence_does_not_deny_its_main_clause():
    doc = _doc(PLACEMENT, ("Family finding", [
        "Because the Odes cannot be a permanent home, the family-finding unit ran a search and sent letters to "
        "fourteen relatives."]), ("Permanency", ["The concurrent plan is adoption."]))
    assert "concurrent_plan.family_search_steps" in _values(doc)


def test_a_run_in_heading_before_a_sentence_on_another_child_does_not_make_it_this_childs():
    doc = _doc(("Placement", ["Ana and Leo live with Kieran and Maeve Wexford in Modesto; the home is approved.",
                              "The Wexfords said they would become Ana's legal guardians if she cannot go home.",
                              "THE MINORS: The Wexfords have said they can foster Leo alongside his sister but cannot "
                              "commit to guardianship or adoption of a second child."]),
               caption="In re Ana Wexler and Leo Wexler, Minors")
    ana = next(r for r in read(doc) if r.child.name == "Ana")
    assert ana.values["placement.caregiver_permanency_willingness"].value == "yes_guardianship"


# --- silence, and a subject the reading could not place --------------------------------------------------------

PLAN = ("Permanency", ["The concurrent plan is guardianship with Ms. Ode, who has said she will be Ana's guardian."])


def test_needs_never_spoken_of_are_the_reports_silence_and_object():
    doc = _doc(PLACEMENT, PLAN, ("Assessment", ["The plan is realistic because Ana has lived with Ms. Ode for years."]))
    assert _status(doc, "CP111") == "not found"  # no word of the future anywhere: long-term needs are unaddressed


def test_needs_spoken_of_in_words_the_reading_cannot_place_are_a_point_to_verify():
    doc = _doc(PLACEMENT, PLAN, ("Assessment", [
        "The plan is realistic because Ana has lived with Ms. Ode for years.",
        "Ana's counseling must continue, and her schooling will need steady attention through high school."]))
    # long-term needs are placed (through high school); the needs of now are spoken of in words the reading does
    # not place as such: a point to verify quoting the passage on needs, never an objection
    element = next(e for e in elements_for(doc) if e.codes == ("CP111",))
    assert element.status == "to verify" and "needs" in (element.passage or "")


def test_efforts_named_only_for_after_reunification_fails_are_silence_now():
    doc = _doc(PLACEMENT, ("Permanency", [
        "The concurrent plan is adoption. Ms. Ode declined adoption and guardianship.",
        "If reunification fails, the Department will search for relatives and refer Ana for family finding."]))
    assert _status(doc, "CP108") == "not found"


def test_efforts_said_outright_not_to_have_been_made_object():
    doc = _doc(PLACEMENT, ("Permanency", [
        "The concurrent plan is adoption. Ms. Ode declined adoption and guardianship.",
        "No relatives have been contacted and no other family has been identified."]))
    assert _status(doc, "CP108") == "not found"


def test_efforts_told_in_words_the_reading_cannot_place_are_a_point_to_verify():
    doc = _doc(PLACEMENT, ("Permanency", [
        "The concurrent plan is adoption. Ms. Ode declined adoption and guardianship.",
        "Two cousins in Oregon were interviewed in November and both asked to be considered as Ana's home."]))
    assert _status(doc, "CP108") in ("to verify", "found")
    assert _status(doc, "CP108") != "not found"


def test_a_sibling_word_anywhere_makes_an_unread_sibling_passage_a_point_to_verify():
    silent = _doc(PLACEMENT, PLAN)
    assert _status(silent, "SB201") == "not found"
    spoken = _doc(PLACEMENT, PLAN, ("Family", ["Ana is the eldest of her mother's sisters' children."]))
    # a sibling word the reading cannot place as Ana's siblings: the attorney reads it before objecting
    assert _status(spoken, "SB201") in ("to verify", "found")


def test_a_caregivers_answer_needs_the_caregiver_in_the_passage():
    # the plan's own sentence names adoption but says nothing of what the caregiver would do
    doc = _doc(PLACEMENT, ("Permanency", ["The concurrent plan is adoption."]))
    assert _status(doc, "CP106") == "not found"


def test_a_caption_going_on_after_a_line_break_is_read_there_not_from_the_title_below():
    blocks = [Block("In re LINA MORROW, age 15 (DOB 02/11/2011),\nan Indian Child Coming Under the Juvenile Court Law"),
              Block("DISPOSITION REPORT"), Block("Placement", style="Heading 1"), Block("Lina lives with her aunt.")]
    assert [c.name for c in children_of(split(blocks))] == ["Lina"]


def test_an_outline_heading_carrying_its_own_text_is_read_as_that_text():
    blocks = [Block("In re Ana Ruiz, a Minor"), Block("V.\tPERMANENCY", style="Heading 1"),
              Block("2.\tConcurrent.  Guardianship with her godmother, Ms. Ode.", style="Heading 2")]
    assert _values(split(blocks))["concurrent_plan.goal"] == "legal_guardianship"


def test_the_concurrent_plan_after_the_primary_plan_in_one_paragraph():
    doc = _doc(PLACEMENT, ("Permanency", ["Primary plan: return to the mother. Concurrent plan: guardianship with "
                                          "Ms. Ode."]))
    assert _values(doc)["concurrent_plan.goal"] == "legal_guardianship"
    primary_only = _doc(PLACEMENT, ("Permanency", ["Primary plan: return to the mother, or guardianship with Ms. Ode."]))
    assert "concurrent_plan.goal" not in _values(primary_only)


def test_realism_argued_from_the_relationship_without_a_word_for_it_is_never_an_objection():
    doc = _doc(PLACEMENT, PLAN, ("Permanency", [
        "The footing for this plan is the relationship Ms. Ode has had with Ana since she was a baby.",
        "Now Ana needs therapy; in the years ahead she needs one stable home."]))
    assert _status(doc, "CP111") in ("found", "to verify")
    bare = _doc(PLACEMENT, PLAN, ("Permanency", ["Now Ana needs therapy; in the years ahead she needs one stable home."]))
    assert _status(bare, "CP111") == "not found"


def test_both_caregivers_of_another_child_say_nothing_for_this_one():
    blocks = [Block("In re Eskil Sorensen and Liv Sorensen, Minors"), Block("Placement", style="Heading 1"),
              Block("Eskil lives with Hilde and Roy Bankole."),
              Block("Liv lives with Milo and Anjali Desai. On November 18 both said they are ready to adopt Liv if "
                    "she cannot go home.")]
    readings = {r.child.name: r for r in read(split(blocks))}
    assert "placement.caregiver_permanency_willingness" not in readings["Eskil"].values
    assert readings["Liv"].values["placement.caregiver_permanency_willingness"].value == "yes_adopt"


def test_a_need_in_a_clause_before_a_turn_does_not_govern_the_refusal_after_it():
    doc = _doc(("Placement", ["Ana lives with her godmother, Ms. Ode. On November 18 Ms. Ode said: 'We will keep Ana "
                              "as long as her treatment needs it, but we cannot make a permanent commitment to her.'"]),
               ("Permanency", ["The concurrent plan is adoption by Ms. Ode."]))
    assert _values(doc)["placement.caregiver_permanency_willingness"] == "no"
    governed = _doc(("Placement", ["Ana lives with her godmother, Ms. Ode, who says Ana needs a permanent home."]),
                    ("Permanency", ["The concurrent plan is adoption by Ms. Ode."]))
    assert "placement.caregiver_permanency_willingness" not in _values(governed)


def test_a_plural_heading_names_its_topic_and_a_which_is_why_clause_is_a_reason():
    from reportgen.review.sections import topics_of

    assert "placement" in topics_of("V. PLACEMENTS") and "siblings" in topics_of("Siblings")
    blocks = [Block("In re Gaspard Dufresne and Elodie Dufresne, Minors"), Block("V. PLACEMENTS", style="Heading 1"),
              Block("Gaspard lives with Gordon and Phyllis Penniman, resource parents, in Antelope Bend."),
              Block("Elodie lives with her maternal aunt, Aoife Tierney, in Juniper Rail."),
              Block("There is no space in the aunt's apartment for an eleven-year-old boy, which is why Gaspard was "
                    "placed with the Pennimans.")]
    elodie = next(r for r in read(split(blocks)) if r.child.name == "Elodie")
    assert "siblings.apart" in elodie.values
    assert elodie.siblings[0]["reason_apart"] and "no space" in elodie.siblings[0]["reason_apart"]


def test_an_answer_told_as_the_first_gives_way_to_the_answer_since():
    doc = _doc(PLACEMENT, ("Caregiver", ["When first asked in October, Ms. Ode said she was unsure about adopting Ana.",
                                         "On November 20 Ms. Ode said she wants to adopt Ana."]),
               ("Permanency", ["The concurrent plan is adoption by Ms. Ode."]))
    assert _values(doc)["placement.caregiver_permanency_willingness"] == "yes_adopt"
    undated = _doc(PLACEMENT, ("Caregiver", ["Ms. Ode said she was unsure about adopting Ana.",
                                             "On November 20 Ms. Ode said she wants to adopt Ana."]),
                   ("Permanency", ["The concurrent plan is adoption by Ms. Ode."]))
    assert _values(undated)["placement.caregiver_permanency_willingness"] == "unsure"  # the careful reading


def test_a_parents_speaker_line_is_not_the_caregivers_answer():
    doc = _doc(PLACEMENT, ("What each person said", ["At the team meeting Ms. Ode, the caregiver, spoke first:",
                                                     "Mother: I don't want her adopted."]),
               ("Permanency", ["The concurrent plan is adoption by Ms. Ode."]))
    assert "placement.caregiver_permanency_willingness" not in _values(doc)
    own = _doc(PLACEMENT, ("What each person said", ["Ms. Ode: I will adopt Ana if she cannot go home."]),
               ("Permanency", ["The concurrent plan is adoption by Ms. Ode."]))
    assert _values(own)["placement.caregiver_permanency_willingness"] == "yes_adopt"


def test_words_struck_through_in_word_are_deleted_text():
    import docx as python_docx

    from reportgen.review.extract import docx_blocks

    document = python_docx.Document()
    p = document.add_paragraph("The children ")
    p.add_run("are in different homes").font.strike = True
    p.add_run("now live together with their grandparents.")
    assert docx_blocks(document)[0].text == "The children now live together with their grandparents."


def test_someones_quoted_words_are_not_the_agencys_plan():
    doc = _doc(PLACEMENT, ("Concurrent plan", [
        'Ms. Ode said, "I would be her legal guardian and keep her until she is grown. Guardianship I can do."',
        "The concurrent plan is adoption by Ms. Ode."]))
    assert _values(doc)["concurrent_plan.goal"] == "adoption"


def test_an_amended_paragraph_updates_the_visits_and_keeps_the_reasons_and_efforts():
    base = ["Ana's brother Leo lives with a cousin in Merced because the godmother has room for one child. "
            "The Department asked two families whether they could take both children. "
            "Ana and Leo visit every Sunday, supervised by the visitation center."]
    amended = base + ["[Amended 12/02/2025:] The visitation center stopped its Sunday hours; Ana and Leo, who live "
                      "apart, will see each other when the caregivers arrange it."]
    before = read(_doc(PLACEMENT, ("Siblings", base)))[0].siblings[0]
    after = read(_doc(PLACEMENT, ("Siblings", amended)))[0].siblings[0]
    assert before["reason_apart"] and before["efforts_to_place_together"] and before["visits"]["frequency"]
    assert after["reason_apart"] == before["reason_apart"]
    assert after["efforts_to_place_together"] == before["efforts_to_place_together"]


def test_a_family_promised_for_later_is_none_now_and_the_search_it_waits_for_is_no_search():
    doc = _doc(PLACEMENT, ("Permanency", [
        "The concurrent plan is adoption.",
        "A prospective adoptive family for Ana will be identified in due course, as the case proceeds.",
        "An adoptive family will be identified through the Department's family-finding unit if reunification "
        "services are terminated."]))
    values = _values(doc)
    assert "concurrent_plan.family_search_steps" not in values
    assert _status(doc, "CP105") == "not found"


def test_a_caption_cell_holding_the_birth_date_and_the_petitioner_names_only_the_child():
    blocks = [Block("JUVENILE DEPENDENCY DISPOSITION REPORT"),
              Block("Case name | In re Lisandro Teofilo, age 5 (DOB 03/02/2020) Ravenrock County Department of Social "
                    "Services, Family and Children's Division, Petitioner", table=True)]
    assert [c.name for c in children_of(split(blocks))] == ["Lisandro"]


def test_needs_said_of_the_children_together_are_each_childs_though_one_is_named():
    blocks = [Block("In re Yonas Abebe and Tigist Abebe, Minors"), Block("Concurrent plan", style="Heading 1"),
              Block("The concurrent plan for both is adoption by Ms. Haile. The plan is realistic because she is the "
                    "only caregiver the twins have known. For now, the twins need their specialty follow-up. In the "
                    "long term they will need monitoring, Tigist's cardiac care, and an adult who keeps them close.")]
    readings = {r.child.name: r for r in read(split(blocks))}
    assert "concurrent_plan.long_term_needs" in readings["Yonas"].values
    assert "concurrent_plan.long_term_needs" in readings["Tigist"].values


def test_a_no_to_adoption_beside_a_yes_to_guardianship_in_labelled_rows_is_guardian_only():
    doc = _doc(PLACEMENT, ("Caregiver", ["Form of permanency the caregiver will accept: legal guardianship: Yes",
                                         "Form of permanency the caregiver will accept: adoption: No"]),
               ("Permanency", ["The concurrent plan is legal guardianship with Ms. Ode."]))
    assert _values(doc)["placement.caregiver_permanency_willingness"] == "yes_guardianship"


def test_an_open_reply_to_the_workers_question_on_permanence_is_unsure():
    doc = _doc(PLACEMENT, ("Plan B", [
        "I asked Ms. Ode on 12/16/2025, with the interpreter, whether she would become Ana's legal guardian.",
        "Ms. Ode, 12/16/2025 (in Tagalog):", "Hindi ko pa alam.", "[Translation: I don't know yet. Ask me again after "
        "Christmas.]", "The concurrent plan is legal guardianship with Ms. Ode."]))
    assert _values(doc)["placement.caregiver_permanency_willingness"] == "unsure"
    answered = _doc(PLACEMENT, ("Plan B", [
        "I asked Ms. Ode whether she would become Ana's legal guardian.", "Ms. Ode said she will be Ana's guardian.",
        "The concurrent plan is legal guardianship with Ms. Ode."]))
    assert _values(answered)["placement.caregiver_permanency_willingness"] != "unsure"


def test_a_parent_named_in_the_caption_cell_is_not_a_child():
    blocks = [Block("DISPOSITION REPORT"),
              Block("In re Jomar Pangilinan, age 8 (born 09/12/2017) Almendra County Children and Family Services, "
                    "Petitioner Mother: Divina Caballes. Father: Bienvenido Pangilinan")]
    assert [c.name for c in children_of(split(blocks))] == ["Jomar"]


def test_two_living_together_and_a_third_elsewhere_is_a_separation():
    blocks = [Block("In re Vasilisa Belova and Arseniy Belov, Minors"), Block("Brothers and Sisters", style="Heading 1"),
              Block("Vasilisa and Arseniy live together with their grandmother; their brother Timofey lives with the "
                    "Prokhorovs, because the grandmother's apartment has no room for him.")]
    for r in read(split(blocks)):
        assert "siblings.apart" in r.values, r.child.name


def test_a_first_name_sharing_the_next_ones_surname_is_a_child_and_case_nos_is_not():
    blocks = [Block("Re:\tIn re Elpidio and Ynez Cojtí, Case Nos. TF-J-25-0988 / 0989")]
    assert [c.name for c in children_of(split(blocks))] == ["Elpidio", "Ynez"]
    nickname = [Block('In re WILHELMINA ("MINA") LOCKRIDGE, born 3/11/2019, and LACHLAN LOCKRIDGE, born 6/2/2023.')]
    assert [c.name for c in children_of(split(nickname))] == ["Mina", "Lachlan"]


def test_a_caregiver_who_supervises_the_sibling_visits_answers_the_supervision():
    doc = _doc(PLACEMENT, ("Siblings", [
        "Ana's brother Leo lives with a cousin in Merced because the godmother has room for one child.",
        "Ana and Leo see each other every other Saturday; Ms. Ode supervises these visits."]))
    sibling = read(doc)[0].siblings[0]
    assert sibling["visits"]["frequency"] and sibling["visits"]["supervised"] is True
