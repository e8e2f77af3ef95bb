from sigap.audit.selectors import audit_chain_first_break
from sigap.counseling.models import Appointment, Consultation, CounsellorProfile, SurveyResponse, WeeklyAvailability
from sigap.devtools.counseling_demo import build
from sigap.test import BaseTestCase


class CounsellingDemoTests(BaseTestCase):
    def test_the_demo_builds_through_the_services_and_a_second_run_adds_nothing(self):
        units = {"puspaga-pekalongan": self.puspaga}
        users = {"konselor": self.konselor, "konselor2": self.konselor2}
        self.assertEqual(build(units, users), 3)
        counts = [
            m.objects.count()
            for m in (CounsellorProfile, WeeklyAvailability, Consultation, Appointment, SurveyResponse)
        ]
        self.assertEqual(counts[:3], [2, 18, 3])
        self.assertEqual(build(units, users), 0)
        self.assertEqual(
            [
                m.objects.count()
                for m in (CounsellorProfile, WeeklyAvailability, Consultation, Appointment, SurveyResponse)
            ],
            counts,
        )
        self.assertIsNone(audit_chain_first_break())
