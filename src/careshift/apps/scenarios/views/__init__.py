"""Scenario pages (``scenarios``), runs and their results (``runs``), and comparison (``compare``)."""
