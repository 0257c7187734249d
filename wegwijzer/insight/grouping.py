"""Similar messages of the review inbox in one group, so that a coordinator decides
on a question once, however many people asked it.

rapidfuzz's token_set_ratio compares the words of two messages (lower case, without
punctuation; the order of the words does not matter): a message joins the group
whose first message it scores at least SIMILARITY with, else it starts a new group.
token_set_ratio scores a message 100 against any message that contains all its
words, so a message only joins a group whose first message has a comparable number
of words (MIN_WORD_SHARE): "ja" does not join "ja maar hoe lang duurt een ots".
Messages are grouped newest first, so the groups come newest first too.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, Sequence, TypeVar

from rapidfuzz import fuzz, process, utils

SIMILARITY = 80  # token_set_ratio, 0-100
MIN_WORD_SHARE = 0.5  # the shorter message has at least half as many words as the longer

Member = TypeVar("Member")


@dataclass
class Group(Generic[Member]):
    key: str  # the first message, normalised (rapidfuzz.utils.default_process)
    members: list[Member] = field(default_factory=list)

    @property
    def words(self) -> int:
        return len(self.key.split())


def comparable(words: int, other: int) -> bool:
    return min(words, other) >= MIN_WORD_SHARE * max(words, other)


def group_texts(members: Sequence[Member], texts: Sequence[str]) -> list[Group[Member]]:
    """The members in groups by the similarity of their texts, in the order given."""
    groups: list[Group[Member]] = []
    keys: list[str] = []  # groups[i].key, for rapidfuzz
    for member, text in zip(members, texts):
        key = utils.default_process(text)
        words = len(key.split())
        matches = process.extract(key, keys, scorer=fuzz.token_set_ratio, score_cutoff=SIMILARITY, limit=None)
        # A message without words (only punctuation) joins the others without words.
        best = (next((index for _, _, index in matches if comparable(words, groups[index].words)), None) if key
                else next((index for index, group in enumerate(groups) if not group.key), None))
        if best is None:
            groups.append(Group(key))
            keys.append(key)
            best = len(groups) - 1
        groups[best].members.append(member)
    return groups
