from datetime import timedelta

from django.core.exceptions import ValidationError

from sigap.classes.choices import QuizKind
from sigap.classes.models import QuizAttempt
from sigap.classes.selectors import cohort_learning, roster
from sigap.classes.services import quiz_open, quiz_submit
from sigap.classes.tests.helpers import answer_all, make_cohort, move_sessions, register
from sigap.lib.ratelimit import reset_rate_limits
from sigap.test import BaseTestCase


class QuizTests(BaseTestCase):
    """The standard premarital quiz has five questions."""

    def setUp(self):
        reset_rate_limits()
        self.cohort = make_cohort(self, sessions=2, first_in_days=2)
        (_r, ((self.ani, self.ani_code),)) = register(self.cohort, "Ani Lestari")
        (_r, ((self.budi, _code),)) = register(self.cohort, "Budi Santoso")

    def take(self, participant, kind, correct):
        return quiz_submit(participant=participant, kind=kind, answers=answer_all(participant, correct=correct))

    def class_is_over(self):
        move_sessions(self.cohort, by=timedelta(days=-5))

    def test_a_score_counts_correct_answers_and_keeps_the_percentage(self):
        attempt = self.take(self.ani, QuizKind.PRE, 2)
        self.assertEqual((attempt.score, attempt.total, attempt.percent), (2, 5, 40))

    def test_the_post_test_opens_only_when_the_last_session_has_begun(self):
        self.assertFalse(quiz_open(self.ani, QuizKind.POST))
        with self.assertRaises(ValidationError):
            self.take(self.ani, QuizKind.POST, 5)
        self.class_is_over()
        self.assertTrue(quiz_open(self.ani, QuizKind.POST))

    def test_each_test_is_taken_once_and_the_pre_test_not_after_the_post_test(self):
        self.take(self.ani, QuizKind.PRE, 1)
        with self.assertRaises(ValidationError):
            self.take(self.ani, QuizKind.PRE, 5)
        self.class_is_over()
        self.take(self.budi, QuizKind.POST, 4)
        self.assertFalse(quiz_open(self.budi, QuizKind.PRE))

    def test_learning_gain_per_participant_and_per_cohort(self):
        self.take(self.ani, QuizKind.PRE, 1)  # 20 %
        self.take(self.budi, QuizKind.PRE, 3)  # 60 %
        self.class_is_over()
        self.take(self.ani, QuizKind.POST, 4)  # 80 %
        self.take(self.budi, QuizKind.POST, 4)  # 80 %
        rows = {p.pk: p for p in roster(self.cohort)}
        self.assertEqual(rows[self.ani.pk].post_percent - rows[self.ani.pk].pre_percent, 60)
        self.assertEqual(rows[self.budi.pk].post_percent - rows[self.budi.pk].pre_percent, 20)
        self.assertEqual(cohort_learning(self.cohort), {"people": 2, "pre": 40.0, "post": 80.0, "gain": 40.0})

    def test_the_cohort_gain_counts_only_those_who_took_both_tests(self):
        self.take(self.ani, QuizKind.PRE, 1)
        self.class_is_over()
        self.take(self.ani, QuizKind.POST, 5)
        self.take(self.budi, QuizKind.POST, 0)  # no pre-test: left out
        self.assertEqual(cohort_learning(self.cohort), {"people": 1, "pre": 20.0, "post": 100.0, "gain": 80.0})

    def test_a_participant_takes_the_pre_test_on_the_public_page_with_their_code(self):
        questions = self.client.post("/kelas/tes/", {"code": self.ani_code, "kind": "pre"})
        self.assertTemplateUsed(questions, "classes/quiz.html")
        form = questions.context["form"]
        answers = {f"q{q.pk}": q.correct_option for q in form.questions}
        response = self.client.post("/kelas/tes/", {"code": self.ani_code, "kind": "pre", "answered": "1", **answers})
        self.assertTemplateUsed(response, "classes/participant.html")
        self.assertEqual(QuizAttempt.objects.get(participant=self.ani).percent, 100)

    def test_an_unanswered_question_is_pointed_out_and_the_other_answers_are_kept(self):
        first = self.client.post("/kelas/tes/", {"code": self.ani_code, "kind": "pre"}).context["form"].questions[0]
        response = self.client.post(
            "/kelas/tes/", {"code": self.ani_code, "kind": "pre", "answered": "1", f"q{first.pk}": "0"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.context["form"][f"q{first.pk}"].value(), "0")
        self.assertFalse(QuizAttempt.objects.exists())

    def test_the_facilitator_types_in_a_test_taken_on_paper(self):
        self.login(self.fasilitator)
        questions = self.cohort.program.questions.all()
        data = {f"q{q.pk}": q.correct_option for q in questions}
        response = self.client.post(f"/staf/kelas/peserta/{self.budi.pk}/tes/pre/", data)
        self.assertRedirects(response, self.cohort.get_absolute_url())
        attempt = QuizAttempt.objects.get(participant=self.budi)
        self.assertEqual((attempt.percent, attempt.entered_by), (100, self.fasilitator))
