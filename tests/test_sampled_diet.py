"""DIET learns `faq` from a fixed sample of each answer's phrasings (wegwijzer/nlp/sampled_diet.py);
the other intents keep every example, and the sample is the same every training."""
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from wegwijzer.nlp.sampled_diet import sample_per_answer


def phrasing(answer: str, number: int) -> Message:
    return Message(data={TEXT: f"{answer} {number}", INTENT: "faq", INTENT_RESPONSE_KEY: f"faq/{answer}"})


def test_at_most_the_limit_per_answer_and_every_other_example():
    examples = ([phrasing("ots_duur", n) for n in range(40)] + [phrasing("akj_kosten", n) for n in range(3)]
                + [Message(data={TEXT: f"hallo {n}", INTENT: "groet"}) for n in range(30)])
    kept = sample_per_answer(examples, 25, seed=42)
    answers = [m.get(INTENT_RESPONSE_KEY) for m in kept]
    assert answers.count("faq/ots_duur") == 25 and answers.count("faq/akj_kosten") == 3
    assert sum(m.get(INTENT) == "groet" for m in kept) == 30
    assert [m.get(TEXT) for m in kept] == [m.get(TEXT) for m in sample_per_answer(examples, 25, seed=42)]
    assert [m.get(TEXT) for m in kept] == [m.get(TEXT) for m in examples if m in kept], "data order kept"
