from django.urls import path

from voxpop.planning import views

app_name = "planning"
urlpatterns = [
    path("priorities", views.priorities, name="priorities"),
    path("priorities/weights", views.edit_weights, name="weights"),
    path("plan", views.board, name="board"),
    path("plan/place", views.place, name="place"),
    path("plan/capacity", views.capacity, name="capacity"),
    path("plan/snapshots", views.snapshot, name="snapshot-create"),
    path("plan/snapshots/<int:pk>", views.snapshot_detail, name="snapshot"),
]
