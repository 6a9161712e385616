"""A worker process for the concurrency tests (run as a script, not collected by pytest).

    python probe_worker.py setup N      migrate the database in DATABASE_URL and queue N probe jobs
    python probe_worker.py work FILE    run queued jobs until none is left; append each job id to FILE

The probe handler writes progress twice (two more writes competing for the database) and records
every execution it makes, so the test can check each job ran exactly once.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careshift.site.settings")


def main(mode: str, arg: str) -> int:
    import django

    django.setup()
    from careshift.apps.jobs import services
    from careshift.apps.jobs.registry import JobContext, job_handler
    from careshift.apps.jobs.worker import Worker

    @job_handler("probe.count")
    def count(ctx: JobContext) -> str:
        ctx.progress(0, 2)
        with open(arg, "a", encoding="utf-8") as out:  # one short line per append: atomic on POSIX
            out.write(f"{ctx.job.pk}\n")
        ctx.progress(2, 2)
        return str(os.getpid())

    if mode == "setup":
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        for n in range(int(arg)):
            services.enqueue("probe.count", {"n": n})
        return 0
    Worker(poll_seconds=0.01, kinds=["probe.count"]).run(once=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
