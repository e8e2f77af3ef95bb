from datetime import date, time, timedelta
from itertools import count

from sigap.accounts.choices import Role
from sigap.accounts.services import membership_grant, user_ensure
from sigap.counseling.choices import Attendance, CounsellorTitle, DocumentType, ExceptionKind
from sigap.counseling.ikm import CODES
from sigap.counseling.models import Consultation, CounsellorProfile
from sigap.counseling.services import (
    appointment_book,
    availability_add,
    availability_exception_add,
    consultation_open,
    counsellor_profile_save,
    document_add,
    referral_add,
    session_record,
    survey_import,
)
from sigap.counseling.tests.helpers import at, build_counsellors
from sigap.tests.matrix import LOGIN

# Consultations: the head sees every one of the unit; a counsellor only their own.
# Session notes follow: konselor2 gets 404 on konselor's session (the notes wall).
OF_KONSELOR = {"anonymous": LOGIN, "kepala": 200, "konselor": 200, "*": 404}
OF_KONSELOR2 = {"anonymous": LOGIN, "kepala": 200, "konselor2": 200, "*": 404}
MISSING = {"anonymous": LOGIN, "*": 404}
# Empty POSTs on konselor's consultation: the form says what is missing (400).
POST_KONSELOR = {"anonymous": LOGIN, "kepala": 400, "konselor": 400, "*": 404}
STAFF_PAGES = {"anonymous": LOGIN, "kepala": 200, "konselor": 200, "konselor2": 200, "*": 403}
COUNSELLORS_ONLY = {"anonymous": LOGIN, "konselor": 400, "konselor2": 400, "*": 403}
IKM = {"anonymous": LOGIN, "kepala": 200, "konselor": 200, "konselor2": 200, "analis": 200, "*": 403}
PUBLIC_TOKEN = "matrix-booking-token-0000000000000000000000"
CANCEL_TOKEN = "matrix-cancel-token-00000000000000000000000"


def objects(test) -> dict:
    profiles = build_counsellors({"konselor": test.konselor, "konselor2": test.konselor2}, test.puspaga)
    mine = consultation_open(
        actor=test.konselor, unit=test.puspaga, kind="keluarga", counsellor=test.konselor, full_name="Dewi"
    )
    theirs = consultation_open(
        actor=test.konselor2, unit=test.puspaga, kind="hukum", counsellor=test.konselor2, full_name="Rina"
    )
    session = session_record(
        actor=test.konselor, consultation=mine, attendance=Attendance.ATTENDED, notes="Catatan rahasia konselor"
    )
    item = document_add(actor=test.konselor, consultation=mine, document=DocumentType.BIRTH_CERTIFICATE)
    referral = referral_add(actor=test.konselor, consultation=mine, partner="Dukcapil", purpose="Akta kelahiran")
    appointment_book(actor=None, consultation=mine, start=at(2, 9), mode="place", manage_token=PUBLIC_TOKEN)
    appointment_book(actor=None, consultation=mine, start=at(2, 10), mode="place", manage_token=CANCEL_TOKEN)
    leave = availability_exception_add(
        actor=None,
        unit=test.puspaga,
        profile=profiles["konselor"],
        kind=ExceptionKind.LEAVE,
        date_from=date.today() + timedelta(days=30),
        date_until=date.today() + timedelta(days=31),
    )
    return {
        "consultation_konselor": [mine.pk],
        "consultation_konselor2": [theirs.pk],
        "session_konselor": [mine.pk, session.pk],
        "document_konselor": [mine.pk, item.pk],
        "referral_konselor": [mine.pk, referral.pk],
        "booking": [PUBLIC_TOKEN],
        "booking_cancel": [CANCEL_TOKEN],
        "block_konselor": [profiles["konselor"].availability.first().pk],
        "block_konselor2": [profiles["konselor2"].availability.first().pk],
        "leave_konselor": [leave.pk],
    }


SERIAL = count(1)


def grow(test, objects: dict) -> None:
    """Another bookable counsellor; more consultations for both counsellors; more
    sessions, documents, referrals and appointments on the matrix's consultations; more
    weekly hours, absences and survey answers."""
    n = next(SERIAL)
    colleague, _ = user_ensure(username=f"konselor-tambahan-{n}", display_name=f"Konselor {n}", password="-")
    membership_grant(actor=None, user=colleague, unit=test.puspaga, role=Role.COUNSELLOR)
    profile = counsellor_profile_save(
        actor=None, user=colleague, unit=test.puspaga, title=CounsellorTitle.COUNSELLOR, kinds=["keluarga", "hukum"]
    )
    for weekday in range(7):
        availability_add(actor=None, profile=profile, weekday=weekday, start_time=time(8), end_time=time(16))
    for counsellor in (test.konselor, test.konselor2):
        for kind in ("keluarga", "hukum"):
            consultation_open(actor=counsellor, unit=test.puspaga, kind=kind, counsellor=counsellor, full_name="Klien")
    mine_and_theirs = [objects["consultation_konselor"][0], objects["consultation_konselor2"][0]]
    for consultation in Consultation.objects.filter(pk__in=mine_and_theirs).select_related("counsellor"):
        for hour in (9, 11):
            start = at(3 + n, hour)
            appointment_book(actor=None, consultation=consultation, start=start, mode="place")
            session_record(
                actor=consultation.counsellor, consultation=consultation, attendance=Attendance.ATTENDED, notes="-"
            )
            document_add(actor=consultation.counsellor, consultation=consultation, document=DocumentType.FAMILY_CARD)
            referral_add(actor=consultation.counsellor, consultation=consultation, partner="KUA", purpose="-")
    for user in (test.konselor, test.konselor2):
        own = CounsellorProfile.objects.get(user=user)
        # An evening more in their weekly hours (their schedule page lists the blocks).
        availability_add(actor=None, profile=own, weekday=n % 7, start_time=time(17), end_time=time(19))
        leave_from = date.today() + timedelta(days=60 + 3 * n)
        availability_exception_add(
            actor=None,
            unit=test.puspaga,
            profile=own,
            kind=ExceptionKind.LEAVE,
            date_from=leave_from,
            date_until=leave_from,
        )
    survey_import(actor=None, unit=test.puspaga, period=date.today(), rows=[[4] * len(CODES), [3] * len(CODES)])


EXPECTATIONS = {
    # Public: booking, the manage link, the survey. Empty POSTs answer with the form (400).
    ("counseling:book", None, "get"): {"*": 200},
    ("counseling:book", None, "post"): {"*": 400},
    ("counseling:manage", "booking", "get"): {"*": 200},
    ("counseling:manage", "booking_missing", "get"): {"*": 404},
    ("counseling:manage_reschedule", "booking", "post"): {"*": 400},
    ("counseling:manage_reschedule", "booking", "get"): {"*": 405},
    ("counseling:manage_cancel", "booking_cancel", "post"): {"*": 302},
    ("counseling:manage_cancel", "booking_cancel", "get"): {"*": 405},
    ("counseling:manage_cancel", "booking_missing", "post"): {"*": 404},
    ("counseling:manage_calendar", "booking", "get"): {"*": 200},
    ("counseling:manage_calendar", "booking_missing", "get"): {"*": 404},
    ("counseling:survey", None, "get"): {"*": 200},
    ("counseling:survey", None, "post"): {"*": 400},
    # Staff lists and forms.
    ("counseling:list", None, "get"): STAFF_PAGES,
    ("counseling:new", None, "get"): STAFF_PAGES,
    ("counseling:schedule", None, "get"): STAFF_PAGES,
    ("counseling:profile", None, "post"): COUNSELLORS_ONLY,
    ("counseling:profile", None, "get"): {"anonymous": LOGIN, "*": 405},
    ("counseling:availability_new", None, "post"): COUNSELLORS_ONLY,
    ("counseling:exception_new", None, "post"): COUNSELLORS_ONLY,
    # Deleting one's own availability: the colleague gets 404 (konselor comes before
    # konselor2 in the order of requests, so the second row is the meaningful wall).
    ("counseling:availability_delete", "block_konselor", "post"): {
        "anonymous": LOGIN,
        "konselor": 302,
        "konselor2": 404,
        "kepala": 403,
        "*": 403,
    },
    ("counseling:availability_delete", "block_konselor2", "post"): {
        "anonymous": LOGIN,
        "konselor": 404,
        "konselor2": 302,
        "*": 403,
    },
    # The head may remove any absence in the unit (first in order); after that it is gone.
    ("counseling:exception_delete", "leave_konselor", "post"): {
        "anonymous": LOGIN,
        "kepala": 302,
        "konselor": 404,
        "konselor2": 404,
        "*": 403,
    },
    ("counseling:ikm", None, "get"): IKM,
    # One consultation: the head and its counsellor; a colleague gets 404 like a stranger.
    ("counseling:detail", "consultation_konselor", "get"): OF_KONSELOR,
    ("counseling:detail", "consultation_konselor2", "get"): OF_KONSELOR2,
    ("counseling:detail", "consultation_missing", "get"): MISSING,
    ("counseling:session_new", "consultation_konselor", "get"): OF_KONSELOR,
    ("counseling:session_new", "consultation_konselor2", "get"): OF_KONSELOR2,
    ("counseling:session_new", "consultation_konselor", "post"): POST_KONSELOR,
    # The notes wall: konselor2 cannot read konselor's session notes.
    ("counseling:session", "session_konselor", "get"): OF_KONSELOR,
    ("counseling:document_new", "consultation_konselor", "post"): POST_KONSELOR,
    ("counseling:document_status", "document_konselor", "post"): POST_KONSELOR,
    ("counseling:referral_new", "consultation_konselor", "post"): POST_KONSELOR,
    ("counseling:referral_outcome", "referral_konselor", "post"): POST_KONSELOR,
    ("counseling:close", "consultation_konselor", "get"): OF_KONSELOR,
    ("counseling:close", "consultation_konselor", "post"): POST_KONSELOR,
    ("counseling:close", "consultation_konselor2", "post"): {
        "anonymous": LOGIN,
        "kepala": 400,
        "konselor2": 400,
        "*": 404,
    },
    # Only the head gives a consultation to another counsellor; its counsellor gets 403,
    # everyone else the gate's 404. An empty POST says what is missing (400).
    ("counseling:reassign", "consultation_konselor", "get"): {**OF_KONSELOR, "konselor": 403},
    ("counseling:reassign", "consultation_konselor", "post"): {**POST_KONSELOR, "konselor": 403},
    ("counseling:reassign", "consultation_missing", "post"): MISSING,
    ("counseling:escalate", "consultation_konselor", "get"): OF_KONSELOR,
    ("counseling:escalate", "consultation_konselor", "post"): POST_KONSELOR,
    ("counseling:escalate", "consultation_missing", "post"): MISSING,
    # API.
    ("api:consultations", None, "get"): {**STAFF_PAGES, "anonymous": 401},
    ("api:consultations", None, "post"): {"*": 405},
    ("api:consultation", "consultation_konselor", "get"): {**OF_KONSELOR, "anonymous": 401},
    ("api:consultation", "consultation_konselor2", "get"): {**OF_KONSELOR2, "anonymous": 401},
    ("api:consultation", "consultation_missing", "get"): {"anonymous": 401, "*": 404},
}
