"""newsprism in a browser and over HTTP: ``create_app`` builds the FastAPI application."""

from .app import ServerSettings, create_app

__all__ = ["ServerSettings", "create_app"]
