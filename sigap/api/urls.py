from django.urls import path

from sigap.api import views

app_name = "api"
urlpatterns = [
    path("openapi.json", views.openapi, name="openapi"),
    path("me", views.me, name="me"),
    path("people", views.people, name="people"),
    path("people/<int:pk>", views.person, name="person"),
]
