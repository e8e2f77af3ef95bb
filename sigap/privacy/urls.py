from django.urls import path

from sigap.privacy import views

app_name = "privacy"
urlpatterns = [
    path("staf/pdp/", views.request_list, name="request_list"),
    path("staf/pdp/permintaan/baru/", views.request_new, name="request_new"),
    path("staf/pdp/permintaan/<int:pk>/", views.request_detail, name="request_detail"),
    path("staf/pdp/permintaan/<int:pk>/ekspor.<str:fmt>", views.request_export, name="request_export"),
    path("staf/pdp/insiden/baru/", views.breach_new, name="breach_new"),
    path("staf/pdp/insiden/<int:pk>/", views.breach_detail, name="breach_detail"),
    path("staf/pdp/insiden/<int:pk>/diberitahukan/", views.breach_notify, name="breach_notify"),
    path("staf/pdp/insiden/<int:pk>/surat.pdf", views.breach_letter, name="breach_letter"),
]
