"""Start-up check of the messaging provider: a provider that cannot be loaded, or the
WhatsApp provider without its settings, would leave every message pending with an
error, found only when someone looks at the outbox."""

from django.conf import settings
from django.core.checks import Error, register
from django.utils.module_loading import import_string


@register()
def check_messaging_provider(app_configs=None, **kwargs) -> list[Error]:
    from sigap.notifications import whatsapp

    path = settings.SIGAP_MESSAGING_PROVIDER
    try:
        provider = import_string(path)
    except ImportError:
        return [Error(f"SIGAP_MESSAGING_PROVIDER names nothing that can be imported: {path!r}.", id="sigap.E020")]
    if isinstance(provider, type) and issubclass(provider, whatsapp.WhatsAppCloudProvider):
        return [Error(problem, id="sigap.E021", hint="docs/settings.md") for problem in whatsapp.settings_problems()]
    return []
