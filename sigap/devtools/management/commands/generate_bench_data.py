"""`manage.py generate_bench_data --reports N`: benchmark data (see sigap/devtools/bench_data.py).

Adds N reports, and the cases, people, consultations, class registrations, notes,
search terms and access-log entries they imply, to whatever is there. Meant for a
throwaway PostgreSQL database (bench/run.py makes one); never for a real installation.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from sigap.devtools import bench_data


class Command(BaseCommand):
    help = "Generate N fictitious reports and everything they imply, for the benchmark (bench/run.py)."

    def add_arguments(self, parser):
        parser.add_argument("--reports", type=int, required=True, help="how many reports to add")
        parser.add_argument("--seed", type=int, default=3375, help="random seed (default 3375)")
        parser.add_argument(
            "--processes",
            type=int,
            default=bench_data.default_processes(),
            help="processes that encrypt field values (default: the number of cores, at most 4)",
        )
        parser.add_argument(
            "--rebuild-indexes",
            action="store_true",
            help="PostgreSQL: drop the secondary indexes of the tables written and build them again at the end "
            "(faster for large N; for a throwaway database only)",
        )
        parser.add_argument("--no-analyse", action="store_true", help="skip VACUUM ANALYZE at the end")

    def handle(
        self, *args, reports: int, seed: int, processes: int, rebuild_indexes: bool, no_analyse: bool, **options
    ):
        if reports < 1:
            raise CommandError("--reports must be at least 1")
        if connection.vendor != "postgresql":
            self.stderr.write("Not PostgreSQL: rows are inserted without COPY (fine for small N only).")
        self.stdout.write(f"Generating {reports:,} reports (seed {seed}, {processes} encrypting processes)…")
        result = bench_data.Generator(
            reports=reports, seed=seed, processes=processes, rebuild_indexes=rebuild_indexes, log=self.stdout.write
        ).run()
        analysed = 0.0
        if not no_analyse:
            import time

            started = time.perf_counter()
            bench_data.analyse()
            analysed = time.perf_counter() - started
        for label, count in sorted(result.rows.items()):
            if count:
                self.stdout.write(f"  {label:<32} {count:>12,}")
        for reason in result.skipped:
            self.stdout.write(f"  skipped: {reason}")
        self.stdout.write(
            f"Done in {result.seconds:.1f} s ({reports / result.seconds:,.0f} reports/s); "
            f"{result.encrypted_values:,} values encrypted in {result.encryption_seconds:.1f} s; "
            f"VACUUM ANALYZE {analysed:.1f} s."
        )
        self.stdout.write(
            "BENCH_DATA "
            + __import__("json").dumps(
                {
                    "reports": reports,
                    "seconds": round(result.seconds, 2),
                    "analyse_seconds": round(analysed, 2),
                    "encrypted_values": result.encrypted_values,
                    "encryption_seconds": round(result.encryption_seconds, 2),
                    "rows": dict(result.rows),
                    "skipped": result.skipped,
                }
            )
        )
