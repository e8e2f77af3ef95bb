from datetime import timedelta
from itertools import count

from django.utils import timezone

from sigap.accounts.choices import Role
from sigap.accounts.services import membership_grant, user_ensure
from sigap.classes.choices import ProgramKind, QuizKind
from sigap.classes.models import Cohort
from sigap.classes.services import (
    attendance_set,
    certificates_issue,
    module_add,
    program_create,
    question_add,
    quiz_submit,
    session_add,
)
from sigap.classes.tests.helpers import answer_all, finished_cohort, make_cohort, register
from sigap.tests.matrix import LOGIN

RUNNERS = {"kepala": 200, "fasilitator": 200, "*": 403}
HEAD_ONLY = {"kepala": 200, "*": 403}
# A cohort the facilitator teaches (its head sees it too), and one another facilitator teaches.
TAUGHT = {"kepala": 200, "fasilitator": 200, "*": 404}
NOT_TAUGHT = {"kepala": 200, "*": 404}
MANAGE_TAUGHT = {"kepala": 200, "fasilitator": 403, "*": 404}


def objects(test) -> dict:
    finished, (graduate,) = finished_cohort(test, names=["Siti Aminah"])
    _registration, ((learner, _code),) = register(finished, "Budi Santoso")
    to_cancel, _participants = register(finished, "Dewi Lestari")
    other_facilitator, _ = user_ensure(username="fasilitator2", display_name="Fasilitator Dua", password="-")
    membership_grant(actor=None, user=other_facilitator, unit=test.puspaga, role=Role.FACILITATOR)
    other = make_cohort(test, name="Angkatan Lain", facilitator=other_facilitator)
    open_cohort = make_cohort(test, name="Angkatan Buka")
    return {
        "program": [finished.program_id],
        "cohort_taught": [finished.pk],
        "cohort_other": [other.pk],
        "cohort_open": [open_cohort.pk],
        "session_taught": [finished.sessions.first().pk],
        "session_other": [other.sessions.first().pk],
        "attendance_learner": [finished.sessions.first().pk, learner.pk],
        "registration_to_cancel": [to_cancel.pk],
        "participant_learner": [learner.pk],
        "paper_pre_learner": [learner.pk, "pre"],
        "certificate": [graduate.certificate.pk],
        "certificate_code": [graduate.certificate.code],
        "certificate_unknown": ["AAAA-BBBB-CCCC"],
    }


SERIAL = count(1)


def grow(test, objects: dict) -> None:
    """More programs, and cohorts for both facilitators; more modules and questions in
    the program; a session more and more participants (present, tested, certified) in
    the taught cohort; more registrations in the other and the open cohort."""
    n = next(SERIAL)
    program_create(actor=test.kepala, kind=ProgramKind.PARENTING, name=f"Program Tambahan {n}", modules=["Satu", "Dua"])
    taught = Cohort.objects.select_related("program").get(pk=objects["cohort_taught"][0])
    other = Cohort.objects.get(pk=objects["cohort_other"][0])
    module = module_add(actor=test.kepala, program=taught.program, title=f"Modul tambahan {n}")
    for _ in range(2):
        question_add(actor=test.kepala, program=taught.program, text="?", options=["ya", "tidak"], correct_option=0)
    for facilitator in (test.fasilitator, other.facilitator):
        make_cohort(test, name=f"Angkatan Tambahan {n} {facilitator.username}", facilitator=facilitator)
    begins = timezone.now() - timedelta(days=1, hours=n)
    session_add(actor=test.kepala, cohort=taught, module=module, starts_at=begins, ends_at=begins + timedelta(hours=1))
    newcomers = []
    for name in ("Ani", "Citra"):
        _registration, created = register(taught, f"{name} {n}")
        newcomers.extend(participant for participant, _code in created)
    for session in taught.sessions.all():
        for participant in newcomers:
            attendance_set(actor=test.fasilitator, session=session, participant=participant, present=True)
    for participant in newcomers:
        quiz_submit(participant=participant, kind=QuizKind.POST, answers=answer_all(participant, correct=4))
    certificates_issue(actor=test.fasilitator, cohort=taught)
    for cohort in (other, Cohort.objects.get(pk=objects["cohort_open"][0])):
        register(cohort, f"Eka {n}")
        register(cohort, f"Fitri {n}")


EXPECTATIONS = {
    # Public pages: no login, the same for everyone.
    ("classes:public_list", None, "get"): {"*": 200},
    ("classes:register", "cohort_open", "get"): {"*": 200},
    ("classes:register", "cohort_open", "post"): {"*": 400},  # empty form: messages per field
    ("classes:register", "cohort_taught", "get"): {"*": 404},  # its sessions are over: closed
    ("classes:register", "cohort_missing", "get"): {"*": 404},
    ("classes:participant", None, "get"): {"*": 200},
    ("classes:participant", None, "post"): {"*": 400},
    ("classes:participant_cancel", None, "post"): {"*": 302},  # no code: back to the code form
    ("classes:participant_cancel", None, "get"): {"*": 405},
    ("classes:check_in", None, "get"): {"*": 200},
    ("classes:check_in", None, "post"): {"*": 400},
    ("classes:quiz", None, "post"): {"*": 302},
    ("classes:quiz", None, "get"): {"*": 405},
    ("classes:my_certificate", None, "post"): {"*": 302},
    ("classes:my_certificate", None, "get"): {"*": 405},
    ("classes:verify_form", None, "get"): {"*": 200},
    ("classes:verify", "certificate_code", "get"): {"*": 200},
    ("classes:verify", "certificate_unknown", "get"): {"*": 404},
    ("classes:verify", "certificate_code", "post"): {"*": 405},
    # Staff pages.
    ("classes:cohorts", None, "get"): {"anonymous": LOGIN, **RUNNERS},
    ("classes:cohort_new", None, "get"): {"anonymous": LOGIN, **HEAD_ONLY},
    ("classes:cohort_detail", "cohort_taught", "get"): {"anonymous": LOGIN, **TAUGHT},
    ("classes:cohort_detail", "cohort_other", "get"): {"anonymous": LOGIN, **NOT_TAUGHT},
    ("classes:cohort_detail", "cohort_missing", "get"): {"anonymous": LOGIN, "*": 404},
    ("classes:cohort_edit", "cohort_taught", "get"): {"anonymous": LOGIN, **MANAGE_TAUGHT},
    ("classes:session_new", "cohort_taught", "post"): {"anonymous": LOGIN, "kepala": 400, "fasilitator": 403, "*": 404},
    ("classes:session_new", "cohort_taught", "get"): {"anonymous": LOGIN, "*": 405},
    ("classes:certificates_issue", "cohort_taught", "post"): {
        "anonymous": LOGIN,
        "kepala": 302,
        "fasilitator": 302,
        "*": 404,
    },
    ("classes:programs", None, "get"): {"anonymous": LOGIN, **RUNNERS},
    ("classes:programs", None, "post"): {"anonymous": LOGIN, "kepala": 400, "*": 403},
    ("classes:program_standard", None, "post"): {"anonymous": LOGIN, "kepala": 302, "*": 403},
    ("classes:program_detail", "program", "get"): {"anonymous": LOGIN, **{**TAUGHT}},
    ("classes:program_detail", "program_missing", "get"): {"anonymous": LOGIN, "*": 404},
    ("classes:module_new", "program", "post"): {"anonymous": LOGIN, "kepala": 400, "fasilitator": 403, "*": 404},
    ("classes:question_new", "program", "post"): {"anonymous": LOGIN, "kepala": 400, "fasilitator": 403, "*": 404},
    ("classes:attendance", "session_taught", "get"): {"anonymous": LOGIN, **TAUGHT},
    ("classes:attendance", "session_other", "get"): {"anonymous": LOGIN, **NOT_TAUGHT},
    ("classes:attendance_toggle", "attendance_learner", "post"): {
        "anonymous": LOGIN,
        "kepala": 302,
        "fasilitator": 302,
        "*": 404,
    },
    ("classes:attendance_toggle", "attendance_learner", "get"): {"anonymous": LOGIN, "*": 405},
    ("classes:registration_cancel", "registration_to_cancel", "post"): {
        "anonymous": LOGIN,
        "kepala": 302,
        "fasilitator": 302,
        "*": 404,
    },
    ("classes:participant_new_code", "participant_learner", "post"): {"anonymous": LOGIN, **TAUGHT},
    ("classes:paper_test", "paper_pre_learner", "get"): {"anonymous": LOGIN, **TAUGHT},
    ("classes:certificate_pdf", "certificate", "get"): {"anonymous": LOGIN, **TAUGHT},
    ("classes:certificate_revoke", "certificate", "post"): {  # no reason given: nothing revoked
        "anonymous": LOGIN,
        "kepala": 302,
        "fasilitator": 403,
        "*": 404,
    },
    # API.
    ("api:public_cohorts", None, "get"): {"*": 200},
    ("api:public_cohort_register", "cohort_open", "post"): {"*": 400},
    ("api:public_cohort_register", "cohort_open", "get"): {"*": 405},
    ("api:public_certificate", "certificate_code", "get"): {"*": 200},
    ("api:public_certificate", "certificate_unknown", "get"): {"*": 404},
    ("api:cohorts", None, "get"): {"anonymous": 401, **RUNNERS},
    ("api:session_attendance", "session_taught", "get"): {"anonymous": 401, **TAUGHT},
    ("api:session_attendance", "session_other", "get"): {"anonymous": 401, **NOT_TAUGHT},
    ("api:session_attendance", "session_taught", "post"): {
        "anonymous": 401,
        "kepala": 400,
        "fasilitator": 400,
        "*": 404,
    },
}
