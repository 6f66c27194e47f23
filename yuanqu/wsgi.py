import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yuanqu.settings")
application = get_wsgi_application()

# A WSGI server runs no system checks: refuse to serve with the published key here.
from yuanqu.core.security import refuse_insecure_start  # noqa: E402

refuse_insecure_start()
