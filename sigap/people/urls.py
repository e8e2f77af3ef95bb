from django.urls import path

from sigap.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("baru/", views.person_new, name="new"),
    path("<int:pk>/", views.person_detail, name="detail"),
]
