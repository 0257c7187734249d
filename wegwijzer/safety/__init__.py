"""Safety first: crisis detection that runs at every turn.

`detect_crisis(text)` (detector.py) combines a curated Dutch lexicon with
patterns (lexicon.py) on normalised text (normalise.py: spreektaal, typos).
`CrisisOverride` (rasa_component.py) sets the intent `noodsituatie` in the NLU
pipeline; the input channels (wegwijzer/channels.py) use the same detector.
"""
from wegwijzer.safety.detector import CrisisSignal, detect_crisis

__all__ = ["CrisisSignal", "detect_crisis"]
