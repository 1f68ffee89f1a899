"""The imports capability's writes, in one place to look for them.

- :func:`run_import`: files through reader -> parser -> writer, in checkpointed batches
  (:mod:`voxpop.imports.pipeline`);
- :func:`ingest`: one conversation from the API or a webhook (:mod:`voxpop.imports.live`);
- :func:`receive_webhook`: verify a signed delivery, then ingest it;
- :func:`create_webhook`: create or rotate a source's webhook secret.
"""

from __future__ import annotations

from voxpop.imports.live import create_endpoint as create_webhook
from voxpop.imports.live import ingest
from voxpop.imports.live import receive as receive_webhook
from voxpop.imports.pipeline import ImportRequest, RunResult, run_import

__all__ = ["ImportRequest", "RunResult", "create_webhook", "ingest", "receive_webhook", "run_import"]
