"""Question-level knowledge: which answer a question (or a short follow-up) gets."""
