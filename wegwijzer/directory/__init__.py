"""The contact directory: every phone number or address the assistant states
comes from here (data files in `directory/`), never from response texts.

Public API used by the actions:
    national_routes(organisation_key) -> list[ContactRoute]
    emergency_routes() -> list[ContactRoute]
    resolve_municipality(text) -> official municipality name or None
"""
from wegwijzer.directory.municipalities import resolve_municipality
from wegwijzer.directory.routes import ContactRoute, emergency_routes, national_routes

__all__ = ["ContactRoute", "emergency_routes", "national_routes", "resolve_municipality"]
