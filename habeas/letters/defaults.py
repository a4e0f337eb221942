"""Built-in letter wording, copied into an organization's templates the first time they are needed.

Plain text with Django template variables; blank lines separate paragraphs.
"""

from __future__ import annotations

DEFAULT_SUBJECTS: dict[str, str] = {
    "accept": "Your request for review, {{ case_ref }}",
    "decline": "Your request for review, {{ case_ref }}",
    "giglio": "Disclosure of impeachment information, {{ case_title }} ({{ case_ref }})",
}

DEFAULT_BODIES: dict[str, str] = {
    "accept": """Dear {{ applicant_name }},

Thank you for writing to {{ organization_name }} about your conviction in {{ court|default:"the trial court" }}{% if docket_number %}, case number {{ docket_number }}{% endif %}.

We have completed our initial screening and have accepted your case for further review. Our reference for your case is {{ case_ref }}; please use it in any letter you send us.

Acceptance means that we will gather the court and investigative records and look into your claim more closely. It does not mean that we have reached any conclusion about your case, and it does not guarantee any particular result. The review can take a long time. We will write to you when there is news.

Please tell us promptly if your address changes, if you are transferred, or if you obtain a lawyer.

Sincerely,""",
    "decline": """Dear {{ applicant_name }},

Thank you for writing to {{ organization_name }} about your conviction in {{ court|default:"the trial court" }}{% if docket_number %}, case number {{ docket_number }}{% endif %}. Our reference for your request is {{ case_ref }}.

We have carefully reviewed the information you provided. We regret that we are unable to accept your case for further review.{% if decision_reason %}

The reason for this decision: {{ decision_reason }}{% endif %}

This decision is not a judgment about your innocence or guilt, and it does not affect any other legal remedy that may be available to you. Deadlines may apply to other remedies, so if you wish to pursue your case further you should consult a lawyer as soon as possible.

If you obtain new information about your case that you did not send us before, you may write to us again and refer to {{ case_ref }}.

Sincerely,""",
    "giglio": """To counsel for {{ applicant_name }},

{{ organization_name }} is reviewing the conviction in {{ court|default:"the trial court" }}{% if docket_number %}, case number {{ docket_number }}{% endif %}. Our reference is {{ case_ref }}.

Our records show that the following people who took part in the investigation or the prosecution of this case are the subject of findings that may bear on their credibility as witnesses:

{{ impeachment }}

We are disclosing this information under our continuing obligation to share material that may be used to impeach the government's witnesses. The findings are described as they appear in our records; a finding is not a judgment about the conduct of this particular case. We will disclose further information if we learn of it.

Please write to us, referring to {{ case_ref }}, if you would like copies of the underlying records.

Sincerely,""",
}
