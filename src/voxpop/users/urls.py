from django.contrib.auth import views as auth_views
from django.urls import path

app_name = "users"
urlpatterns = [
    path(
        "sign-in",
        auth_views.LoginView.as_view(template_name="users/sign_in.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("sign-out", auth_views.LogoutView.as_view(), name="logout"),
]
