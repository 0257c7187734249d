"""Wegwijzer Jeugdbescherming: everything that is not a Rasa action.

Modules: `settings` (configuration from .env), `nlp` (the Dutch spaCy pipeline),
`rasa_stores` (tracker/lock store chosen from configuration), `launcher` (starts
all processes), `web` (static web server).
"""
