import gzip
from pathlib import Path

from django.conf import settings

from sigap.test import BaseTestCase

PUBLIC_PAGES = ["/", "/lapor/", "/cek/"]


class PublicPageTests(BaseTestCase):
    def test_the_report_form_with_its_stylesheet_is_under_30_kb_compressed(self):
        html = self.client.get("/lapor/").content
        css = (Path(settings.BASE_DIR) / "static/css/sigap.css").read_bytes()
        quick_exit = (Path(settings.BASE_DIR) / "static/js/quick-exit.js").read_bytes()
        size = len(gzip.compress(html)) + len(gzip.compress(css)) + len(gzip.compress(quick_exit))
        self.assertLess(size, 30 * 1024, f"{size} bytes compressed")

    def test_every_public_page_has_the_quick_exit_and_is_never_cached(self):
        for url in PUBLIC_PAGES:
            response = self.client.get(url)
            with self.subTest(url=url):
                self.assertContains(response, 'id="quick-exit"')
                self.assertEqual(response["Cache-Control"], "no-store")

    def test_public_pages_are_indonesian_first_with_english_on_request(self):
        self.assertContains(self.client.get("/lapor/"), "Keluar cepat")
        self.assertContains(self.client.get("/lapor/", HTTP_ACCEPT_LANGUAGE="en"), "Quick exit")

    def test_the_forms_post_to_themselves_so_no_code_or_data_lands_in_a_url(self):
        for url in ("/lapor/", "/cek/"):
            html = self.client.get(url).content.decode()
            with self.subTest(url=url):
                self.assertIn('method="post"', html)
                self.assertNotIn('method="get"', html)
