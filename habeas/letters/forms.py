from __future__ import annotations

from django import forms

from habeas.letters.models import BODY_MAX_LENGTH
from habeas.letters.rendering import LETTER_VARIABLES


class LetterTemplateForm(forms.Form):
    subject = forms.CharField(max_length=200)
    body = forms.CharField(
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 22, "cols": 90, "spellcheck": "true"}),
        help_text="Plain text; blank lines separate paragraphs. Variables: "
        + ", ".join("{{ " + name + " }}" for name in LETTER_VARIABLES)
        + '. Tags: {% if %}…{% endif %}; filters such as |default:"…" and |upper.',
    )
