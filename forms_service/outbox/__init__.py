"""The outbox: infrastructure that delivers messages outside the database (e-mail
over SMTP, SMS and Zalo over HTTP gateways) at least once, with idempotency
keys, retries with backoff and jitter, and dead letters people can retry.

Domains write messages with :func:`forms_service.outbox.queue.enqueue` in the
transaction of the fact that causes them; the worker
(:mod:`forms_service.outbox.worker`) delivers them. Nothing here imports a
domain.
"""
