"""Public results pages (``/public``): aggregates of the agencies that opt in.

``service`` builds the bodies from the reports (satisfaction per service
with intervals and verdicts, online share against the 50% target, the
published quality rankings) and suppresses every group with fewer answers
than ``Settings.public_min_answers``; ``controller`` serves each page as
HTML and, with a ``.json`` suffix, as JSON, both cacheable (``ETag``,
``Cache-Control: public``). Nothing here reads single responses or comments.
"""
