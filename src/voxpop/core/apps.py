from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "voxpop.core"
    label = "core"
