from django.urls import path

from voxpop.tagging import views

app_name = "tagging"
urlpatterns = [
    path("c/<int:pk>/decide", views.decide, name="decide"),
    path("c/<int:pk>/suggestions/<int:suggestion_id>/<str:verdict>", views.suggestion, name="suggestion"),
    path("c/<int:pk>/undo", views.undo, name="undo"),
    path("c/<int:pk>/done", views.done, name="done"),
    path("c/<int:pk>/reviews/<int:item_id>", views.resolve_review, name="resolve_review"),
    path("inbox/bulk-tag", views.bulk_tag, name="bulk_tag"),
]
