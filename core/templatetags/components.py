"""GOV.UK components that pages would otherwise write out by hand: one partial each under templates/includes/.

{% load components %}

A summary list row (includes/summary_row.html), inside a hand-written <dl class="govuk-summary-list">:

    {% summary_row "Where" concern.location empty="Not given" %}     the value escaped; "Not given" when blank
    {% summary_row "What was seen" concern.account|linebreaksbr value_id="account" %}   an id on the value's <dd>
    {% summary_row "When" when change_url=url change_hidden_text="when" %}   a Change link; "when" read out after it
    {% summary_row "Other names" empty="None recorded" %}            no value given: the value is the block
      <ul class="govuk-list">{% for alias in aliases %}<li>{{ alias }}</li>{% endfor %}</ul>
    {% endsummary_row %}

  change_hidden_text defaults to the key in lower case. no_actions=True marks a row without a Change link in a list
  whose other rows have one (govuk-summary-list__row--no-actions). A Change link a page shows only sometimes:
  change_url=edit_url|fragment:"id_location" is empty, so no link, when edit_url is.

A button (includes/button.html):

    {% button "Save and continue" prevent_double_click=True %}       <button type="submit" …>
    {% button "Save draft" variant="secondary" name="save" value="1" %}   secondary, warning, start, inverse
    {% button "Remove" variant="warning" hidden_text=member.name classes="govuk-!-margin-bottom-0" %}
    {% button "Check and send" href=url %}                           a link styled as a button (role="button")
    {% button "Download the PDF" href=url as_link=True %}            …that stays a link to assistive technology
    {% button variant="secondary" %}Open<span class="govuk-visually-hidden"> {{ title }}</span>{% endbutton %}

A table's head (includes/table_head.html), the rest of the table written out (see the partial for the pattern):

    {% table_head "Name" "Relationship" hidden_column="Action" %}     the last header read out but not shown

The error summary is includes/error_summary.html, included (see there).

Text given to a component is escaped like any {{ variable }}; a block's content is the template's own output. A
component given its content as an argument stands alone; without it, it takes the block up to its end tag. An
unknown option is a template syntax error.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token, token_kwargs
from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

SUMMARY_ROW_OPTIONS = frozenset({"empty", "value_id", "change_url", "change_hidden_text", "no_actions"})
BUTTON_OPTIONS = frozenset(
    {"type", "variant", "classes", "name", "value", "id", "prevent_double_click", "href", "as_link", "hidden_text"}
)
BUTTON_VARIANTS = frozenset({"", "secondary", "warning", "start", "inverse"})


class ComponentNode(template.Node):
    """Renders one partial with its own context: the options given, and the content from the argument or the block."""

    def __init__(
        self,
        *,
        template_name: str,
        positional: dict[str, FilterExpression],
        content_name: str,
        content: FilterExpression | None,
        nodelist: NodeList | None,
        options: dict[str, FilterExpression],
    ) -> None:
        self.template_name = template_name
        self.positional = positional
        self.content_name = content_name
        self.content = content
        self.nodelist = nodelist
        self.options = options

    def render(self, context: Context) -> SafeString:
        values: dict[str, Any] = {name: expr.resolve(context) for name, expr in self.positional.items()}
        values.update({name: expr.resolve(context) for name, expr in self.options.items()})
        if self.nodelist is not None:
            values[self.content_name] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308 template output
        elif self.content is not None:
            values[self.content_name] = self.content.resolve(context)
        assert context.template is not None  # a node renders inside a template, which binds itself to the context
        partial = context.template.engine.get_template(self.template_name)
        return partial.render(context.new(values))


def _split(
    parser: Parser, token: Token, allowed: frozenset[str]
) -> tuple[str, list[FilterExpression], dict[str, FilterExpression]]:
    bits = token.split_contents()
    tag_name, rest = bits[0], bits[1:]
    positional: list[FilterExpression] = []
    options: dict[str, FilterExpression] = {}
    for bit in rest:
        option = token_kwargs([bit], parser)
        if not option:
            if options:
                raise template.TemplateSyntaxError(f"{tag_name}: {bit} comes after an option; give it before them")
            positional.append(parser.compile_filter(bit))
            continue
        for name in option:
            if name not in allowed:
                raise template.TemplateSyntaxError(
                    f"{tag_name} has no option {name!r}; it takes {', '.join(sorted(allowed))}"
                )
            if name in options:
                raise template.TemplateSyntaxError(f"{tag_name} was given {name!r} twice")
        options.update(option)
    return tag_name, positional, options


@register.tag
def summary_row(parser: Parser, token: Token) -> ComponentNode:
    """A GOV.UK summary list row: {% summary_row "Key" value %}, or {% summary_row "Key" %}…{% endsummary_row %}."""
    tag_name, positional, options = _split(parser, token, SUMMARY_ROW_OPTIONS)
    if len(positional) not in (1, 2):
        raise template.TemplateSyntaxError(f'{tag_name} takes a key and a value, or a key and a block: "Key" value')
    nodelist = None
    if len(positional) == 1:
        nodelist = parser.parse((f"end{tag_name}",))
        parser.delete_first_token()
    return ComponentNode(
        template_name="includes/summary_row.html",
        positional={"key": positional[0]},
        content_name="value",
        content=positional[1] if len(positional) == 2 else None,
        nodelist=nodelist,
        options=options,
    )


@register.tag
def button(parser: Parser, token: Token) -> ComponentNode:
    """A GOV.UK button: {% button "Text" %}, or {% button %}…{% endbutton %} when its text holds markup."""
    tag_name, positional, options = _split(parser, token, BUTTON_OPTIONS)
    if len(positional) > 1:
        raise template.TemplateSyntaxError(f"{tag_name} takes its text and options given by name")
    if "variant" in options and options["variant"].is_var is False:
        variant = options["variant"].var
        if variant not in BUTTON_VARIANTS:
            raise template.TemplateSyntaxError(f"{tag_name} has no variant {variant!r}")
    nodelist = None
    if not positional:
        nodelist = parser.parse((f"end{tag_name}",))
        parser.delete_first_token()
    if "href" in options:  # a link even when its address comes out empty, never a button that submits instead
        options["link"] = parser.compile_filter("True")
    return ComponentNode(
        template_name="includes/button.html",
        positional={},
        content_name="text",
        content=positional[0] if positional else None,
        nodelist=nodelist,
        options=options,
    )


@register.inclusion_tag("includes/table_head.html")
def table_head(*headers: Any, hidden_column: str = "") -> dict[str, Any]:
    """A GOV.UK table head, one column header (scope="col") for each text given; hidden_column adds a last column
    whose header is read out but not shown (a column of buttons or links)."""
    return {"headers": headers, "hidden_column": hidden_column}


@register.filter
def fragment(url: str, name: str) -> str:
    """The address of a part of a page, url#name, or nothing when there is no url (a Change link a page does not show):
    {% summary_row "Where" concern.location change_url=edit_url|fragment:"id_location" %}."""
    return f"{url}#{name}" if url else ""
