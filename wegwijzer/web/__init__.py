"""Static web pages (the demo page and the chat widget live in `web/`)."""
