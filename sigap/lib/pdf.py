"""PDF documents from HTML templates (WeasyPrint). Nothing is fetched from anywhere:
only inline `data:` URIs load, so a template cannot make a third-party request."""

from django.template.loader import render_to_string


def render_pdf(template: str, context: dict) -> bytes:
    # Imported late: loading Pango is slow, and only PDFs need it.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    return HTML(string=render_to_string(template, context), url_fetcher=fetcher).write_pdf()
