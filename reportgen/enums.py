"""The closed answers of the case model, declared once.

Each enumeration is a :class:`~enum.StrEnum` whose values are what a case file
stores ("yes_adopt"), so a member *is* its stored string and JSON stays plain.
The schema validates with these classes (:func:`reportgen.schema.Choice`), and
the words a value prints as -- the same words in the wizard's choices and in
the report -- are in one table, ``enums`` in ``reportgen/render/words.yml``,
keyed by :func:`words_key` of the class. Which field takes which enumeration
is read from the schema, so adding a field needs no second map; a test proves
every member of every class has its words.
"""

from __future__ import annotations

import re
from enum import Enum, IntEnum, StrEnum


class HearingType(StrEnum):
    """The hearing a report is for: the disposition hearing (WIC §358) or one of
    the review hearings that follow it (WIC §§366.21(e), 366.21(f), 366.22, 366.25)."""

    DISPOSITION = "disposition"
    SIX_MONTH_REVIEW = "six_month_review"
    PERMANENCY_12M = "permanency_12m"
    REVIEW_18M = "review_18m"
    REVIEW_24M = "review_24m"


#: The review hearings, in the order a case reaches them.
REVIEW_HEARINGS: tuple[HearingType, ...] = (
    HearingType.SIX_MONTH_REVIEW, HearingType.PERMANENCY_12M, HearingType.REVIEW_18M, HearingType.REVIEW_24M,
)


class ServiceStatus(StrEnum):
    """Where a parent's service stands at a review (its progress is told in words beside it)."""

    NOT_STARTED = "not_started"
    ONGOING = "ongoing"
    COMPLETED = "completed"
    DROPPED = "dropped"


class ReviewRecommendation(StrEnum):
    """What a review report recommends for a child."""

    RETURN_HOME = "return_home"
    CONTINUE_SERVICES = "continue_services"
    END_SERVICES = "end_services"


class TprException(StrEnum):
    """Why no petition to terminate parental rights is filed at 15 of 22 months
    (42 U.S.C. §675(5)(E)), or that one is."""

    RELATIVE_PLACEMENT = "relative_placement"
    COMPELLING_REASON = "compelling_reason"
    SERVICES_NOT_PROVIDED = "services_not_provided"
    PETITION_FILED = "petition_filed"


class RemovalAuthority(StrEnum):
    WITHOUT_WARRANT = "306"
    WARRANT = "340"
    OTHER = "other"


class IndianStatus(StrEnum):
    NOT_INDIAN_FINDING = "not_indian_finding"
    REASON_TO_BELIEVE = "reason_to_believe"
    REASON_TO_KNOW = "reason_to_know"
    INDIAN_CHILD = "indian_child"
    UNKNOWN = "unknown"


class ParentRole(StrEnum):
    MOTHER = "mother"
    PRESUMED_FATHER = "presumed_father"
    BIOLOGICAL_FATHER = "biological_father"
    ALLEGED_FATHER = "alleged_father"
    GUARDIAN = "guardian"
    INDIAN_CUSTODIAN = "indian_custodian"


class ParentStatus(StrEnum):
    LIVING = "living"
    DECEASED = "deceased"
    WHEREABOUTS_UNKNOWN = "whereabouts_unknown"


class Reunification(StrEnum):
    SERVICES = "services"
    BYPASS = "bypass"
    NOT_APPLICABLE = "not_applicable"


class Supervision(StrEnum):
    UNSUPERVISED = "unsupervised"
    MONITORED = "monitored"
    SUPERVISED_AGENCY = "supervised_agency"
    THERAPEUTIC = "therapeutic"
    NONE = "none"


class PlacementType(StrEnum):
    RELATIVE = "relative"
    NREFM = "nrefm"
    RESOURCE_FAMILY = "resource_family"
    FOSTER_FAMILY_AGENCY = "foster_family_agency"
    STRTP = "strtp"
    NONCUSTODIAL_PARENT = "noncustodial_parent"
    TRIBAL = "tribal"
    OTHER = "other"


class Willingness(StrEnum):
    """A caregiver's, or a prospective family's, answer about permanence."""

    YES_ADOPT = "yes_adopt"
    YES_GUARDIANSHIP = "yes_guardianship"
    NO = "no"
    UNSURE = "unsure"
    NOT_ASKED = "not_asked"


class RelativeInterest(StrEnum):
    PLACEMENT = "placement"
    CONTACT = "contact"
    NONE = "none"
    UNKNOWN = "unknown"


class AssessmentStatus(StrEnum):
    NOT_STARTED = "not_started"
    PENDING = "pending"
    APPROVED = "approved"
    DENIED = "denied"
    WITHDRAWN = "withdrawn"


class PlanGoal(StrEnum):
    """Permanent-plan goals (WIC §366.26(b)), plus ``other`` so that a report
    naming something else ("long-term foster care", "TBD") still loads and is
    flagged by CP102 rather than rejected."""

    ADOPTION = "adoption"
    TRIBAL_CUSTOMARY_ADOPTION = "tribal_customary_adoption"
    LEGAL_GUARDIANSHIP = "legal_guardianship"
    FIT_WILLING_RELATIVE = "fit_willing_relative"
    APPLA = "appla"
    OTHER = "other"


class IcwaPersonType(StrEnum):
    CHILD = "child"
    PARENT = "parent"
    GUARDIAN = "guardian"
    INDIAN_CUSTODIAN = "indian_custodian"
    EXTENDED_FAMILY = "extended_family"
    REPORTING_PARTY = "reporting_party"
    OTHER = "other"


class IcwaAnswer(StrEnum):
    NO_ANCESTRY = "no_ancestry"
    POSSIBLE_ANCESTRY = "possible_ancestry"
    UNKNOWN = "unknown"
    DECLINED = "declined"


class DispositionOption(StrEnum):
    DISMISS = "dismiss"
    INFORMAL_SUPERVISION = "informal_supervision"
    GUARDIANSHIP = "guardianship"
    DEPENDENCY_HOME = "dependency_home"
    REMOVE_NONCUSTODIAL_PARENT_TERMINATE = "remove_noncustodial_parent_terminate"
    REMOVE_NONCUSTODIAL_PARENT_SERVICES = "remove_noncustodial_parent_services"
    REMOVE_PLACEMENT_FR = "remove_placement_fr"
    REMOVE_PLACEMENT_NO_FR = "remove_placement_no_fr"


class SiblingGroupRule(StrEnum):
    PROPOSED = "proposed"
    NOT_PROPOSED = "not_proposed"


class FrMonths(IntEnum):
    """Reunification periods a court may order or a worker may state (WIC §361.5(a))."""

    SIX = 6
    TWELVE = 12
    EIGHTEEN = 18
    TWENTY_FOUR = 24


#: Every enumeration of the case model, in the order of the word table.
class LetterMethod(StrEnum):
    """How a parent was given the plain-language letter about the plan."""

    IN_PERSON = "in_person"
    MAIL = "mail"
    EMAIL = "email"
    OTHER = "other"


class LetterLanguage(StrEnum):
    EN = "en"
    ES = "es"


ALL: tuple[type[Enum], ...] = (
    HearingType, RemovalAuthority, IndianStatus, ParentRole, ParentStatus, Reunification,
    Supervision, PlacementType, Willingness, RelativeInterest, AssessmentStatus, PlanGoal,
    IcwaPersonType, IcwaAnswer, DispositionOption, SiblingGroupRule, FrMonths,
    ServiceStatus, ReviewRecommendation, TprException, LetterMethod, LetterLanguage,
)

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def words_key(enum: type[Enum]) -> str:
    """The key of an enumeration's words in the word table (``PlanGoal`` -> ``plan_goal``)."""
    return _CAMEL.sub("_", enum.__name__).lower()


def values(enum: type[Enum]) -> tuple[str | int, ...]:
    """The stored values, in declaration order."""
    return tuple(member.value for member in enum)
