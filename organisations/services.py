"""Writes about organisations and memberships. Each runs in one transaction with one audit event."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.services import audit_append

from .models import Membership, Organisation
from .roles import Role


def membership_create(
    *, user: User, organisation: Organisation, role: Role | str, acting_user: User | None
) -> Membership:
    with transaction.atomic():
        membership = Membership.objects.create(user=user, organisation=organisation, role=role)
        audit_append(
            action="membership.created",
            actor=acting_user,
            obj=membership,
            details={"user": user.pk, "organisation": organisation.pk, "role": str(role)},
        )
    return membership


def membership_end(*, membership: Membership, acting_user: User | None) -> Membership:
    """End a membership and every session of its holder, at once: what they could see may have changed."""
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.ended_at is not None:
            return membership
        membership.ended_at = timezone.now()
        membership.save(update_fields=["ended_at"])
        membership.user.end_all_sessions()
        audit_append(
            action="membership.ended",
            actor=acting_user,
            obj=membership,
            details={
                "user": membership.user_id,
                "organisation": membership.organisation_id,
                "role": membership.role,
            },
        )
    return membership


def membership_switch(*, user: User, membership: Membership) -> Membership:
    """Record that a person now acts as another of their memberships (the session keeps the choice)."""
    if membership.user_id != user.pk or not membership.is_current:
        raise Membership.DoesNotExist("That role is not one of yours.")
    with transaction.atomic():
        audit_append(
            action="membership.switched",
            actor=user,
            obj=membership,
            organisation_id=membership.organisation_id,
            role=membership.role,
        )
    return membership
