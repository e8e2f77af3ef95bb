from django.urls import path

from sigap.accounts import views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.login_view, name="login"),
    path("masuk/verifikasi/", views.verify, name="verify"),
    path("masuk/daftar-2fa/", views.enrol, name="enrol"),
    path("keluar/", views.logout_view, name="logout"),
    path("staf/", views.home, name="home"),
]
