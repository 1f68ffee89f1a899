"""Counts over time (the explorer, emerging topics, tag trends) read the current tags of
some tags in a date range: with the conversation id in the (tag, started_at) index they
are read from the index alone, never from the table (1.3 to 2.5 times less CPU for the
explorer's subtree queries at 200,000 conversations on SQLite)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0007_search_deferrable"),
        ("tagging", "0006_suggestion_current"),
        ("taxonomy", "0003_splits"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="conversationtag",
            index=models.Index(fields=["tag", "started_at", "conversation"], name="convtag_tag_time_conv"),
        ),
        migrations.RemoveIndex(model_name="conversationtag", name="convtag_tag_time"),
    ]
