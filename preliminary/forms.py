"""Forms of the preliminary assessment and partners' information requests. Each has its own prefix on its page, so
that no two controls share an id. The forms check what was typed and show every problem at once; the rules are
preliminary.rules (the services check them again)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from core.forms import GovukDateField, VersionedForm, add_problems, textarea
from organisations.models import Organisation

from .models import PreliminaryAssessment
from .rules import assessment_decision_problems

# --- preliminary assessment ----------------------------------------------------------------------------------------


class InformationRequestForm(forms.Form):
    organisation = forms.TypedChoiceField(
        label="Which organisation are you asking?",
        coerce=int,
        error_messages={
            "required": "Select the organisation you are asking",
            "invalid_choice": "Select one of the organisations listed",
        },
    )
    question = forms.CharField(
        label="What do you need to know?",
        widget=textarea(5),
        help_text="Ask only for what the assessment needs. The organisation sees your question, not the referral.",
        error_messages={"required": "Enter the question"},
    )
    due_on = GovukDateField(
        label="When do you need the answer by?",
        what="the date it is due",
        help_text="For example, 27 3 2026",
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {organisation.pk: organisation for organisation in organisations}
        field = self.fields["organisation"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Choose an organisation"), *((o.pk, o.name) for o in organisations)]

    def clean_due_on(self) -> datetime.date | None:
        due_on: datetime.date | None = self.cleaned_data.get("due_on")
        if due_on is not None and due_on <= timezone.localdate():
            raise forms.ValidationError("The date it is due must be in the future")
        return due_on


class AssessmentRecordForm(forms.Form):
    narrative = forms.CharField(
        label="Initial vulnerability assessment",
        widget=textarea(8),
        help_text="Until the vulnerability assessment framework is available, record the initial assessment as a "
        "narrative.",
        error_messages={"required": "Record the initial vulnerability assessment"},
    )
    significant_harm_suspected = forms.TypedChoiceField(
        label="Is significant harm suspected?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect(),
        error_messages={
            "required": "Select whether significant harm is suspected",
            "invalid_choice": "Select whether significant harm is suspected",
        },
    )
    social_care_referral = forms.CharField(
        label="Referral to social care",
        required=False,
        widget=textarea(4),
        help_text="If significant harm is suspected: who referred to children's or adult social care, and when.",
    )

    @staticmethod
    def initial_from(assessment: PreliminaryAssessment | None) -> dict[str, Any]:
        if assessment is None or not assessment.initial_vulnerability_assessment:
            return {}
        return {
            "narrative": assessment.initial_vulnerability_assessment,
            "significant_harm_suspected": "yes" if assessment.significant_harm_suspected else "no",
            "social_care_referral": assessment.social_care_referral,
        }


class AssessmentDecisionForm(VersionedForm):
    decision = forms.ChoiceField(
        label="What have the partners decided?",
        choices=PreliminaryAssessment.Decision.choices,
        widget=forms.RadioSelect(),
        error_messages={"required": "Select the decision", "invalid_choice": "Select the decision"},
    )
    other_support = forms.ChoiceField(
        label="Which other support?",
        choices=PreliminaryAssessment.OtherSupport.choices,
        required=False,
        widget=forms.RadioSelect(),
        help_text="Only for a decision of other support.",
        error_messages={"invalid_choice": "Select the other support"},
    )
    reason = forms.CharField(
        label="Why?",
        required=False,  # the rule and its wording are in referrals.rules.assessment_decision_problems
        widget=textarea(5),
        help_text="Needed for other support and for exit.",
    )

    def __init__(self, *args: Any, assessment: PreliminaryAssessment | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.assessment = assessment

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "decision" in cleaned:
            assessment = self.assessment or PreliminaryAssessment()
            add_problems(
                self,
                assessment_decision_problems(
                    assessment,
                    decision=cleaned["decision"],
                    other_support=cleaned.get("other_support", ""),
                    reason=cleaned.get("reason", ""),
                ),
            )
        return cleaned


# --- partners' answers ----------------------------------------------------------------------------------------------


class InformationAnswerForm(forms.Form):
    answer = forms.CharField(
        label="Your answer",
        widget=textarea(8),
        help_text="Share only what is needed to answer the question. You cannot change your answer once it is sent.",
        error_messages={"required": "Enter your answer"},
    )
