from django.urls import path

from sigap.intake import views

app_name = "intake"
urlpatterns = [
    path("lapor/", views.report_new, name="report"),
    path("cek/", views.receipt_check, name="check"),
    path("staf/laporan/", views.report_queue, name="queue"),
    path("staf/laporan/baru/", views.staff_report_new, name="staff_new"),
    path("staf/laporan/<int:pk>/", views.report_detail, name="detail"),
    path("staf/laporan/<int:pk>/rute/", views.report_route_view, name="route"),
    path("staf/laporan/<int:pk>/pesan/", views.report_message, name="message"),
    path("staf/laporan/<int:pk>/tutup/", views.report_close_view, name="close"),
    path("staf/laporan/<int:pk>/tpks/", views.report_tpks_done, name="tpks_done"),
    path("staf/laporan/<int:pk>/lampiran/<int:attachment_pk>/", views.report_attachment, name="attachment"),
]
