from django.urls import path  # noqa: F401  (routes follow)

from .views import ratings, recognitions  # noqa: F401  (recognitions: its routes follow below)

app_name = "ratings"

urlpatterns = [
    # Ratings ---------------------------------------------------------------------------------------
    # Recognitions ----------------------------------------------------------------------------------
]
