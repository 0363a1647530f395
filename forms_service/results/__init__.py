"""Form results: every question's answers, satisfaction indices, cross-tabulations.

``tables`` holds ``answer_aggregate`` and ``aggregates`` how the response
writers add to it (and its rebuild); ``counts`` reads a form's counts for
the chosen filters; ``groups`` follows questions across versions;
``summaries`` turns counts into each question's block; ``report``,
``indices`` and ``crosstab`` are the build functions of the ``results``,
``indices`` and ``crosstab`` reports (``forms_service/reports/specs``);
``controller`` serves ``GET /api/v1/forms/{slug}/results``.
"""
