"""The permission matrix: for every URL and method the service answers, what each persona gets.

Entries are written compactly, one per (URL name, method), with `expect(...)`; `rows()` expands them into the table
tests/test_permission_matrix.py walks, one row per (URL name, method, persona) -> (status, audit). The walker reads
every (URL name, method) from the URL resolver and the views, and fails on a pair with no entry here, or an entry
for a pair the service does not answer. `pytest tests/test_permission_matrix.py --collect-only -q` lists the table
as the suite runs it, one test per row ("test_row[GET concerns:detail dsl 200 read]").

Reading the statuses: 302 for anonymous is "sign in first"; 302 for no_second_factor is "enrol a second factor
first"; 404 is "not for you" (audited); allauth answers 302 where a page does not apply to the person's state.

Reading the audit column (what the request wrote to the audit log for the person asking):
  read     a 200 on a page showing case content wrote a read event (action "read.*")
  no read  a 200 on a page marked as showing no case content (`content=False`: the home page, sign-in and account
           pages, notifications, the administration site) wrote no read event
  denied   a 404 refusal wrote an "access.denied" event
  absent   a 404 because what was asked for does not exist (`absent=...`): not a refusal, none recorded
  (blank)  any other status (redirects, 401, 403): nothing asserted
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import NamedTuple

from .personas import ALL_PERSONAS, PERSONAS

ROLE_PERSONAS = [name for name in PERSONAS if name != "no_second_factor"]

READ, NO_READ, DENIED, ABSENT = "read", "no read", "denied", "absent"


@dataclass(frozen=True)
class Entry:
    """The statuses of one (URL name, method) for every persona, and what its 200s and 404s mean for the audit log."""

    statuses: dict[str, int]
    content: bool = True  # a 200 shows case content
    absent: frozenset[str] = frozenset()  # personas whose 404 means "no such record", not a refusal

    def audit(self, persona: str) -> str:
        status = self.statuses[persona]
        if status == 200:
            return READ if self.content else NO_READ
        if status == 404:
            return ABSENT if persona in self.absent else DENIED
        return ""


def expect(
    signed_in: int,
    *,
    anonymous: int = 302,
    no_second_factor: int = 302,
    content: bool = True,
    absent: Collection[str] | bool = (),
    **overrides: int,
) -> Entry:
    """Status for every persona: `signed_in` for each persona with a second factor unless overridden by name.
    `content=False` marks a page that shows no case content; `absent` names the personas whose 404 is for a record
    that does not exist (True: everyone who gets 404)."""
    statuses = {"anonymous": anonymous, "no_second_factor": no_second_factor}
    statuses |= dict.fromkeys(ROLE_PERSONAS, signed_in)
    return _entry(statuses, overrides, content=content, absent=absent)


def only(persona: str, status: int = 200, *, others: int = 404, content: bool = True) -> Entry:
    """A page for one role: everyone else signed in gets 404."""
    return _entry(expect(others).statuses, {persona: status}, content=content, absent=())


def _entry(
    statuses: dict[str, int], overrides: dict[str, int], *, content: bool, absent: Collection[str] | bool
) -> Entry:
    statuses = statuses | overrides
    missing = {name for name, status in statuses.items() if status == 404} if absent is True else set(absent or ())
    unknown = (set(overrides) - set(PERSONAS)) | (missing - set(ALL_PERSONAS))
    if unknown:
        raise ValueError(f"Unknown personas in the matrix: {sorted(unknown)}")
    return Entry(statuses, content=content, absent=frozenset(missing))


class Row(NamedTuple):
    url_name: str
    method: str
    persona: str
    status: int
    audit: str


ADMIN = only("sysadmin", content=False)  # the administration site shows no case content
ADMIN_READ_ONLY = only("sysadmin", 403)  # the administrator sees the list; this action is not allowed
# allauth pages for people part-way through signing in: a signed-in person is sent on (302).
SIGN_IN_STAGE = expect(302, anonymous=302, no_second_factor=302, content=False)

RAISERS_200 = expect(404, staff=200, dsl=200, headteacher=200, other_dsl=200)  # their own pages
RAISERS_PAGE = expect(404, staff=200, dsl=200, headteacher=200, other_dsl=200, content=False)
SUBMITTED_CONCERN_200 = expect(404, staff=200, dsl=200, headteacher=200)

LEADS_200 = expect(404, dsl=200, headteacher=200)  # the school's safeguarding leads

MATRIX: dict[tuple[str, str], Entry] = {
    # --- core
    ("site:dashboard", "GET"): expect(200, content=False),
    ("site:accessibility", "GET"): expect(200, anonymous=200, no_second_factor=200, content=False),
    # --- sign-in (allauth: its form views also answer PUT, exactly as POST, which is not a row of its own)
    ("account_login", "GET"): expect(302, anonymous=200, content=False),
    ("account_login", "POST"): expect(302, anonymous=200, content=False),
    ("account_logout", "GET"): expect(200, anonymous=302, no_second_factor=200, content=False),
    ("account_logout", "POST"): expect(302, anonymous=302, no_second_factor=302, content=False),
    ("account_inactive", "GET"): expect(200, anonymous=200, content=False),
    ("account_reauthenticate", "GET"): expect(200, no_second_factor=200, content=False),
    ("account_reauthenticate", "POST"): expect(200, no_second_factor=200, content=False),
    ("account_change_password", "GET"): expect(200, content=False),
    ("account_change_password", "POST"): expect(200, content=False),
    ("account_reset_password", "GET"): expect(200, anonymous=200, content=False),
    ("account_reset_password", "POST"): expect(200, anonymous=200, content=False),
    ("account_reset_password_done", "GET"): expect(200, anonymous=200, content=False),
    ("account_reset_password_from_key", "GET"): expect(200, anonymous=200, content=False),
    ("account_reset_password_from_key", "POST"): expect(200, anonymous=200, content=False),
    ("account_reset_password_from_key_done", "GET"): expect(200, anonymous=200, content=False),
    ("mfa_index", "GET"): expect(200, content=False),
    ("mfa_authenticate", "GET"): SIGN_IN_STAGE,
    ("mfa_authenticate", "POST"): SIGN_IN_STAGE,
    ("mfa_reauthenticate", "GET"): expect(200, no_second_factor=302, content=False),
    ("mfa_reauthenticate", "POST"): expect(200, no_second_factor=302, content=False),
    ("mfa_activate_totp", "GET"): expect(302, no_second_factor=200, content=False),
    ("mfa_activate_totp", "POST"): expect(302, no_second_factor=200, content=False),
    ("mfa_deactivate_totp", "GET"): expect(302, content=False),
    ("mfa_deactivate_totp", "POST"): expect(302, content=False),
    ("mfa_view_recovery_codes", "GET"): expect(404, content=False, absent=True),  # nobody has recovery codes
    ("mfa_generate_recovery_codes", "GET"): expect(302, content=False),
    ("mfa_generate_recovery_codes", "POST"): expect(302, content=False),
    ("mfa_download_recovery_codes", "GET"): expect(404, content=False, absent=True),
    ("mfa_list_webauthn", "GET"): expect(200, content=False),
    ("mfa_add_webauthn", "GET"): expect(302, no_second_factor=200, content=False),
    ("mfa_add_webauthn", "POST"): expect(302, no_second_factor=200, content=False),
    ("mfa_reauthenticate_webauthn", "GET"): expect(302, content=False),
    ("mfa_reauthenticate_webauthn", "POST"): expect(302, content=False),
    # Changing a security key asks for the password again first (allauth's reauthentication).
    ("mfa_remove_webauthn", "GET"): expect(302, content=False),
    ("mfa_remove_webauthn", "POST"): expect(302, content=False),
    ("mfa_remove_webauthn", "DELETE"): expect(302, content=False),
    ("mfa_edit_webauthn", "GET"): expect(302, content=False),
    ("mfa_edit_webauthn", "POST"): expect(302, content=False),
    # --- organisations
    ("organisations:switch", "GET"): expect(200, content=False),
    ("organisations:switch", "POST"): expect(200, content=False),  # an empty choice: the form again, with its error
    # --- concerns (raised by staff, DSLs and headteachers; a draft is its author's alone; the submitted concern
    # is seen by its author and the school's safeguarding leads; everyone else gets 404)
    ("concerns:mine", "GET"): RAISERS_200,
    # "Who is this about?": a form; the people it finds are shown (and recorded as read) only once a name is typed
    ("concerns:start", "GET"): RAISERS_PAGE,
    ("concerns:start", "POST"): RAISERS_PAGE,  # an empty form: the page again, with its errors
    ("concerns:choose", "POST"): RAISERS_PAGE,
    ("concerns:edit", "GET"): expect(404, staff=200),  # the staff member's draft
    ("concerns:edit", "POST"): expect(404, staff=302),
    ("concerns:autosave", "POST"): expect(404, staff=200, anonymous=401, content=False),  # JSON: saved or not
    ("concerns:attachments", "GET"): expect(404, staff=200),
    ("concerns:attachments", "POST"): expect(404, staff=200),  # no file chosen: the page again, with its error
    ("concerns:attachment_download", "GET"): SUBMITTED_CONCERN_200,
    ("concerns:attachment_delete", "POST"): expect(404, staff=302),
    ("concerns:check", "GET"): expect(404, staff=200),
    ("concerns:check", "POST"): expect(404, staff=200),
    ("concerns:submitted", "GET"): expect(404, staff=200, dsl=200, headteacher=200, content=False),  # reference
    ("concerns:detail", "GET"): SUBMITTED_CONCERN_200,
    ("concerns:addendum", "POST"): SUBMITTED_CONCERN_200,  # empty: the page again, with its error
    # --- triage (the school's safeguarding leads only; another school's lead has their own, empty, queue and gets
    # an audited 404 for this school's concern; an empty POST shows the page again with the form's errors, except
    # "mark as read", which needs no fields)
    ("triage:queue", "GET"): expect(404, dsl=200, headteacher=200, other_dsl=200),
    ("triage:concern", "GET"): LEADS_200,
    ("triage:mark_read", "POST"): expect(404, dsl=302, headteacher=302),
    ("triage:clarify", "POST"): LEADS_200,
    ("triage:consent", "POST"): LEADS_200,
    ("handoffs:triage_decide", "POST"): LEADS_200,  # a concern that has been read
    ("triage:reopen", "POST"): LEADS_200,  # a decided concern
    ("triage:link", "POST"): LEADS_200,
    # --- the referral form (the referring school's safeguarding leads only: another school's lead has their own,
    # empty, list and gets an audited 404 for this school's referral; the police and the local authority work on
    # referrals in their own pages, so they get 404 here too. A section POST with nothing typed saves nothing much
    # and returns to the task list; an empty send shows the check page again, with what is missing)
    ("referrals:mine", "GET"): expect(404, dsl=200, headteacher=200, other_dsl=200),
    ("referrals:task_list", "GET"): LEADS_200,  # a draft
    ("referrals:section", "GET"): LEADS_200,
    ("referrals:section", "POST"): expect(404, dsl=302, headteacher=302),
    ("referrals:check", "GET"): LEADS_200,
    ("referrals:check", "POST"): LEADS_200,
    ("referrals:sent", "GET"): expect(404, dsl=200, headteacher=200, content=False),  # a sent one: its reference
    ("referrals:detail", "GET"): LEADS_200,
    # --- police screening (the area's police Prevent officers: Thurrock's officer has their own, empty, queue and
    # gets an audited 404 for an Essex referral; the referring school works on its referral in its own pages, so it
    # gets 404 here; an empty decision shows the page again with the form's errors)
    ("screening:queue", "GET"): expect(404, police=200, other_police=200),
    ("screening:screen", "GET"): only("police"),  # a referral waiting for screening
    ("screening:start", "POST"): only("police", 302),
    ("handoffs:screening_decide", "POST"): only("police"),  # a referral being screened
    # --- preliminary assessment (the area's Prevent coordinator acts; the panel chair reads; an empty POST shows
    # the page again with the form's errors)
    ("preliminary:queue", "GET"): expect(404, coordinator=200, chair=200),
    ("preliminary:assess", "GET"): expect(404, coordinator=200, chair=200),
    ("preliminary:request_send", "POST"): only("coordinator"),
    ("preliminary:record", "POST"): only("coordinator"),
    ("handoffs:preliminary_decide", "POST"): only("coordinator"),
    # --- vulnerability assessments (the area roles that see the referral read: police, coordinator, panel chair;
    # the coordinator and chair write; the referring school and everyone else get an audited 404. An empty start
    # uses the newest published version and opens the draft; an empty correction shows the page with its error; an
    # empty edit POST shows the form again)
    ("assessments:list", "GET"): expect(404, coordinator=200, chair=200, police=200),
    ("assessments:start", "POST"): expect(404, coordinator=302, chair=302),
    ("assessments:edit", "GET"): expect(404, coordinator=200, chair=200),  # a draft
    ("assessments:edit", "POST"): expect(404, coordinator=200, chair=200),
    ("assessments:detail", "GET"): expect(404, coordinator=200, chair=200, police=200),  # a completed one
    ("assessments:correct", "POST"): expect(404, coordinator=200, chair=200),
    ("assessments:compare", "GET"): expect(404, coordinator=200, chair=200, police=200),
    ("assessments:chart", "GET"): expect(404, coordinator=200, chair=200, police=200),
    # --- information requests (those who answer them at a partner organisation: each sees their organisation's
    # requests and never the referral; a request to the health trust is 404 to everyone else)
    ("preliminary:requests", "GET"): expect(404, dsl=200, headteacher=200, other_dsl=200, panel_member=200),
    ("preliminary:request_answer", "GET"): only("panel_member"),
    ("preliminary:request_answer", "POST"): only("panel_member"),  # empty: the form again, with its error
    # --- copies of a sent referral (the referring school's safeguarding leads only; an empty POST shows the page
    # again with the form's errors; a download that does not exist is a 404)
    ("referrals:copies", "GET"): LEADS_200,
    ("referrals:copy_email", "POST"): LEADS_200,
    ("referrals:copy_pdf", "POST"): LEADS_200,
    ("referrals:copy_download", "GET"): expect(404),
    # --- the sharing register (information governance: their area's records; an organisation's safeguarding
    # leads: their organisation's, so another school's lead has an empty register and gets 404 for this record;
    # only the sending organisation's leads record the call that passed a password, and an empty POST shows the
    # record again with the form's errors)
    ("sharing:register", "GET"): expect(404, ig=200, dsl=200, headteacher=200, other_dsl=200),
    ("sharing:record_detail", "GET"): expect(404, ig=200, dsl=200, headteacher=200),
    ("sharing:record_call", "POST"): LEADS_200,
    # --- notifications (each person's own, for the organisation they act for; 404 for an id that is not theirs)
    ("notifications:list", "GET"): expect(200, content=False),
    ("notifications:read", "POST"): expect(404, content=False),
    ("notifications:read_all", "POST"): expect(302, content=False),
    # --- people (the person record: safeguarding leads of an organisation the person is linked to; everyone else,
    # staff included, gets an audited 404; a POST with an empty form shows the form again with its errors)
    ("people:detail", "GET"): expect(404, dsl=200, headteacher=200),
    ("people:edit", "GET"): expect(404, dsl=200, headteacher=200),
    ("people:edit", "POST"): expect(404, dsl=200, headteacher=200, content=False),  # what was typed, with errors
    ("people:household_add", "GET"): expect(404, dsl=200, headteacher=200, content=False),  # a blank form
    ("people:household_add", "POST"): expect(404, dsl=200, headteacher=200, content=False),
    ("people:household_remove", "POST"): expect(404),  # a household member that does not exist
    # --- chronology (a person's chronology: safeguarding leads of an organisation that may see the person; an
    # export POST with no filter makes the PDF and shows its password; a download that does not exist is a 404)
    ("chronology:person", "GET"): expect(404, dsl=200, headteacher=200),
    # the page shows the PDF's password, not its content; making the export is audited as an export
    ("chronology:export", "POST"): expect(404, dsl=200, headteacher=200, content=False),
    ("chronology:download", "GET"): expect(404),
    # --- audit
    ("governance:events", "GET"): only("ig", content=False),
    ("governance:verify", "POST"): only("ig", 302, content=False),
    # --- administration (system administrators only; one guard, PreventAdminSite.admin_view, for every method, so
    # the family is walked with GET)
    ("admin:index", "GET"): ADMIN,
    ("admin:login", "GET"): expect(302, anonymous=302),
    ("admin:logout", "GET"): only("sysadmin", 302),
    ("admin:password_change", "GET"): ADMIN,
    ("admin:password_change_done", "GET"): ADMIN,
    ("admin:autocomplete", "GET"): only("sysadmin", 403),  # needs its query parameters
    ("admin:jsi18n", "GET"): ADMIN,
    ("admin:view_on_site", "GET"): expect(404, absent=["sysadmin"]),  # the organisation has no page on the site
    ("admin:app_list", "GET"): ADMIN,
    ("admin:auth_user_password_change", "GET"): ADMIN,
    ("admin:accounts_user_changelist", "GET"): ADMIN,
    ("admin:accounts_user_add", "GET"): ADMIN,
    ("admin:accounts_user_history", "GET"): ADMIN,
    ("admin:accounts_user_delete", "GET"): ADMIN_READ_ONLY,
    ("admin:accounts_user_change", "GET"): ADMIN,
    ("admin:mfa_authenticator_changelist", "GET"): ADMIN,
    ("admin:mfa_authenticator_add", "GET"): ADMIN_READ_ONLY,
    ("admin:mfa_authenticator_history", "GET"): ADMIN,
    ("admin:mfa_authenticator_delete", "GET"): ADMIN,
    ("admin:mfa_authenticator_change", "GET"): ADMIN,
    ("admin:organisations_area_changelist", "GET"): ADMIN,
    ("admin:organisations_area_add", "GET"): ADMIN,
    ("admin:organisations_area_history", "GET"): ADMIN,
    ("admin:organisations_area_delete", "GET"): ADMIN,
    ("admin:organisations_area_change", "GET"): ADMIN,
    ("admin:organisations_organisation_changelist", "GET"): ADMIN,
    ("admin:organisations_organisation_add", "GET"): ADMIN,
    ("admin:organisations_organisation_history", "GET"): ADMIN,
    ("admin:organisations_organisation_delete", "GET"): ADMIN_READ_ONLY,
    ("admin:organisations_organisation_change", "GET"): ADMIN,
    ("admin:organisations_membership_changelist", "GET"): ADMIN,
    ("admin:organisations_membership_add", "GET"): ADMIN,
    ("admin:organisations_membership_history", "GET"): ADMIN,
    ("admin:organisations_membership_delete", "GET"): ADMIN_READ_ONLY,
    ("admin:organisations_membership_change", "GET"): ADMIN,
    ("admin:referrals_concerntype_changelist", "GET"): ADMIN,
    ("admin:referrals_concerntype_add", "GET"): ADMIN,
    ("admin:referrals_concerntype_history", "GET"): ADMIN,
    ("admin:referrals_concerntype_delete", "GET"): ADMIN_READ_ONLY,  # switched off, never deleted
    ("admin:referrals_concerntype_change", "GET"): ADMIN,
    ("admin:referrals_securedomain_changelist", "GET"): ADMIN,
    ("admin:referrals_securedomain_add", "GET"): ADMIN,
    ("admin:referrals_securedomain_history", "GET"): ADMIN,
    ("admin:referrals_securedomain_delete", "GET"): ADMIN_READ_ONLY,  # withdrawn domains stay listed
    ("admin:referrals_securedomain_change", "GET"): ADMIN,
    ("admin:assessments_frameworkversion_changelist", "GET"): ADMIN,
    ("admin:assessments_frameworkversion_add", "GET"): ADMIN,
    ("admin:assessments_frameworkversion_history", "GET"): ADMIN,
    ("admin:assessments_frameworkversion_delete", "GET"): ADMIN_READ_ONLY,  # versions are kept
    ("admin:assessments_frameworkversion_change", "GET"): ADMIN,  # published: read-only view
    ("admin:axes_accessattempt_changelist", "GET"): ADMIN,
    ("admin:axes_accessattempt_add", "GET"): ADMIN_READ_ONLY,
    ("admin:axes_accessattempt_history", "GET"): ADMIN,
    ("admin:axes_accessattempt_delete", "GET"): ADMIN,
    ("admin:axes_accessattempt_change", "GET"): ADMIN,
    ("admin:axes_accesslog_changelist", "GET"): ADMIN,
    ("admin:axes_accesslog_add", "GET"): ADMIN_READ_ONLY,
    ("admin:axes_accesslog_history", "GET"): ADMIN,
    ("admin:axes_accesslog_delete", "GET"): ADMIN,
    ("admin:axes_accesslog_change", "GET"): ADMIN,
    ("admin:axes_accessfailurelog_changelist", "GET"): ADMIN,
    ("admin:axes_accessfailurelog_add", "GET"): ADMIN_READ_ONLY,
    ("admin:axes_accessfailurelog_history", "GET"): ADMIN,
    ("admin:axes_accessfailurelog_delete", "GET"): ADMIN,
    ("admin:axes_accessfailurelog_change", "GET"): ADMIN,
}


def rows() -> list[Row]:
    """The matrix as one table: (URL name, method, persona) -> (expected status, audit)."""
    return [
        Row(url_name, method, persona, status, entry.audit(persona))
        for (url_name, method), entry in MATRIX.items()
        for persona, status in entry.statuses.items()
    ]
