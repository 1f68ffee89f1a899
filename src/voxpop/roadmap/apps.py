from django.apps import AppConfig


class RoadmapConfig(AppConfig):
    name = "voxpop.roadmap"
    label = "roadmap"
    verbose_name = "Roadmap"
