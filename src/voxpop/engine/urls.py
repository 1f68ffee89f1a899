from django.urls import path

from voxpop.engine import views

app_name = "engine"
urlpatterns = [
    path("engine", views.status, name="status"),
    path("engine/report", views.report, name="report"),
    path("review", views.review_queue, name="review"),
]
