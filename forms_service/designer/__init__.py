"""The form designer: signed-in agency staff build, preview and publish forms.

Pages under ``/designer`` (:mod:`.controller`, :mod:`.editor`) render
``workspace/templates/designer/``; every change is a pure edit of
:mod:`form_schemas.editing` stored through the forms service
(:mod:`.service`), so the pages and the API apply the same checks.
"""

from forms_service.designer.controller import DesignerController, FormEditorController

__all__ = ["DesignerController", "FormEditorController"]
