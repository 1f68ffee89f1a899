from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from voxpop import __version__
from voxpop.users.policies import allowed


def voxpop(request: HttpRequest) -> dict[str, Any]:
    return {
        "voxpop_version": __version__,
        # Navigation: the import history, for those who may read it.
        "can_import": allowed(getattr(request, "user", None), "import_data"),
    }
