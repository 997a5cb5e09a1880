"""E-mails written from templates, so their French wording lives with the other templates."""

from django.template.loader import render_to_string


def render_email(template: str, context: dict) -> tuple[str, str]:
    """The subject and plain-text body from the pair `<template>_subject.txt` and `<template>_body.txt`. The
    subject is folded onto one line: mail headers refuse line breaks, and templates end with one."""
    subject = render_to_string(f"{template}_subject.txt", context)
    body = render_to_string(f"{template}_body.txt", context)
    return " ".join(subject.split()), body
