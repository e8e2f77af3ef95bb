from sigap.classes.models import ClassSession, Cohort, Module, Program, Question
from sigap.classes.tests.helpers import PREMARITAL, finished_cohort, make_cohort, program, register
from sigap.test import BaseTestCase

DETAIL = 15


class StaffClassPagesTests(BaseTestCase):
    def test_a_facilitator_lists_only_the_cohorts_they_teach_and_the_head_lists_all(self):
        from sigap.accounts.choices import Role
        from sigap.accounts.services import membership_grant, user_ensure

        mine = make_cohort(self, name="Punya Saya")
        colleague, _ = user_ensure(username="fasilitator2", display_name="Fasilitator Dua", password="-")
        membership_grant(actor=None, user=colleague, unit=self.puspaga, role=Role.FACILITATOR)
        theirs = make_cohort(self, name="Punya Teman", facilitator=colleague)
        self.login(self.fasilitator)
        self.assertEqual([c.pk for c in self.client.get("/staf/kelas/").context["page"]], [mine.pk])
        self.assertEqual(self.client.get(theirs.get_absolute_url()).status_code, 404)
        self.login(self.kepala)
        self.assertEqual({c.pk for c in self.client.get("/staf/kelas/").context["page"]}, {mine.pk, theirs.pk})

    def test_a_facilitator_who_teaches_one_session_sees_that_cohort(self):
        from datetime import timedelta

        from django.utils import timezone

        from sigap.accounts.choices import Role
        from sigap.accounts.services import membership_grant, user_ensure
        from sigap.classes.services import session_add

        colleague, _ = user_ensure(username="fasilitator2", display_name="Fasilitator Dua", password="-")
        membership_grant(actor=None, user=colleague, unit=self.puspaga, role=Role.FACILITATOR)
        cohort = make_cohort(self, facilitator=colleague, sessions=0)
        start = timezone.now() + timedelta(days=3)
        session_add(
            actor=self.kepala,
            cohort=cohort,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            facilitator=self.fasilitator,
        )
        self.login(self.fasilitator)
        self.assertEqual(self.client.get(cohort.get_absolute_url()).status_code, 200)

    def test_the_head_adds_the_standard_programs_once_with_the_eight_bimwin_modules(self):
        self.login(self.kepala)
        self.client.post("/staf/kelas/program/standar/")
        self.client.post("/staf/kelas/program/standar/")
        self.assertEqual(Program.objects.count(), 3)
        premarital = Program.objects.get(name=PREMARITAL)
        self.assertTrue(premarital.for_couples)
        self.assertEqual(premarital.modules.count(), 8)
        self.assertEqual(premarital.modules.first().title, "Perkenalan & kontrak belajar")
        self.assertEqual(premarital.modules.last().title, "Refleksi dan evaluasi")

    def test_the_head_adds_a_program_a_module_and_a_question(self):
        self.login(self.kepala)
        response = self.client.post(
            "/staf/kelas/program/",
            {"kind": "other", "name": "Kelas Ayah Hebat", "min_attendance_percent": 75, "requires_post_test": "on"},
        )
        created = Program.objects.get(name="Kelas Ayah Hebat")
        self.assertRedirects(response, created.get_absolute_url())
        self.client.post(f"/staf/kelas/program/{created.pk}/modul/", {"title": "Peran ayah"})
        self.client.post(
            f"/staf/kelas/program/{created.pk}/soal/",
            {"text": "Ayah ikut mengasuh?", "options": "Ya\nTidak\n", "correct": 1},
        )
        self.assertEqual(list(Module.objects.filter(program=created).values_list("title", flat=True)), ["Peran ayah"])
        question = Question.objects.get(program=created)
        self.assertEqual((question.options, question.correct_option), (["Ya", "Tidak"], 0))

    def test_a_question_with_a_correct_option_that_is_not_there_is_refused_with_the_text_kept(self):
        created = program()
        self.login(self.kepala)
        response = self.client.post(
            f"/staf/kelas/program/{created.pk}/soal/", {"text": "Pertanyaan baru?", "options": "A\nB", "correct": 3}
        )
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["question_form"].has_error("correct"))
        self.assertContains(response, "Pertanyaan baru?", status_code=400)

    def test_the_head_creates_an_online_cohort_which_needs_its_link_and_adds_a_session(self):
        premarital = program()
        self.login(self.kepala)
        data = {
            "unit": self.puspaga.pk,
            "program": premarital.pk,
            "name": "Angkatan Juni",
            "mode": "online",
            "capacity": 20,
            "facilitator": self.fasilitator.pk,
            "registration_open": "on",
        }
        response = self.client.post("/staf/kelas/baru/", data)
        self.assertTrue(response.context["form"].has_error("online_link"))
        self.client.post("/staf/kelas/baru/", {**data, "online_link": "https://meet.example/juni"})
        cohort = Cohort.objects.get(name="Angkatan Juni")
        module = premarital.modules.get(number=1)
        response = self.client.post(
            f"/staf/kelas/{cohort.pk}/sesi/",
            {"module": module.pk, "date": "2031-06-07", "start": "09:00", "end": "11:00"},
        )
        self.assertRedirects(response, cohort.get_absolute_url())
        session = ClassSession.objects.get(cohort=cohort)
        self.assertEqual(len(session.checkin_code), 6)
        self.assertEqual(session.starts_at.isoformat(), "2031-06-07T02:00:00+00:00")  # 09.00 WIB

    def test_a_cohort_of_another_city_cannot_be_created_by_picking_its_unit(self):
        self.login(self.kepala)
        response = self.client.post("/staf/kelas/baru/", {"unit": self.batang.pk, "name": "x"})
        self.assertTrue(response.context["form"].has_error("unit"))

    def test_the_cohort_page_shows_the_roster_with_attendance_scores_and_certificates(self):
        cohort, (graduate,) = finished_cohort(self, names=["Siti Aminah"])
        register(cohort, "Budi Santoso")
        self.login(self.fasilitator)
        response = self.client.get(cohort.get_absolute_url())
        self.assertContains(response, "Siti Aminah")
        self.assertContains(response, graduate.certificate.code)
        self.assertContains(response, "2 / 2")
        self.assertContains(response, "80%")

    def test_the_cohort_list_costs_the_same_for_3_or_30_cohorts(self):
        self.login(self.kepala)
        for n in range(3):
            make_cohort(self, name=f"Angkatan {n}", sessions=1)
        self.client.get("/staf/kelas/")
        with self.assertNumQueries(self.list_queries()):
            self.client.get("/staf/kelas/")
        for n in range(3, 30):
            make_cohort(self, name=f"Angkatan {n}", sessions=1)
        with self.assertNumQueries(self.list_queries()):
            self.client.get("/staf/kelas/")

    def test_the_cohort_page_costs_the_same_for_5_or_50_participants(self):
        cohort = make_cohort(self, capacity=60)
        for n in range(5):
            register(cohort, f"Peserta {n}")
        self.login(self.kepala)
        self.client.get(cohort.get_absolute_url())
        with self.assertNumQueries(self.detail_queries()):
            self.client.get(cohort.get_absolute_url())
        for n in range(5, 50):
            register(cohort, f"Peserta {n}")
        with self.assertNumQueries(self.detail_queries()):
            response = self.client.get(cohort.get_absolute_url())
        self.assertEqual(len(response.context["participants"]), 50)

    @staticmethod
    def detail_queries() -> int:
        # session, user, device, memberships, the cohort through its gate, its view in
        # the access log (last hash, insert), the roster, the roster's read in the log
        # (last hash, insert), sessions, learning, unread
        # notices; no session save within the minute.
        return DETAIL

    @staticmethod
    def list_queries() -> int:
        # session, user, device, memberships, count, unread notices, the page (dates and
        # places in subqueries of the same query); no session save within the minute.
        return 7
