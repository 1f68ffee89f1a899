from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "voxpop.audit"
    label = "audit"
