"""The ASGI app for servers: `uvicorn aftersales.web.asgi:app`."""

from aftersales.web.app import create_app

app = create_app()
