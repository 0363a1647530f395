"""Demo people for ``phieu demo``: one per role, sharing one password."""

from __future__ import annotations

from forms_service.accounts.service import create_person
from forms_service.accounts.tables import Person
from forms_service.context import Context

__all__ = ["DEMO_PASSWORD", "DEMO_PEOPLE", "seed_demo_people"]

DEMO_PASSWORD = "phieu-demo-2026"
# (email, name, role, belongs to the demo agency)
DEMO_PEOPLE = (
    ("analyst@demo.phieu.vn", "Nguyễn Thị Phân Tích", "analyst", True),
    ("designer@demo.phieu.vn", "Trần Văn Thiết Kế", "designer", True),
    ("admin@demo.phieu.vn", "Lê Quản Trị", "admin", False),
    # an analyst without an agency: the national office (collections)
    ("office@demo.phieu.vn", "Phạm Thị Văn Phòng", "analyst", False),
)


async def seed_demo_people(ctx: Context, agency_code: str) -> list[tuple[str, str]]:
    """Create the demo people that do not exist yet; return ``(email, role)`` of all."""
    for email, name, role, in_agency in DEMO_PEOPLE:
        if await Person.exists().where(Person.email == email).run():
            continue
        await create_person(ctx, email=email, name=name, role=role,
                            agency_code=agency_code if in_agency else None,
                            password=DEMO_PASSWORD)
    return [(email, role) for email, _, role, _ in DEMO_PEOPLE]
