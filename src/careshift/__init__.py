"""careshift: plan and run the shift of care closer to home."""

__version__ = "0.1.0"
