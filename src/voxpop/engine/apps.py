from django.apps import AppConfig


class EngineConfig(AppConfig):
    name = "voxpop.engine"
    label = "engine"
    verbose_name = "Tagging engine"
