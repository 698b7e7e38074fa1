"""Who acts when no person does: demo data, data migrations and commands an operator runs on the
server. Services take an `actor` and check it through access.py; SYSTEM passes every check as an
operator would, and the change log records no person for it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class SystemActor:
    pk: None = None
    is_authenticated: bool = True
    is_active: bool = True
    is_superuser: bool = True
    is_board_staff: bool = False
    is_agency_officer: bool = False
    is_overseer: bool = False
    province_id: None = None
    agency_id: None = None
    official_id: None = None

    def __str__(self) -> str:
        return "system"


SYSTEM = SystemActor()
