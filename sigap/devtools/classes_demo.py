"""Demo classes for Puspaga Kota Pekalongan, built through the classes services:
the standard programs; an online premarital cohort starting soon, with couples
registered; a parenting cohort that is over, with attendance, tests and certificates;
and a Kelas Kader that is over, whose graduates cadres_demo turns into cadres.
Idempotent: a cohort that exists (by name) is left alone. The people are fictitious."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from sigap.accounts.models import OrgUnit, User
from sigap.classes.choices import Mode, QuizKind
from sigap.classes.models import Cohort, Program
from sigap.classes.services import (
    attendance_set,
    certificates_issue,
    cohort_create,
    programs_add_standard,
    quiz_submit,
    registration_submit,
    session_add,
)

PREMARITAL_COHORT = "Angkatan Juni (daring)"
PARENTING_COHORT = "Angkatan Maret (tatap muka)"
CADRE_COHORT = "Angkatan Kader 2026"
COUPLES = [("Rina Kartika", "Agus Prasetyo"), ("Dewi Anggraini", "Fajar Nugroho"), ("Putri Lestari", "Hendra Wijaya")]
PARENTS = ["Sri Wahyuni", "Nur Hidayah", "Bambang Riyadi", "Lina Marlina", "Yusuf Hakim"]
CADRE_GRADUATES = ["Sri Rahayu", "Wulan Sari", "Endang Susilowati", "Ahmad Fauzi"]


@transaction.atomic
def build(units: dict[str, OrgUnit], users: dict[str, User]) -> None:
    programs_add_standard(actor=None)
    puspaga, head, facilitator = units["puspaga-pekalongan"], users["kepala"], users["fasilitator"]
    if not Cohort.objects.filter(name=PREMARITAL_COHORT).exists():
        cohort = _cohort(
            puspaga, head, facilitator, "Kelas Persiapan Pernikahan", PREMARITAL_COHORT, 40, Mode.ONLINE, 10
        )
        for bride, groom in COUPLES:
            registration_submit(
                cohort=cohort,
                people=[{"full_name": bride, "sex": "P"}, {"full_name": groom, "sex": "L"}],
                contact_method="none",
                consent=True,
            )
    if not Cohort.objects.filter(name=PARENTING_COHORT).exists():
        cohort = _cohort(puspaga, head, facilitator, "Kelas Pengasuhan", PARENTING_COHORT, 20, Mode.IN_PERSON, -40)
        _run_to_the_end(cohort, facilitator, PARENTS)
    if not Cohort.objects.filter(name=CADRE_COHORT).exists():
        cohort = _cohort(
            puspaga, head, facilitator, "Kelas Kader Ketahanan Keluarga", CADRE_COHORT, 15, Mode.IN_PERSON, -90
        )
        _run_to_the_end(cohort, facilitator, CADRE_GRADUATES)


def _cohort(unit, head, facilitator, program_name, name, capacity, mode, first_in_days) -> Cohort:
    program = Program.objects.get(name=program_name)
    cohort = cohort_create(
        actor=head,
        unit=unit,
        program=program,
        name=name,
        mode=mode,
        capacity=capacity,
        facilitator=facilitator,
        venue="Aula DPMPPA, Jl. Majapahit No. 7A" if mode == Mode.IN_PERSON else "",
        online_link="https://meet.example.invalid/puspaga-bimwin" if mode == Mode.ONLINE else "",
    )
    first = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=first_in_days)
    for week, module in enumerate(program.modules.all()):
        start = first + timedelta(days=7 * week if first_in_days > 0 else 3 * week)
        session_add(actor=head, cohort=cohort, module=module, starts_at=start, ends_at=start + timedelta(hours=2))
    return cohort


def _run_to_the_end(cohort: Cohort, facilitator: User, names: list[str]) -> None:
    """Register everyone, mark attendance (the last person misses half), take both tests, issue certificates."""
    participants = []
    for name in names:
        _registration, created = registration_submit(
            cohort=cohort, people=[{"full_name": name}], contact_method="none", consent=True
        )
        participants.extend(participant for participant, _code in created)
    questions = list(cohort.program.questions.all())
    sessions = list(cohort.sessions.all())
    for n, participant in enumerate(participants):
        quiz_submit(participant=participant, kind=QuizKind.PRE, answers=_answers(questions, right=1 + n % 3))
        attended = sessions if n < len(participants) - 1 else sessions[::2]
        for session in attended:
            attendance_set(actor=facilitator, session=session, participant=participant, present=True)
        quiz_submit(participant=participant, kind=QuizKind.POST, answers=_answers(questions, right=4 + n % 2))
    certificates_issue(actor=facilitator, cohort=cohort)


def _answers(questions, *, right: int) -> dict[int, int]:
    return {
        q.pk: q.correct_option if n < right else (q.correct_option + 1) % len(q.options)
        for n, q in enumerate(questions)
    }
