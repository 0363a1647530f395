"""Alerts and digests: people of an agency opt in to an e-mail on each new case of
their scope and to a daily or weekly digest, in their language, through the outbox."""
