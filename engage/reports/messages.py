"""Translated messages for the report builder's input errors (services raise codes, routes show these)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import gettext as _

if TYPE_CHECKING:
    from engage.reports.services import ReportError


def error_message(error: ReportError) -> str:
    messages = {
        "slug_format": _("Use 2 to 80 lowercase letters, digits and dashes."),
        "slug_taken": _("Another report already uses this web address. Choose another."),
        "population_encoding": _("The population file must be a CSV saved as UTF-8."),
        "population_columns": _("The population file needs the columns segment, category and share."),
        "population_invalid": _("The population file has a problem: %(detail)s", detail=error.detail),
        "population_segment": _("The population file names a segment Engage does not know: %(detail)s. Use district, age_band, home_language, race_ethnicity, housing, channel or locale.", detail=error.detail),
        "population_empty": _("The population file has no rows."),
        "codebook_unreadable": _("The codebook file is not readable JSON in UTF-8."),
        "codebook_invalid": _("The codebook has a problem: %(detail)s", detail=error.detail),
    }
    return messages.get(error.code, _("This could not be saved. Check the form and try again."))
