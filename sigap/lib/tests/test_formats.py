from datetime import date, datetime, timedelta

from django.test import SimpleTestCase
from django.utils import translation
from django.utils.formats import date_format

from sigap.lib.formats import _parts, list_date


class ListDateTests(SimpleTestCase):
    def test_it_writes_what_django_writes_in_both_languages(self):
        moments = [datetime(2026, 1, 2, 3, 4, 5) + timedelta(days=d * 37, minutes=d * 611) for d in range(40)]
        moments += [datetime(2026, 12, 31, 23, 59, 59), datetime(2025, 10, 10, 0, 0), datetime(999, 1, 1, 12, 0)]
        for language in ("id", "en"):
            with translation.override(language):
                for moment in moments:
                    for name in ("SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT", "DATE_FORMAT", "DATETIME_FORMAT"):
                        with self.subTest(language=language, moment=moment, name=name):
                            self.assertEqual(list_date(moment, name), date_format(moment, name))
                    self.assertEqual(list_date(moment.date()), date_format(moment.date(), "SHORT_DATE_FORMAT"))

    def test_indonesian_short_formats_take_the_fast_way_and_letters_go_to_django(self):
        with translation.override("id"):
            self.assertEqual(list_date(datetime(2026, 3, 4, 5, 6), "SHORT_DATETIME_FORMAT"), "04/03/2026 05.06")
        self.assertIsNotNone(_parts("d/m/Y H.i"))
        self.assertIsNone(_parts("j F Y"))  # a month's name
        self.assertIsNone(_parts(r"d \d\e m"))  # an escaped letter
        self.assertEqual(
            list_date(date(2026, 7, 8), "SHORT_DATE_FORMAT"), date_format(date(2026, 7, 8), "SHORT_DATE_FORMAT")
        )
