"""The conversations the benchmark sends, one message after another.

Wegwijzer gets realistic Dutch conversations: greetings, a role by button,
free questions with typos and spreektaal, a long story, a municipality,
contact routes (action server calls) and an emergency. The stock reference
(`rasa init`, the English "moodbot") gets conversations of the same length
in its own domain, so both do full turns of NLU, policies and responses.
"""
from __future__ import annotations

WEGWIJZER = [
    ["hallo", "Ik ben ouder", "wat is nou eigenlijk het verschil tussen vrijwillig en gedwongen kader",
     "Wat is het nummer van Veilig Thuis?", "ok dankjewel", "doei"],
    ["hoi", "Ik ben een jongere", "mijn ouders krijgen een gezinsvoogd, wat doet die??",
     "mag ik zelf ook iets zeggen tegen de rechter", "Wat is het nummer van de Kindertelefoon?", "bedankt"],
    ["goedemiddag", "ik ben moeder van 2 kinderen en het wijkteam zegt dat er een melding is gedaan bij "
     "veilig thuis, ik snap niet wat er nu gaat gebeuren en ik ben bang dat ze mijn kinderen afpakken",
     "wat is een ots", "kan ik ergens klagen over de jeugdzorg", "Hoe bereik ik het AKJ?", "dank u wel"],
    ["hallo ik heb een vraag", "Ik ben professional", "wanneer moet ik de jeugdbeschermingstafel inschakelen",
     "wat doet de raad voor de kinderbescherming bij een onderzoek", "Hoe bereik ik het Juridisch Loket?",
     "top, dankjewel"],
    ["hee", "ik woon in amersfoort", "wie helpt mij als ik het niet eens ben met het plan",
     "is er iemand die met me mee kan naar gesprekken", "ik wil een mens spreken", "doei"],
    ["hallo", "Ik ben ouder", "mijn ex slaat de kinderen en ik ben bang", "Wat is het nummer van Veilig Thuis?",
     "hoelang duurt een ondertoezichtstelling", "bedankt"],
]

REFERENCE = [
    ["hello", "I am feeling great", "are you a bot?", "good morning", "I am sad", "yes"],
    ["hi there", "I am very sad", "no", "hey", "great, thanks", "bye"],
    ["good evening", "my day was horrible", "yes it did", "are you human?", "perfect", "goodbye"],
]

ASSISTANTS = {"wegwijzer": WEGWIJZER, "reference": REFERENCE}
