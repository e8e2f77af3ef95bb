from django.urls import path

from sigap.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("baca/", views.mark_read, name="mark_read"),
]
