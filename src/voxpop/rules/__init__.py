"""Keyword and regular-expression rules that suggest (or apply) tags before any model exists."""
