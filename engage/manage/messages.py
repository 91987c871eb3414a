"""What organizers read when a change is refused or a question gets a new version (translated)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from engage.manage.services import ManageError

ERRORS = {
    "slug_invalid": _l("Use 2 to 80 lowercase letters, digits and dashes, like responder-survey."),
    "slug_taken": _l("Another survey already uses this web address. Choose another one."),
    "slug_frozen": _l("The web address cannot change once the survey has opened or has responses: people may have printed it."),
    "order_breaks_condition": _l("That move would put a question before the question its display condition depends on. Change the condition first."),
    "section_not_empty": _l("Only an empty page can be deleted. Move or delete its questions first."),
    "condition_not_earlier": _l("A display condition can only name a question that comes earlier in the survey."),
    "condition_no_values": _l("Choose at least one answer that shows it."),
    "key_invalid": _l("Start with a letter; use lowercase letters, digits and underscores."),
    "key_taken": _l("Another question in this survey already uses the key %(key)s."),
    "key_reserved": _l("%(key)s is a column name in the responses download. Choose another key."),
    "key_frozen": _l("This question has answers, so its key cannot change: exports and analyses follow it by its key."),
    "type_invalid": _l("Choose a question type from the list."),
    "segment_missing": _l("Choose the segment this question feeds."),
    "choices_missing": _l("Write at least one option, one per line."),
    "choice_code_invalid": _l("Option codes must be unique and use lowercase letters, digits and underscores."),
    "choice_code_taken": _l("Another option already uses the code %(code)s."),
    "choice_label_missing": _l("Every option needs a label."),
    "last_choice": _l("A question needs at least one option."),
    "question_retired": _l("This is an earlier version of the question; edit the current version instead."),
    "question_is_condition": _l("Another question or page is shown depending on this one (%(key)s). Change that display condition first."),
    "not_invite_policy": _l("Invite codes are only used when the survey is set to “Only people with a single-use invite code”."),
    "invite_count": _l("Enter a whole number from 1 to 1000."),
}

STATE_ERRORS = {
    "already open": _l("The survey is already open."),
    "no questions": _l("Add at least one question before opening the survey."),
    "not open": _l("Only an open survey can be closed."),
}

REASONS = {
    "type": _l("the question type changed"),
    "key": _l("the key changed"),
    "segment": _l("the segment changed"),
    "scale": _l("the number of points on the scale changed"),
    "dont_know": _l("some answers are “Don't know”"),
    "other": _l("some answers are “Other”"),
    "max_choices": _l("some answers have more options than the new limit"),
    "min_choices": _l("some answers have fewer options than the new minimum"),
    "rank_count": _l("some answers rank more places than the new number"),
    "max_length": _l("some answers are longer than the new limit"),
    "min_length": _l("some answers are shorter than the new minimum"),
    "min": _l("some answers are below the new smallest number"),
    "max": _l("some answers are above the new largest number"),
    "integer": _l("some answers are not whole numbers"),
    "choice_code": _l("an option that residents chose got a new code"),
}


def explain(error: ManageError) -> str:
    message = ERRORS.get(error.code)
    if message is None:
        return _("That change could not be made.")
    return str(message) % error.params if error.params else str(message)


def explain_state(error: Exception) -> str:
    return str(STATE_ERRORS.get(str(error), _l("That change could not be made.")))


def explain_version(version: int, reasons: list[str]) -> str:
    why = ", ".join(str(REASONS.get(r, r)) for r in reasons)
    return _("Saved as version %(version)d of the question, because %(why)s. The earlier version and its answers are kept unchanged.",
             version=version, why=why)
