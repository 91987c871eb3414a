"""Open-text analysis: normalisation, redaction, theme tagging, sentiment, quotes, emerging themes."""
