from django.urls import path

from sigap.api import views
from sigap.cases import api as cases_api
from sigap.intake import api as intake_api

app_name = "api"
urlpatterns = [
    path("openapi.json", views.openapi, name="openapi"),
    path("me", views.me, name="me"),
    path("people", views.people, name="people"),
    path("people/<int:pk>", views.person, name="person"),
    path("public/reports", intake_api.public_report_submit, name="public_report_submit"),
    path("public/reports/<str:code>", intake_api.public_report_status, name="public_report_status"),
    path("reports", intake_api.reports, name="reports"),
    path("reports/<int:pk>", intake_api.report, name="report"),
    path("reports/<int:pk>/route", intake_api.report_route_api, name="report_route"),
    path("reports/<int:pk>/messages", intake_api.report_message_api, name="report_messages"),
    path("cases", cases_api.cases, name="cases"),
    path("cases/simfoni", cases_api.simfoni, name="cases_simfoni"),
    path("cases/<int:pk>", cases_api.case, name="case"),
]
