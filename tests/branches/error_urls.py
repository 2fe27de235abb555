"""The project's URLs plus one view that crashes, for the 500 page tests."""

from django.urls import path

from config.urls import urlpatterns as project


def crash(request):
    raise RuntimeError("a bug")


urlpatterns = [path("hong/", crash, name="crash"), *project]
