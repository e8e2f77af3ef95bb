from django.urls import path

from sigap.cases import exports, views

app_name = "cases"
urlpatterns = [
    path("staf/kasus/", views.case_list, name="list"),
    path("staf/kasus/pekerjaan-saya/", views.my_work, name="my_work"),
    path("staf/kasus/baru/", views.case_new, name="new"),
    path("staf/kasus/dari-laporan/<int:report_pk>/", views.case_open_from_report, name="open_from_report"),
    path("staf/kasus/ekspor/simfoni.<str:fmt>", exports.simfoni_export, name="simfoni_export"),
    path("staf/kasus/<int:pk>/", views.case_detail, name="detail"),
    path("staf/kasus/<int:pk>/lanjut/", views.case_advance, name="advance"),
    path("staf/kasus/<int:pk>/tugaskan/", views.case_assign, name="assign"),
    path("staf/kasus/<int:pk>/batasi/", views.case_restrict, name="restrict"),
    path("staf/kasus/<int:pk>/minta-tutup/", views.case_closure_request, name="closure_request"),
    path("staf/kasus/<int:pk>/tutup/<int:request_pk>/", views.case_closure_decide, name="closure_decide"),
    path("staf/kasus/<int:pk>/buka-kembali/", views.case_reopen, name="reopen"),
    path("staf/kasus/<int:pk>/korban/", views.victim_add, name="victim_add"),
    path("staf/kasus/<int:pk>/pelaku/", views.perpetrator_add, name="perpetrator_add"),
    path("staf/kasus/<int:pk>/hubungan/", views.relation_set, name="relation_set"),
    path("staf/kasus/<int:pk>/asesmen/", views.assessment_add, name="assessment_add"),
    path("staf/kasus/<int:pk>/rencana/", views.goal_add, name="goal_add"),
    path("staf/kasus/<int:pk>/layanan/", views.service_add, name="service_add"),
    path("staf/kasus/<int:pk>/persetujuan/", views.consent_add, name="consent_add"),
    path("staf/kasus/<int:pk>/rujukan/", views.referral_add, name="referral_add"),
    path("staf/kasus/<int:pk>/rujukan/<int:referral_pk>/", views.referral_update, name="referral_update"),
    path("staf/kasus/<int:pk>/proses-hukum/", views.legal_step_add, name="legal_step_add"),
    path("staf/kasus/<int:pk>/jadwal/", views.legal_event_add, name="legal_event_add"),
    path("staf/kasus/<int:pk>/catatan/", views.note_add, name="note_add"),
    path("staf/kasus/<int:pk>/tpks/", views.tpks_done, name="tpks_done"),
    path("staf/kasus/<int:pk>/lampiran/", views.attachment_add, name="attachment_add"),
    path("staf/kasus/<int:pk>/lampiran/<int:attachment_pk>/", views.attachment_download, name="attachment"),
]
