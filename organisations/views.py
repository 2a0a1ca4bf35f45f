"""Choosing which of one's memberships to act as."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .middleware import ACTING_MEMBERSHIP
from .services import membership_switch


class SwitchForm(forms.Form):
    membership = forms.TypedChoiceField(
        coerce=int,
        widget=forms.RadioSelect,
        label="Which role do you want to act in?",
        error_messages={
            "required": "Select the role you want to act in",
            "invalid_choice": "Select one of your roles",
        },
    )

    def __init__(self, *args: object, memberships: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.memberships = {m.pk: m for m in memberships}
        field = self.fields["membership"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(m.pk, f"{m.get_role_display()}, {m.organisation.name}") for m in memberships]


@require_http_methods(["GET", "POST"])
@login_required
def switch(request: HttpRequest) -> HttpResponse:
    memberships = request.memberships  # type: ignore[attr-defined]
    acting = request.acting  # type: ignore[attr-defined]
    form = SwitchForm(
        request.POST or None, memberships=memberships, initial={"membership": acting.pk if acting else None}
    )
    if request.method == "POST" and form.is_valid():
        membership = form.memberships[form.cleaned_data["membership"]]
        membership_switch(user=request.user, membership=membership)  # type: ignore[arg-type]
        request.session[ACTING_MEMBERSHIP] = membership.pk
        messages.success(
            request,
            f"You are now acting as {membership.get_role_display().lower()} at {membership.organisation.name}.",
        )
        return redirect("site:dashboard")
    return render(request, "organisations/switch.html", {"form": form})
