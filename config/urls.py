from django.contrib.auth import views as auth_views
from django.urls import include, path

from branches import account_views
from meetings import views as meeting_views

urlpatterns = [
    path("", meeting_views.home, name="home"),
    path("dang-nhap/", account_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    # A forgotten password: the address, the mail sent, the mailed link's form, done.
    path("quen-mat-khau/", account_views.password_reset, name="password-reset"),
    path(
        "quen-mat-khau/da-gui/",
        auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_sent.html"),
        name="password-reset-sent",
    ),
    path(
        "quen-mat-khau/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "quen-mat-khau/xong/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_reset_complete.html"
        ),
        name="password-reset-complete",
    ),
    path("", include("branches.urls")),
    path("", include("meetings.urls")),
    path("", include("ratings.urls")),
]
