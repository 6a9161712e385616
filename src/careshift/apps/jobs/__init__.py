"""The platform's one job system: background work of every app, queued in the database.

An app registers a handler for a kind (``@job_handler("scenario.run")`` in its ``jobs.py``), queues work
with :func:`careshift.apps.jobs.services.enqueue`, and the worker (``careshift worker``, supervised by
``careshift serve``) claims, runs, reports progress, cancels and finishes it. See
docs/decisions/0011-one-job-system.md.
"""
