"""What each parent's letter says, for every example and both languages.

The letter must carry, for one parent: each service of that parent's plan (what,
where, how often), the visits, each of the parent's children's dates (the end of
the reunification period, the next hearing), the backup plan's goal and the
family it names, and the advisements the report records; say plainly what is
missing; and make no letter for a parent who has died.
"""

from __future__ import annotations

import pytest

from reportgen.family import child_views
from reportgen.letter import LANGS, NoLetter, letter_for, living_parents
from reportgen.letter.words import Words, glossary, terms_in
from reportgen.timeline import compute, entry
from tests.letter.conftest import EXAMPLE_FILES, fresh

PAIRS = [(path.stem, lang) for path in EXAMPLE_FILES for lang in LANGS]


def text_of(letter) -> str:
    """Everything the letter prints, values unisolated (isolates are invisible)."""
    parts = [letter.title, letter.greeting, letter.footer, *(v for _, v in letter.header), *letter.signature]
    for section in letter.sections:
        parts.append(section.heading)
        parts += [f"{b.label}: {b.text}" for b in section.blocks]
    return "\n".join(parts).replace("\u2068", "").replace("\u2069", "")


@pytest.mark.parametrize(("name", "lang"), PAIRS)
def test_each_service_child_date_and_plan_is_in_every_parents_letter(cases, name, lang):
    case = cases[name]
    w = Words(lang)
    for index in living_parents(case):
        parent = case["parents"][index]
        text = text_of(letter_for(case, index, lang))
        reunification = parent.get("reunification") or {}
        for service in reunification.get("services") or []:
            for key in ("service", "provider", "frequency", "addresses_problem"):
                if service.get(key):
                    assert service[key] in text, (index, key)
        visits = parent.get("visitation") or {}
        for key in ("frequency", "duration", "location", "who_supervises", "liberalization_criteria"):
            if visits.get(key):
                assert visits[key] in text, (index, key)
        mine = [v for v in child_views(case) if index in v.parent_index]
        assert mine, "every parent of the examples is a parent of a child of the report"
        for view in mine:
            assert view.data["child"]["name"] in text
            entries = compute(view.case)
            fr_end = entry(entries, "fr_period_end")
            if reunification.get("recommended") == "services":
                assert fr_end.date is not None
                assert w.date(fr_end.date) in text, (index, view.label, "reunification period end")
            hearing = view.case.get("recommended.next_hearing.date")
            assert w.date(hearing) in text, (index, view.label, "next hearing")
            plan = view.data["concurrent_plan"] or {}
            goal = plan.get("goal")
            if goal in ("adoption", "legal_guardianship"):
                assert w.term(goal) in text
            family = (plan.get("prospective_family") or {}).get("name")
            if family:
                assert family in text
        if parent.get("adoption_planning_response"):
            assert parent["adoption_planning_response"] in text


def test_a_plan_without_a_family_says_so(cases):
    case = cases["03-plan-names-no-family"]
    for lang in LANGS:
        text = text_of(letter_for(case, 0, lang))
        assert Words(lang).say("plan.no_family") in text


def test_a_parent_who_has_died_gets_no_letter(cases):
    case = cases["06-appla-for-12-year-old"]
    assert case["parents"][1]["status"] == "deceased"
    assert living_parents(case) == [0]
    with pytest.raises(NoLetter, match=r"parents\[1\]\.status: the parent has died"):
        letter_for(case, 1, "en")


def test_a_parent_the_case_does_not_have_gets_a_clear_refusal(cases):
    with pytest.raises(NoLetter, match=r"has no parent 3 \(it has 2\)"):
        letter_for(cases["01-complete-sibling-group"], 2, "es")


def test_a_parent_not_recommended_for_services_is_told_so_with_the_reports_reason(cases):
    case = cases["03-plan-names-no-family"]  # the alleged father, whereabouts unknown
    parent = case["parents"][1]
    assert parent["reunification"]["recommended"] == "not_applicable"
    for lang in LANGS:
        text = text_of(letter_for(case, 1, lang))
        w = Words(lang)
        assert w.say("services.not_applicable") in text
        assert parent["reunification"]["not_applicable_reason"] in text
        assert w.say("services.offered") not in text
        assert w.say("dates.fr_end_missing") not in text  # no period of services to announce


def test_a_bypassed_parent_is_told_what_it_means_and_when_they_were_told(cases):
    case = fresh(cases, "05-siblings-split")
    case["parents"][1]["reunification"] = {
        "recommended": "bypass", "services": [],
        "bypass": {"subdivision": "WIC §361.5(b)(13)", "facts": "Three prior treatment programs left.",
                   "parent_notified_date": __import__("datetime").date(2026, 11, 10)},
    }
    for lang in LANGS:
        text = text_of(letter_for(case, 1, lang))
        w = Words(lang)
        assert w.say("services.bypass") in text
        assert "WIC §361.5(b)(13)" in text and "Three prior treatment programs left." in text
        assert w.say("services.bypass_rights") in text
        assert w.say("told.bypass_told", date=w.date(__import__("datetime").date(2026, 11, 10))) in text
        assert w.say("services.offered") not in text


def test_missing_facts_are_said_to_be_missing_not_guessed(cases):
    case = fresh(cases, "02-no-concurrent-plan")
    parent = case["parents"][0]
    parent["visitation"] = None
    parent["adoption_planning_advised"] = None
    parent["adoption_planning_response"] = None
    parent["reunification"]["services"][0]["provider"] = None
    case["recommended"]["removal_grounds"] = None
    case["recommended"]["next_hearing"] = None
    case["children"][0]["recommended"]["stated_six_month_review_date"] = None
    for lang in LANGS:
        w = Words(lang)
        text = text_of(letter_for(case, 0, lang))
        for key in ("visits.missing", "told.adoption_missing", "services.where_missing", "why.reason_missing",
                    "plan.missing"):
            assert w.say(key) in text, key
        # no hearing set: the latest date the law allows, and that the court sets the day
        review = entry(compute(child_views(case)[0].case), "six_month_review").date
        assert w.say("dates.next_hearing_by", date=w.date(review)) in text


def test_under_three_shortened_period_is_explained(cases):
    case = cases["08-grandparent-never-assessed"]  # Emiliano was under three at removal
    for lang in LANGS:
        letter = letter_for(case, 0, lang)
        subheads = [b.text for s in letter.sections if s.key == "dates" for b in s.blocks if b.kind == "subheading"]
        assert len(subheads) == 2, "the two children's periods differ, so each has its own dates"
        assert "Emiliano" in text_of(letter).split(Words(lang).say("dates.heading"))[1]


def test_every_court_term_comes_from_the_glossary_and_both_tables_say_the_same_things():
    en, es = Words("en").table, Words("es").table

    def keys(node, prefix=""):
        if isinstance(node, dict) and not set(node) <= {"one", "many", "many_f"}:
            for k, v in node.items():
                yield from keys(v, f"{prefix}{k}.")
        else:
            yield prefix.rstrip(".")

    assert set(keys(en)) == set(keys(es))
    terms = glossary()
    used = {lang: set(terms_in(str(Words(lang).table))) for lang in LANGS}
    assert used["en"] == used["es"] == set(terms), "each table uses every glossary term, and only those"
    for key, term in terms.items():
        assert term["en"] and term["es"], key
        assert term["status"] in ("ca-courts", "review"), key
        if term["status"] == "ca-courts":
            assert term.get("seen"), f"{key}: say where the California courts use the term"
