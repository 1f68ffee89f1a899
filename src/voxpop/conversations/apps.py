from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "voxpop.conversations"
    label = "conversations"
