from django.urls import include, path

from voxpop.api import api

urlpatterns = [
    path("", include("voxpop.core.urls")),
    path("", include("voxpop.users.urls")),
    path("", include("voxpop.conversations.urls")),
    path("", include("voxpop.tagging.urls")),
    path("", include("voxpop.taxonomy.urls")),
    path("", include("voxpop.rules.urls")),
    path("", include("voxpop.planning.urls")),
    path("", include("voxpop.imports.urls")),
    path("", include("voxpop.roadmap.urls")),
    path("", include("voxpop.engine.urls")),
    path("", include("voxpop.discovery.urls")),
    path("", include("voxpop.explorer.urls")),
    path("", include("voxpop.outreach.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
