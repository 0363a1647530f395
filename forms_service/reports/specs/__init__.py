"""The specifications of the analytics reports, one module per report.

Each module defines ``SPEC``, a :class:`~forms_service.reports.spec.ReportSpec`;
:mod:`forms_service.reports.registry` finds every module of this package,
so that a new report is a module here (and the modules that build it).
These modules stay light (no web framework, no statistics): the command
line reads them when it starts.
"""
