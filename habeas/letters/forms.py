from __future__ import annotations

from django import forms

from habeas.letters.models import BODY_MAX_LENGTH


class LetterTemplateForm(forms.Form):
    subject = forms.CharField(max_length=200)
    body = forms.CharField(
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 22, "cols": 90, "spellcheck": "true"}),
        help_text="Plain text; blank lines separate paragraphs. The values below are filled in "
        "from the case; the date, the address block and the signature are added around the body.",
    )
