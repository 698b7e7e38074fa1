from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand

from blocs.demo import BLOCS, merge_demo_provinces, seed


class Command(BaseCommand):
    help = (
        "Load the demo provinces, blocs and agencies, then each app's own demo data (its "
        "demo.seed(): accounts' users, pledges…), idempotently."
    )

    def handle(self, *args: object, **options: object) -> None:
        seed()
        self.stdout.write(f"Demo data ready: {len(BLOCS)} blocs.")
        # The apps above blocs (accounts, pledges, meetings…) build on its data; blocs does not
        # import them. INSTALLED_APPS lists them in their layers' order.
        for config in apps.get_app_configs():
            name = f"{config.name}.demo"
            if config.name != "blocs" and find_spec(name) is not None:
                summary = import_module(name).seed()
                if summary:
                    self.stdout.write(summary)
        # Last: the merger moves what every app seeded for the merged province.
        summary = merge_demo_provinces()
        if summary:
            self.stdout.write(summary)
