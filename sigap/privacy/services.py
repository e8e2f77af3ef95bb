"""Writes for UU PDP duties: data-subject requests and the breach register."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.models import OrgUnit, User
from sigap.audit.services import record
from sigap.cases.models import LegalStep, Victim
from sigap.cases.services import case_search_reindex_all
from sigap.lib.services import lookup_fields_rehash
from sigap.people.models import Person
from sigap.privacy.choices import RequestKind, RequestOutcome
from sigap.privacy.models import PDP_CLOCK, Breach, DataSubjectRequest
from sigap.privacy.retention import person_anonymise


@transaction.atomic
def request_record(
    *, actor: User, unit: OrgUnit, kind: str, requester: str, details: str = "", person: Person | None = None
) -> DataSubjectRequest:
    now = timezone.now()
    request = DataSubjectRequest(
        unit=unit, kind=kind, requester=requester.strip(), details=details.strip(), person=person,
        received_at=now, due_at=now + PDP_CLOCK, assigned_to=actor,
    )  # fmt: skip
    request.full_clean()
    request.save()
    record(actor=actor, action="create", target=request, unit=unit, changes={"kind": kind})
    return request


def deletion_refusal_reason(person: Person) -> str:
    """Why the law requires keeping this person's records, or "" if nothing does.
    UU PDP Pasal 15 allows keeping data for law enforcement; an open case or a legal
    process on any of the person's cases keeps them."""
    cases = Victim.objects.filter(person=person).values("case_id")
    if LegalStep.objects.filter(case_id__in=cases).exists():
        return _("A legal process involves this person's case (UU PDP Pasal 15: law enforcement).")
    if Victim.objects.filter(person=person, case__closed_at__isnull=True).exists():
        return _("A case for this person is still open; the record is needed to protect them.")
    return ""


@transaction.atomic
def request_close(*, actor: User, request: DataSubjectRequest, outcome: str, reason: str = "") -> DataSubjectRequest:
    """Close a request. A deletion is carried out (anonymisation of the person) unless
    the law requires keeping the record, in which case it is refused with the reason."""
    if request.closed_at:
        raise ValidationError(_("This request is already closed."))
    if request.kind == RequestKind.DELETION and outcome == RequestOutcome.DONE:
        if request.person is None:
            raise ValidationError(_("Link the request to the person first."))
        refusal = deletion_refusal_reason(request.person)
        if refusal:
            outcome, reason = RequestOutcome.REFUSED, refusal
        else:
            person_anonymise(request.person, reason=f"deletion request #{request.pk}")
    if outcome in (RequestOutcome.REFUSED, RequestOutcome.PARTLY) and not reason.strip():
        raise ValidationError(_("Give the reason for refusing."))
    request.outcome, request.outcome_reason, request.closed_at = outcome, reason.strip(), timezone.now()
    request.save(update_fields=["outcome", "outcome_reason", "closed_at"])
    record(actor=actor, action="change", target=request, unit=request.unit, reason=reason, changes={"outcome": outcome})
    return request


@transaction.atomic
def breach_record(*, actor: User, unit: OrgUnit, **facts) -> Breach:
    discovered = facts.pop("discovered_at", None) or timezone.now()
    breach = Breach(
        unit=unit, recorded_by=actor, discovered_at=discovered, notify_due_at=discovered + PDP_CLOCK, **facts
    )
    breach.full_clean()
    breach.save()
    record(actor=actor, action="create", target=breach, unit=unit)
    return breach


@transaction.atomic
def breach_notified(*, actor: User, breach: Breach, subjects: bool = False, authority: bool = False) -> Breach:
    now = timezone.now()
    if subjects and not breach.subjects_notified_at:
        breach.subjects_notified_at = now
    if authority and not breach.authority_notified_at:
        breach.authority_notified_at = now
    breach.save(update_fields=["subjects_notified_at", "authority_notified_at"])
    record(
        actor=actor,
        action="change",
        target=breach,
        unit=breach.unit,
        changes={"subjects": subjects, "authority": authority},
    )
    return breach


def lookup_key_rehash() -> dict[str, int]:
    """After a change of SIGAP_LOOKUP_KEY: hash the NIK and phone lookups again and
    index every case's words again, so both are found with the new key alone. The
    codes handed out before (receipts, booking links, survey and participant codes)
    exist only as their old hashes and cannot be hashed again: they are matched with
    SIGAP_OLD_LOOKUP_KEYS for as long as that setting keeps the old key."""
    counts = {**lookup_fields_rehash(), "cases.casesearchterm (cases indexed)": case_search_reindex_all()}
    record(actor=None, action="keys_rotated", changes={"lookup_rehashed": counts})
    return counts
