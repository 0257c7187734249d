"""Report dead websites in the directory (for use where the internet is reachable)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

import requests
from sqlalchemy import select

from wegwijzer.directory.db import session_scope
from wegwijzer.directory.models import Organisation, Route

USER_AGENT = "Wegwijzer-linkcheck/1.0 (+contact directory maintenance)"


@dataclass(frozen=True)
class LinkResult:
    url: str
    where: str  # which rows use it
    status: Optional[int]
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400


def directory_urls(url: Optional[str] = None) -> dict[str, list[str]]:
    """Every http(s) address in the directory, with the rows that use it."""
    found: dict[str, list[str]] = {}
    with session_scope(url) as session:
        for key, website in session.execute(select(Organisation.key, Organisation.website)):
            if website:
                found.setdefault(website, []).append(f"organisation {key}")
        for org, channel, value in session.execute(select(Route.organisation_key, Route.channel, Route.value)):
            if channel in ("website", "chat"):
                found.setdefault(value, []).append(f"route {org}/{channel}")
    return found


def check(address: str, timeout: float = 10.0, session: Optional[requests.Session] = None) -> tuple[Optional[int], str]:
    http = session or requests.Session()
    headers = {"User-Agent": USER_AGENT}
    try:
        response = http.head(address, timeout=timeout, allow_redirects=True, headers=headers)
        if response.status_code in (403, 405, 501):  # some servers refuse HEAD: ask again with GET
            response = http.get(address, timeout=timeout, allow_redirects=True, headers=headers, stream=True)
            response.close()
        return response.status_code, ""
    except requests.RequestException as error:
        return None, type(error).__name__


def check_links(urls: dict[str, Iterable[str]], timeout: float = 10.0) -> list[LinkResult]:
    with requests.Session() as http:
        results = []
        for address, where in sorted(urls.items()):
            status, error = check(address, timeout, http)
            results.append(LinkResult(address, ", ".join(where), status, error))
        return results
