"""`manage.py merge_provinces --into quang-tri --merged quang-binh --from 01/07/2025`: record a
province merger on the server (blocs.merger). Without --yes it only shows what would move and
which names clash; --rename-clashes lets the merger suffix the merged province's names."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from blocs import merger
from blocs.models import Province
from core.actors import SYSTEM


def _province(value: str) -> Province:
    province = (
        Province.objects.filter(code=value).first() or Province.objects.filter(name=value).first()
    )
    if province is None:
        raise CommandError(f"No province has the code or name {value!r}.")
    return province


def _date(value: str) -> datetime.date:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise CommandError(f"{value!r} is not a date (dd/mm/yyyy).")


class Command(BaseCommand):
    help = "Merge one province into another from a date (see blocs/merger.py)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--into", required=True, help="the new province (code or name)")
        parser.add_argument("--merged", required=True, help="the merged province (code or name)")
        parser.add_argument("--from", dest="effective", required=True, help="dd/mm/yyyy")
        parser.add_argument("--rename-clashes", action="store_true")
        parser.add_argument("--yes", action="store_true", help="merge (else only show the plan)")

    def handle(self, *args: Any, **options: Any) -> None:
        into, merged = _province(options["into"]), _province(options["merged"])
        effective = _date(options["effective"])
        try:
            merger.check_merger(into, merged, effective)
            plan = merger.plan_merger(into, merged, effective=effective)
            for label, count in plan.counts:
                self.stdout.write(f"{label}: {count}")
            for clash in plan.clashes:
                self.stdout.write(f"clash: {clash.kind}: {clash.name} → {clash.renamed or '?'}")
            for note in plan.left:
                self.stdout.write(note)
            if not options["yes"]:
                self.stdout.write("Nothing changed (add --yes to merge).")
                return
            merger.merge_provinces(
                into,
                merged,
                effective=effective,
                actor=SYSTEM,
                rename_clashes=options["rename_clashes"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"{merged.name} merged into {into.name} from {effective:%d/%m/%Y}.")
