import io

from django.core.management import call_command
from django.test import TestCase

from sigap.regions.choices import RegionLevel
from sigap.regions.models import Region
from sigap.regions.selectors import village_list


class LoadRegionsTests(TestCase):
    def test_kota_pekalongan_has_four_kecamatan_and_27_kelurahan(self):
        call_command("load_regions", stdout=io.StringIO())
        self.assertEqual(Region.objects.filter(level=RegionLevel.DISTRICT, parent_id="33.75").count(), 4)
        self.assertEqual(village_list(city_code="33.75").count(), 27)

    def test_it_uses_the_kemendagri_numbering_not_bps(self):
        call_command("load_regions", stdout=io.StringIO())
        self.assertEqual(Region.objects.get(code="33.75.03").name, "Pekalongan Utara")
        self.assertEqual(Region.objects.get(code="33.75.03").bps_code, "3375040")
        self.assertEqual(Region.objects.get(code="33.75.01.1003").parent.name, "Pekalongan Barat")

    def test_loading_twice_changes_nothing(self):
        call_command("load_regions", stdout=io.StringIO())
        before = list(Region.objects.values_list("code", "name", "parent_id"))
        call_command("load_regions", stdout=io.StringIO())
        self.assertEqual(list(Region.objects.values_list("code", "name", "parent_id")), before)
