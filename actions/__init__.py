"""Rasa SDK action server: thin actions that call into the `wegwijzer` package.
One module per concern; rasa_sdk loads every module in this package."""

from wegwijzer.privacy.logging_filter import install_log_redaction

# rasa_sdk imports this package first: from then on the action server's logs are redacted too.
install_log_redaction()
