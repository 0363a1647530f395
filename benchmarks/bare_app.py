"""The baseline of the ingestion benchmark: a Litestar app that only parses the body.

``POST /api/v1/responses`` decodes the same JSON body into the same
``ResponseIn`` struct as Phiếu's endpoint and answers 201 with a body of the
same shape, with nothing behind it: no token check, no database.  It runs
under the same server with the same settings as ``phieu serve`` (uvicorn,
``log_level="info"``, no access log, the same body limit and compression
settings), so the ratio of the two throughputs is what Phiếu's own work costs::

    python -m benchmarks.bare_app --port 8001 [--workers 2]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import itertools

from litestar import Litestar, post
from litestar.config.compression import CompressionConfig
from litestar.params import JSONBody

from forms_service.responses.schemas import ResponseCreated, ResponseIn
from forms_service.settings import Settings

__all__ = ["create_bare_app", "main"]

_ids = itertools.count(1)
# Phiếu's default body limit (PHIEU_MAX_BODY_BYTES)
_MAX_BODY = next(f.default for f in dataclasses.fields(Settings) if f.name == "max_body_bytes")


@post("/api/v1/responses", status_code=201)
async def parse_only(data: JSONBody[ResponseIn]) -> ResponseCreated:
    return ResponseCreated(id=next(_ids), form=data.form, version=1,
                           submitted_at=dt.datetime.now(dt.UTC))


def create_bare_app() -> Litestar:
    return Litestar(
        route_handlers=[parse_only],
        request_max_body_size=_MAX_BODY,
        compression_config=CompressionConfig(
            backend="gzip", minimum_size=1024, gzip_compress_level=5
        ),
        openapi_config=None,
    )


def main() -> int:
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    # the same uvicorn.run arguments as ``phieu serve``
    if args.workers > 1:  # as ``phieu serve --workers N`` starts them
        import socket

        from uvicorn.supervisors import Multiprocess

        config = uvicorn.Config("benchmarks.bare_app:create_bare_app", factory=True,
                                host=args.host, port=args.port, workers=args.workers,
                                log_level="info", access_log=False)
        bound = config.bind_socket()
        listener = socket.socket(bound.family, bound.type, socket.IPPROTO_TCP,
                                 fileno=bound.detach())
        Multiprocess(config, sockets=[listener]).run()
    else:
        uvicorn.run(create_bare_app(), host=args.host, port=args.port, log_level="info",
                    access_log=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
