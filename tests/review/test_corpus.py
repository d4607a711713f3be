"""Accuracy on the hand-written corpus: every report, as DOCX and as PDF,
gives exactly the codes an attorney would expect (tests/review/corpus/expected.yml)."""

from __future__ import annotations

import pytest
import yaml

from reportgen.review import review_path
from reportgen.review.heuristics import FOUND, HeuristicFinding
from reportgen.rules import registry
from tests.review.conftest import CODES, CORPUS, EXPECTED, FORMATS, corpus_file, reviewed

CORPUS2 = CORPUS.parent / "corpus2"
CODES2 = CODES | {"CP103", "CP112", "SB204"}

CASES = [(name, fmt) for name in EXPECTED for fmt in FORMATS]


def test_corpus_is_complete():
    """At least 12 reports, each built in both formats from its source, each with expectations."""
    sources = sorted(p.stem for p in (CORPUS / "source").glob("*.yml"))
    assert len(sources) >= 12
    assert sorted(EXPECTED) == sources
    for name in sources:
        for fmt in FORMATS:
            assert corpus_file(name, fmt).is_file(), f"{name}.{fmt} not built; run tests/review/corpus/build.py"
        assert set(EXPECTED[name]) <= CODES


def test_corpus_covers_the_hard_cases():
    """The issue's list: good plans under unusual headings, passing mentions of adoption,
    siblings split without reason, a caregiver who said no, complete good reports."""
    text = {p.stem: p.read_text(encoding="utf-8") for p in (CORPUS / "source").glob("*.yml")}
    headings = {name: [s["heading"] for s in yaml.safe_load(t)["sections"]] for name, t in text.items()}
    assert any("Plan B" in h for h in headings.values())
    assert any(any("Assessment" in x for x in h) and not any("plan" in x.lower() for x in h)
               for name, h in headings.items() if not EXPECTED[name])
    assert sum(1 for codes in EXPECTED.values() if "CP101" in codes) >= 2
    assert any("SB203" in codes for codes in EXPECTED.values())
    assert any("CP108" in codes for codes in EXPECTED.values())
    assert sum(1 for codes in EXPECTED.values() if not codes) >= 4
    styles = {yaml.safe_load(t)["headings"] for t in text.values()}
    assert styles == {"styles", "bold", "caps"}


@pytest.mark.parametrize(("name", "fmt"), CASES, ids=[f"{n}.{f}" for n, f in CASES])
def test_expected_codes(name, fmt):
    """The default reader (the per-child judge) gives exactly the expected codes; where the report has no plan at
    all (CP101) it objects once, to the missing plan, as corpus2's labels do, so the old labels' CP105 beside
    CP101 is not asked of it (nor refused: the cue reader raises it)."""
    result = reviewed(corpus_file(name, fmt))
    assert result.source == f"foreign-{fmt}"
    got = {f.code for f in result.findings} & CODES
    want = set(EXPECTED[name])
    if "CP101" in want:
        got, want = got - {"CP105"}, want - {"CP105"}
    assert got == want


@pytest.mark.parametrize(("name", "fmt"), CASES, ids=[f"{n}.{f}" for n, f in CASES])
def test_heuristic_findings_carry_the_catalogue_identity(name, fmt):
    result = reviewed(corpus_file(name, fmt))
    for f in result.findings:
        assert isinstance(f, HeuristicFinding) and f.heuristic
        rule = registry().get(f.code)
        assert rule is not None
        assert (f.name, f.severity, f.citation, f.message) == (rule.slug, rule.severity, rule.citation, rule.message)
        assert f.reason.startswith("Read from the report's text")
    assert result.caption.get("case_number"), "the caption's case number was not found"


@pytest.mark.parametrize("name", [n for n in EXPECTED if not EXPECTED[n]])
def test_found_elements_quote_the_passage_and_page(name):
    result = reviewed(corpus_file(name, "pdf"))
    found = [e for e in result.elements if e.status == FOUND]
    assert found
    for e in found:
        assert e.passage and e.page and e.page >= 1


def test_plan_under_plan_b_heading_is_read():
    result = reviewed(corpus_file("02-fresno-plan-b", "docx"))
    goal = next(e for e in result.elements if e.key == "plan_goal")
    assert goal.status == FOUND and "legal guardianship with Mai and Tou Lee" in (goal.passage or "")


def test_passing_mention_of_adoption_is_not_a_plan():
    result = reviewed(corpus_file("04-kern-passing-adoption", "pdf"))
    goal = next(e for e in result.elements if e.key == "plan_goal")
    assert goal.status == "not found"
    assert "in passing" in goal.reason
    assert "advised of adoption planning" in (goal.passage or "")
    cp101 = next(f for f in result.findings if f.code == "CP101")
    assert cp101.page == goal.page and cp101.page is not None


def test_heuristic_finding_json_keys_are_the_catalogue_finding_keys_then_the_reading():
    result = reviewed(corpus_file("04-kern-passing-adoption", "pdf"))
    d = result.as_dict()["findings"][0]
    assert list(d) == ["code", "name", "severity", "citation", "message", "fields", "heuristic", "reason",
                       "passage", "page", "location", "child"]
    assert d["heuristic"] is True and isinstance(d["fields"], list)


@pytest.fixture
def judge(monkeypatch):
    """The per-child reader (reportgen.review.reading), the default: the variable set by another test or a
    shell (REPORTGEN_REVIEW_READER=cues) is removed."""
    monkeypatch.delenv("REPORTGEN_REVIEW_READER", raising=False)


def test_the_cue_reader_is_kept_for_comparison(monkeypatch):
    """REPORTGEN_REVIEW_READER=cues selects the cue-phrase reader of before: on the old corpus it raises the
    old labels' CP105 beside CP101, which the judge does not."""
    monkeypatch.setenv("REPORTGEN_REVIEW_READER", "cues")
    codes = {f.code for f in review_path(corpus_file("04-kern-passing-adoption", "docx")).objections}
    assert codes == set(EXPECTED["04-kern-passing-adoption"])


def _score(pairs):
    """Precision and recall over (expected, raised) pairs; CP105 beside an expected CP101 is not scored (the old
    labels add it, corpus2's leave it out: either is right where there is no plan; as bench/review.py)."""
    tp = fp = fn = 0
    for want, got in pairs:
        if "CP101" in want:
            want, got = want - {"CP105"}, got - {"CP105"}
        tp += len(want & got)
        fp += len(got - want)
        fn += len(want - got)
    return tp / (tp + fp), tp / (tp + fn)


def test_old_corpus_floors(judge):
    """The one judge on the old corpus: floors under the measured 1.00 / 1.00 (bench/review.py; CP105 beside an
    expected CP101 not scored, see _score). Of the cue reader's corpus, so a floor and not equality: the
    exact codes are test_expected_codes'."""
    pairs = [(set(EXPECTED[n]), {f.code for f in review_path(corpus_file(n, fmt)).objections} & CODES) for n, fmt in CASES]
    precision, recall = _score(pairs)
    assert precision >= 0.95 and recall >= 0.95


def test_corpus2_dev_floors(judge):
    """corpus2's dev split only (the holdout is never read by tests): per child, floors under the figures
    measured by bench/review.py (in sample: the reading was tuned on these reports). A rule objects on silence
    only where no passage speaks of the value's subject or the report says outright that it is missing; where
    passages speak of it in words the reading does not place, the finding is a point to verify. So in sample
    every objection raised is right (precision 1.00), 0.72 of the expected ones are objections, and every
    expected code is shown to the attorney as an objection or a point to verify (1.00). These floors may follow
    new dev reports down, never be fitted."""
    labels = yaml.safe_load((CORPUS2 / "labels.yml").read_text(encoding="utf-8"))
    pairs, shown = [], []
    for name, entry in labels.items():
        if entry["split"] != "dev":
            continue
        for fmt in FORMATS:
            result = review_path(CORPUS2 / fmt / f"{name}.{fmt}")
            for child, codes in entry["children"].items():
                mine = [f for f in result.findings if getattr(f, "child", None) in (None, child)]
                got = {f.code for f in mine if f.severity == "object"} & CODES2
                verify = {f.code for f in mine if f.message.startswith("To verify")} & CODES2
                pairs.append((set(codes), got))
                shown.append((set(codes), got | verify))
    precision, recall = _score(pairs)
    assert precision >= 0.95 and recall >= 0.65
    want = [w - {"CP105"} if "CP101" in w else w for w, _ in shown]
    assert sum(len(w & g) for w, (_, g) in zip(want, shown, strict=True)) >= 0.95 * sum(len(w) for w in want)
