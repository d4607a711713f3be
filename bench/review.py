"""Accuracy and speed of the attorney review over the hand-written corpora.

Two corpora, each report reviewed as DOCX and as PDF:

- ``tests/review/corpus`` (old, written beside the reader): codes per report
  in ``expected.yml``;
- ``tests/review/corpus2`` (written independently of the reader): codes per child
  in ``labels.yml``, each report in a split: ``dev`` (tuned on from the start), ``holdout`` and
  ``holdout2`` (each scored once while held back, figures below; tuned on since R4, so figures on
  them since are in sample), ``holdout3`` (reports 91-120; scored once while held back, figures below;
  in sample since), ``holdout4`` (reports 121-150 by a fifth writer, held back: scored only with
  ``--held-back``, by the lead, figures only, never printed report by report), ``holdout5`` (151-180) and
  ``holdout6`` (181-210, by W7 and W8) scored once likewise and in sample since; ``holdout7`` (211-240, by W9
  and W10) likewise; ``holdout8`` (241-270, by W11 and W12) likewise; ``holdout9`` (271-300, by W13 and W14)
  likewise; ``holdout10`` (301-330, by W15 and W16) likewise (in sample since, not yet tuned on); the next honest
  measure needs a fresh batch; ``--split`` scores one held-back split.

For each it prints precision and recall per objection code and overall
(codes counted per child), the objections raised against complete controls,
and the review time per report in a warm process (median and 95th
percentile). Where a report has no plan at all (CP101 expected), CP105 is not
scored for either reader: the old labels add it beside CP101, corpus2's writers
leave it out, and either is right there::

    .venv/bin/python bench/review.py              # old corpus + corpus2 dev, holdout, holdout2 (default reader: judge)
    .venv/bin/python bench/review.py --held-back  # ... + corpus2 holdout4 (held back; by the lead)
    .venv/bin/python bench/review.py --reader cues    # the cue phrases of before, for comparison
    .venv/bin/python bench/review.py --rendered   # ... + examples/rendered read as text, against their own data

Figures (2026-12-03, R4, the judge reader; in sample on every corpus2 split now):

=================================  ===========  ===========  ==================================
corpus                             cues P / R   judge P / R  controls with a false objection
=================================  ===========  ===========  ==================================
old corpus (26 files)              1.00 / 1.00  1.00 / 1.00  cues 0 of 10, judge 0 of 10
corpus2 dev (80 child-files)       0.15 / 0.18  1.00 / 1.00  cues 36 of 48, judge 0 of 48
corpus2 holdout (40, in sample)    0.42 / 0.36  1.00 / 0.98  cues 12 of 12, judge 0 of 12
corpus2 holdout2 (60, in sample)   0.15 / 0.17  1.00 / 0.98  cues 32 of 36, judge 0 of 36
examples/rendered as text (18)     -            0.53 / 0.38  judge 1 of 18
=================================  ===========  ===========  ==================================

These are in-sample figures: R4 tuned the reading on dev, holdout and holdout2 (every change a general
reading rule with its own invented test sentences in tests/review/test_reading.py, kept only when all
three splits improved or held). They say the reading can place what these 90 reports hold, not how it
does on reports nobody here has read: that is holdout3's question (reports 91-120 by W4, held back,
``--holdout3``, scored once by the lead; R4 never read it). Rules R4 added, by kind: layout (questions
and answers, sentence-case and '§ 6' headings in PDFs, running header/footer lines, Word and PDF
footnotes read after the paragraph that calls them, captions in Word page-header tables and over two
lines, a child's part opened by 'Leo (9) — Albers home', sub-headings that label their paragraphs, PDF
table cells); an addendum that supersedes the report where it differs; who said it (a pronoun keeps its
subject, an object after a preposition holds nothing, quoted first-person words are the speaker's, a
question's subject answers it); assertion (ConText pseudo-triggers, 'prefer X to Y', conditions before
the main clause, what the caregiver was asked about, 'undecided', 'probably', values put off to later);
the caregiver's answer read per paragraph (guardian-only, lasting care without a legal tie); per-sibling
records when several siblings live apart.

examples/rendered read as text (``--rendered``): reportgen's own rendered reports read as an edited
reportgen report is, against the objections their own data draws (only the 11 foreign-review codes). Not
tuned on except to fix what made complete cases draw objections (10 of 18 before R4's changes to
sub-headings, running headers and 'not a sibling'); recall there is low (CP105/CP108/SB203 of examples
03-05 are missed): a point for whoever works on reading reportgen's own layout next.

holdout3 (reports 91-120 by W4: six house styles no one tuning the reader had seen: a short report
written as "we", a check-box court form, caregivers' and parents' words in block quotes, one complete
part per child, Plan A / Plan B headings, an older style with a cover page), scored ONCE by the lead
after R4's last change (2026-12-03, commit 274dca2 + R4's last two), per child, 60 reviews (DOCX and PDF):

====================================  ===========  ==================================
corpus                                judge P / R  controls with a false objection
====================================  ===========  ==================================
corpus2 holdout3 (44 children x 2)    0.37 / 0.53  26 of 34
====================================  ===========  ==================================

Per code (P / R): CP101 0.60/1.00, CP103 1.00/1.00, CP105 0.50/0.75, CP106 0.28/0.92 (28 false),
CP108 0.33/0.33, CP111 0.32/1.00 (17 false), CP112 0.40/0.25, SB201 0.20/0.67 (16 false), SB203
0.00/0.00, SB204 0.43/0.27, SB205 0.33/0.33. Review time median 0.06 s, p95 0.11 s. R4 noted before
the scoring that two of its last rules (check-box forms, the agency's "we") were prompted by reading
W4's commit messages, so those two styles were not fully blind. The goal (0.90 / 0.90, no objection on
a complete report) is far from met on reports written elsewhere: in sample 1.00 / 0.98, out of sample
0.37 / 0.53. Most false objections are silence read as absence (CP106, CP111, SB201: the reading did
not place a statement that is there, and the rule objected). holdout3 is in sample from now on; the
next honest measure needs a fresh batch.

holdout4 (reports 121-150 by W5, who never saw the reader: six house styles built on tables and columns:
a case-plan summary table, family-finding tables whose answer sits in a column, question-and-answer
tables, a findings / facts table with endnotes, a case-management print whose PDF draws tables as spaced
text columns, Spanish statements with English translations), per child, 60 reviews (DOCX and PDF),
scored by the lead twice, figures only: before and after the change that a rule never objects on a value
the reading could not place (reading.verdict.unplaced: the passages that discuss it are quoted as a
point to verify, a warning with the rule's code, unless the report says outright the value is missing):

====================================  ===========  ==================================
corpus2 holdout4 (48 children x 2)    judge P / R  controls with a false objection
====================================  ===========  ==================================
before (2026-12-03, commit 6880a5c)   0.29 / 0.35  19 of 32
after (commit 284d944)                0.30 / 0.35  19 of 32
after the reading fixes (552b0ff)     0.33 / 0.35  17 of 32
after R5's table rules (66fd623)      0.29 / 0.35  20 of 32
====================================  ===========  ==================================

holdout5 (reports 151-180 by W6, who never saw the reader: interviews reported by the worker, a concurrent
planning grid, short-form status tables per child, a plan that lives only in an attached case-plan table,
courtesy supervision with addenda, sibling tables with "Placed together? Y/N"; 47 children, 10 controls),
scored by the lead, figures only, with the reader before R5's 26 table and column rules (commit 7cf249b's
reading) and after them (66fd623):

====================================  ===========  ==================================
corpus2 holdout5 (47 children x 2)    judge P / R  controls with a false objection
====================================  ===========  ==================================
before R5 (reading of 7cf249b)        0.31 / 0.42  24 of 34
after R5 (66fd623)                    0.33 / 0.39  23 of 34
====================================  ===========  ==================================

R5's rules (a cell speaks for its row's person, question/answer tables, one column per child, Y/N and
tick cells, PDF tables drawn as text, broken words in narrow columns, headers over two rows, check-box
forms, a running footer that is body text, and more, each with a test) took holdout3 (in sample) from
0.61 / 0.59 to 0.86 / 0.62 and its falsely objected controls from 12 to 2 of 34, and changed little on
reports no one had read: holdout5 +0.02 precision, -0.03 recall, 24 -> 23 controls falsely objected;
holdout4 (its fourth look) 0.33 -> 0.29 precision. Fitting the reading to the styles at hand does not
carry to other counties' styles: on every held-out batch so far two thirds of complete reports draw a
false objection. Per code on holdout5 after: CP101 0.50/0.83, CP103 0.75/1.00, CP105 0.43/0.50, CP106
0.16/0.50 (16 false), CP108 0.12/0.19 (23 false), CP111 0.11/0.25 (16 false), CP112 0.56/0.28, SB201
1.00/1.00, SB203 0.29/0.17, SB204 0.19/0.19 (13 false), SB205 0.62/0.44. Review time median 0.06 s,
p95 0.11 s.

holdout6 (reports 181-210 by W7 and W8, who never saw the reader: pleading paper with numbered lines, a dated
contact log whose later entries change earlier ones, a memo to the court with a closing summary, terse bullet
fragments in county shorthand, ICWA-centred reports with a facts box, a legal outline five levels deep; 47
children, 10 complete controls; their layouts in corpus2/layouts/, their labels in labels-w7.yml and
labels-w8.yml), scored ONCE by the lead on 2026-12-03 with the reader before and after the change that a rule
objects on silence only where the report is silent (reading.verdict.discussed: where passages read for the
child speak of the value's subject, the finding is a point to verify quoting them). That change was designed
on the law's elements and checked on holdout4 and holdout5 (figures only, their many looks make them
validation, not a test); holdout6 was then scored once, both readers side by side, and nothing was changed
after it:

====================================  ===========  ==================================
corpus2 holdout6 (47 children x 2)    judge P / R  controls with a false objection
====================================  ===========  ==================================
before (reading of 431c443)           0.25 / 0.27  20 of 40
after (48a3e1b)                       0.38 / 0.24  13 of 40
====================================  ===========  ==================================

Per code after (P / R, false objections): CP101 0.24/1.00 (13), CP103 1.00/0.50, CP105 0.50/0.33 (2),
CP106 0.22/0.25 (7; 20 before), CP108 -/0.00 (0; 7 before), CP111 0.25/0.62 (15; 22 before), CP112
0.60/0.19, SB201 1.00/0.50, SB203 -/0.00, SB204 1.00/0.06, SB205 1.00/0.14. Expected codes shown as an
objection or a point to verify 26 of 98 (0.27) both before and after: what the reading misses there it
misses outright (a value placed wrongly, a child or sibling not found), and 16 points to verify fell on
complete controls. On the validation splits the same change took holdout4 from 0.29 / 0.35 to 0.37 / 0.26
(controls falsely objected 20 -> 12 of 32) and holdout5 from 0.33 / 0.39 to 0.45 / 0.34 (23 -> 9 of 34); in
sample dev 1.00 / 1.00 -> 1.00 / 0.72 with every expected code shown (114 of 114), holdout3 0.86 / 0.62 ->
0.94 / 0.55 (2 -> 0 of 34 controls). What remains on reports no one has read: CP101 objects where the reading
finds no plan that is there (13 false), CP111 where realism or needs are argued in a part of the report the
reading does not take for this child's plan, and recall is low because values are placed wrongly, not missed.

holdout7 (reports 211-240 by W9 and W10, who never saw the reader: a letter to the judge in the worker's "I",
a structured-decision-making print with scored grids, a Child and Family Team meeting summary with each
participant's position, an amended report with inline amendments, very short rural reports, joint child
welfare and probation reports; 46 children, 12 complete controls), scored ONCE by the lead on 2026-12-03
after holdout6 had been read and tuned on (eight general reading rules: captions going on after a line break,
outline headings that carry text, the concurrent plan after a "Primary plan" label, "Concurrent:" labels,
realism argued from the relationship, "both" as the caregivers, a need before a turning clause, plural
headings, "which is why" reasons), both readers side by side, nothing changed after:

====================================  ===========  ==================================
corpus2 holdout7 (46 children x 2)    judge P / R  controls with a false objection
====================================  ===========  ==================================
before (reading of 431c443)           0.30 / 0.39  26 of 40
after (the session's last reading)    0.41 / 0.26  21 of 40
====================================  ===========  ==================================

Per code after (P / R, false objections): CP101 0.80/1.00 (1), CP103 1.00/0.75, CP105 -/0.00, CP106 0.00/0.00
(4; 15 before), CP108 -/0.00 (0; 10 before), CP111 0.75/0.50 (1; 31 before), CP112 0.17/0.40 (19; 16 before),
SB201 1.00/0.50, SB203 -/0.00, SB204 0.50/0.50, SB205 0.14/0.06 (6). Expected codes shown as an objection or a
point to verify: 45 of 92 (0.49; 0.40 before), with 34 points to verify on complete controls. On two fresh
batches the change is the same: precision up by a third (0.25 -> 0.38, 0.30 -> 0.41), recall down (0.27 ->
0.24, 0.39 -> 0.26), fewer complete reports falsely objected (20 -> 13 of 40, 26 -> 21 of 40). The largest
source of false objections left is CP112 (a plan read as contradicting a caregiver whose answer was misread:
19 on holdout7), then SB205 (visits of siblings apart); the goal (0.90 / 0.90) is far on reports no one has read.

holdout8 (reports 241-270 by W11 and W12, who never saw the reader: formal "respectfully submitted" legalese,
Word's own two-column sections, a whole report in one two-column table, templated contact notes, newborn
cases, a cover sheet with tabbed attachments; 47 children, 11 complete controls), scored ONCE by the lead on
2026-12-03 after holdout7 had been read and tuned on (a speaker's line is the one its label names, an answer
told as the first gives way to the one since, struck-through Word text is deleted text, amendments written
into the report update it, quoted words are never the agency's plan), both readers side by side, nothing
changed after:

====================================  ===========  ==================================
corpus2 holdout8 (47 children x 2)    judge P / R  controls with a false objection
====================================  ===========  ==================================
before (reading of 431c443)           0.44 / 0.38  18 of 44
after (the session's last reading)    0.76 / 0.38  3 of 44
====================================  ===========  ==================================

Per code after (P / R, false objections): CP101 0.50/1.00 (4), CP103 1.00/1.00, CP105 -/0.00, CP106
0.44/0.40 (5; 18 before), CP108 -/0.00, CP111 0.67/1.00 (3; 20 before), CP112 1.00/0.57, SB201 1.00/1.00,
SB203 -/0.00, SB204 1.00/0.07, SB205 1.00/0.60. Expected codes shown as an objection or a point to verify:
41 of 98 (0.42). Three fresh batches, each scored once with the reading of before and after: precision 0.25 ->
0.38, 0.30 -> 0.41, 0.44 -> 0.76; recall 0.27 -> 0.24, 0.39 -> 0.26, 0.38 -> 0.38; complete controls falsely
objected 20 -> 13 of 40, 26 -> 21 of 40, 18 -> 3 of 44. What is left: recall (CP105, CP108 and SB203 are
never objected out of sample: the efforts and reasons those codes ask about are placed wrongly or only
pointed to), CP101 where the plan is not found, and the goal of 0.90 / 0.90.

holdout9 (reports 271-300 by W13 and W14, who never saw the reader: a narrow column with a supervisor's margin
notes, a foster family agency's letter co-signed by the county, goals grids with statuses, a disposition report
typed on a review-report template, family members' words in their own language with translations, a long list of
proposed orders; 48 children, 12 complete controls), scored ONCE by the lead on 2026-12-03 after holdout8 had
been read and tuned on (a family promised for later is none now, a step after failure wherever the future tense
sits, agency and date words in a caption cell, needs said of the children together, one form of permanence under
a label), both readers side by side, nothing changed after:

====================================  ===========  ==================================
corpus2 holdout9 (48 children x 2)    judge P / R  controls with a false objection
====================================  ===========  ==================================
before (reading of 431c443)           0.23 / 0.32  29 of 42
after (the session's last reading)    0.47 / 0.20  7 of 42
====================================  ===========  ==================================

Per code after (P / R, false objections): CP101 0.50/0.25 (1), CP103 1.00/0.50, CP105 0.00/0.00 (1), CP106
0.00/0.00 (2; 31 before), CP108 0.00/0.00 (2), CP111 0.45/0.62 (6; 39 before), CP112 0.00/0.00 (5), SB201
0.00/0.00 (3), SB203 -/0.00, SB204 1.00/1.00, SB205 1.00/0.12. Expected codes shown as an objection or a point
to verify 27 of 88 (0.31), 32 points to verify on complete controls. Over the four fresh batches of this session
(holdout6-9), each scored once with the reading of before and after: precision 0.25 -> 0.38, 0.30 -> 0.41,
0.44 -> 0.76, 0.23 -> 0.47; recall 0.27 -> 0.24, 0.39 -> 0.26, 0.38 -> 0.38, 0.32 -> 0.20; complete controls
falsely objected 20 -> 13 of 40, 26 -> 21 of 40, 18 -> 3 of 44, 29 -> 7 of 42. The trade is deliberate (an
unplaced value is pointed to, not objected to); recall is what the reading must win next, and CP106, CP108 and
CP112 are where it reads the caregiver's answer wrongly most.

holdout10 (reports 301-330 by W15 and W16, who never saw the reader: a cover letter to counsel before the report,
a statutory compliance checklist inside the narrative, a worker writing in a second language, a chronology table
whose later rows change earlier ones, children with developmental disabilities and regional-center input, older
youths' own written statements; 44 children, 12 complete controls), scored ONCE by the lead on 2026-12-03 after
holdout9 had been read and tuned on (an open reply to the worker's question on permanence is "unsure", parents
in the caption cell, two children together and a third elsewhere), both readers side by side, nothing changed
after:

====================================  ===========  ==================================
corpus2 holdout10 (44 children x 2)   judge P / R  controls with a false objection
====================================  ===========  ==================================
before (reading of 431c443)           0.26 / 0.36  26 of 40
after (the session's last reading)    0.36 / 0.24  10 of 40
====================================  ===========  ==================================

Per code after (P / R, false objections): CP101 1.00/0.50, CP103 0.75/1.00 (2), CP105 0.50/0.33 (2), CP106
-/0.00 (0; 8 before), CP108 0.00/0.00 (3), CP111 0.00/0.00 (5; 32 before), CP112 0.35/0.50 (11), SB201
0.67/1.00 (2; 16 before), SB203 0.00/0.00 (2), SB204 0.50/0.14 (2), SB205 0.00/0.00 (10). Expected codes shown
as an objection or a point to verify 37 of 90 (0.41; 0.36 before). Five fresh batches this session, each scored
once, before -> after: precision 0.25 -> 0.38, 0.30 -> 0.41, 0.44 -> 0.76, 0.23 -> 0.47, 0.26 -> 0.36; recall
0.27 -> 0.24, 0.39 -> 0.26, 0.38 -> 0.38, 0.32 -> 0.20, 0.36 -> 0.24; complete controls falsely objected 20 ->
13, 26 -> 21, 18 -> 3, 29 -> 7, 26 -> 10 (of 40-44). The next honest measure needs a fresh batch. After the
scoring, two general fixes (a first name sharing the next one's surname in a caption, a caregiver who "supervises"
the visits) took holdout10 (in sample since) to 0.40 / 0.27.

The third line is a third look, figures only, after general fixes made on holdout3 (now in sample): captions
that say "concerning" the children, a plan's own heading ("Plan B — ..."), a plan argued under a heading the
layout table does not know, a block quote's speaker and its "I" and "we", nicknames in names, a clause led by
a pronoun, an aside's negation, adult siblings. They took holdout3 from 0.40 / 0.53 to 0.61 / 0.59 (controls
falsely objected 26 -> 12 of 34) and holdout4's CP111 false objections from 43 to 31; holdout4's tables and
columns (answers that sit in a column under a question) are what the reading still does not read.

Per code after 284d944 (P / R): CP101 0.25/0.33, CP103 1.00/1.00, CP105 0.40/0.67, CP106 0.35/0.50 (15 false,
17 before), CP108 0.25/0.20, CP111 0.12/0.75 (43 false), CP112 0.20/0.17, SB201 0.35/1.00 (11 false),
SB203 -/0.00, SB204 0.00/0.00, SB205 1.00/0.25. On holdout3 (now in sample) the same change took
CP106's false objections from 28 to 20 and SB201's from 16 to 10 (P 0.37 -> 0.40, recall 0.53 kept;
dev, holdout, holdout2 unchanged at 1.00 / 0.98-1.00). Tried and dropped because they cost in-sample
recall for nothing out of sample: treating an unplaced realism or needs statement (CP111) or an
unplaced effort toward another home (CP108) the same way (dev CP111 recall 1.00 -> 0.14, CP108 1.00 ->
0.60). What is left is the reading itself: CP111's 43 false objections are plans argued in words the
reading does not recognise as realism or needs; SB203-SB205 miss siblings apart told in table columns.

Held-back splits, scored once by the lead after R3's last change (2026-12-03), per child (the figures of
record for reports no one had tuned on):

=================================  ===========  ===========  ==================================
corpus                             cues P / R   judge P / R  controls with a false objection
=================================  ===========  ===========  ==================================
corpus2 holdout (40 child-files)   0.42 / 0.36  0.81 / 0.72  cues 12 of 12, judge 2 of 12
corpus2 holdout2 (60, new styles)  0.14 / 0.17  0.39 / 0.48  cues 32 of 36, judge 29 of 36
=================================  ===========  ===========  ==================================

The holdout figures of before R3 (R2's reader, scored once by R2): cues 0.40/0.36 (12 of 12 controls
false), judge 0.66/0.65 (5 of 12). Scored strictly (CP105 beside an expected CP101 counted), the judge is
1.00 / 0.86 on the old corpus: its only misses are the four CP105 the old labels add beside CP101. SB205 is
not applicable to a sibling the report says is outside the court's jurisdiction (reading.verdict).

Time per report in a warm process, extraction in the sandbox included, measured while other engineers'
test suites ran (load average 5 to 8 on 2 cores, so upper bounds): R4's last run median 0.19 s, p95
0.49 s over 306 reviews at load 7-8 (0.07 s / 0.18 s at load 5); the reading alone, in process: corpus2
median 0.03-0.04 s, p95 0.13 s; reportgen's 20-page rendered examples median 0.08 s, max 0.27 s at low
load (0.24 s median at load 8). The cue reader is the same within the noise.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from _stats import percentile

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportgen.review import ReviewResult, review_path  # noqa: E402

CORPUS = ROOT / "tests" / "review" / "corpus"
CORPUS2 = ROOT / "tests" / "review" / "corpus2"
OLD_CODES = ("CP101", "CP105", "CP106", "CP108", "CP111", "SB201", "SB203", "SB205")
#: The objection codes corpus2 is labelled with.
CODES = ("CP101", "CP103", "CP105", "CP106", "CP108", "CP111", "CP112", "SB201", "SB203", "SB204", "SB205")
FORMATS = ("docx", "pdf")
#: corpus2's splits tuned on: ``dev`` from the start; ``holdout`` and ``holdout2`` since R4 (each was scored
#: once, held back, first; figures on them since are in sample).
TUNED = ("dev", "holdout", "holdout2", "holdout3", "holdout6", "holdout7", "holdout8", "holdout9", "holdout10")
#: corpus2's held-back splits: scored only with --held-back (by the lead), never printed report by report.
HELD_BACK = ("holdout4", "holdout5")


@dataclass
class Score:
    """True/false positives and negatives per code, and what differed."""

    codes: tuple[str, ...]
    tp: dict[str, int] = field(default_factory=dict)
    fp: dict[str, int] = field(default_factory=dict)
    fn: dict[str, int] = field(default_factory=dict)
    times: list[float] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)
    controls: int = 0
    false_on_controls: int = 0
    #: expected codes raised either as objections or as points to verify, and all expected codes
    flagged: int = 0
    expected: int = 0
    verify_on_controls: int = 0

    def add_verify(self, want: set[str], got: set[str], verify: set[str]) -> None:
        """Points to verify beside the objections: how many expected codes the attorney is shown either way."""
        if "CP101" in want:
            want = want - {"CP105"}
        self.expected += len(want & set(self.codes))
        self.flagged += len(want & (got | verify))
        if not want:
            self.verify_on_controls += len(verify & set(self.codes))

    def add(self, label: str, want: set[str], got: set[str]) -> None:
        got &= set(self.codes)
        # Where a report has no plan at all (CP101) the two label sets disagree on CP105: the old corpus adds it
        # ("names no family"), corpus2's writers leave it out ("the attorney objects once, to the missing plan").
        # Either answer is right there, so CP105 beside an expected CP101 is not scored, for either reader.
        if "CP101" in want:
            want, got = want - {"CP105"}, got - {"CP105"}
        for code in self.codes:
            self.tp[code] = self.tp.get(code, 0) + (code in got and code in want)
            self.fp[code] = self.fp.get(code, 0) + (code in got and code not in want)
            self.fn[code] = self.fn.get(code, 0) + (code not in got and code in want)
        if got != want:
            extra, missed = sorted(got - want), sorted(want - got)
            self.differences.append(f"  {label}: false {extra or '-'}, missed {missed or '-'}")
        if not want:
            self.controls += 1
            self.false_on_controls += bool(got)

    def overall(self) -> tuple[float, float]:
        tp, fp, fn = (sum(d.values()) for d in (self.tp, self.fp, self.fn))
        return _ratio(tp, tp + fp), _ratio(tp, tp + fn)

    def print(self, title: str, *, show_differences: bool = True) -> None:
        print(f"\n== {title}")
        print(f"{'code':<7} {'precision':>9} {'recall':>7}   tp fp fn")
        for code in self.codes:
            tp, fp, fn = self.tp.get(code, 0), self.fp.get(code, 0), self.fn.get(code, 0)
            print(f"{code:<7} {_ratio(tp, tp + fp):>9.2f} {_ratio(tp, tp + fn):>7.2f}   {tp:>2} {fp:>2} {fn:>2}")
        p, r = self.overall()
        print(f"{'overall':<7} {p:>9.2f} {r:>7.2f}")
        print(f"complete controls (child x format) with a false objection: {self.false_on_controls} of {self.controls}")
        if self.expected:
            print(f"expected codes shown as an objection or a point to verify: {self.flagged} of {self.expected} "
                  f"({self.flagged / self.expected:.2f}); points to verify on complete controls: {self.verify_on_controls}")
        if self.times:
            print(f"review time per report (warm): median {statistics.median(self.times):.2f} s, "
                  f"p95 {percentile(self.times, 0.95):.2f} s over {len(self.times)}")
        if show_differences and self.differences:
            print("differences:")
            print("\n".join(self.differences))


def _ratio(a: int, b: int) -> float:
    return a / b if b else float("nan")


def _timed(path: Path, score: Score) -> ReviewResult:
    start = time.perf_counter()
    result = review_path(path)
    score.times.append(time.perf_counter() - start)
    return result


def codes_by_child(result: ReviewResult, children: Iterable[str], verify: bool = False) -> dict[str, set[str]]:
    """The objection codes the review raised for each labelled child (by first name).

    A finding that names no child (a single-child reading) counts for every child."""
    names = list(children)
    out: dict[str, set[str]] = {n: set() for n in names}
    for f in result.findings:
        if (f.severity != "object") if not verify else not f.message.startswith("To verify"):
            continue
        child = getattr(f, "child", None)
        targets = [n for n in names if child and n.lower() in str(child).lower()] or (names if not child else [])
        for n in targets:
            out[n].add(f.code)
    return out


def score_old() -> Score:
    expected: dict[str, list[str]] = yaml.safe_load((CORPUS / "expected.yml").read_text(encoding="utf-8"))
    score = Score(OLD_CODES)
    for name, codes in expected.items():
        for fmt in FORMATS:
            result = _timed(CORPUS / fmt / f"{name}.{fmt}", score)
            got = {f.code for f in result.findings if f.severity == "object"}
            score.add(f"{name}.{fmt}", set(codes), got)
    return score


def corpus2_labels(split: str) -> dict[str, dict[str, Any]]:
    """corpus2's labels of one split only (the other split's are never returned)."""
    labels: dict[str, dict[str, Any]] = {}
    for path in [CORPUS2 / "labels.yml", *sorted(CORPUS2.glob("labels-*.yml"))]:  # a later writer's own file
        labels.update(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    return {name: entry for name, entry in labels.items() if entry.get("split") == split}


def score_corpus2(split: str) -> Score:
    score = Score(CODES)
    for name, entry in corpus2_labels(split).items():
        children: dict[str, list[str]] = entry["children"]
        for fmt in FORMATS:
            result = _timed(CORPUS2 / fmt / f"{name}.{fmt}", score)
            got = codes_by_child(result, children)
            verify = codes_by_child(result, children, verify=True)
            for child, codes in children.items():
                label = f"{name}.{fmt}:{child}" if split in TUNED else "(held back)"
                score.add_verify(set(codes), set(got[child]), verify[child])
                score.add(label, set(codes), got[child])
    return score


def score_rendered() -> Score:
    """reportgen's own rendered examples read as text, as an edited reportgen report is (its visible text no
    longer matching its data), scored against the objections its embedded data draws (codes per child)."""
    import subprocess

    import docx

    from reportgen.review import extract
    from reportgen.review.heuristics import assess, findings_for
    from reportgen.review.sections import split
    from reportgen.rules import check
    from reportgen.schema import load_case

    score = Score(CODES)
    for path in sorted((ROOT / "examples" / "rendered").glob("*.*")):
        if path.suffix not in (".pdf", ".docx"):
            continue
        embedded = extract.extract_file(path).embedded
        if embedded is None:
            continue
        case = load_case(embedded)
        kids = [str(c.get("name") or "?").split()[0] for c in case.get("children") or []] or ["?"]
        if path.suffix == ".pdf":
            text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                                  text=True, check=False).stdout
            pages = extract._drop_running_lines(text.split("\f"))
            blocks = extract._place_footnotes(extract._join_pages(
                [extract._pdf_blocks(t, n) for n, t in enumerate(pages, start=1)]))
        else:
            blocks = extract.docx_blocks(docx.Document(str(path)))
        start = time.perf_counter()  # the reading alone: the text is extracted outside the sandbox here
        found = [f for f in findings_for(assess(split(blocks))) if f.severity == "object"]
        score.times.append(time.perf_counter() - start)
        truth = [(f.code, [str(c).split()[0] for c in getattr(f, "children", ()) or ()]) for f in check(case)
                 if f.severity == "object"]
        for kid in kids:
            want = {code for code, who in truth if (not who or kid in who) and code in CODES}
            got = {f.code for f in found if not f.child or kid.lower() in str(f.child).lower()}
            score.add(f"{path.name}:{kid}", want, got)
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", action="append", default=[], choices=HELD_BACK,
                        help="with --held-back: only this held-back split (repeatable)")
    parser.add_argument("--held-back", action="store_true",
                        help="also score corpus2's held-back splits (holdout4, holdout5) when labelled (by the lead; figures only)")
    parser.add_argument("--quiet", action="store_true", help="leave out the list of differences")
    parser.add_argument("--rendered", action="store_true",
                        help="also read examples/rendered as text (as an edited reportgen report is), against their data")
    parser.add_argument("--reader", choices=("cues", "judge"), default="judge",
                        help="judge: the per-child reading, the default (reportgen.review.reading); cues: the cue "
                             "phrases of before")
    args = parser.parse_args(argv)
    os.environ["REPORTGEN_REVIEW_READER"] = args.reader
    print(f"reader: {args.reader}")
    review_path(CORPUS2 / "docx" / "01-styles-vega.docx")  # warm the sandbox worker
    old = score_old()
    old.print("old corpus (tests/review/corpus; 8 codes)", show_differences=not args.quiet)
    times = list(old.times)
    for split in TUNED:
        tuned = score_corpus2(split)
        tuned.print(f"corpus2 {split} (in sample; per child)", show_differences=not args.quiet)
        times += tuned.times
    if args.rendered:
        score_rendered().print("examples/rendered read as text (reportgen's own layout; per child)",
                               show_differences=not args.quiet)
    if args.held_back:
        for split in args.split or HELD_BACK:
            held = score_corpus2(split)
            if held.tp or held.fp or held.fn or held.controls:
                held.print(f"corpus2 {split} (held back; per child)", show_differences=False)
    print(f"\nall reviews: median {statistics.median(times):.2f} s, p95 {percentile(times, 0.95):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
