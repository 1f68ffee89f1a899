from django.urls import path

from voxpop.discovery import views

app_name = "discovery"
urlpatterns = [
    path("discover", views.discover, name="discover"),
    path("discover/run", views.run, name="run"),
    path("discover/clusters/<int:pk>/make-tag", views.make_tag, name="make_tag"),
]
