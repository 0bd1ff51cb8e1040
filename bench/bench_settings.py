"""The product's settings with the page benchmark's URLs (bench/bench_urls.py):
its minimal view beside every page of the product."""

from workbench.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
