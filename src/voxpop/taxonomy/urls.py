from django.urls import path

from voxpop.taxonomy import views

app_name = "taxonomy"
urlpatterns = [
    path("taxonomy", views.tree, name="tree"),
    path("taxonomy/new", views.create, name="create"),
    path("taxonomy/<int:pk>", views.tag_detail, name="tag"),
    path("taxonomy/<int:pk>/<str:operation>", views.operate, name="operate"),
]
