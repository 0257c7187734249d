"""The contact directory: every phone number or address the assistant states
comes from here (a SQL database built from the data files in `directory/`),
never from response texts.

Public API used by the actions:
    national_routes(organisation_key) -> list[ContactRoute]
    emergency_routes() -> list[ContactRoute]          (never fails: built-in fallback)
    resolve_municipality(text) -> official municipality name or None (typos, aliases)
    get_directory() -> Directory                      (local routes, municipality regions)

Command line: python -m wegwijzer.directory --help
"""
from wegwijzer.directory.municipalities import find_municipality_in_text, resolve_municipality
from wegwijzer.directory.routes import ContactRoute, emergency_routes, fallback_routes, national_routes

__all__ = ["ContactRoute", "emergency_routes", "fallback_routes", "find_municipality_in_text", "national_routes",
           "resolve_municipality"]
