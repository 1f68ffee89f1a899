"""``feature_status_changed(feature, old, new, actor)`` is sent after a status change
commits; the close-the-loop side listens for ``new == "shipped"``."""

from django.dispatch import Signal

feature_status_changed = Signal()
