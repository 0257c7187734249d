"""Every change this project makes to Rasa's internals, in one place.

Each is copied from Rasa 3.6.21 and only safe there: install() refuses any other
Rasa (wegwijzer/rasa_version.py); tests/test_rasa_overrides.py compares each with
what Rasa itself does.

Replaced on Rasa's own classes (for every instance), by install():
- `RemoteAction._validate_action_result`: a validator built once (speedups.py)
- `Event.resolve_by_type`: a type name -> class table built once (speedups.py)
- `DomainProvider.load`: the domain stored in a model read once, without the schema
  check it passed at training (speedups.py)
- `SpacyNLP.load_model`: a spaCy pipeline loaded once per process (speedups.py)
- `Agent._create_tracker_store`: the project's tracker store is not wrapped in a
  FailSafeTrackerStore, so a database error fails the message instead of answering
  from an empty conversation (tracker_store.py)

Overridden in the project's own store classes (Rasa loads them from endpoints.yml):
- `SQLTrackerStore.__init__`'s engine, `_retrieve`, `save`, `keys`,
  `_additional_events`, `_event_query` (as EventQueries): retries while the
  database is unreachable, prepared queries, SQLite in WAL mode (tracker_store.py;
  wegwijzer.privacy.tracker_store.RedactingTrackerStore builds on it)
- `RedisLockStore.issue_ticket`, `update_lock`, `finish_serving`, `cleanup`,
  `_acquire_lock`: every change of a lock one Redis transaction (lock_store.py)
"""
from __future__ import annotations

from wegwijzer import rasa_version


def install() -> None:
    """Install the replacements on Rasa's classes; idempotent. Raises
    WrongRasaVersion on any Rasa but the pinned one, before changing anything."""
    rasa_version.require_pinned()
    from wegwijzer.rasa_overrides import speedups, tracker_store

    speedups.install()
    tracker_store.fail_closed_tracker_store()


# Rasa imports this package when it loads a store named in endpoints.yml, in every
# Rasa server and before it makes its Agent, so this is where the replacements go in.
install()
