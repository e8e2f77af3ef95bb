from sigap.cases.services import case_open
from sigap.test import BaseTestCase


class CaseTestCase(BaseTestCase):
    """Named people plus a case of LP-PAR held by manajer."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.case = case_open(
            actor=cls.kepala, unit=cls.lppar, assigned_to=cls.manajer, summary="Kekerasan fisik oleh ayah tiri"
        )

    def open_case(self, **fields):
        defaults = {"actor": self.kepala, "unit": self.lppar, "assigned_to": self.manajer, "summary": "-"}
        return case_open(**{**defaults, **fields})
