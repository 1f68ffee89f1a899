from django.urls import path

from voxpop.outreach import views

app_name = "outreach"
urlpatterns = [
    path("outreach", views.index, name="index"),
    path("features/<int:pk>/announce", views.announce, name="announce"),
    path("features/<int:pk>/announce/ship", views.ship, name="ship"),
    path("features/<int:pk>/announce/template/<str:language>", views.save_template, name="template"),
    path("features/<int:pk>/announce/subscription", views.subscription, name="subscription"),
    path("features/<int:pk>/announce/send", views.send, name="send"),
    path("features/<int:pk>/announce/release", views.release, name="release"),
    # Public: reached from an email, without signing in.
    path("unsubscribe/<str:token>", views.unsubscribe, name="unsubscribe"),
]
