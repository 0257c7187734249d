"""Anonymous figures of the conversations, kept per day (docs/insight.md).

- figures.py: one day's figures from the tracker store and the desk (read only);
- names.py: the project's own lists, the only names a figure may carry;
- store.py: the kept days (table insight_days in the tracker store's database);
- collect.py: keeps every finished day not kept yet (before retention deletes);
- report.py: the report, every count below 5 shown as "<5";
- turns.py: what a reply was (an answer, "not understood", asked back), for both;
- the review inbox: review.py (the missed messages, read from the tracker store),
  grouping.py (similar ones together), decisions.py (a coordinator's decisions,
  table review_decisions), inbox.py (what the desk shows and keeps), training.py
  (export-training's Rasa NLU YAML);
- `python -m wegwijzer.insight collect | report [--days N] [--json] | export-training --output FILE`.

Nothing here imports wegwijzer.privacy, and privacy imports nothing of this:
whoever starts the retention job runs `collect` first.
"""
