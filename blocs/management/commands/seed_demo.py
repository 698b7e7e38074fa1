from django.core.management.base import BaseCommand

from blocs.demo import BLOCS, USERS, seed


class Command(BaseCommand):
    help = "Load the demo provinces, blocs, agencies and one user per role (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        seed()
        self.stdout.write(f"Demo data ready: {len(BLOCS)} blocs, {len(USERS)} demo users.")
