from django.urls import path

from sigap.cadres import views

app_name = "cadres"
urlpatterns = [
    path("staf/kader/", views.cadre_list, name="list"),
    path("staf/kader/baru/", views.cadre_new, name="new"),
    path("staf/kader/<int:pk>/", views.cadre_detail, name="detail"),
    path("staf/kader/<int:pk>/ubah/", views.cadre_change, name="change"),
    path("staf/kader/cakupan/", views.coverage, name="coverage"),
    path("staf/kader/topik/", views.topics, name="topics"),
    path("staf/kader/penyuluhan/", views.outreach_list, name="outreach_list"),
    path("staf/kader/penyuluhan/baru/", views.outreach_new, name="outreach_new"),
    path("staf/kader/penyuluhan/<int:pk>/", views.outreach_detail, name="outreach_detail"),
    path("staf/kader/penyuluhan/<int:pk>/foto/", views.outreach_photo, name="outreach_photo"),
    path("staf/kader/rujukan/", views.referral_list, name="referrals"),
    path("staf/kader/rujukan/baru/", views.referral_new, name="referral_new"),
]
