from django.core.exceptions import PermissionDenied
from django.http import Http404

from sigap.audit.models import AuditEvent
from sigap.people.selectors import person_get_for_user, person_list_for_user
from sigap.test import BaseTestCase


class PersonGateTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.lppar_client = cls.make_person(
            unit=cls.lppar, responsible=cls.manajer, full_name="Ani", nik="3375014502100001"
        )
        cls.puspaga_client = cls.make_person(
            unit=cls.puspaga, responsible=cls.konselor, full_name="Budi", nik="3375011202100002", sex="L"
        )
        cls.batang_client = cls.make_person(unit=cls.batang, full_name="Citra", nik="3325014502100003")

    def visible(self, user):
        return set(person_list_for_user(user).values_list("full_name", flat=True))

    def test_the_head_of_the_agency_sees_both_units_below_it_but_not_another_city(self):
        self.assertEqual(self.visible(self.kepala), {"Ani", "Budi"})

    def test_an_intake_officer_sees_the_whole_of_her_own_unit_only(self):
        self.assertEqual(self.visible(self.petugas), {"Ani"})
        self.assertEqual(self.visible(self.outsider), {"Citra"})

    def test_a_case_manager_sees_only_the_people_she_is_responsible_for(self):
        self.assertEqual(self.visible(self.manajer), {"Ani"})
        self.assertEqual(self.visible(self.manajer2), set())
        self.assertEqual(self.visible(self.konselor), {"Budi"})
        self.assertEqual(self.visible(self.konselor2), set())

    def test_a_colleague_and_a_stranger_get_the_same_not_found_as_for_a_missing_person(self):
        for user in (self.manajer2, self.konselor, self.outsider, self.admin, self.analis):
            with self.subTest(user=user.username), self.assertRaises(Http404):
                person_get_for_user(user, self.lppar_client.pk)
        with self.assertRaises(Http404):
            person_get_for_user(self.kepala, 999_999)

    def test_roles_that_never_see_people_are_refused_the_list(self):
        for user in (self.admin, self.analis):
            with self.subTest(user=user.username), self.assertRaises(PermissionDenied):
                person_list_for_user(user)

    def test_every_read_of_a_person_is_in_the_access_log(self):
        person_get_for_user(self.manajer, self.lppar_client.pk, ip="10.0.0.7", reason="asesmen")
        event = AuditEvent.objects.get(action="view", target_id=str(self.lppar_client.pk))
        self.assertEqual(
            (event.actor, event.ip, event.reason, event.unit), (self.manajer, "10.0.0.7", "asesmen", self.lppar)
        )

    def test_a_list_page_logs_which_people_it_showed(self):
        self.login(self.kepala)
        self.client.get("/staf/orang/")
        event = AuditEvent.objects.filter(action="view", target_type="people.person").latest("id")
        self.assertEqual(sorted(event.changes["ids"]), sorted([self.lppar_client.pk, self.puspaga_client.pk]))

    def test_search_by_exact_nik_uses_the_keyed_hash(self):
        found = person_list_for_user(self.kepala, query="3375 0145 0210 0001")
        self.assertQuerySetEqual(found, [self.lppar_client])
        self.assertQuerySetEqual(person_list_for_user(self.kepala, query="bud"), [self.puspaga_client])
