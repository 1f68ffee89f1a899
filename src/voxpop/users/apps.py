from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "voxpop.users"
    label = "users"

    def ready(self) -> None:
        from voxpop.users import signals  # noqa: F401  (connects the audit receivers)
