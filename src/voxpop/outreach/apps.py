from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "voxpop.outreach"
    label = "outreach"
    verbose_name = "Close the loop"
