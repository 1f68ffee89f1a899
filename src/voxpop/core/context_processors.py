from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from voxpop import __version__


def voxpop(request: HttpRequest) -> dict[str, Any]:
    return {"voxpop_version": __version__}
