"""Two indexes for the evidence page, on the tagging app's tables but serving only the
roadmap's reads, so they live (and are dropped) with the roadmap's migrations:

- a covering index for the demand query: the conversations carrying any of a feature's
  subtree tags are read from the index alone (tag_id, conversation_id);
- a partial index of the tag decisions that carry a quote, so finding a feature's tagged
  quotes never walks the decisions that have none (nearly all of them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("roadmap", "0001_initial"),
        ("tagging", "0005_undo_and_triage"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS roadmap_convtag_tag_conversation"
            " ON tagging_conversationtag (tag_id, conversation_id)",
            "DROP INDEX IF EXISTS roadmap_convtag_tag_conversation",
        ),
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS roadmap_decision_quotes"
            " ON tagging_tagdecision (tag_id, created_at) WHERE quote_start IS NOT NULL",
            "DROP INDEX IF EXISTS roadmap_decision_quotes",
        ),
    ]
