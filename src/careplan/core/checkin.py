"""The daily check-in's questions, as data, and a runner like the interview's.

"Numb / can't tell" is a valid answer: it leads to body-first questions
(energy, tension, appetite, last night's sleep) instead of a feeling word.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from careplan.core.errors import DataError
from careplan.core.model import small_number

if TYPE_CHECKING:
    from careplan.core.interview import Ask, Question


def questions() -> tuple[dict[str, Question], dict[str, Question]]:
    """The check-in's questions, and the body-first ones. Made when asked: `checkin --feel 4`
    asks nothing, and need not import the interview (a fifth of its start-up)."""
    from careplan.core.interview import Question

    checkin = {
        "feel": Question(
            "feel",
            "How much could you feel today, from 0 to 10? (n: numb / can't tell, a fine answer)",
            "text",
        ),
        "words": Question(
            "words",
            "Any words for it? Pick from above or use your own, separated by commas"
            " (Enter to skip)",
            "list",
        ),
        "note": Question("note", "Anything you want to note? (Enter to skip)"),
    }
    # When feelings are hard to name, start with the body instead.
    body = {
        "energy": Question(
            "energy", "How is your energy?", "choice", "ok",
            (("low", "low"), ("ok", "ok"), ("high", "high")),
        ),
        "tension": Question(
            "tension", "Any tension in your body?", "choice", "some",
            (("none", "none"), ("some", "some"), ("a lot", "a lot")),
        ),
        "appetite": Question(
            "appetite", "How is your appetite?", "choice", "usual",
            (("less", "less than usual"), ("usual", "usual"), ("more", "more than usual")),
        ),
        "sleep": Question(
            "sleep", "How did you sleep last night?", "choice", "ok",
            (("poorly", "poorly"), ("ok", "ok"), ("well", "well")),
        ),
    }  # fmt: skip
    return checkin, body


@dataclass(frozen=True)
class CheckinReply:
    feel: int | None  # None: numb / can't tell
    words: tuple[str, ...]
    body: tuple[tuple[str, str], ...]
    note: str

    @property
    def low(self) -> bool:
        return dict(self.body).get("energy") == "low"


def parse_feel(reply: str) -> int | None:
    text = reply.strip().lower()
    if text in ("n", "numb", "can't tell", "cant tell", "?"):
        return None
    feel = small_number(text, 10)
    if feel is not None:
        return feel
    raise DataError("Please type a number from 0 to 10, or n for numb / can't tell.")


def run_checkin(
    ask: Ask, vocabulary: dict[str, list[str]], words: tuple[str, ...] = (), note: str = ""
) -> CheckinReply:
    """Ask what was not given already (`--words`, `--note` are kept, never asked again)."""
    from careplan.core.interview import Question, parse_reply

    checkin, body_questions = questions()
    problem = ""
    while True:
        try:
            feel = parse_feel(ask(checkin["feel"], problem))
            break
        except DataError as err:
            problem = err.message
    body: list[tuple[str, str]] = []
    if feel is None:
        for key, question in body_questions.items():
            reply = ask(question)
            try:
                body.append((key, str(parse_reply(question, reply))))
            except DataError:
                body.append((key, question.default))
    elif not words:
        groups = "\n".join(
            f"  {group.replace('-', ', ')} energy: {', '.join(items)}"
            for group, items in vocabulary.items()
        )
        question = checkin["words"]
        reply = ask(Question(question.key, question.text, "list", note=groups))
        words = feeling_words(reply)
    note = note or ask(checkin["note"]).strip()
    return CheckinReply(feel, words, tuple(body), note)


def feeling_words(text: str) -> tuple[str, ...]:
    """'Tired, calm, tired' -> ('tired', 'calm'): each word once, in the order given."""
    return tuple(dict.fromkeys(w.strip().lower() for w in text.split(",") if w.strip()))
