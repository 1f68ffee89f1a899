from django.urls import path

from voxpop.roadmap import views

app_name = "roadmap"
urlpatterns = [
    path("features", views.feature_list, name="list"),
    path("features/new", views.feature_new, name="new"),
    path("features/<int:pk>", views.feature_detail, name="detail"),
    path("features/<int:pk>.md", views.feature_markdown, name="markdown"),
    path("features/<int:pk>/edit", views.feature_edit, name="edit"),
    path("features/<int:pk>/status", views.feature_status, name="status"),
    path("features/<int:pk>/tags", views.link_tag, name="link_tag"),
    path("features/<int:pk>/tags/<int:tag_id>/unlink", views.unlink_tag, name="unlink_tag"),
    path("features/<int:pk>/conversations", views.link_conversation, name="link_conversation"),
    path(
        "features/<int:pk>/conversations/<int:conversation_id>/unlink",
        views.unlink_conversation,
        name="unlink_conversation",
    ),
    path("features/<int:pk>/quotes/<int:quote_id>/unlink", views.unlink_quote, name="unlink_quote"),
    path("themes", views.themes, name="themes"),
    path("themes/new", views.theme_new, name="theme_new"),
    path("themes/<int:pk>/delete", views.theme_delete, name="theme_delete"),
    path("c/<int:pk>/features", views.conversation_link, name="conversation_link"),
]
