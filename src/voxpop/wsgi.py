"""WSGI entry point for gunicorn: ``gunicorn voxpop.wsgi:application``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voxpop.settings")
application = get_wsgi_application()
