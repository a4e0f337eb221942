from __future__ import annotations

from django.urls import path

from habeas.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("2fa/setup/", views.otp_setup, name="otp_setup"),
    path("2fa/verify/", views.otp_verify, name="otp_verify"),
    path("security/", views.security, name="security"),
    path("security/tokens/", views.token_create_view, name="token_create"),
    path("security/tokens/<str:prefix>/revoke/", views.token_revoke_view, name="token_revoke"),
]
