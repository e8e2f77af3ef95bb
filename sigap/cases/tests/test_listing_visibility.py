"""The case list's visibility rule (`_visible_listing`, written for indexes) allows exactly
the cases the gate's rule (`_visible`) allows, for every person and status."""

from sigap.cases.choices import CaseStatus
from sigap.cases.selectors import CaseFilters, _visible, _visible_listing, case_list_for_user
from sigap.cases.services import case_advance, case_open, case_restrict
from sigap.cases.tests.base import CaseTestCase

PEOPLE = ["admin", "kepala", "petugas", "manajer", "manajer2", "konselor", "konselor2", "fasilitator", "kader",
          "analis", "outsider"]  # fmt: skip


class ListingVisibilityTests(CaseTestCase):
    def build(self):
        mine = case_open(actor=self.kepala, unit=self.lppar, assigned_to=self.manajer, summary="-")
        theirs = case_open(actor=self.kepala, unit=self.lppar, assigned_to=self.manajer2, summary="-")
        unassigned = case_open(actor=self.kepala, unit=self.lppar, summary="-")
        restricted = case_open(actor=self.kepala, unit=self.lppar, assigned_to=self.manajer, summary="-")
        case_restrict(actor=self.kepala, case=restricted, restricted=True, named=[self.manajer2])
        restricted_unnamed = case_open(actor=self.kepala, unit=self.lppar, assigned_to=self.manajer2, summary="-")
        case_restrict(actor=self.kepala, case=restricted_unnamed, restricted=True, named=[])
        # Named and assigned (covered by the "assigned to me" branch, so left out of the
        # named ids), and named while assigned to a head who manages no cases.
        own_restricted = case_open(actor=self.kepala, unit=self.lppar, assigned_to=self.manajer, summary="-")
        case_restrict(actor=self.kepala, case=own_restricted, restricted=True, named=[self.manajer])
        heads_restricted = case_open(actor=self.kepala, unit=self.lppar, assigned_to=self.kepala, summary="-")
        case_restrict(actor=self.kepala, case=heads_restricted, restricted=True, named=[self.kepala])
        elsewhere = case_open(actor=self.outsider, unit=self.batang, summary="-")
        case_advance(actor=self.kepala, case=theirs, reason="-")
        case_advance(actor=self.kepala, case=own_restricted, reason="-")
        return [mine, theirs, unassigned, restricted, restricted_unnamed, own_restricted, heads_restricted, elsewhere]

    def assert_same_cases(self):
        for username in PEOPLE:
            user = getattr(self, username)
            for status in ["", *CaseStatus.values]:
                gate = _visible(user)
                expected = set((gate.filter(status=status) if status else gate).values_list("pk", flat=True))
                listed = set(_visible_listing(user, status=status).values_list("pk", flat=True))
                with self.subTest(user=username, status=status):
                    self.assertEqual(listed, expected)

    def test_the_list_shows_exactly_what_the_gate_allows(self):
        self.build()
        self.assert_same_cases()

    def test_the_same_holds_when_case_managers_see_their_units_cases(self):
        self.build()
        self.lppar.case_managers_see_unit_cases = True
        self.lppar.save()
        for username in PEOPLE:
            getattr(self, username).refresh_from_db()
        self.assert_same_cases()
        self.assertGreater(len(case_list_for_user(self.manajer, CaseFilters())), 1)
