from django.urls import include, path

from voxpop.api import api

urlpatterns = [
    path("", include("voxpop.core.urls")),
    path("", include("voxpop.users.urls")),
    path("api/", api.urls),
]
