"""Writes for cadres: the registry, outreach reports and early-detection referrals."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.accounts.choices import ROLES_DOING_OUTREACH, Role
from sigap.accounts.models import User
from sigap.accounts.services import membership_revoke
from sigap.audit.services import record
from sigap.cadres import photos
from sigap.cadres.choices import STANDARD_TOPICS, CadreStatus
from sigap.cadres.models import Cadre, OutreachActivity, OutreachHeadcount, OutreachTopic, Referral
from sigap.classes.choices import ProgramKind
from sigap.classes.models import Certificate
from sigap.intake.choices import Channel, ContactMethod, ReporterRelation
from sigap.intake.services import report_submit
from sigap.regions.models import Region

# UU PDP Pasal 20(2): a cadre volunteers for the city's family-resilience programme
# (Perda 8/2019) and agrees explicitly to Puspaga keeping their registry entry.
LAWFUL_BASIS_CADRE = "uu-pdp-20-2-a-consent"


@transaction.atomic
def cadre_enrol(
    *,
    actor: User,
    certificate: Certificate,
    village: Region,
    consent: bool,
    user: User | None = None,
    ip: str | None = None,
) -> Cadre:
    """Make the holder of a valid Kelas Kader certificate a cadre, with their consent."""
    if not consent:
        raise ValueError("A cadre is enrolled only with their consent")
    participant = certificate.participant
    cohort = participant.registration.cohort
    if cohort.program.kind != ProgramKind.CADRE or certificate.revoked_at is not None:
        raise ValidationError(_("Only the holder of a valid Kelas Kader certificate can become a cadre."))
    cadre = Cadre(
        unit=cohort.unit,
        person=participant.person,
        user=user,
        training=certificate,
        village=village,
        consent_at=timezone.now(),
        lawful_basis=LAWFUL_BASIS_CADRE,
    )
    cadre.full_clean()
    cadre.save()
    record(actor=actor, action="create", target=cadre, unit=cadre.unit, ip=ip, changes={"village": village.code})
    return cadre


_CADRE_FIELDS = {"status", "village", "user"}


@transaction.atomic
def cadre_update(*, actor: User, cadre: Cadre, ip: str | None = None, **changes) -> Cadre:
    """Change a cadre's status, kelurahan or login account. Ending a cadre (they left
    the registry) records the day, from which SIGAP_RETENTION_CADRE_YEARS counts, and
    closes what their login account could reach as a cadre: the cadre role goes, and an
    account left with no role is deactivated. Pausing keeps both. A cadre taken back
    needs an administrator to give the role (and open the account) again."""
    unknown = set(changes) - _CADRE_FIELDS
    if unknown:
        raise TypeError(f"cadre_update cannot change {sorted(unknown)}")
    user = changes.get("user")
    # Checked when the account changes: a former cadre's own account lost the role when
    # they left, and keeps the link until an administrator gives it back.
    if user is not None and user.pk != cadre.user_id and not (user.roles() & ROLES_DOING_OUTREACH):
        raise ValidationError(_("A cadre's login account must hold the cadre role."))
    changed = [name for name, value in changes.items() if getattr(cadre, name) != value]
    if "user" in changed and changes.get("status", cadre.status) == CadreStatus.ENDED:
        # The account a cadre had when they left is the one closed, and the one retention
        # anonymises with their entry: the link stays as it was.
        raise ValidationError(_("The login account of a cadre who left cannot be changed."))
    previous_account = cadre.user
    back = "status" in changed and changes["status"] != CadreStatus.ENDED
    if back and cadre.person.anonymised_at is not None:
        # Who they are was removed: there is no one left to take back.
        raise ValidationError(
            _(
                "This former cadre's name and contact have been removed. They can join the registry again "
                "after completing a Kelas Kader."
            )
        )
    for name in changed:
        setattr(cadre, name, changes[name])
    if back and cadre.anonymised_at is not None:
        # Retention released the entry but another record kept the person: back in the
        # registry, the entry keeps them again, and a new leaving starts a new period.
        cadre.anonymised_at = None
        changed.append("anonymised_at")
    # Retention counts from the day the cadre left; a cadre who comes back has not left.
    left_on = (cadre.left_on or timezone.localdate()) if cadre.status == CadreStatus.ENDED else None
    if left_on != cadre.left_on:
        cadre.left_on = left_on
        changed.append("left_on")
    if changed:
        cadre.full_clean()
        cadre.save(update_fields=changed)
        if "status" in changed and cadre.status == CadreStatus.ENDED and previous_account is not None:
            # Row changes before this update's own entry (house rule 4).
            membership_revoke(
                actor=actor,
                user=previous_account,
                role=Role.CADRE,
                unit=cadre.unit,
                close_if_last=True,
                reason="cadre_left",
            )
        record(actor=actor, action="change", target=cadre, unit=cadre.unit, ip=ip, changes={"fields": changed})
    return cadre


def cadre_former_accounts_close(*, actor: User | None = None) -> int:
    """Once, after upgrading to the version that closes a cadre's account when they
    leave: do the same for the cadres who left before it. Returns how many accounts lost
    the cadre role. Each account in its own transaction: one transaction would lock the
    next account's row while holding the access log's lock (house rule 4)."""
    revoked = 0
    for cadre in Cadre.objects.filter(status=CadreStatus.ENDED, user__isnull=False).select_related("user", "unit"):
        done, _closed = membership_revoke(
            actor=actor, user=cadre.user, role=Role.CADRE, unit=cadre.unit, close_if_last=True, reason="cadre_left"
        )
        revoked += done
    return revoked


@transaction.atomic
def topics_add_standard(*, actor: User | None) -> int:
    existing = set(OutreachTopic.objects.values_list("name", flat=True))
    added = [OutreachTopic.objects.create(name=name) for name in STANDARD_TOPICS if name not in existing]
    for topic in added:
        record(actor=actor, action="create", target=topic)
    return len(added)


@transaction.atomic
def topic_add(*, actor: User, name: str) -> OutreachTopic:
    topic = OutreachTopic(name=name.strip())
    topic.full_clean()
    topic.save()
    record(actor=actor, action="create", target=topic)
    return topic


@transaction.atomic
def outreach_record(
    *,
    actor: User,
    cadre: Cadre,
    topic: OutreachTopic,
    held_on: date,
    place: str,
    village: Region,
    headcounts: dict[tuple[str, str], int],
    notes: str = "",
    photo=None,
    photo_type: str = "",
    ip: str | None = None,
) -> OutreachActivity:
    """A cadre's report of an outreach session. `headcounts`: (sex, age band) → people."""
    if not _still_active(cadre):
        raise ValidationError(_("Only an active cadre can report outreach."))
    if held_on > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))
    activity = OutreachActivity(
        unit=cadre.unit,
        cadre=cadre,
        topic=topic,
        held_on=held_on,
        place=place.strip(),
        village=village,
        notes=notes.strip(),
        recorded_by=actor,
    )
    if photo is not None:
        activity.photo_name, activity.photo_type = photos.store_encrypted(photo), photo_type
    activity.full_clean()
    activity.save()
    OutreachHeadcount.objects.bulk_create(
        OutreachHeadcount(activity=activity, sex=sex, age_band=band, count=count)
        for (sex, band), count in headcounts.items()
        if count
    )
    record(
        actor=actor,
        action="create",
        target=activity,
        unit=activity.unit,
        ip=ip,
        changes={"topic": topic.pk, "village": village.code, "people": sum(headcounts.values())},
    )
    return activity


def _still_active(cadre: Cadre) -> bool:
    """The cadre's status as stored, its row locked until the caller commits: a cadre
    ended while their post was on its way is refused, and an ending waits for a post
    already in progress. Locked before any access-log entry (house rule 4)."""
    stored = Cadre.objects.select_for_update(no_key=True).filter(pk=cadre.pk).values_list("status", flat=True)
    return stored.first() == CadreStatus.ACTIVE


@transaction.atomic
def referral_submit(*, actor: User, cadre: Cadre, consent: bool, ip: str | None = None, **report_fields) -> Referral:
    """A cadre refers a family at risk: an intake report through the channel "cadre",
    triaged like any other, with the cadre as the reporter whom staff may call back.
    The receipt code is not kept: the cadre follows the status in Sigap."""
    if not _still_active(cadre):
        raise ValidationError(_("Only an active cadre can refer a family."))
    phone = cadre.person.phone
    report, _code = report_submit(
        channel=Channel.CADRE,
        actor=actor,
        reporter_relation=ReporterRelation.CADRE,
        reporter_name=cadre.person.full_name,
        contact_method=ContactMethod.PHONE if phone else ContactMethod.NONE,
        contact_value=phone,
        may_identify=True,
        consent=consent,
        ip=ip,
        **report_fields,
    )
    referral = Referral(unit=cadre.unit, cadre=cadre, report=report, referred_at=report.received_at)
    referral.full_clean()
    referral.save()
    record(actor=actor, action="create", target=referral, unit=cadre.unit, ip=ip, changes={"report": report.pk})
    return referral
