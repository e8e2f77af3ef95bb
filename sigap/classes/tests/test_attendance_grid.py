from sigap.audit.models import AuditEvent
from sigap.classes.models import Attendance
from sigap.classes.tests.helpers import make_cohort, register
from sigap.test import BaseTestCase


class AttendanceGridTests(BaseTestCase):
    def setUp(self):
        self.cohort = make_cohort(self, capacity=60, first_in_days=0)
        self.session = self.cohort.sessions.first()
        _registration, ((self.ani, _),) = register(self.cohort, "Ani Lestari")
        self.grid = f"/staf/kelas/sesi/{self.session.pk}/hadir/"

    def tap(self, participant, present: bool, **headers):
        return self.client.post(f"{self.grid}{participant.pk}/", {"present": "1" if present else "0"}, headers=headers)

    def test_one_tap_with_htmx_marks_present_and_answers_with_the_new_button_only(self):
        self.login(self.fasilitator)
        response = self.tap(self.ani, True, **{"HX-Request": "true"})
        self.assertTemplateUsed(response, "classes/_attendance_button.html")
        self.assertContains(response, 'aria-pressed="true"')
        self.assertContains(response, 'name="present" value="0"')  # the next tap undoes it
        self.assertNotContains(response, "<html")
        self.assertTrue(Attendance.objects.filter(session=self.session, participant=self.ani).exists())
        self.assertContains(self.tap(self.ani, False, **{"HX-Request": "true"}), 'aria-pressed="false"')
        self.assertFalse(Attendance.objects.exists())

    def test_without_javascript_the_tap_posts_the_form_and_returns_to_the_same_person(self):
        self.login(self.fasilitator)
        response = self.tap(self.ani, True)
        self.assertRedirects(response, f"{self.grid}#p-{self.ani.pk}", fetch_redirect_response=False)
        page = self.client.get(self.grid)
        self.assertContains(page, f'id="p-{self.ani.pk}"')
        self.assertContains(page, 'aria-pressed="true"')

    def test_every_mark_is_logged(self):
        self.login(self.fasilitator)
        self.tap(self.ani, True)
        event = AuditEvent.objects.filter(target_type="classes.classsession", action="change").get()
        self.assertEqual(event.changes, {"participant": self.ani.pk, "present": True})

    def test_someone_on_the_waiting_list_is_not_on_the_grid(self):
        cohort = make_cohort(self, name="Kecil", capacity=1)
        register(cohort, "Punya Tempat")
        _registration, ((waiting, _),) = register(cohort, "Menunggu")
        self.login(self.fasilitator)
        session = cohort.sessions.first()
        self.assertEqual(
            self.client.post(f"/staf/kelas/sesi/{session.pk}/hadir/{waiting.pk}/", {"present": "1"}).status_code, 404
        )

    def test_the_grid_shows_the_online_check_in_code(self):
        self.login(self.fasilitator)
        self.assertContains(self.client.get(self.grid), self.session.checkin_code)

    def test_the_grid_costs_the_same_number_of_queries_for_5_or_50_people(self):
        self.login(self.fasilitator)
        for n in range(4):
            register(self.cohort, f"Peserta {n}")
        self.client.get(self.grid)  # warm the session
        with self.assertNumQueries(self.queries()):
            self.client.get(self.grid)
        for n in range(4, 49):
            register(self.cohort, f"Peserta {n}")
        with self.assertNumQueries(self.queries()):
            response = self.client.get(self.grid)
        self.assertEqual(len(response.context["participants"]), 50)

    @staticmethod
    def queries() -> int:
        # session, user, device, memberships, unread notices, the session and its gate,
        # the grid, the access log (the lock with the last hash, insert);
        # no session save within the minute.
        return 9
