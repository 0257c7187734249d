"""Handoff to a person: an AKJ vertrouwenspersoon takes over the chat.

Modules:
    config        HANDOFF_* settings
    models, db    the desk's tables (SQLAlchemy), SQLite under DATA_DIR by default
    auth          advisor accounts (Argon2), desk logins
    availability  office hours, presence, wait estimate
    summary       what the advisor may see: summary and conversation (with consent)
    client        used by the action server: availability, queue, webhook, left questions
    rasa_api      pause / resume / push messages through Rasa's HTTP API
    service       the Sanic service: queue API and the advisor desk (desk/ holds its pages)
    texts         texts the desk sends to the person (from domain/handoff.yml)
    privacy, crypto  redaction of typed text, encryption of contact details

Run `python -m wegwijzer.handoff --help` for the commands.
"""
