"""Generated data at national scale for the page benchmark (demo/national.py):
96 municipalities beside the demo's two, about 4,000 projects, over a million
answers, two years of meetings with kept packs. PostgreSQL only (COPY)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from demo.national import generate
from notifications.outbox import quiet as notifications_quiet


class Command(BaseCommand):
    help = (
        "Genererer data i national skala (98 kommuner, ca. 4.000 projekter, over en million "
        "svar) til sidebenchmarken. Kun PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="Samme frø giver samme data.")
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Andel af den nationale skala, fx 0.001 i test (standard: 1).",
        )

        parser.add_argument(
            "--municipalities",
            type=int,
            default=None,
            help="Kun de første N kommuner (den største først), fx 1 til sidebenchmarkens 1×.",
        )

    def handle(self, *args, seed=1, scale=1.0, municipalities=None, **options):
        if connection.vendor != "postgresql":
            raise CommandError("generate_national kræver PostgreSQL (den skriver svar med COPY).")
        if not 0 < scale <= 1:
            raise CommandError("--scale skal være større end 0 og højst 1.")
        if municipalities is not None and municipalities < 1:
            raise CommandError("--municipalities skal være mindst 1.")
        started = time.monotonic()
        with transaction.atomic(), notifications_quiet():
            made = generate(
                seed=seed, scale=scale, municipalities=municipalities, log=self.stdout.write
            )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics for the planner after a bulk load
        counts = ", ".join(f"{count:,} {name}" for name, count in made.counts.items())
        self.stdout.write(
            f"Genereret på {time.monotonic() - started:.0f} s: "
            f"{len(made.municipalities)} kommuner, {counts}."
        )
        self.stdout.write(
            f"Største kommune: {made.biggest} ({made.biggest.projects.count()} projekter); "
            f"formanden for dens hovedudvalg: {made.chair_of_biggest.username} "
            f"(adgangskode genereret)."
        )
