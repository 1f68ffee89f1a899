from django.apps import AppConfig


class ExplorerConfig(AppConfig):
    name = "voxpop.explorer"
    label = "explorer"
    verbose_name = "Demand explorer"
