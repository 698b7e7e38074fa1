"""gunicorn's settings for the web container (docker-compose.yml, the Dockerfile) and for
bench/load.py, which measures the pages with them (README.md, "Production" and "Load").

Threaded workers (gthread): a worker serves WEB_THREADS requests at once, so a slow client
(an upload of a scanned page over a poor line, a download from WhiteNoise) holds one thread, not
a whole process, whatever buffering the reverse proxy in front does or does not do; connections
from the proxy are kept alive; and while one request waits for PostgreSQL or Redis another runs.
Sync workers would need a buffering proxy to be safe, and the proxy is the operator's choice.
Each thread keeps its own database connection (CONN_MAX_AGE), or with DB_POOL=1 each worker a
pool of at most WEB_THREADS (config/scaling.py): WEB_CONCURRENCY × WEB_THREADS in all.
"""

import os

bind = "0.0.0.0:8000"
# Worker processes come from WEB_CONCURRENCY (gunicorn reads it; .env.example).
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
# A worker is replaced after about a thousand requests (memory Python does not give back);
# with the application loaded before the workers fork, a replacement is a fork, not a new
# start of Django that would hold that worker's requests for a second or two.
max_requests = 1000
max_requests_jitter = 100
preload_app = True
accesslog = "-"
