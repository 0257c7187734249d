"""Rasa SDK action server: thin actions that call into the `wegwijzer` package.
One module per concern; rasa_sdk loads every module in this package."""
