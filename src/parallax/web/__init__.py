"""The web app and HTTP API over a parallax store.

>>> from parallax.web import create_app          # doctest: +SKIP
>>> app = create_app(Path("parallax.db"))        # doctest: +SKIP

``serve(db, host, port, token=..., no_auth=...)`` runs it with uvicorn (``parallax serve``).
"""

from parallax.web.app import create_app, serve

__all__ = ["create_app", "serve"]
