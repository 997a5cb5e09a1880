from django.urls import path

from . import views, views_admin

app_name = "invoicing"
urlpatterns = [
    path("", views.invoice_list, name="list"),
    path("nouvelle/", views_admin.invoice_create, name="create"),
    path("emettre/", views_admin.issue_many, name="issue_many"),
    path("<int:invoice_id>/", views.invoice_detail, name="detail"),
    path("<int:invoice_id>/pdf/", views.invoice_pdf, name="pdf"),
    path("<int:invoice_id>/xml/", views.invoice_xml, name="xml"),
    path("<int:invoice_id>/brouillon/", views_admin.draft_update, name="draft_update"),
    path("<int:invoice_id>/lignes/", views_admin.line_add, name="line_add"),
    path("<int:invoice_id>/lignes/<int:line_id>/supprimer/", views_admin.line_remove, name="line_remove"),
    path("<int:invoice_id>/emettre/", views_admin.invoice_issue_view, name="issue"),
    path("<int:invoice_id>/documents/", views_admin.documents_generate, name="documents"),
    path("<int:invoice_id>/supprimer/", views_admin.draft_delete, name="draft_delete"),
    path("<int:invoice_id>/avoir/", views_admin.credit_note_create_view, name="credit_note"),
    path("<int:invoice_id>/paiements/", views_admin.payment_add, name="payment_add"),
    path("<int:invoice_id>/relances/", views_admin.reminder_add, name="reminder_add"),
    path("encours/", views_admin.receivables_view, name="receivables"),
    path("fec/", views_admin.fec_export, name="fec"),
    path("emetteur/", views_admin.seller_edit, name="seller"),
    path("clients/", views_admin.customer_list, name="customers"),
    path("clients/nouveau/", views_admin.customer_create, name="customer_create"),
    path("clients/<int:customer_id>/", views_admin.customer_edit, name="customer_edit"),
]
