"""The project's own Dutch spaCy pipeline, built from spacy.blank("nl")."""
