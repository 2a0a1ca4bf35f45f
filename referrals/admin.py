"""Lists administrators keep: the types of concern a referral can name, and the e-mail domains that count as secure
for sending a copy of a referral (policy 2.5). Referrals themselves are case content: never in the admin.

Nothing here is deleted. A type of concern that is no longer used is switched off (referrals that named it keep
it); a secure domain that is withdrawn stays listed, switched off, with a note, so nobody adds it back by mistake.
"""

import re
from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from core.admin_audit import AuditedModelAdmin

from .models import ConcernType, SecureDomain


class NoDelete(AuditedModelAdmin):
    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # switch it off instead


@admin.register(ConcernType)
class ConcernTypeAdmin(NoDelete):
    list_display = ["label", "code", "order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["label", "code"]
    ordering = ["order", "label"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The code is what referrals and forms refer to: fixed once the type exists; the label may be reworded.
        return ["code"] if obj else []


# A host name of at least two labels: "nhs.net", "pnn.police.uk". A single label ("net", "uk") would make a whole
# top-level domain count as secure.
# Suffixes shared by many unrelated organisations: listing one would make all of them count as secure.
SHARED_SUFFIXES = frozenset({"gov.uk", "co.uk", "org.uk", "ac.uk", "sch.uk", "nhs.uk", "police.uk", "ltd.uk", "me.uk"})
DOMAIN = re.compile(r"^(?=.{4,120}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class SecureDomainForm(forms.ModelForm):
    class Meta:
        model = SecureDomain
        fields = ["domain", "description", "is_active", "note"]

    def clean_domain(self) -> str:
        domain = self.cleaned_data["domain"].strip().lower().strip(".")
        if not DOMAIN.fullmatch(domain):
            raise forms.ValidationError(
                "Enter a domain name only, such as nhs.net or pnn.police.uk: no @, no https://, at least one dot"
            )
        if domain in SHARED_SUFFIXES:
            raise forms.ValidationError(
                f"{domain} is shared by many organisations: enter the secure domain itself, such as pnn.police.uk"
            )
        return domain


@admin.register(SecureDomain)
class SecureDomainAdmin(NoDelete):
    form = SecureDomainForm
    list_display = ["domain", "description", "is_active", "note"]
    list_filter = ["is_active"]
    search_fields = ["domain", "description"]
    ordering = ["domain"]
