"""The REST API: one NinjaAPI, with a router per capability mounted here.

Authentication: a browser session (with CSRF on writes) or an ``Authorization:
Bearer vxp_...`` token. Authorization: the same named policies as the pages.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from voxpop import __version__
from voxpop.conversations.api import router as conversations_router
from voxpop.core.api import router as core_router
from voxpop.discovery.api import router as discovery_router
from voxpop.engine.api import router as engine_router
from voxpop.explorer.api import router as explorer_router
from voxpop.imports.api import router as imports_router
from voxpop.outreach.api import router as outreach_router
from voxpop.planning.api import router as planning_router
from voxpop.roadmap.api import router as roadmap_router
from voxpop.rules.api import router as rules_router
from voxpop.taxonomy.api import router as taxonomy_router
from voxpop.users import services as user_services
from voxpop.users.api import router as users_router


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_services.user_for_token(token)
        if user is not None:
            request.user = user
        return user


class BrowserSession(SessionAuth):
    """The browser's signed-in session, with Django's CSRF check on writes. A request
    that brings an ``Authorization`` header is a script with a token: it is judged by
    :class:`TokenAuth` alone, so a wrong token is a 401, never a CSRF 403."""

    def __call__(self, request: HttpRequest) -> Any:
        if "Authorization" in request.headers:
            return None
        return super().__call__(request)


api = NinjaAPI(
    title="voxpop API",
    version=__version__,
    description="Every page of voxpop has a JSON twin here, backed by the same query or service.",
    auth=[TokenAuth(), BrowserSession(csrf=True)],
    urls_namespace="api",
)
api.add_router("/", core_router)
api.add_router("/users", users_router)
api.add_router("/taxonomy", taxonomy_router)
api.add_router("/rules", rules_router)
api.add_router("/", conversations_router)
api.add_router("/", imports_router)
api.add_router("/", planning_router)
api.add_router("/features", roadmap_router)
api.add_router("/engine", engine_router)
api.add_router("/discovery", discovery_router)
api.add_router("/explore", explorer_router)
api.add_router("/outreach", outreach_router)


@api.exception_handler(PermissionError)
def _forbidden(request: HttpRequest, exc: PermissionError) -> Any:
    return api.create_response(request, {"detail": str(exc) or "forbidden"}, status=403)


__all__ = ["HttpError", "api"]
