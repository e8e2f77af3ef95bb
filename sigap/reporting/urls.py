from django.urls import path

from sigap.reporting import views

app_name = "reporting"
urlpatterns = [
    path("statistik/", views.public_page, name="public"),
    path("staf/laporan-statistik/", views.dashboard, name="dashboard"),
    path("staf/laporan-statistik/ekspor/<slug:key>.<str:fmt>", views.table_export, name="export"),
    path("staf/laporan-statistik/bulanan/", views.monthly_report, name="monthly"),
    path("staf/laporan-statistik/bulanan/arsip/", views.monthly_archive, name="monthly_archive"),
    path(
        "staf/laporan-statistik/bulanan/arsip/<slug:unit>/<str:month>.pdf", views.monthly_stored, name="monthly_stored"
    ),
]
