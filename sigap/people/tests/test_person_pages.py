from sigap.people.models import Person
from sigap.test import BaseTestCase

NEW = "/staf/orang/baru/"


class PersonPageTests(BaseTestCase):
    def valid_form(self, **overrides):
        data = {
            "unit": self.lppar.pk,
            "full_name": "Sri Wahyuni",
            "nik": "3375015203900004",
            "phone": "0812 3456 7890",
            "address": "Jl. Kurinci 5",
            "village": "33.75.01.1003",
            "birth_date": "1990-03-12",
            "sex": "P",
        }
        return {**data, **overrides}

    def test_a_case_manager_adds_a_person_who_becomes_hers(self):
        self.login(self.manajer)
        response = self.client.post(NEW, self.valid_form())
        person = Person.objects.get(full_name="Sri Wahyuni")
        self.assertRedirects(response, f"/staf/orang/{person.pk}/")
        self.assertEqual((person.responsible, person.phone, person.unit), (self.manajer, "+6281234567890", self.lppar))

    def test_a_bad_nik_is_explained_in_indonesian_and_nothing_typed_is_lost(self):
        self.login(self.petugas)
        response = self.client.post(NEW, self.valid_form(nik="3375019903900004"), HTTP_ACCEPT_LANGUAGE="id")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Sri Wahyuni", status_code=400)
        self.assertContains(response, "Jl. Kurinci 5", status_code=400)
        self.assertContains(response, "3375019903900004", status_code=400)
        self.assertIn("NIK", str(response.context["form"].errors["nik"]))
        self.assertFalse(Person.objects.filter(full_name="Sri Wahyuni").exists())

    def test_a_sex_that_contradicts_the_nik_is_caught(self):
        self.login(self.petugas)
        response = self.client.post(NEW, self.valid_form(sex="L"))
        self.assertTrue(response.context["form"].has_error("sex"))

    def test_a_unit_the_user_does_not_belong_to_cannot_be_chosen(self):
        self.login(self.petugas)
        response = self.client.post(NEW, self.valid_form(unit=self.batang.pk))
        self.assertTrue(response.context["form"].has_error("unit"))

    def test_the_list_costs_the_same_number_of_queries_for_5_or_50_people(self):
        self.login(self.kepala)
        for n in range(5):
            self.make_person(unit=self.lppar, full_name=f"Orang {n}", nik=f"33750145021{n:05d}")
        # session, user, device, memberships, unread notices, count, page, audit (the lock
        # with the last hash, insert); no session save within the minute.
        expected = 9
        with self.assertNumQueries(expected) as few:
            self.client.get("/staf/orang/")
        for n in range(5, 50):
            self.make_person(unit=self.lppar, full_name=f"Orang {n}", nik=f"33750145021{n:05d}")
        with self.assertNumQueries(len(few.captured_queries)):
            self.client.get("/staf/orang/")
