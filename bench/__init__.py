"""`make bench`: Wegwijzer against a stock `rasa init` assistant, same Rasa install."""
