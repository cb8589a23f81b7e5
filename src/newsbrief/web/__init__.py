"""The web app and HTTP API (issue 5): ``create_app(WebConfig(...))``, served by ``newsbrief serve``."""

from .app import WebConfig, create_app

__all__ = ["WebConfig", "create_app"]
