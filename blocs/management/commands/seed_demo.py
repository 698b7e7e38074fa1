from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand

from blocs.demo import BLOCS, USERS, seed


class Command(BaseCommand):
    help = (
        "Load the demo provinces, blocs, agencies and one user per role, then each app's own "
        "demo data (its demo.seed()), idempotently."
    )

    def handle(self, *args: object, **options: object) -> None:
        seed()
        self.stdout.write(f"Demo data ready: {len(BLOCS)} blocs, {len(USERS)} demo users.")
        # Later apps (pledges, meetings…) build on the blocs: blocs does not import them.
        for config in apps.get_app_configs():
            name = f"{config.name}.demo"
            if config.name != "blocs" and find_spec(name) is not None:
                summary = import_module(name).seed()
                if summary:
                    self.stdout.write(summary)
