from django.test import TestCase

from sigap.regions.models import Region
from sigap.regions.selectors import village_choices, village_choices_clear, village_of_city
from sigap.regions.services import regions_load


class VillageChoicesTests(TestCase):
    def setUp(self):
        regions_load()
        village_choices_clear()

    def test_the_kelurahan_of_the_city_are_read_once_and_then_served_from_memory(self):
        with self.assertNumQueries(1):
            first = village_choices(city_code="33.75")
        with self.assertNumQueries(0):
            again = village_choices(city_code="33.75")
        self.assertEqual(first, again)
        self.assertEqual(len(first), 27)
        self.assertIn(("33.75.01.1002", "Medono", "Pekalongan Barat"), first)

    def test_a_renamed_kelurahan_shows_at_once(self):
        village_choices(city_code="33.75")
        region = Region.objects.get(code="33.75.01.1002")
        region.name = "Medono Baru"
        region.save()
        self.assertIn(("33.75.01.1002", "Medono Baru", "Pekalongan Barat"), village_choices(city_code="33.75"))
        village_choices_clear()

    def test_a_kelurahan_of_the_city_is_found_by_code_from_the_same_kept_list(self):
        village_choices(city_code="33.75")
        with self.assertNumQueries(0):
            medono = village_of_city(city_code="33.75", code="33.75.01.1002")
            elsewhere = village_of_city(city_code="33.75", code="33.74.01.1001")
            unknown = village_of_city(city_code="33.75", code="not-a-code")
        self.assertEqual(
            (medono.code, medono.name, medono.parent.name), ("33.75.01.1002", "Medono", "Pekalongan Barat")
        )
        self.assertIsNone(elsewhere)
        self.assertIsNone(unknown)
