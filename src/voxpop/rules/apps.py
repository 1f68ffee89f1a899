from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "voxpop.rules"
    label = "rules"
