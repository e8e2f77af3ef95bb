"""Builders the classes tests share: a program, a cohort with sessions, a registration."""

from datetime import timedelta

from django.utils import timezone

from sigap.classes.choices import Mode
from sigap.classes.models import Cohort, Program
from sigap.classes.services import cohort_create, programs_add_standard, registration_submit, session_add

PREMARITAL = "Kelas Persiapan Pernikahan"
PARENTING = "Kelas Pengasuhan"
CADRE_TRAINING = "Kelas Kader Ketahanan Keluarga"


def program(name: str = PREMARITAL) -> Program:
    programs_add_standard(actor=None)
    return Program.objects.get(name=name)


def make_cohort(
    test,
    *,
    name: str = "Angkatan Mei",
    program_name: str = PREMARITAL,
    capacity: int = 10,
    sessions: int = 2,
    first_in_days: float = 7,
    mode: str = Mode.ONLINE,
    facilitator=None,
) -> Cohort:
    """A cohort of the Puspaga unit, facilitated by `fasilitator`, with `sessions`
    two-hour sessions a day apart, the first `first_in_days` from now."""
    chosen = program(program_name)
    cohort = cohort_create(
        actor=test.kepala,
        unit=getattr(test, "puspaga", None) or test.puspaga_pekalongan,  # BaseTestCase or CommittingTestCase
        program=chosen,
        name=name,
        mode=mode,
        capacity=capacity,
        facilitator=facilitator or test.fasilitator,
        venue="Aula DPMPPA" if mode == Mode.IN_PERSON else "",
        online_link="https://meet.example/kelas" if mode == Mode.ONLINE else "",
    )
    modules = list(chosen.modules.all())
    start = timezone.now() + timedelta(days=first_in_days)
    for n in range(sessions):
        begins = start + timedelta(days=n)
        session_add(
            actor=test.kepala,
            cohort=cohort,
            module=modules[n % len(modules)] if modules else None,
            starts_at=begins,
            ends_at=begins + timedelta(hours=2),
        )
    return cohort


def register(cohort: Cohort, *names: str, contact_method: str = "none", contact_value: str = "", **extra):
    people = [{"full_name": name, "sex": ""} for name in names]
    return registration_submit(
        cohort=cohort, people=people, contact_method=contact_method, contact_value=contact_value, consent=True, **extra
    )


def move_sessions(cohort: Cohort, *, by: timedelta) -> None:
    """Time passes: shift every session of the cohort (tests only)."""
    for session in cohort.sessions.all():
        session.starts_at += by
        session.ends_at += by
        session.save(update_fields=["starts_at", "ends_at"])


def answer_all(participant, *, correct: int) -> dict[int, int]:
    """Answers to the participant's program quiz, the first `correct` of them right."""
    questions = participant.registration.cohort.program.questions.all()
    return {
        q.pk: q.correct_option if n < correct else (q.correct_option + 1) % len(q.options)
        for n, q in enumerate(questions)
    }


def finished_cohort(test, *, names=("Siti Aminah",), program_name: str = PREMARITAL, name: str = "Angkatan Lalu"):
    """A cohort whose two sessions are over, in which everyone named attended both and
    took the post-test, and got a certificate. Returns (cohort, participants)."""
    from sigap.classes.choices import QuizKind
    from sigap.classes.services import attendance_set, certificates_issue, quiz_submit

    cohort = make_cohort(test, name=name, program_name=program_name, sessions=2, first_in_days=-3)
    participants = []
    for full_name in names:
        _registration, created = register(cohort, full_name)
        participants.extend(participant for participant, _code in created)
    for session in cohort.sessions.all():
        for participant in participants:
            attendance_set(actor=test.fasilitator, session=session, participant=participant, present=True)
    for participant in participants:
        quiz_submit(participant=participant, kind=QuizKind.POST, answers=answer_all(participant, correct=4))
    certificates_issue(actor=test.fasilitator, cohort=cohort)
    return cohort, participants
