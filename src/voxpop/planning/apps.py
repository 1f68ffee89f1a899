from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "voxpop.planning"
    label = "planning"
    verbose_name = "Planning"
