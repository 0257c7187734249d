"""The QuestionSelector (wegwijzer/nlp/question_selector.py): trained, stored, loaded, used.

A real Rasa model storage on disk; no running servers (fast tier).
"""
from __future__ import annotations

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from wegwijzer.nlp.question_selector import QuestionSelector

PHRASINGS = {
    "faq/ots_duur": ["hoe lang duurt een ots", "hoelang loopt een ondertoezichtstelling", "tot wanneer duurt de ots"],
    "faq/vt_bereikbaar": ["is veilig thuis s nachts bereikbaar", "kan ik veilig thuis in het weekend bellen",
                          "wanneer is veilig thuis open"],
    "faq/akj_kosten": ["kost het akj geld", "moet ik betalen voor het akj", "is de vertrouwenspersoon gratis"],
}


def trained(tmp_path) -> tuple[LocalModelStorage, Resource, ExecutionContext]:
    storage, resource = LocalModelStorage(tmp_path), Resource("question_selector")
    context = ExecutionContext(GraphSchema({}), "test")
    examples = [Message(data={"text": text, "intent": "faq", "intent_response_key": key})
                for key, texts in PHRASINGS.items() for text in texts]
    examples.append(Message(data={"text": "hallo", "intent": "begroeting"}))
    responses = {f"utter_{key}": [{"text": f"antwoord {key}"}] for key in PHRASINGS}
    QuestionSelector.create({}, storage, resource, context).train(TrainingData(examples, responses=responses))
    return storage, resource, context


def test_a_stored_selector_chooses_the_answer_like_rasas_response_selector(tmp_path):
    selector = QuestionSelector.load({}, *trained(tmp_path))
    message = Message(data={"text": "Hoe lang duurt zo'n OTS nou eigenlijk?"})
    selector.process([message])
    chosen = message.get("response_selector")
    assert chosen["all_retrieval_intents"] == ["faq"]
    assert chosen["faq"]["response"]["intent_response_key"] == "faq/ots_duur"
    assert chosen["faq"]["response"]["utter_action"] == "utter_faq/ots_duur"
    assert chosen["faq"]["response"]["responses"] == [{"text": "antwoord faq/ots_duur"}]
    ranked = [r["intent_response_key"] for r in chosen["faq"]["ranking"]]
    assert ranked[0] == "faq/ots_duur" and set(ranked) == set(PHRASINGS)


def test_it_ranks_an_answer_for_any_message_and_the_intent_decides_its_use(tmp_path):
    """Like Rasa's ResponseSelector, it does not judge whether a message is a
    question: DIET's intent does (only `faq` is answered from the selector)."""
    selector = QuestionSelector.load({}, *trained(tmp_path))
    message = Message(data={"text": "hallo"})
    selector.process([message])
    assert message.get("response_selector")["faq"]["response"]["intent_response_key"] in PHRASINGS


def test_without_answers_to_learn_it_chooses_none(tmp_path):
    storage, resource = LocalModelStorage(tmp_path), Resource("question_selector")
    context = ExecutionContext(GraphSchema({}), "test")
    QuestionSelector.create({}, storage, resource, context).train(
        TrainingData([Message(data={"text": "hallo", "intent": "begroeting"})]))
    message = Message(data={"text": "hoe lang duurt een ots"})
    QuestionSelector.load({}, storage, resource, context).process([message])
    assert message.get("response_selector") is None
