from sigap.intake.choices import Channel
from sigap.intake.models import Report
from sigap.people.models import Person
from sigap.test import BaseTestCase

NEW = "/staf/laporan/baru/"


def staff_report(**overrides):
    data = {
        "channel": "walk_in",
        "subject_name": "Siti Aminah",
        "subject_nik": "3375014502100001",
        "subject_phone": "",
        "subject_birth_date": "2010-02-05",
        "subject_sex": "P",
        "reporter_relation": "family",
        "reporter_name": "Ibu Siti",
        "categories": ["fisik"],
        "account": "Datang bersama ibunya, ada memar di lengan.",
        "in_danger": "no",
        "contact_method": "phone",
        "contact_value": "0812 3456 7890",
        "consent": "on",
    }
    return {**data, **overrides}


class StaffIntakeTests(BaseTestCase):
    def test_a_walk_in_report_keeps_its_channel_and_creates_the_person(self):
        self.login(self.petugas)
        response = self.client.post(NEW, staff_report())
        report = Report.objects.get()
        self.assertRedirects(response, f"/staf/laporan/{report.pk}/")
        self.assertEqual(report.channel, Channel.WALK_IN)
        self.assertEqual((report.person.full_name, report.person.unit), ("Siti Aminah", self.lppar))

    def test_a_known_nik_is_proposed_and_staff_link_the_existing_person(self):
        known = self.make_person(unit=self.lppar, full_name="Siti A.", nik="3375014502100001")
        self.login(self.petugas)
        response = self.client.post(NEW, staff_report(channel="phone"))
        self.assertEqual(list(response.context["candidates"]), [known])
        self.assertContains(response, "Datang bersama ibunya")  # nothing typed is lost
        self.assertFalse(Report.objects.exists())
        self.client.post(NEW, {**staff_report(channel="phone"), "person_choice": str(known.pk)})
        self.assertEqual(Report.objects.get().person, known)
        self.assertEqual(Person.objects.count(), 1)

    def test_the_same_phone_or_the_same_name_and_birth_date_are_proposed_too(self):
        by_phone = self.make_person(unit=self.lppar, full_name="Orang Lain", nik="", phone="081234567890")
        by_name = self.make_person(unit=self.lppar, full_name="siti aminah", nik="", phone="", birth_date="2010-02-05")
        self.login(self.petugas)
        response = self.client.post(NEW, staff_report(subject_nik="", subject_phone="0812-3456-7890"))
        self.assertEqual({p.pk for p in response.context["candidates"]}, {by_phone.pk, by_name.pk})

    def test_staff_may_create_a_new_person_despite_a_proposal(self):
        self.make_person(unit=self.lppar, full_name="Siti A.", nik="3375014502100001")
        self.login(self.petugas)
        self.client.post(NEW, {**staff_report(), "person_choice": "new"})
        self.assertEqual(Person.objects.count(), 2)

    def test_people_the_officer_cannot_see_are_never_proposed(self):
        self.make_person(unit=self.batang, full_name="Siti Batang", nik="3375014502100001")
        self.login(self.petugas)
        response = self.client.post(NEW, staff_report())
        self.assertEqual(response.status_code, 302)

    def test_a_nik_that_breaks_the_rules_is_explained(self):
        self.login(self.petugas)
        response = self.client.post(NEW, staff_report(subject_nik="3375019902100001"))
        self.assertTrue(response.context["form"].has_error("subject_nik"))

    def test_roles_that_do_not_triage_cannot_record_reports(self):
        self.login(self.manajer)
        self.assertEqual(self.client.get(NEW).status_code, 403)
