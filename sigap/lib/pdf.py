"""PDF documents from HTML templates (WeasyPrint). Nothing is fetched: a template that
refers to any URL fails loudly instead of reaching out (no third-party requests)."""

from django.template.loader import render_to_string


def refuse_fetch(url: str, *args, **kwargs):
    raise ValueError(f"PDF templates must not load anything ({url})")


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML  # imported late: loading Pango is slow, and only PDFs need it

    return HTML(string=render_to_string(template, context), url_fetcher=refuse_fetch).write_pdf()
