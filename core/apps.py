from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Shared records")

    def ready(self) -> None:
        from .converters import IdConverter, YearConverter

        # Every app's URLs name ids <id:pk> and years <year:year> (core/converters.py).
        register_converter(IdConverter, "id")
        register_converter(YearConverter, "year")
