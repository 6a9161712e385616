"""The programme office's rules, in plain Python (no Django, no database).

- :mod:`.ratings`: the five-point delivery confidence, per-theme RAG, and careshift's suggested rating
  with the reasons behind it.
- :mod:`.savings`: a savings line's monthly plan and actuals, year-to-date figures, forecast outturn,
  the risk-adjusted value by lifecycle stage, roll-ups and the unidentified gap.
- :mod:`.risks`: 5x5 risk scores, bands, escalation and the heat map.
- :mod:`.gateways`: what a project needs before it may pass a lifecycle gate.
- :mod:`.snapshots`: what changed between two locked status reports.
- :mod:`.model_range`: a plan against a model's P10-P90 saving.

The Django app ``careshift.apps.programme`` turns its records into these small typed objects and calls
these functions; the rules can be tested (and property-tested) without a database.
"""
