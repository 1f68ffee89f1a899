from django.urls import path

from voxpop.imports import views

app_name = "imports"
urlpatterns = [
    path("imports", views.history, name="history"),
    path("imports/new", views.new, name="new"),
    path("imports/<int:pk>", views.run, name="run"),
]
