"""Wegwijzer Jeugdbescherming: everything that is not a Rasa action.

Modules: `settings` (configuration from .env), `nlp` (the Dutch spaCy pipeline),
`rasa_overrides` (every change to Rasa's internals: tracker/lock stores chosen from
configuration, speedups), `launcher` (starts all processes), `web` (static web server).
"""
