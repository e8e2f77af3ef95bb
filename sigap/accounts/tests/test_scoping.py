from sigap.accounts.choices import Role, UnitKind
from sigap.accounts.models import OrgUnit
from sigap.accounts.scoping import units_for_roles, users_over
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


class UsersOverTests(BaseTestCase):
    def names(self, unit, roles):
        return set(users_over(unit, roles).values_list("username", flat=True))

    def test_a_role_held_in_the_unit_or_a_unit_above_it_counts_and_one_below_or_beside_it_does_not(self):
        self.assertEqual(self.names(self.lppar, [Role.HEAD]), {"kepala"})
        self.assertEqual(self.names(self.lppar, [Role.INTAKE, Role.HEAD]), {"kepala", "petugas"})
        self.assertEqual(self.names(self.agency, [Role.INTAKE]), set())
        self.assertEqual(self.names(self.batang, [Role.INTAKE]), {"outsider"})

    def test_a_deactivated_user_is_left_out(self):
        self.petugas.is_active = False
        self.petugas.save(update_fields=["is_active"])
        self.assertEqual(self.names(self.lppar, [Role.INTAKE]), set())

    def test_it_takes_one_query(self):
        with self.assertNumQueries(1):
            self.assertEqual(len(list(users_over(self.lppar, [Role.INTAKE, Role.HEAD]))), 2)

    def test_one_role_given_as_a_string_is_refused_rather_than_matching_nobody(self):
        with self.assertRaises(TypeError):
            users_over(self.lppar, Role.HEAD)
