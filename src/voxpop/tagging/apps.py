from django.apps import AppConfig


class TaggingConfig(AppConfig):
    name = "voxpop.tagging"
    label = "tagging"
