"""The ASGI app for servers: `uvicorn aftersales.web.asgi:app`."""

import gc

from aftersales.web.app import create_app

app = create_app()
# Everything loaded so far (modules, mappers, routes) lives as long as the process: move it out
# of the collector's reach, so full collections stay short instead of pausing every request
# in flight for tens of milliseconds (the main source of the latency tail; docs/benchmarks.md).
gc.freeze()
