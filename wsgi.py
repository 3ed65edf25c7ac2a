"""The WSGI entry point: `gunicorn wsgi:app` (see README, "Deploying on PostgreSQL")."""

import gc

from compass import create_app

app = create_app()
# What importing and building the app made (some 130,000 objects) lives as long as the
# process: frozen, the collector's full passes skip it and only look at what requests made
# (a full pass over it took ~30 ms, one request's worth of latency every hundred journeys).
gc.freeze()
