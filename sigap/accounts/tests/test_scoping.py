from sigap.accounts.choices import Role, UnitKind
from sigap.accounts.models import OrgUnit
from sigap.accounts.scoping import units_for_roles
from sigap.accounts.services import unit_ensure
from sigap.test import BaseTestCase


class ScopingTests(BaseTestCase):
    def codes(self, user, roles):
        return set(units_for_roles(user, roles).values_list("code", flat=True))

    def test_a_role_reaches_its_unit_and_every_unit_below(self):
        self.assertEqual(
            self.codes(self.kepala, [Role.HEAD]), {"dpmppa-pekalongan", "lppar-pekalongan", "puspaga-pekalongan"}
        )
        self.assertEqual(self.codes(self.petugas, [Role.INTAKE]), {"lppar-pekalongan"})
        self.assertEqual(self.codes(self.outsider, [Role.INTAKE]), {"lppar-batang"})

    def test_a_role_the_user_does_not_hold_reaches_nothing(self):
        self.assertEqual(self.codes(self.petugas, [Role.HEAD]), set())

    def test_moving_a_unit_moves_everything_below_it(self):
        branch = unit_ensure(code="cabang", name="Cabang", kind=UnitKind.PREVENTION, parent=self.batang)
        leaf = unit_ensure(code="ranting", name="Ranting", kind=UnitKind.PREVENTION, parent=branch)
        unit_ensure(code="cabang", name="Cabang", kind=UnitKind.PREVENTION, parent=self.agency)
        leaf.refresh_from_db()
        self.assertTrue(leaf.path.startswith(self.agency.path))
        self.assertIn("ranting", self.codes(self.kepala, [Role.HEAD]))
        self.assertNotIn("ranting", self.codes(self.outsider, [Role.INTAKE]))

    def test_a_unit_cannot_be_moved_below_itself(self):
        with self.assertRaises(ValueError):
            unit_ensure(code="dpmppa-pekalongan", name="DPMPPA", kind=UnitKind.AGENCY, parent=self.lppar)
        self.assertEqual(OrgUnit.objects.get(code="dpmppa-pekalongan").parent, self.city)
