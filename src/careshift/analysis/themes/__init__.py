"""Theme analysis of free-text responses, with no Django: propose candidate themes, code responses to
themes with sentiment, learn from a person's codes, find personal information, and measure agreement.

- :mod:`.candidates`: :func:`propose_themes` (LSA + k-means) for an analyst to edit and sign off
- :mod:`.coder`: :class:`ThemeCoder`, one logistic regression per theme on TF-IDF n-grams
- :mod:`.sentiment`: :func:`sentiment`, a small lexicon with negation
- :mod:`.pii`: :func:`find_pii` and :func:`redact`
- :mod:`.evaluate`: :func:`samples_f1` and :func:`simulate` (active learning from a simulated person)
- :mod:`.llm`: the optional OpenAI-compatible endpoint (off unless configured)
"""

from careshift.analysis.themes.candidates import CandidateTheme, propose_themes
from careshift.analysis.themes.coder import Code, Theme, ThemeCoder
from careshift.analysis.themes.pii import find_pii, redact
from careshift.analysis.themes.sentiment import sentiment

__all__ = [
    "CandidateTheme",
    "Code",
    "Theme",
    "ThemeCoder",
    "find_pii",
    "propose_themes",
    "redact",
    "sentiment",
]
