from django.urls import path

from sigap.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.event_list, name="list"),
]
