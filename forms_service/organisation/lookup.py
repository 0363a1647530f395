"""The ids of an agency's unit, counter and officer named by their codes."""

from __future__ import annotations

from forms_service.errors import InvalidInput
from forms_service.organisation.tables import Counter, Officer, Unit

__all__ = ["staff_ids"]


async def staff_ids(agency_id: int, unit: str | None, counter: str | None,
                    officer: str | None) -> tuple[int | None, int | None, int | None]:
    """``(unit, counter, officer)`` ids for the codes given (``None`` for those not
    given), or ``InvalidInput`` naming a code the agency does not have."""
    found: list[int | None] = []
    for table, code, field in ((Unit, unit, "unit"), (Counter, counter, "counter"),
                               (Officer, officer, "officer")):
        if not code:
            found.append(None)
            continue
        row = await table.select(table.id).where(  # type: ignore[attr-defined]
            (table.agency == agency_id) & (table.code == code)).first().run()  # type: ignore[attr-defined]
        if row is None:
            raise InvalidInput("The agency has no {field} with code {code}.", field=field,
                               code=code[:64])
        found.append(row["id"])
    return found[0], found[1], found[2]
