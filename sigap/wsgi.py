import os

from django.core.wsgi import get_wsgi_application
from django.db import connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sigap.settings")
application = get_wsgi_application()

# These need the app registry, hence after it is loaded.
from sigap.accounts.checks import refuse_unsafe_production  # noqa: E402
from sigap.intake.checks import refuse_unknown_intake_units  # noqa: E402

refuse_unsafe_production()
refuse_unknown_intake_units()
# Their queries opened a connection: close it, so no forked worker (gunicorn --preload) shares it.
connections.close_all()
