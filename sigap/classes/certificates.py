"""Certificate PDFs: WeasyPrint renders an HTML template (Indonesian, the language of
an official document) with a QR code (segno) that points at the public verification
page. Nothing outside the document is ever fetched while rendering."""

import segno
from django.conf import settings
from django.db.models import Max, Min
from django.urls import reverse
from django.utils import translation

from sigap.classes.models import Certificate
from sigap.lib.pdf import render_pdf


def verification_url(certificate: Certificate) -> str:
    return settings.SITE_URL + reverse("classes:verify", args=[certificate.code])


def qr_data_uri(text: str) -> str:
    return segno.make(text, error="m").svg_data_uri(scale=4, border=2)


def certificate_pdf(certificate: Certificate) -> bytes:
    participant = certificate.participant
    cohort = participant.registration.cohort
    dates = cohort.sessions.aggregate(first=Min("starts_at"), last=Max("starts_at"))
    url = verification_url(certificate)
    with translation.override("id"):
        return render_pdf(
            "classes/certificate_pdf.html",
            {
                "certificate": certificate,
                "holder": participant.person.full_name,
                "program": cohort.program,
                "cohort": cohort,
                "first": dates["first"],
                "last": dates["last"],
                "verification_url": url,
                "qr": qr_data_uri(url),
                "service_name": settings.SIGAP_SERVICE_NAME,
            },
        )  # render_pdf reads only data: URIs (the QR code); it never fetches a URL or a file
