"""Plain sentences that say what a report's statistical words mean, for people who
read the numbers (the printed reports, the files' About sheet, the dashboard)."""

from __future__ import annotations

from forms_service.i18n import N_

__all__ = ["COLUMN_NOTES", "INTERVAL_NOTE", "SHRUNK_NOTE"]

INTERVAL_NOTE = N_(
    "The interval is where the true rate most likely lies, given the number of answers; "
    "the fewer the answers, the wider it is (Wilson's method unless another is chosen).")
SHRUNK_NOTE = N_(
    "The shrunk rate pulls the rate of a group with few answers towards the overall rate, "
    "so that 3 satisfied of 3 does not outrank 960 of 1,000; groups are ranked by it.")

#: a column's heading and the sentence that explains it (the About sheet of a file)
COLUMN_NOTES = {
    "ci_low": (N_("Interval"), INTERVAL_NOTE),
    "shrunk_rate": (N_("Shrunk rate"), SHRUNK_NOTE),
}
