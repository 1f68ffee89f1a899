from django.urls import path

from voxpop.conversations import views

app_name = "conversations"
urlpatterns = [
    path("inbox", views.inbox, name="inbox"),
    path("c/<int:pk>", views.conversation, name="detail"),
    path("inbox/views", views.save_view, name="save_view"),
    path("inbox/views/<int:pk>/delete", views.delete_view, name="delete_view"),
]
