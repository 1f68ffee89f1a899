from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "voxpop.imports"
    label = "imports"
    verbose_name = "Imports"
