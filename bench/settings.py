"""Sigap's settings for the benchmark server: exactly sigap.settings, plus a URLconf
that adds the ceiling view (a bare view returning a fixed small response). The
URLconf is chosen by SIGAP_BENCH_URLCONF (default bench.urls)."""

import os

from sigap.settings import *  # noqa: F403

ROOT_URLCONF = os.environ.get("SIGAP_BENCH_URLCONF", "bench.urls")
