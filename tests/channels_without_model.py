"""Rasa's HTTP server with the input channels of credentials.yml and no model, on
127.0.0.1:<port>: for tests of what a channel refuses before a message reaches Rasa.
Rasa itself needs a model (40 s to load); configure_app needs none.

    python tests/channels_without_model.py PORT
"""
import sys

from rasa.core.run import configure_app, create_http_input_channels

if __name__ == "__main__":
    port = int(sys.argv[1])
    app = configure_app(create_http_input_channels(None, "credentials.yml"), port=port, enable_api=False)
    app.run(host="127.0.0.1", port=port, workers=1, access_log=False)
