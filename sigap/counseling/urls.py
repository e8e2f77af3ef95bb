from django.urls import path

from sigap.counseling.views import public, staff

app_name = "counseling"
urlpatterns = [
    # Public: booking, the private manage link of a booking, the IKM survey.
    path("konsultasi/", public.book, name="book"),
    path("konsultasi/kelola/<str:token>/", public.manage, name="manage"),
    path("konsultasi/kelola/<str:token>/batal/", public.manage_cancel, name="manage_cancel"),
    path("konsultasi/kelola/<str:token>/ubah/", public.manage_reschedule, name="manage_reschedule"),
    path("konsultasi/kelola/<str:token>/janji-temu.ics", public.manage_calendar, name="manage_calendar"),
    path("survei/", public.survey, name="survey"),
    # Staff.
    path("staf/konsultasi/", staff.consultation_list, name="list"),
    path("staf/konsultasi/baru/", staff.consultation_new, name="new"),
    path("staf/konsultasi/jadwal/", staff.schedule, name="schedule"),
    path("staf/konsultasi/jadwal/profil/", staff.profile_save, name="profile"),
    path("staf/konsultasi/jadwal/ketersediaan/", staff.availability_new, name="availability_new"),
    path(
        "staf/konsultasi/jadwal/ketersediaan/<int:block_pk>/hapus/",
        staff.availability_delete,
        name="availability_delete",
    ),
    path("staf/konsultasi/jadwal/libur/", staff.exception_new, name="exception_new"),
    path("staf/konsultasi/jadwal/libur/<int:exception_pk>/hapus/", staff.exception_delete, name="exception_delete"),
    path("staf/konsultasi/ikm/", staff.ikm_dashboard, name="ikm"),
    path("staf/konsultasi/<int:pk>/", staff.consultation_detail, name="detail"),
    path("staf/konsultasi/<int:pk>/sesi/", staff.session_new, name="session_new"),
    path("staf/konsultasi/<int:pk>/sesi/<int:session_pk>/", staff.session_detail, name="session"),
    path("staf/konsultasi/<int:pk>/dokumen/", staff.document_new, name="document_new"),
    path("staf/konsultasi/<int:pk>/dokumen/<int:item_pk>/", staff.document_status, name="document_status"),
    path("staf/konsultasi/<int:pk>/rujukan/", staff.referral_new, name="referral_new"),
    path("staf/konsultasi/<int:pk>/rujukan/<int:referral_pk>/", staff.referral_outcome, name="referral_outcome"),
    path("staf/konsultasi/<int:pk>/tutup/", staff.consultation_close_view, name="close"),
    path("staf/konsultasi/<int:pk>/alihkan/", staff.consultation_reassign_view, name="reassign"),
    path("staf/konsultasi/<int:pk>/eskalasi/", staff.consultation_escalate_view, name="escalate"),
]
