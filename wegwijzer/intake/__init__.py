"""The intake (the triage form): reading answers, the form's state and the summary.

Pure logic, no Rasa. The triage form (actions/triage.py) asks four questions:
who are you (rol), is there a kinderbeschermingsmaatregel and which one
(maatregel), which municipality (gemeente) and what do you need (hulpvraag).
The modules, each depending only on the ones above it:

- texts.py: the intake's texts, loaded from domain/intake_texts.yml (Dutch) and
  domain/intake_texts.en.yml (English: the form and summary speak the slot `taal`);
- vocabulary.py: the answers each question can have (`Answers`) and the kader
  that follows from the maatregel answer (`kader_for`);
- reading.py: reading an answer from one free-text message, including
  "sla over", "ik weet het niet" and a municipality typed as free text, in
  Dutch and in simple English ("skip", "i don't know", "i am a parent");
- form.py: what one message means for the form (`read_turn`) and which
  question comes next (`questions_to_ask`);
- summary.py: the tailored summary (`summary`): kader, what it means for this
  role, next steps with their time limits, rights, and the routes that fit the need.

Every text a person reads lives in domain/intake_texts.yml, with its source
in ../shared/ (seed lines: "000:536-546" means lines 536-546 of
../shared/seeds/000_*.txt); the code picks and fills them. Phone numbers and
addresses only ever come from the contact directory (wegwijzer.directory).
"""
