from django.urls import path

from voxpop.explorer import views

app_name = "explorer"
urlpatterns = [
    path("explore", views.explore, name="explore"),
    path("explore/emerging", views.emerging_page, name="emerging"),
    path("explore/export", views.export, name="export"),
]
