"""Handoff to a person: an AKJ vertrouwenspersoon takes over the chat.

Used by the action server (actions/handoff.py):
    client        is an advisor available, queue a person, webhook, left questions
    summary       what the advisor may see: summary and conversation (with consent)
    answers       the person's consent and contact answers, in their own words
    availability  office hours, presence, wait estimate

The handoff service and advisor desk (`python -m wegwijzer.handoff serve`):
    service       the Sanic app; api (for the action server), desk_views (the
                  desk: login, queue, chat, hand back; pages in desk/), state
                  (presence, sync with Rasa, the queue sweep), rasa_api (pause,
                  resume, push messages), texts (what the person is told)
Shared:
    config        HANDOFF_* settings          models, db   the desk's tables
    auth          advisor accounts (Argon2)   retention    deleting old data
    privacy       redaction of typed text     crypto       sealed contact details

Run `python -m wegwijzer.handoff --help` for the commands.
"""
