"""The GOV.UK components pages use instead of writing the markup out (core.templatetags.components and the partials
under templates/includes/): each renders valid GOV.UK markup, escapes what it is given, and pages use them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.conf import settings
from django.template import TemplateSyntaxError, engines
from django.template.loader import render_to_string

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def render(source: str, **context: Any) -> str:
    return engines["django"].from_string("{% load components %}" + source).render(context)


def squash(html: str) -> str:
    """The markup without the white space between tags, to compare with what GOV.UK Frontend renders."""
    return re.sub(r">\s+<", "><", html).strip()


# --- summary list rows ------------------------------------------------------------------------------------------


def test_a_summary_row_is_a_row_with_a_key_and_a_value():
    html = squash(render('<dl class="govuk-summary-list">{% summary_row "Name" name %}</dl>', name="Sam Jones"))
    assert html == (
        '<dl class="govuk-summary-list"><div class="govuk-summary-list__row">'
        '<dt class="govuk-summary-list__key">Name</dt>'
        '<dd class="govuk-summary-list__value">Sam Jones</dd>'
        "</div></dl>"
    )


def test_a_summary_row_escapes_its_value_and_key():
    html = render("{% summary_row key value %}", key="<b>Key</b>", value="<script>alert(1)</script>")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>" not in html and "&lt;b&gt;Key&lt;/b&gt;" in html


def test_a_summary_row_keeps_what_a_filter_made_safe_and_escapes_the_rest():
    html = render('{% summary_row "Account" text|linebreaksbr %}', text="<i>one</i>\ntwo")
    assert "&lt;i&gt;one&lt;/i&gt;<br>two" in html


@pytest.mark.parametrize("blank", ["", None])
def test_a_blank_value_shows_the_empty_text(blank):
    html = render('{% summary_row "Where" where empty="Not given" %}', where=blank)
    assert '<dd class="govuk-summary-list__value">Not given</dd>' in html


def test_a_block_of_only_white_space_is_blank():
    html = render(
        '{% summary_row "Where" empty="Not given" %}\n  {% if where %}{{ where }}{% endif %}\n{% endsummary_row %}'
    )
    assert '<dd class="govuk-summary-list__value">Not given</dd>' in html


def test_a_value_of_zero_is_not_blank():
    assert '<dd class="govuk-summary-list__value">0</dd>' in render('{% summary_row "Count" n empty="None" %}', n=0)


def test_a_rich_value_comes_from_the_block_and_the_template_escapes_inside_it():
    html = render(
        '{% summary_row "Other names" empty="None recorded" %}'
        '{% if names %}<ul class="govuk-list">{% for n in names %}<li>{{ n }}</li>{% endfor %}</ul>{% endif %}'
        "{% endsummary_row %}",
        names=["Al", "<script>"],
    )
    assert (
        '<dd class="govuk-summary-list__value"><ul class="govuk-list"><li>Al</li><li>&lt;script&gt;</li></ul></dd>'
        in html
    )
    empty = render(
        '{% summary_row "Other names" empty="None recorded" %}{% if names %}x{% endif %}{% endsummary_row %}'
    )
    assert '<dd class="govuk-summary-list__value">None recorded</dd>' in empty


def test_a_change_link_says_what_it_changes_to_screen_reader_users():
    html = squash(render('{% summary_row "Where" where change_url="/concerns/1/edit/#id_location" %}', where="Hall"))
    assert html.endswith(
        '<dd class="govuk-summary-list__value">Hall</dd>'
        '<dd class="govuk-summary-list__actions"><a class="govuk-link" href="/concerns/1/edit/#id_location">'
        'Change<span class="govuk-visually-hidden"> where</span></a></dd></div>'
    )
    named = render('{% summary_row "Done so far" x change_url="/e" change_hidden_text="what has been done" %}', x="-")
    assert 'Change<span class="govuk-visually-hidden"> what has been done</span></a>' in named


def test_the_change_link_address_and_hidden_text_are_escaped():
    html = render('{% summary_row "K" "v" change_url=url change_hidden_text=what %}', url='/e?a=1&b="2"', what="<x>")
    assert 'href="/e?a=1&amp;b=&quot;2&quot;"' in html and "&lt;x&gt;" in html


def test_no_change_link_without_an_address_and_a_row_can_say_it_has_none():
    html = render('{% summary_row "About" "Sam" change_url=nothing %}')
    assert "govuk-summary-list__actions" not in html
    assert '<div class="govuk-summary-list__row govuk-summary-list__row--no-actions">' in render(
        '{% summary_row "About" "Sam" no_actions=True %}'
    )


def test_an_id_goes_on_the_value():
    assert '<dd class="govuk-summary-list__value" id="account">' in render(
        '{% summary_row "Account" "text" value_id="account" %}'
    )


def test_the_fragment_filter_makes_no_address_from_no_address():
    assert render('{{ url|fragment:"id_location" }}', url="/concerns/1/edit/") == "/concerns/1/edit/#id_location"
    assert render('{{ url|fragment:"id_location" }}', url="") == ""
    assert render('{{ missing|fragment:"id_location" }}') == ""


def test_the_row_does_not_see_the_page_context():
    """A page's own `key` or `empty` (referrals/_answers.html has a `key`) never leaks into a row."""
    html = render('{% summary_row "Name" "" %}', key="Leaked", empty="Leaked", value_id="leaked")
    assert "Leaked" not in html and "leaked" not in html


@pytest.mark.parametrize(
    "source",
    [
        '{% summary_row "Key" value chnage_url="/x" %}',  # an option that does not exist
        '{% summary_row "Key" value empty="a" empty="b" %}',  # given twice
        '{% summary_row "Key" empty="a" value %}',  # a value after an option
        '{% summary_row "Key" a b %}',  # too many
        "{% summary_row %}",  # no key
        '{% summary_row "Key" %}never closed',
    ],
)
def test_a_summary_row_written_wrong_is_a_syntax_error(source):
    with pytest.raises(TemplateSyntaxError):
        render(source)


# --- buttons ----------------------------------------------------------------------------------------------------


def test_a_button_submits_by_default():
    assert render('{% button "Save and continue" %}') == (
        '<button type="submit" class="govuk-button" data-module="govuk-button">Save and continue</button>'
    )


def test_a_button_prevents_a_double_click_only_when_asked():
    assert 'data-prevent-double-click="true"' in render('{% button "Send" prevent_double_click=True %}')
    assert "data-prevent-double-click" not in render('{% button "Send" %}')


@pytest.mark.parametrize("variant", ["secondary", "warning"])
def test_a_button_variant(variant):
    assert f'class="govuk-button govuk-button--{variant}"' in render('{% button "Go" variant=v %}', v=variant)


def test_a_button_with_a_name_value_id_type_and_more_classes():
    html = render(
        '{% button "Save draft" variant="secondary" name="save" value="1" id="save" type="button" '
        'classes="govuk-!-margin-bottom-0" %}'
    )
    assert html == (
        '<button type="button" name="save" value="1" class="govuk-button govuk-button--secondary '
        'govuk-!-margin-bottom-0" data-module="govuk-button" id="save">Save draft</button>'
    )


def test_a_button_escapes_its_text_and_hidden_text():
    html = render("{% button text hidden_text=name %}", text="<script>", name='<img src=x onerror="y">')
    assert "<script>" not in html and "<img" not in html
    assert '&lt;script&gt;<span class="govuk-visually-hidden"> &lt;img src=x onerror=&quot;y&quot;&gt;</span>' in html


def test_a_button_whose_text_holds_markup_takes_a_block():
    html = render(
        '{% button variant="secondary" %}Open<span class="govuk-visually-hidden"> {{ title }}</span>{% endbutton %}',
        title="<b>New referral</b>",
    )
    assert html.startswith('<button type="submit" class="govuk-button govuk-button--secondary"')
    assert 'Open<span class="govuk-visually-hidden"> &lt;b&gt;New referral&lt;/b&gt;</span></button>' in html


def test_a_link_styled_as_a_button_is_a_link_with_the_role_of_a_button():
    html = render('{% button "Check and send" href=url %}', url="/referrals/1/check/")
    assert html == (
        '<a href="/referrals/1/check/" role="button" draggable="false" class="govuk-button" '
        'data-module="govuk-button">Check and send</a>'
    )


def test_a_download_stays_a_link():
    html = render('{% button "Download the PDF" href="/exports/1/" as_link=True %}')
    assert html.startswith('<a href="/exports/1/" draggable="false" class="govuk-button"') and "role=" not in html


def test_a_link_whose_address_came_out_empty_is_still_a_link_not_a_submit_button():
    html = render('{% button "Continue" href=missing %}')
    assert html.startswith("<a ") and "<button" not in html


def test_a_start_button_has_the_arrow_hidden_from_screen_readers():
    html = render('{% button "Record a concern" variant="start" href="/concerns/start/" %}')
    assert 'class="govuk-button govuk-button--start"' in html
    assert '<svg class="govuk-button__start-icon"' in html and 'aria-hidden="true" focusable="false"' in html


@pytest.mark.parametrize(
    "source",
    [
        '{% button "Go" varient="secondary" %}',
        '{% button "Go" variant="danger" %}',
        '{% button "Go" "Again" %}',
        "{% button %}never closed",
    ],
)
def test_a_button_written_wrong_is_a_syntax_error(source):
    with pytest.raises(TemplateSyntaxError):
        render(source)


# --- table heads ------------------------------------------------------------------------------------------------


def test_a_table_head_has_a_column_header_for_each_text():
    html = squash(render('{% table_head "Name" title hidden_column="Action" %}', title="<i>Date</i>"))
    assert html == (
        '<thead class="govuk-table__head"><tr class="govuk-table__row">'
        '<th scope="col" class="govuk-table__header">Name</th>'
        '<th scope="col" class="govuk-table__header">&lt;i&gt;Date&lt;/i&gt;</th>'
        '<th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Action</span></th>'
        "</tr></thead>"
    )


def test_a_table_head_without_a_hidden_column():
    assert "govuk-visually-hidden" not in render('{% table_head "Name" "Relationship" %}')


# --- the error summary ------------------------------------------------------------------------------------------


class _Form(forms.Form):
    name = forms.CharField(label="Name")


def test_the_error_summary_links_each_field_error_to_its_field():
    form = _Form(data={"name": ""})
    html = render_to_string("includes/error_summary.html", {"form": form})
    assert 'class="govuk-error-summary" data-module="govuk-error-summary"' in html
    assert '<div role="alert">' in html and '<h2 class="govuk-error-summary__title">There is a problem</h2>' in html
    assert '<li><a href="#id_name">This field is required.</a></li>' in html


def test_the_error_summary_shows_nothing_without_a_problem():
    assert render_to_string("includes/error_summary.html", {"form": _Form(data={"name": "Sam"})}).strip() == ""
    assert render_to_string("includes/error_summary.html", {}).strip() == ""


def test_the_error_summary_lists_problems_that_are_no_forms_errors():
    html = render_to_string(
        "includes/error_summary.html",
        {
            "error_links": [{"href": "/referrals/1/tasks/reason/#id_reason", "message": "Explain <why>"}],
            "error_title": "You need to complete the referral before you can send it",
            "error_id": "missing",
        },
    )
    assert '<div class="govuk-error-summary" data-module="govuk-error-summary" id="missing">' in html
    assert "You need to complete the referral before you can send it</h2>" in html
    assert '<li><a href="/referrals/1/tasks/reason/#id_reason">Explain &lt;why&gt;</a></li>' in html


def test_the_error_summary_links_named_fields_on_another_page():
    html = render_to_string(
        "includes/error_summary.html",
        {"error_fields": {"account": "Describe what you saw"}, "error_fields_url": "/concerns/1/edit/"},
    )
    assert '<li><a href="/concerns/1/edit/#id_account">Describe what you saw</a></li>' in html


# --- pages use them ---------------------------------------------------------------------------------------------

# Hand-written markup left on purpose, with the reason.
HAND_WRITTEN_ROWS = {
    "referrals/detail.html": "its status row shows a status tag, which the status_tag partial owns",
    "concerns/attachments.html": "its key is a download link and its action a Remove form, not a Change link",
    "mfa/index.html": "its actions are Set up, Turn off, Manage, View and Replace, some of them lists",
}
HAND_WRITTEN_BUTTONS = {
    "base.html": "the service navigation's Menu toggle is GOV.UK Frontend's own, not a govuk-button",
    "allauth/elements/button.html": "allauth's button element, the one place allauth's own pages draw a button",
    "allauth/includes/field.html": "the password input's Show toggle is GOV.UK Frontend's own",
    "mfa/authenticate_webauthn_form.html": "the page including it chooses the button's classes",
    "mfa/recovery_codes/generate.html": "the button turns into a warning only while unused codes are left",
    "mfa/recovery_codes/index.html": "the download link has a download attribute",
}
HAND_WRITTEN_ROW = re.compile(r'<div class="govuk-summary-list__row[ "{]')
HAND_WRITTEN_BUTTON = re.compile(r'<button\b|\sclass="govuk-button[ "{]')


def _templates() -> list[tuple[str, str]]:
    return [
        (str(path.relative_to(TEMPLATES)), path.read_text(encoding="utf-8"))
        for path in sorted(TEMPLATES.rglob("*.html"))
        if path.parent != TEMPLATES / "includes"  # the components' own partials
    ]


def test_pages_use_the_summary_row_and_button_components():
    rows = sorted(name for name, text in _templates() if HAND_WRITTEN_ROW.search(text))
    buttons = sorted(name for name, text in _templates() if HAND_WRITTEN_BUTTON.search(text))
    assert set(rows) <= set(HAND_WRITTEN_ROWS), "Use {% summary_row %} (core/templatetags/components.py): " + str(
        sorted(set(rows) - set(HAND_WRITTEN_ROWS))
    )
    assert set(buttons) <= set(HAND_WRITTEN_BUTTONS), "Use {% button %} (core/templatetags/components.py): " + str(
        sorted(set(buttons) - set(HAND_WRITTEN_BUTTONS))
    )


def test_every_template_that_uses_a_component_compiles():
    engine = engines["django"]
    using = [name for name, text in _templates() if "load components" in text or "load static components" in text]
    assert len(using) > 30
    for name in using:
        engine.get_template(name)  # a misspelt option or an unclosed block fails here
