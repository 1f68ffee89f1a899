"""Where conversations come from, the conversations themselves, and their messages."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from voxpop.accounts.models import Account, Contact


class SourceKind(models.TextChoices):
    CSV = "csv", _("CSV")
    JSONL = "jsonl", _("JSON Lines")
    EMAIL = "email", _("Email")
    INTERCOM = "intercom", _("Intercom")
    ZENDESK = "zendesk", _("Zendesk")
    TRANSCRIPT = "transcript", _("Call transcripts")
    SLACK = "slack", _("Slack")
    CRM = "crm", _("CRM")
    API = "api", _("API")
    WEBHOOK = "webhook", _("Webhook")
    DEMO = "demo", _("Demo")
    DATASET = "dataset", _("Dataset")


class Source(models.Model):
    kind = models.CharField(max_length=16, choices=SourceKind.choices)
    name = models.CharField(max_length=100, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    CHAT = "chat", _("Chat")
    TICKET = "ticket", _("Ticket")
    CALL = "call", _("Call")
    SOCIAL = "social", _("Social")
    SALES_NOTE = "sales_note", _("Sales note")
    LOST_DEAL = "lost_deal", _("Lost deal")
    SURVEY = "survey", _("Survey")
    IDEA = "idea", _("Idea")


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    PENDING = "pending", _("Pending")
    CLOSED = "closed", _("Closed")


class Conversation(models.Model):
    # No index of their own on source and account: the unique (source, external_id) and
    # the (account, started_at) index below start with them and serve their look-ups.
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="conversations", db_index=False)
    external_id = models.CharField(max_length=255)
    channel = models.CharField(max_length=16, choices=Channel.choices, db_index=True)
    subject = models.CharField(max_length=500, blank=True, default="")
    account = models.ForeignKey(
        Account,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conversations",
        db_index=False,
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="conversations"
    )
    started_at = models.DateTimeField(db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    language = models.CharField(max_length=16, blank=True, default="", db_index=True)
    # What was true when the customer spoke: the page a chat started on, their plan then.
    context = models.JSONField(default=dict, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    queue = models.CharField(max_length=64, blank=True, default="", db_index=True)
    # The account's ARR when the conversation happened, so demand is weighed as it was.
    arr_at_time = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    # Money at stake (a lost deal's amount), in the account's currency.
    amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, default="")
    # Set when a person marks the conversation done in the tagging inbox.
    triaged_at = models.DateTimeField(null=True, blank=True, db_index=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="conversation_source_external_id"),
            models.CheckConstraint(
                condition=models.Q(closed_at__isnull=True) | models.Q(closed_at__gte=models.F("started_at")),
                name="conversation_closed_after_started",
            ),
        ]
        indexes = [models.Index(fields=["account", "started_at"], name="conversation_account_time")]

    def __str__(self) -> str:
        return self.subject or f"{self.get_channel_display()} {self.external_id}"


class AuthorRole(models.TextChoices):
    CUSTOMER = "customer", _("Customer")
    AGENT = "agent", _("Agent")
    BOT = "bot", _("Bot")
    NOTE = "note", _("Internal note")


class Message(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    external_id = models.CharField(max_length=255, blank=True, default="")
    position = models.PositiveIntegerField(default=0)
    author_role = models.CharField(max_length=16, choices=AuthorRole.choices)
    author = models.CharField(max_length=200, blank=True, default="")
    sent_at = models.DateTimeField()
    text = models.TextField()
    # Sanitised on the way in (nh3); still escaped on the way out unless marked safe there.
    html = models.TextField(blank=True, default="")
    # An email's quoted earlier messages and signature, kept apart from what was written.
    quoted = models.TextField(blank=True, default="")
    signature = models.TextField(blank=True, default="")
    # Attachments by name and size only: [{"name", "size", "content_type"}]; never the bytes.
    attachments = models.JSONField(default=list, blank=True)
    # sha256 of what an import wrote, so a re-import skips unchanged messages cheaply.
    content_hash = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["conversation", "position", "sent_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "external_id"],
                name="message_conversation_external_id",
                condition=~models.Q(external_id=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author_role}: {self.text[:60]}"


class SavedView(models.Model):
    """A named inbox filter a person keeps (and may share with the team)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views")
    name = models.CharField(max_length=100)
    query = models.CharField(max_length=2000, blank=True, default="")
    shared = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="saved_view_name_per_owner")]

    def __str__(self) -> str:
        return self.name
