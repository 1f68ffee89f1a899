from django.urls import path

from voxpop.rules import views

app_name = "rules"
urlpatterns = [
    path("rules", views.rules, name="list"),
    path("rules/new", views.create, name="create"),
    path("rules/<int:pk>/<str:operation>", views.operate, name="operate"),
]
