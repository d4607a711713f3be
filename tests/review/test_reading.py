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
from reportgen.review.reading.judge import read  # noqa: E402
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
    assert _pdf_blocks("\n".join(page), 1)[0].text.startswith(prose)
    assert all("Name Placement" in b.text or "Placement" not in b.text for b in _pdf_blocks("\n".join(page), 1))


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
