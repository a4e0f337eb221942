import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "habeas.settings")
application = get_wsgi_application()

from habeas.core.startup import startup_freeze, startup_warn  # noqa: E402 - needs Django set up

startup_freeze()
startup_warn()
