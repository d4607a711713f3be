"""The case model: one marshmallow schema for a disposition report.

This module is the single source of truth for what a report holds and what a
valid value is. The CLI, the wizard, the renderers and the review tools all
load cases through :func:`load_case`.

Conventions that the rules rely on:

* ``None`` (or a key left out) means *never answered*. An explicit answer such
  as ``has_siblings: false`` or a narrative that says "None: the child is an
  only child" is a different thing, and the rules treat it differently.
* Free text is bounded (:data:`SHORT` / :data:`LONG` characters) and is always
  data: it is escaped wherever it is shown and never parsed as a template.
* Enumerations are closed; the allowed values are listed beside each field.
* Dates are ISO dates (``YYYY-MM-DD``); "today" is the court's day
  (:func:`reportgen.clock.today`), not the server's.
* Every string is cleaned on the way in (:mod:`reportgen.textnorm`): one kind
  of line break, no control characters or unpaired surrogates, NFC. Removals
  are reported as notices naming the field (:func:`load_case_noting`).
* Booleans are JSON ``true``/``false`` only and whole numbers are integers
  (``1`` is not a boolean, ``1.0`` not a count); identifiers (the case number,
  attachment titles) refuse bidirectional control characters.
"""

from __future__ import annotations

import datetime as dt
from contextvars import ContextVar
from enum import Enum
from functools import lru_cache
from typing import Any

from marshmallow import (
    EXCLUDE,
    RAISE,
    Schema,
    ValidationError,
    fields,
    pre_load,
    validate,
    validates_schema,
)

from reportgen import enums
from reportgen.casejson import join
from reportgen.clock import today
from reportgen.textnorm import clean_text, refuse_bidi, removal_notice

SCHEMA_VERSION = "2.0"
#: Versions :func:`load_case` reads; older ones are migrated on read (:mod:`reportgen.migrate`).
READABLE_VERSIONS = ("1.0", "2.0")
MAX_CHILDREN = 12

SHORT = 200  # names, labels, short answers
LONG = 8000  # narratives

# --- enumerations -----------------------------------------------------------

# Declared once, as StrEnum classes, in reportgen.enums; their words are in
# words.yml's ``enums`` table, shared by the wizard and the report.
FR_MONTHS = enums.values(enums.FrMonths)
RECOGNISED_GOALS = tuple(g.value for g in enums.PlanGoal if g is not enums.PlanGoal.OTHER)


# --- field helpers ----------------------------------------------------------


def Text(max_len: int = LONG, **kw: Any) -> fields.String:
    """Optional free text, bounded. ``None`` means not answered."""
    kw.setdefault("allow_none", True)
    kw.setdefault("load_default", None)
    return fields.String(validate=validate.Length(max=max_len), **kw)


def Short(**kw: Any) -> fields.String:
    return Text(SHORT, **kw)


def no_bidi_controls(value: str) -> None:
    """Identifiers must display as stored: no right-to-left override in a case number."""
    problem = refuse_bidi(value)
    if problem:
        raise ValidationError(problem)


def Identifier(**kw: Any) -> fields.String:
    """Short text that identifies something (a case number, a document's title)."""
    kw.setdefault("allow_none", True)
    kw.setdefault("load_default", None)
    return fields.String(validate=[validate.Length(max=SHORT), no_bidi_controls], **kw)


def Choice(enum: type[Enum], **kw: Any) -> fields.Field:
    """One of an enumeration's stored values (:mod:`reportgen.enums`); the class is
    kept in the field's metadata, so the words of its values are found from the field."""
    kw.setdefault("allow_none", True)
    kw.setdefault("load_default", None)
    allowed = enums.values(enum)
    human = ", ".join(str(v) for v in allowed)
    return fields.Raw(
        validate=validate.OneOf(allowed, error=f"must be one of: {human}"),
        metadata={"enum": enum},
        **kw,
    )


def Date(**kw: Any) -> fields.Date:
    kw.setdefault("allow_none", True)
    kw.setdefault("load_default", None)
    return fields.Date(
        error_messages={"invalid": "is not a date; write it as YYYY-MM-DD"}, **kw
    )


class StrictBoolean(fields.Boolean):
    """JSON ``true`` or ``false`` and nothing else. marshmallow's truthy set
    compares with ``==``, and ``1 == 1.0 == True`` in Python, so a set of
    ``{True}`` alone would take ``1`` and ``1.0`` for yes."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if value is True or value is False:
            return value
        raise self.make_error("invalid", input=value)


def Bool(**kw: Any) -> fields.Boolean:
    kw.setdefault("allow_none", True)
    kw.setdefault("load_default", None)
    return StrictBoolean(error_messages={"invalid": "must be true or false"}, **kw)


def Count(**kw: Any) -> fields.Integer:
    kw.setdefault("allow_none", True)
    kw.setdefault("load_default", None)
    return fields.Integer(
        strict=True,
        validate=validate.Range(min=0, max=10000, error="must be a whole number from 0 to 10000"),
        error_messages={"invalid": "must be a whole number"},
        **kw,
    )


def Nested(schema: type[Schema], **kw: Any) -> fields.Nested:
    kw.setdefault("allow_none", True)
    kw.setdefault("load_default", None)
    return fields.Nested(schema, **kw)


def Many(schema: type[Schema], max_items: int = 50, **kw: Any) -> fields.List:
    kw.setdefault("allow_none", True)
    kw.setdefault("load_default", None)
    return fields.List(
        fields.Nested(schema),
        validate=validate.Length(max=max_items, error=f"has more than {max_items} entries"),
        **kw,
    )


class Base(Schema):
    """Unknown keys are an error: a typo must not silently drop data."""

    class Meta:
        unknown = RAISE
        ordered = True


# --- sections ---------------------------------------------------------------


class CourtSchema(Base):
    case_number = Identifier()
    court_name = Short()
    county = Short()
    department = Short()
    hearing_type = Choice(enums.HearingType, load_default="disposition")
    hearing_time = Short()
    report_date = Date()


class PersonContactSchema(Base):
    name = Short()
    unit = Short()
    phone = Short()


class SupervisorSchema(Base):
    """The supervisor the report names. ``approved_date`` was typed by the worker before
    approvals were recorded; it still loads (older files and drafts) but is no longer asked
    nor printed: the approval line comes from ``approval`` alone."""

    name = Short()
    approved_date = Date()


class ApprovalSchema(Base):
    """The supervisor's approval as the wizard's server recorded it, written by the server into
    the case it renders (reportgen/web/approval.py), never typed nor taken from a form:
    ``version`` is the version of the report rendered; ``supervisor`` and ``approved_at`` are
    given only when that version was approved. The data inside a PDF carries it, so a clerk's
    re-rendering prints the same approval line."""

    version = Count()
    supervisor = Short()
    approved_at = fields.AwareDateTime(
        format="iso", allow_none=True, load_default=None,
        error_messages={"invalid": "is not a date and time; write it as 2026-12-02T09:15:00-08:00"})

    @validates_schema
    def both_or_neither(self, data: dict[str, Any], **_: Any) -> None:
        """An approval names its supervisor and its time, or neither (a version not approved)."""
        if bool(data.get("supervisor")) != bool(data.get("approved_at")):
            missing = "approved_at" if data.get("supervisor") else "supervisor"
            raise ValidationError("an approval names both the supervisor and when it was given", missing)


class AgencySchema(Base):
    """The agency filing the report, for the letterhead and the signature block.
    The worker (name, unit, phone) and the supervisor are ``social_worker`` and
    ``supervisor``; they are not repeated here."""

    name = Short()
    address = Text(600)  # one letterhead line per line of text
    phone = Short()


class NarrativeSchema(Base):
    """The worker's own sections of the social study, printed as written, in the
    order of the county profile (``section_order``, see reportgen/render/profile.py). The
    child's statements are ``child.child_statement`` and each parent's are
    ``parents[].statement``; they are not repeated here."""

    reason_for_hearing = Text()
    detention_jurisdiction_history = Text()
    prior_cws_history = Text()
    criminal_history = Text()
    family_background = Text()
    assessment = Text()


class DatesSchema(Base):
    removal_date = Date()
    removal_authority = Choice(enums.RemovalAuthority)
    petition_filed_date = Date()
    detention_hearing_date = Date()
    detained = Bool()
    jurisdiction_hearing_date = Date()
    disposition_hearing_date = Date()


class RightsHolderSchema(Base):
    name = Short()
    relationship = Short()


class EducationSchema(Base):
    school = Short()
    grade = Short()
    school_of_origin = Short()
    school_changed = Bool()
    iep_504 = Bool()
    rights_holder = Nested(RightsHolderSchema)
    plan = Text()


class HealthSchema(Base):
    summary = Text()
    providers = Text()
    medications = Text()
    developmental_screening = Text()
    mental_health = Text()


class ChildReviewSchema(Base):
    """At a review hearing, what the report says of this child where it differs from
    the family's ``review`` (WIC §§366.1, 366.21(c)), and what only this child has:
    the proposed finding on a substantial probability of return (a child under three
    at removal, six-month review) and the 15-of-22-months exception (42 U.S.C. §675(5)(E))."""

    recommendation = Choice(enums.ReviewRecommendation)
    prognosis = Text()
    detriment = Text()
    substantial_probability = Bool()
    substantial_probability_basis = Text(2000)
    tpr_exception = Choice(enums.TprException)
    tpr_exception_reason = Text(2000)


class ChildSchema(Base):
    name = Short()
    dob = Date()
    gender = Short()
    language = Short()
    indian_status = Choice(enums.IndianStatus)
    child_statement = Text()
    wishes = Text()
    case_plan_input = Text()
    education = Nested(EducationSchema)
    health = Nested(HealthSchema)
    review = Nested(ChildReviewSchema)


class ServiceSchema(Base):
    service = Short()
    provider = Short()
    frequency = Short()
    start_date = Date()
    goal = Text(1000)
    addresses_problem = Text(1000)
    progress = Text()
    #: where the service stands at a review; carried to the next report, where ``progress`` is asked anew
    status = Choice(enums.ServiceStatus)


class BypassSchema(Base):
    subdivision = Short()
    facts = Text()
    parent_notified_date = Date()


class ReunificationSchema(Base):
    recommended = Choice(enums.Reunification)
    not_applicable_reason = Text(1000)
    bypass = Nested(BypassSchema)
    services = Many(ServiceSchema, 30)


class VisitationSchema(Base):
    frequency = Short()
    duration = Short()
    supervision = Choice(enums.Supervision)
    location = Short()
    who_supervises = Short()
    liberalization_criteria = Text(2000)
    #: at a review: how the visits went since the last report, and whether they were liberalised (and why not)
    period_summary = Text()
    liberalized = Bool()
    not_liberalized_reason = Text(2000)


class DueDiligenceSchema(Base):
    """The search made for a parent whose whereabouts are unknown (the due-diligence declaration)."""

    started_date = Date()
    completed_date = Date()
    methods = Text(2000)
    result = Text(2000)


class OtherChildSchema(Base):
    """A child of a parent, or living in the placement home, who is not before the court here."""

    name = Short()
    dob = Date()
    relationship = Short()
    lives_with = Short()
    is_sibling = Bool()


class LetterGivenSchema(Base):
    date = Date()
    method = Choice(enums.LetterMethod)
    language = Choice(enums.LetterLanguage)


class ParentSchema(Base):
    name = Short()
    role = Choice(enums.ParentRole)
    parentage_status = Short()
    whereabouts_known = Bool()
    lived_with_child_at_300_events = Bool()
    custody_request = Text(2000)
    incarcerated = Bool()
    facility = Short()
    release_date = Date()
    barriers_to_services = Text(2000)
    contact_plan = Text(2000)
    in_residential_treatment = Bool()
    prior_services_offered = Text()
    adoption_planning_advised = Bool()
    adoption_planning_response = Text(2000)
    statement = Text()  # what the parent told the worker, in the worker's words
    reunification = Nested(ReunificationSchema)
    visitation = Nested(VisitationSchema)
    # 2.0: a parent who has died or cannot be found, and the search made for them
    status = Choice(enums.ParentStatus)
    due_diligence = Nested(DueDiligenceSchema)
    #: ids of the children of this report this person is a parent of; unanswered = all of them
    children = fields.List(Identifier(allow_none=False), allow_none=True, load_default=None,
                           validate=validate.Length(max=MAX_CHILDREN))
    #: this parent's children who are not before the court in this report (the child's half-siblings)
    other_children = Many(OtherChildSchema, 20)
    #: when and how the parent was given the plain-language letter about the plan (reportgen.letter)
    letter_given = Nested(LetterGivenSchema)


class CaregiverSchema(Base):
    name = Short()
    relationship = Short()
    is_relative = Bool()
    approved = Bool()


class RelativeChecksSchema(Base):
    home_visit_date = Date()
    clets_check_date = Date()
    fingerprint_date = Date()
    child_abuse_check_date = Date()


class PlacementSchema(Base):
    type = Choice(enums.PlacementType)
    caregiver = Nested(CaregiverSchema)
    date_placed = Date()
    reason = Text()
    caregiver_permanency_willingness = Choice(enums.Willingness)
    caregiver_permanency_suitability = Text()
    relative_checks = Nested(RelativeChecksSchema)
    school_of_origin_considered = Text(2000)
    icwa_placement_preference_compliance = Text()
    other_children_in_home = Bool()
    other_children = Many(OtherChildSchema, 20)


class SiblingVisitsSchema(Base):
    frequency = Short()
    nature = Text(2000)
    supervised = Bool()
    supervision_reason = Text(2000)
    no_contact_reason = Text(2000)


class SiblingSchema(Base):
    #: 2.0: the id of another child of this report; name and date of birth then come from that child
    child_id = Identifier()
    name = Short()
    half_sibling = Bool()
    dob = Date()
    under_court_jurisdiction = Bool()
    removed_same_time = Bool()
    placed_together = Bool()
    placement = Text(1000)
    relationship_description = Text()
    maintain_relationship_appropriate = Text(2000)
    reason_apart = Text()
    efforts_to_place_together = Text()
    efforts_inappropriate_reason = Text()
    visits = Nested(SiblingVisitsSchema)


class RelativeContactSchema(Base):
    """One contact with or interview of a relative."""

    date = Date()
    method = Short()
    outcome = Text(1000)


class RelativeSchema(Base):
    name = Short()
    relationship = Short()
    contacted_date = Date()
    notified_date = Date()
    interest = Choice(enums.RelativeInterest)
    requested_placement = Bool()
    assessment_status = Choice(enums.AssessmentStatus)
    factors_considered = Text()
    denial_reason = Text(2000)
    placement_ended_reason = Text(2000)
    contacts = Many(RelativeContactSchema, 30)


class RelativesSchema(Base):
    identified_count = Count()
    located_count = Count()
    notified_count = Count()
    interested_contact_count = Count()
    interested_placement_count = Count()
    people = Many(RelativeSchema, 100)
    grandparent_visitation = Text()


class ProspectiveFamilySchema(Base):
    """The family the concurrent plan names, which may not be the current caregiver:
    its own answer on permanence and its own assessment."""

    name = Short()
    relationship = Short()
    is_current_caregiver = Bool()
    includes_siblings = Bool()
    willingness = Choice(enums.Willingness)
    willingness_in_writing = Bool()
    willingness_date = Date()
    assessment_status = Choice(enums.AssessmentStatus)
    assessment_date = Date()
    assessment_notes = Text(2000)


class PlanStepSchema(Base):
    action = Text(1000)
    responsible = Short()
    due_date = Date()
    done_date = Date()


class ConcurrentPlanSchema(Base):
    goal = Choice(enums.PlanGoal)
    goal_other = Short()
    goal_reason = Text(2000)
    prospective_family = Nested(ProspectiveFamilySchema)
    family_search_steps = Text()
    alternative_home_efforts = Text()
    steps = Many(PlanStepSchema, 40)
    target_date = Date()
    why_realistic = Text()
    short_term_needs = Text()
    long_term_needs = Text()
    sibling_permanency_note = Text()
    appla_compelling_reason = Text()
    #: at a review: the efforts made since the last report toward legal permanence if reunification fails
    permanence_efforts = Text()


class IcwaInquirySchema(Base):
    person = Short()
    person_type = Choice(enums.IcwaPersonType)
    relationship = Short()
    date = Date()
    answer = Choice(enums.IcwaAnswer)
    details = Text(2000)


class TribeSchema(Base):
    name = Short()
    notice_date = Date()
    response = Text(2000)


class QewSchema(Base):
    name = Short()
    qualifications = Text(2000)


class IcwaSchema(Base):
    inquiry = Many(IcwaInquirySchema, 60)
    extended_family_known = Bool()
    further_inquiry_steps = Text()
    tribes = Many(TribeSchema, 20)
    bia_notice_date = Date()
    active_efforts = Text()
    qew = Nested(QewSchema)


class CasePlanSchema(Base):
    completed_date = Date()
    attached = Bool()
    parent_signed = Bool()
    child_signed = Bool()


class NextHearingSchema(Base):
    type = Short()
    date = Date()


class FindingsOrdersSchema(Base):
    disposition_option = Choice(enums.DispositionOption)
    stated_fr_months = fields.Integer(
        allow_none=True,
        load_default=None,
        strict=True,
        validate=validate.OneOf(FR_MONTHS, error="must be 6, 12, 18 or 24 months"),
        metadata={"enum": enums.FrMonths},
    )
    sibling_group_rule = Choice(enums.SiblingGroupRule)
    stated_six_month_review_date = Date()
    stated_permanency_hearing_date = Date()
    limits_parent_education_rights = Bool()
    removal_grounds = Text(2000)
    findings = Text()
    next_hearing = Nested(NextHearingSchema)


class ReviewSchema(Base):
    """2.0, a review report (``court.hearing_type`` other than disposition): the period
    it covers and what it says for every child unless the child's own ``review`` differs."""

    period_start = Date()
    period_end = Date()
    #: the review hearing's date (the disposition hearing's is dates.disposition_hearing_date)
    hearing_date = Date()
    recommendation = Choice(enums.ReviewRecommendation)
    prognosis = Text()
    detriment = Text()


class SnapshotServiceSchema(Base):
    service = Short()
    status = Choice(enums.ServiceStatus)


class SnapshotParentSchema(Base):
    name = Short()
    role = Choice(enums.ParentRole)
    status = Choice(enums.ParentStatus)
    reunification = Choice(enums.Reunification)
    services = Many(SnapshotServiceSchema, 30)
    visits = Short()
    supervision = Choice(enums.Supervision)


class SnapshotChildSchema(Base):
    id = Identifier()
    name = Short()
    placement_type = Choice(enums.PlacementType)
    caregiver = Short()
    date_placed = Date()
    goal = Choice(enums.PlanGoal)
    family = Short()
    family_assessment = Choice(enums.AssessmentStatus)
    family_willingness = Choice(enums.Willingness)


class SnapshotSchema(Base):
    """What the last report said of the things a review tracks, as it was carried
    (reportgen/hearings/carry.py), so "what changed since the last report" is computed
    from the file itself and a re-rendering prints the same words."""

    parents = Many(SnapshotParentSchema, 8)
    children = Many(SnapshotChildSchema, MAX_CHILDREN)


class PreviousReportSchema(Base):
    """2.0: the report this one was started from (``reportgen next-report``)."""

    hearing_type = Choice(enums.HearingType)
    report_date = Date()
    #: SHA-256 of the last report's file, hex
    digest = Identifier()
    snapshot = Nested(SnapshotSchema)


class AttachmentSchema(Base):
    title = Identifier()
    description = Text(1000)


class IndicatorAnswerSchema(Base):
    present = Bool()
    evidence = Text(2000)


def _prognosis_schema() -> type[Schema]:
    """The advisory prognosis worksheet: one answer per indicator of forms/prognosis.yml
    (:mod:`reportgen.prognosis`), so an indicator added there is a field here."""
    from reportgen.prognosis import worksheet

    declared: dict[str, fields.Field] = {"completed_date": Date()}
    declared.update({ind.id: Nested(IndicatorAnswerSchema) for ind in worksheet().indicators})
    return Base.from_dict(declared, name="PrognosisSchema")


PrognosisSchema = _prognosis_schema()


class ChildOrdersSchema(Base):
    """2.0: what is recommended for one child where it differs from the family's
    ``recommended`` (a child under three gets six months of services, an older
    sibling twelve)."""

    disposition_option = Choice(enums.DispositionOption)
    stated_fr_months = fields.Integer(
        allow_none=True,
        load_default=None,
        strict=True,
        validate=validate.OneOf(FR_MONTHS, error="must be 6, 12, 18 or 24 months"),
        metadata={"enum": enums.FrMonths},
    )
    stated_six_month_review_date = Date()
    stated_permanency_hearing_date = Date()


#: The fields of ``recommended`` a child may hold for itself (2.0).
CHILD_ORDER_FIELDS = tuple(ChildOrdersSchema._declared_fields)


class ChildDatesSchema(Base):
    """2.0: a child removed on another day than the family (a baby born later)."""

    removal_date = Date()
    removal_authority = Choice(enums.RemovalAuthority)


CHILD_DATE_FIELDS = tuple(ChildDatesSchema._declared_fields)


class ChildEntrySchema(ChildSchema):
    """2.0: one child of the sibling group before the court, with everything
    that is the child's own: placement and caregiver, the concurrent plan, the
    child's siblings (other children of this report by ``child_id``, or
    siblings not before the court), the orders that differ from the family's."""

    id = Identifier()
    dates = Nested(ChildDatesSchema)
    placement = Nested(PlacementSchema)
    has_siblings = Bool()
    siblings_note = Text(2000)
    siblings = Many(SiblingSchema, 20)
    concurrent_plan = Nested(ConcurrentPlanSchema)
    recommended = Nested(ChildOrdersSchema)


class _Cleaned(Base):
    @pre_load
    def clean_strings(self, data: Any, **_: Any) -> Any:
        """Clean every string before any field sees it (see :mod:`reportgen.textnorm`),
        so every way into the model stores the same text; removals become notices."""
        if not isinstance(data, dict):
            return data
        cleaned, notices = clean_tree(data)
        sink = _NOTICES.get()
        if sink is not None:
            sink.extend(notices)
        return cleaned


def _version_field(version: str) -> fields.String:
    return fields.String(
        required=True,
        validate=validate.Equal(
            version,
            error=f"this case was written for a different version of reportgen; expected {version!r}",
        ),
        error_messages={"required": f"is missing; add \"schema_version\": \"{SCHEMA_VERSION}\""},
    )


def _section(data: dict[str, Any], name: str) -> dict[str, Any]:
    value = data.get(name)
    return value if isinstance(value, dict) else {}


def _day(value: Any) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


class _Clashes:
    """Collects contradictions between fields, each message under both paths."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def one(self, path: str, text: str) -> None:
        bucket = self.errors.setdefault(path, [])
        if text not in bucket:
            bucket.append(text)

    def two(self, a: str, b: str, text: str) -> None:
        self.one(a, text)
        self.one(b, text)

    def dates(self, dob: tuple[str, Any], dated: list[tuple[str, Any, str]],
              report: tuple[str, Any]) -> None:
        """A child's birth, the case's dated events in their legal order, and the report date."""
        dob_path, born = dob[0], _day(dob[1])
        now = today()
        if born and born > now:
            self.one(dob_path, f"date of birth {born.isoformat()} is in the future (today is {now.isoformat()})")
        ordered = [(path, _day(value), label) for path, value, label in dated]
        if born:
            for path, value, label in ordered:
                if value and value < born:
                    self.two(path, dob_path,
                             f"{label} ({value.isoformat()}) is before the child's date of birth ({born.isoformat()})")
        for i, (path_a, a, label_a) in enumerate(ordered):
            for path_b, b, label_b in ordered[i + 1:]:
                if a and b and b < a:
                    self.two(path_a, path_b, f"{label_b} ({b.isoformat()}) is before {label_a} ({a.isoformat()})")
        removal_path, removal, _ = ordered[0]
        report_path, report_date = report[0], _day(report[1])
        if removal and report_date and report_date < removal:
            self.two(report_path, removal_path,
                     f"the report date ({report_date.isoformat()}) is before removal ({removal.isoformat()})")

    def siblings(self, prefix: str, holder: dict[str, Any]) -> None:
        siblings = holder.get("siblings")
        if holder.get("has_siblings") is False and isinstance(siblings, list) and siblings:
            self.two(f"{prefix}has_siblings", f"{prefix}siblings[0]",
                     "siblings are listed but the report says the child has none")

    def parents(self, data: dict[str, Any]) -> None:
        parents = data.get("parents")
        for i, parent in enumerate(parents if isinstance(parents, list) else []):
            reun = parent.get("reunification") if isinstance(parent, dict) else None
            if isinstance(reun, dict) and reun.get("recommended") == "bypass" and reun.get("services"):
                self.two(f"parents[{i}].reunification.recommended", f"parents[{i}].reunification.services",
                         "services are listed for a parent for whom no services (bypass) are recommended")

    def raise_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


_EVENTS = (
    ("petition_filed_date", "the petition"),
    ("detention_hearing_date", "the detention hearing"),
    ("jurisdiction_hearing_date", "the jurisdiction hearing"),
    ("disposition_hearing_date", "the disposition hearing"),
)


class CaseSchemaV1(_Cleaned):
    """A disposition report for one child, as reportgen 1.x wrote it. Read only
    to be migrated (:mod:`reportgen.migrate`); its errors name 1.0 paths."""

    schema_version = _version_field("1.0")
    court = Nested(CourtSchema)
    agency = Nested(AgencySchema)
    social_worker = Nested(PersonContactSchema)
    supervisor = Nested(SupervisorSchema)
    narrative = Nested(NarrativeSchema)
    dates = Nested(DatesSchema)
    child = Nested(ChildSchema)
    parents = Many(ParentSchema, 8)
    placement = Nested(PlacementSchema)
    has_siblings = Bool()
    siblings_note = Text(2000)
    siblings = Many(SiblingSchema, 20)
    relatives = Nested(RelativesSchema)
    reasonable_efforts = Text()
    reunification_plan = Text()
    concurrent_plan = Nested(ConcurrentPlanSchema)
    icwa = Nested(IcwaSchema)
    case_plan = Nested(CasePlanSchema)
    summary = Text()
    recommended = Nested(FindingsOrdersSchema)
    attachments = Many(AttachmentSchema, 30)

    @validates_schema(skip_on_field_errors=False)
    def impossible_dates(self, data: dict[str, Any], **_: Any) -> None:
        """Reject dates that cannot all be true for one case, naming both fields."""
        clashes = _Clashes()
        dates = _section(data, "dates")
        clashes.dates(
            ("child.dob", _section(data, "child").get("dob")),
            [("dates.removal_date", dates.get("removal_date"), "removal")]
            + [(f"dates.{key}", dates.get(key), label) for key, label in _EVENTS],
            ("court.report_date", _section(data, "court").get("report_date")),
        )
        clashes.siblings("", data)
        clashes.parents(data)
        clashes.raise_any()


class CaseSchema(_Cleaned):
    """A disposition report (WIC §358 social study) for the sibling group before
    the court: what the family shares once, and each child's own part in
    ``children``."""

    schema_version = _version_field(SCHEMA_VERSION)
    court = Nested(CourtSchema)
    agency = Nested(AgencySchema)
    social_worker = Nested(PersonContactSchema)
    supervisor = Nested(SupervisorSchema)
    narrative = Nested(NarrativeSchema)
    dates = Nested(DatesSchema)
    children = Many(ChildEntrySchema, MAX_CHILDREN)
    parents = Many(ParentSchema, 8)
    relatives = Nested(RelativesSchema)
    reasonable_efforts = Text()
    reunification_plan = Text()
    icwa = Nested(IcwaSchema)
    case_plan = Nested(CasePlanSchema)
    summary = Text()
    recommended = Nested(FindingsOrdersSchema)
    attachments = Many(AttachmentSchema, 30)
    approval = Nested(ApprovalSchema)
    #: advisory; never printed nor embedded in a filed document (reportgen.prognosis)
    prognosis = Nested(PrognosisSchema)
    review = Nested(ReviewSchema)
    previous_report = Nested(PreviousReportSchema)

    @validates_schema(skip_on_field_errors=False)
    def impossible_facts(self, data: dict[str, Any], **_: Any) -> None:
        """Reject dates that cannot all be true, and references to children that
        are not in the report, naming the fields."""
        clashes = _Clashes()
        dates, court = _section(data, "dates"), _section(data, "court")
        children = [c for c in (data.get("children") or []) if isinstance(c, dict)]
        ids = [c.get("id") for c in children]
        seen: set[str] = set()
        for i, child in enumerate(children):
            own: dict[str, Any] = child["dates"] if isinstance(child.get("dates"), dict) else {}
            removal_path = f"children[{i}].dates.removal_date" if own.get("removal_date") else "dates.removal_date"
            clashes.dates(
                (f"children[{i}].dob", child.get("dob")),
                [(removal_path, own.get("removal_date") or dates.get("removal_date"), "removal")]
                + [(f"dates.{key}", dates.get(key), label) for key, label in _EVENTS],
                ("court.report_date", court.get("report_date")),
            )
            clashes.siblings(f"children[{i}].", child)
            if child.get("id"):
                if child["id"] in seen:
                    clashes.one(f"children[{i}].id", f"id {child['id']!r} is used by another child of this report")
                seen.add(child["id"])
            for k, sibling in enumerate(child.get("siblings") or []):
                ref = sibling.get("child_id") if isinstance(sibling, dict) else None
                if ref is None:
                    continue
                if ref not in ids:
                    clashes.one(f"children[{i}].siblings[{k}].child_id",
                                f"names child {ref!r}, who is not a child of this report")
                elif ref == child.get("id"):
                    clashes.one(f"children[{i}].siblings[{k}].child_id", "names the child as its own sibling")
        for i, parent in enumerate(data.get("parents") or []):
            for ref in (parent.get("children") or []) if isinstance(parent, dict) else []:
                if ref not in ids:
                    clashes.one(f"parents[{i}].children", f"names child {ref!r}, who is not a child of this report")
        clashes.parents(data)
        clashes.raise_any()


# --- cleaning ---------------------------------------------------------------

#: Where :meth:`CaseSchema.clean_strings` puts its notices during :func:`load_case_noting`.
_NOTICES: ContextVar[list[tuple[str, str]] | None] = ContextVar("reportgen_case_notices", default=None)
#: No schema path is deeper than this; strings further down are refused as unknown anyway.
_CLEAN_DEPTH = 16


def clean_tree(data: Any) -> tuple[Any, list[tuple[str, str]]]:
    """A copy of raw case data with every string cleaned, and a ``(path, notice)``
    pair for each string that lost characters."""
    notices: list[tuple[str, str]] = []

    def walk(node: Any, parts: tuple[str | int, ...]) -> Any:
        if isinstance(node, str):
            text, removed = clean_text(node)
            if removed:
                path = _path(parts)
                notices.append((path, removal_notice(path, removed)))
            return text
        if len(parts) > _CLEAN_DEPTH:
            return node
        if isinstance(node, dict):
            return {key: walk(value, (*parts, str(key))) for key, value in node.items()}
        if isinstance(node, list):
            return [walk(value, (*parts, i)) for i, value in enumerate(node)]
        return node

    return walk(data, ()), notices


def _path(parts: tuple[str | int, ...]) -> str:
    path = ""
    for part in parts:
        path = join(path, part)
    return path or "case"


# --- loading ---------------------------------------------------------------


class InvalidCase(Exception):
    """Raised when a case cannot be loaded; ``problems`` are ``(path, message)`` pairs."""

    exit_code = 2

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(f"{p}: {m}" for p, m in problems))


def flatten_errors(messages: Any, prefix: str = "") -> list[tuple[str, str]]:
    """Turn marshmallow's nested error dict into ``("a.b[2].c", message)`` pairs."""
    out: list[tuple[str, str]] = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            if key == "_schema":
                path = prefix or "case"
            else:
                path = join(prefix, key if isinstance(key, int) else str(key))
            if key == "_schema":
                out.extend((path, str(m)) for m in (value if isinstance(value, list) else [value]))
            else:
                out.extend(flatten_errors(value, path))
    elif isinstance(messages, list):
        if all(isinstance(m, str) for m in messages):
            out.extend((prefix or "case", _humanise(m)) for m in messages)
        else:
            for m in messages:
                out.extend(flatten_errors(m, prefix))
    else:
        out.append((prefix or "case", _humanise(str(messages))))
    return out


_PLAIN = {
    "Unknown field.": "is not a field reportgen knows; check the spelling",
    "Field may not be null.": "may not be empty",
    "Not a valid string.": "must be text",
    "Not a valid integer.": "must be a whole number",
    "Not a valid list.": "must be a list",
    "Invalid input type.": "has the wrong shape: expected a group of fields",
    "Missing data for required field.": "is required",
}


def _humanise(message: str) -> str:
    return _PLAIN.get(message, message)


@lru_cache(maxsize=1)
def _schema() -> CaseSchema:
    """One schema instance, reused: building it costs more than a load, and a
    marshmallow schema without context is safe to share."""
    return CaseSchema()


@lru_cache(maxsize=1)
def _schema_v1() -> CaseSchemaV1:
    return CaseSchemaV1()


def _load(schema: Schema, data: dict[str, Any]) -> dict[str, Any]:
    try:
        loaded: dict[str, Any] = schema.load(data)
    except ValidationError as err:
        problems = sorted(set(flatten_errors(err.messages)))
        raise InvalidCase(problems) from None
    return loaded


def load_case(data: Any) -> dict[str, Any]:
    """Validate raw case data and return it, as schema 2.0, with dates as ``datetime.date``.

    A 1.0 case is validated as 1.0 (its errors name 1.0 paths, the file the
    user has) and then migrated (:func:`reportgen.migrate.v1_to_v2`).
    Raises :class:`InvalidCase` listing every problem found.
    """
    if not isinstance(data, dict):
        raise InvalidCase([("case", "must be a JSON object (a group of fields in { })")])
    version = data.get("schema_version")
    if version == "1.0":
        from reportgen.migrate import v1_to_v2

        schema_v1 = _schema_v1()
        data = v1_to_v2(schema_v1.dump(_load(schema_v1, data)))
    elif version is not None and version != SCHEMA_VERSION:
        readable = " or ".join(repr(v) for v in READABLE_VERSIONS)
        raise InvalidCase([("schema_version", f"this case was written for a version of reportgen this one "
                                              f"cannot read ({version!r}); it reads {readable}")])
    case = _load(_schema(), data)
    name_children(case)
    return case


def name_children(case: dict[str, Any]) -> None:
    """Give every child without an ``id`` one (``c1``, ``c2``, ...), so siblings and
    parents can refer to it; ids already given are kept."""
    children = case.get("children") or []
    taken = {c.get("id") for c in children if c.get("id")}
    counter = 0
    for child in children:
        if child.get("id"):
            continue
        counter += 1
        while f"c{counter}" in taken:
            counter += 1
        child["id"] = f"c{counter}"
        taken.add(child["id"])


def load_case_noting(data: Any) -> tuple[dict[str, Any], list[str]]:
    """:func:`load_case`, and the notices the user should read about what was
    changed on the way in (``"parents[0].name: removed 2 control characters ..."``)."""
    sink: list[tuple[str, str]] = []
    token = _NOTICES.set(sink)
    try:
        case = load_case(data)
    finally:
        _NOTICES.reset(token)
    return case, list(dict.fromkeys(notice for _, notice in sink))


def dump_case(case: dict[str, Any]) -> dict[str, Any]:
    """Serialise a loaded case back to JSON-ready data (dates as ISO strings)."""
    return _schema().dump(case)


def schema_paths(schema: Schema | None = None) -> set[str]:
    """Every field path the (2.0, unless another is given) schema defines, lists written as ``name[]``."""
    paths: set[str] = set()

    def walk(schema: Schema, prefix: str) -> None:
        for name, field in schema.fields.items():
            path = f"{prefix}{name}"
            inner = field
            if isinstance(field, fields.List):
                path += "[]"
                inner = field.inner
            paths.add(path)
            if isinstance(inner, fields.Nested):
                walk(inner.schema, path + ".")

    walk(schema or CaseSchema(), "")
    return paths


def enum_fields(schema: Schema | None = None) -> dict[str, type[Enum]]:
    """The closed fields of the (2.0, unless another is given) schema and the
    enumeration each takes, by path (lists written ``name[]``): read from the
    fields themselves, so no second map can forget a field."""
    found: dict[str, type[Enum]] = {}

    def walk(schema: Schema, prefix: str) -> None:
        for name, field in schema.fields.items():
            path = f"{prefix}{name}"
            inner = field
            if isinstance(field, fields.List):
                path += "[]"
                inner = field.inner
            enum = inner.metadata.get("enum")
            if enum is not None:
                found[path] = enum
            if isinstance(inner, fields.Nested):
                walk(inner.schema, path + ".")

    walk(schema or CaseSchema(), "")
    return found


__all__ = [
    "SCHEMA_VERSION",
    "READABLE_VERSIONS",
    "CaseSchema",
    "CaseSchemaV1",
    "InvalidCase",
    "load_case",
    "load_case_noting",
    "dump_case",
    "schema_paths",
    "enum_fields",
    "EXCLUDE",
]
