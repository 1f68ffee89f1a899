from django.urls import path

from voxpop.conversations import views

app_name = "conversations"
urlpatterns = [
    path("inbox", views.inbox, name="inbox"),
    path("c/<int:pk>", views.conversation, name="detail"),
]
