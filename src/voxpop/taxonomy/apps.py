from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "voxpop.taxonomy"
    label = "taxonomy"
