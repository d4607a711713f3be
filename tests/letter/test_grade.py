"""The reading grade of every letter: every parent of every example, in English and Spanish.

What is measured: the letter's running text (:meth:`reportgen.letter.Letter.running_text`),
that is the title, the greeting, every heading and every sentence and labelled value,
including the worker's own words the letter quotes or prints as typed (a parent reads
them too). Left out: the names-and-addresses block at the top and the signature
(names, case number, court, telephone: not prose, and a formula would count a
telephone number as a word) and the footer's SHA-256 digest (a checksum).

English: the Flesch-Kincaid grade level (textstat.flesch_kincaid_grade), the measure
US plain-language guidance and most state readability rules use.

Spanish: the Crawford formula (textstat.crawford; A. N. Crawford, "A Spanish language Fry-type readability procedure: elementary level", 1984, as textstat cites it), which
gives the years of schooling a Spanish text needs directly, and was built on texts
for primary grades 1-6, the range the goal is about. As a second opinion the test
also requires a Fernández Huerta ease of 70 or more (textstat.fernandez_huerta),
which on the grade table published with that scale (as legible.es, the reference
textstat cites, gives it) is "fairly easy", 6th grade of primary school or lower
(90-100: 4th grade, 80-90: 5th, 70-80: 6th). The Spanish letter
prints the worker's English words as typed (a service, a provider); they are
measured with the Spanish rules too, since they are part of what the parent reads.

Run with ``-s`` to see the table; docs/letter.md keeps a copy.
"""

from __future__ import annotations

import textstat

from reportgen.letter import letter_for, living_parents
from tests.letter.conftest import EXAMPLE_FILES

GOAL = 6.0
FERNANDEZ_HUERTA_SIXTH_GRADE = 70.0


def grades(text: str, lang: str) -> dict[str, float]:
    textstat.set_lang(lang)
    if lang == "en":
        return {"grade": textstat.flesch_kincaid_grade(text)}
    return {"grade": textstat.crawford(text), "fernandez_huerta": textstat.fernandez_huerta(text)}


def test_every_letter_reads_at_grade_6_or_lower(cases):
    rows, failures = [], []
    for path in EXAMPLE_FILES:
        case = cases[path.stem]
        for index in living_parents(case):
            en = grades(letter_for(case, index, "en").running_text(), "en")
            es = grades(letter_for(case, index, "es").running_text(), "es")
            rows.append((path.stem, index + 1, en["grade"], es["grade"], es["fernandez_huerta"]))
            if en["grade"] > GOAL or es["grade"] > GOAL or es["fernandez_huerta"] < FERNANDEZ_HUERTA_SIXTH_GRADE:
                failures.append(rows[-1])
    print("\n| example | parent | English (Flesch-Kincaid grade) | Spanish (Crawford grade) | Spanish (Fernández Huerta ease) |")
    print("|---|---|---|---|---|")
    for name, parent, en_grade, es_grade, ease in rows:
        print(f"| {name} | {parent} | {en_grade:.1f} | {es_grade:.1f} | {ease:.1f} |")
    assert len(rows) == 17, "every living parent of the nine examples has a letter"
    assert not failures, f"letters above grade {GOAL}: {failures}"


def test_the_measure_can_fail():
    """The measure is not vacuous: the report's own legal prose is far above the goal."""
    case_text = ("WIC §361(c)(1) as to both parents: substantial danger to the child's physical health and no "
                 "reasonable means to protect the children without removal, considering the parents' "
                 "demonstrated inability to maintain sobriety notwithstanding voluntary services.")
    assert grades(case_text, "en")["grade"] > GOAL
    spanish = ("La demostrada incapacidad de los progenitores para mantener la sobriedad, no obstante los "
               "servicios voluntarios proporcionados, constituye un peligro sustancial para la salud física "
               "de los menores, sin medios razonables de protección alternativos a la separación.")
    assert grades(spanish, "es")["grade"] > GOAL
