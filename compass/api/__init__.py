"""The JSON API (/api/v1) and the embeddable card (/embed) for other sites."""
