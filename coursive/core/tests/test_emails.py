"""E-mails from template pairs: a one-line subject, the body as written."""

from coursive.core.emails import render_email


def test_the_subject_is_folded_onto_one_line_and_the_body_kept(settings):
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {
                            "mail/late_subject.txt": "Prêt en retard :\n  {{ item }}\n",
                            "mail/late_body.txt": "Bonjour,\n\n{{ item }} devait être rendu.\n",
                        },
                    )
                ]
            },
        }
    ]

    subject, body = render_email("mail/late", {"item": "Console son"})

    assert subject == "Prêt en retard : Console son"
    assert body == "Bonjour,\n\nConsole son devait être rendu.\n"
