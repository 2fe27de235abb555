from django.contrib.auth import views as auth_views
from django.urls import include, path

from branches import account_views
from meetings import views as meeting_views

urlpatterns = [
    path("", meeting_views.home, name="home"),
    path("dang-nhap/", account_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("branches.urls")),
    path("", include("meetings.urls")),
    path("", include("ratings.urls")),
]
