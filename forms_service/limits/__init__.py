"""Rate limits shared by every process, and who the client is.

- :mod:`.store`: counters in Redis/Valkey (``PHIEU_REDIS_URL``) so that all
  processes count together, with the in-process sliding window as the
  embedded default and as the fall-back while Redis is out of reach
  (logged; a citizen is never refused because Redis is down).
- :mod:`.clients`: the client's address, from forwarded headers only when
  the peer is a proxy the operator listed (``PHIEU_TRUSTED_PROXIES``), and
  the opaque keys limits are counted under (no address is stored).
"""

from forms_service.limits.clients import address_key, client_address, parse_proxies
from forms_service.limits.store import Limiter, MemoryCounter, RedisCounter, limiter_for

__all__ = [
    "Limiter",
    "MemoryCounter",
    "RedisCounter",
    "address_key",
    "client_address",
    "limiter_for",
    "parse_proxies",
]
