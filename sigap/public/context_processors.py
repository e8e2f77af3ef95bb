from django.conf import settings


def public_settings(request):
    """What every page may show of the installation: name, office, quick exit."""
    return {
        "service_name": settings.SIGAP_SERVICE_NAME,
        "office_address": settings.SIGAP_OFFICE_ADDRESS,
        "office_hours": settings.SIGAP_OFFICE_HOURS,
        "office_phone": settings.SIGAP_OFFICE_PHONE,
        "quick_exit_url": settings.SIGAP_QUICK_EXIT_URL,
    }
