from django.urls import path

from sigap.classes.views import public, staff

app_name = "classes"
urlpatterns = [
    # Public
    path("kelas/", public.cohort_list, name="public_list"),
    path("kelas/<int:pk>/daftar/", public.register, name="register"),
    path("kelas/peserta/", public.participant_page, name="participant"),
    path("kelas/peserta/batal/", public.participant_cancel, name="participant_cancel"),
    path("kelas/hadir/", public.check_in, name="check_in"),
    path("kelas/tes/", public.quiz, name="quiz"),
    path("kelas/sertifikat-saya/", public.my_certificate, name="my_certificate"),
    path("sertifikat/", public.verify_form, name="verify_form"),
    path("sertifikat/<str:code>/", public.verify, name="verify"),
    # Staff
    path("staf/kelas/", staff.cohort_list, name="cohorts"),
    path("staf/kelas/baru/", staff.cohort_new, name="cohort_new"),
    path("staf/kelas/<int:pk>/", staff.cohort_detail, name="cohort_detail"),
    path("staf/kelas/<int:pk>/ubah/", staff.cohort_edit, name="cohort_edit"),
    path("staf/kelas/<int:pk>/sesi/", staff.session_new, name="session_new"),
    path("staf/kelas/<int:pk>/sertifikat/", staff.certificates_issue_view, name="certificates_issue"),
    path("staf/kelas/program/", staff.program_list, name="programs"),
    path("staf/kelas/program/standar/", staff.program_standard, name="program_standard"),
    path("staf/kelas/program/<int:pk>/", staff.program_detail, name="program_detail"),
    path("staf/kelas/program/<int:pk>/modul/", staff.module_new, name="module_new"),
    path("staf/kelas/program/<int:pk>/soal/", staff.question_new, name="question_new"),
    path("staf/kelas/sesi/<int:pk>/hadir/", staff.attendance, name="attendance"),
    path("staf/kelas/sesi/<int:pk>/hadir/<int:participant_pk>/", staff.attendance_toggle, name="attendance_toggle"),
    path("staf/kelas/pendaftaran/<int:pk>/batal/", staff.registration_cancel_view, name="registration_cancel"),
    path("staf/kelas/peserta/<int:pk>/kode/", staff.participant_new_code, name="participant_new_code"),
    path("staf/kelas/peserta/<int:pk>/tes/<str:kind>/", staff.paper_test, name="paper_test"),
    path("staf/kelas/sertifikat/<int:pk>/pdf/", staff.certificate_download, name="certificate_pdf"),
    path("staf/kelas/sertifikat/<int:pk>/cabut/", staff.certificate_revoke_view, name="certificate_revoke"),
]
