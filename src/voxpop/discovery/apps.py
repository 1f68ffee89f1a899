from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "voxpop.discovery"
    label = "discovery"
    verbose_name = "Topic discovery"
