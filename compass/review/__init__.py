"""The party review round: secret per-party links to confirm or object to coded positions.

`service` holds the rules (shared with the admin, which creates and revokes links and
resolves objections); `views` is the party's page (no login: the token in the URL is the key).
"""
