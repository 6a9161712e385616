from django.urls import path

from careshift.apps.engagement import builder_views as b
from careshift.apps.engagement import consult_views as c
from careshift.apps.engagement import member_views as m
from careshift.apps.engagement import views as v

app_name = "engagement"
urlpatterns = [
    path("", v.dashboard, name="dashboard"),
    path("stakeholders/new/", v.stakeholder_edit, name="stakeholder_new"),
    path("stakeholders/<int:pk>/", v.stakeholder_detail, name="stakeholder"),
    path("stakeholders/<int:pk>/edit/", v.stakeholder_edit, name="stakeholder_edit"),
    path("interactions/new/", v.interaction_new, name="interaction_new"),
    path("commitments/new/", v.commitment_new, name="commitment_new"),
    path("matrix/", v.matrix_view, name="matrix"),
    path("matrix/import/", v.matrix_import, name="matrix_import"),
    path("matrix/template.<str:fmt>", v.matrix_template, name="matrix_template"),
    path("documents/new/", v.document_edit, name="document_new"),
    path("documents/<int:pk>/", v.document_detail, name="document"),
    path("documents/<int:pk>/edit/", v.document_edit, name="document_edit"),
    path("calendar/", v.calendar_view, name="calendar"),
    path("consultations/<slug:slug>/", c.consultation_detail, name="consultation"),
    path("consultations/<slug:slug>/questionnaire/", b.questionnaire, name="questionnaire"),
    path("consultations/<slug:slug>/questions/new/", b.question_edit, name="question_new"),
    path("consultations/<slug:slug>/questions/<int:pk>/edit/", b.question_edit, name="question_edit"),
    path("consultations/<slug:slug>/questions/<int:pk>/move/", b.question_move, name="question_move"),
    path("consultations/<slug:slug>/questions/<int:pk>/delete/", b.question_delete, name="question_delete"),
    path(
        "consultations/<slug:slug>/questions/standard/<slug:which>/", b.add_standard, name="question_standard"
    ),
    path("consultations/<slug:slug>/phases/new/", b.phase_edit, name="phase_new"),
    path("consultations/<slug:slug>/phases/<int:pk>/edit/", b.phase_edit, name="phase_edit"),
    path("consultations/<slug:slug>/responses/<int:pk>/moderate/", c.moderate, name="moderate"),
    path("consultations/<slug:slug>/responses.<str:fmt>", c.export, name="export"),
    path("consultations/<slug:slug>/person/", c.person, name="person"),
    path("consultations/<slug:slug>/questions/<slug:key>/coding/", c.coding_screen, name="coding"),
    path("consultations/<slug:slug>/decisions/new/", c.decision_new, name="decision_new"),
    path("consultations/<slug:slug>/actions/<int:pk>/", c.action_update, name="action_update"),
    path("join/", m.join, name="join"),
    path("join/confirm/<str:token>/", m.join_confirm, name="join_confirm"),
    path("members/leave/<str:token>/", m.leave, name="member_leave"),
    path("consult/<slug:slug>/", c.respond, name="respond"),
    path("consult/<slug:slug>/outcomes/", c.outcomes_page, name="outcomes"),
]
