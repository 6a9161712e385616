"""Scenario runs are ``scenario.run`` jobs (see ``jobs.py``), executed by the platform's job worker
(:mod:`careshift.apps.jobs.worker`); ``run_forever`` is kept here for scripts written before it."""

from careshift.apps.jobs.worker import run_forever

__all__ = ["run_forever"]
