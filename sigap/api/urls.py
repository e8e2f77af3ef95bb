from django.urls import path

from sigap.api import views
from sigap.cadres import api as cadres_api
from sigap.cases import api as cases_api
from sigap.classes import api as classes_api
from sigap.counseling import api as counseling_api
from sigap.intake import api as intake_api
from sigap.reporting import api as reporting_api

app_name = "api"
urlpatterns = [
    path("openapi.json", views.openapi, name="openapi"),
    path("me", views.me, name="me"),
    path("people", views.people, name="people"),
    path("people/<int:pk>", views.person, name="person"),
    path("public/reports", intake_api.public_report_submit, name="public_report_submit"),
    path("public/reports/<str:code>", intake_api.public_report_status, name="public_report_status"),
    path("public/statistics", reporting_api.public_statistics_view, name="public_statistics"),
    path("reports", intake_api.reports, name="reports"),
    path("reports/<int:pk>", intake_api.report, name="report"),
    path("reports/<int:pk>/route", intake_api.report_route_api, name="report_route"),
    path("reports/<int:pk>/messages", intake_api.report_message_api, name="report_messages"),
    path("cases", cases_api.cases, name="cases"),
    path("cases/simfoni", cases_api.simfoni, name="cases_simfoni"),
    path("cases/<int:pk>", cases_api.case, name="case"),
    path("consultations", counseling_api.consultations, name="consultations"),
    path("consultations/<int:pk>", counseling_api.consultation, name="consultation"),
    path("public/cohorts", classes_api.public_cohorts, name="public_cohorts"),
    path("public/cohorts/<int:pk>/registrations", classes_api.public_register, name="public_cohort_register"),
    path("public/certificates/<str:code>", classes_api.public_certificate, name="public_certificate"),
    path("cohorts", classes_api.cohorts, name="cohorts"),
    path("sessions/<int:pk>/attendance", classes_api.session_attendance, name="session_attendance"),
    path("outreach", cadres_api.outreach, name="outreach"),
    path("outreach/<int:pk>", cadres_api.outreach_one, name="outreach_activity"),
    path("referrals", cadres_api.referrals, name="referrals"),
]
