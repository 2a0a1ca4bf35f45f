"""Templates never compare statuses: they show a status with {% status_tag obj %} and ask the machine's named phases
({% if obj|in_phase:"draft" %}) or a view's can_* flag. This walks every template so that it stays so."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)
COMPARES_A_STATUS = re.compile(
    r"""status\s*(==|!=)          # status == "draft", task.status != 'x'
      | (==|!=)\s*\S*\.status\b   # "draft" == referral.status
      | \.status\s+(not\s+)?in\b  # referral.status in …
      | get_status_display        # the stored label, not the machine's
    """,
    re.X,
)


def _offences(text: str) -> list[str]:
    return [tag for tag in TAG.findall(text) if COMPARES_A_STATUS.search(tag)]


def test_the_check_finds_what_it_looks_for():
    assert _offences('{% if referral.status == "draft" %}x{% endif %}')
    assert _offences("{% if 'draft' != concern.status %}{% endif %}")
    assert _offences("{% if a.status in drafts %}{% endif %}")
    assert _offences("{{ referral.get_status_display }}")
    assert not _offences('{% if referral|in_phase:"draft" %}{% status_tag referral %}{% endif %}')
    assert not _offences('<p role="status">The status is shown</p>')


def test_no_template_compares_a_status():
    found = {
        str(path.relative_to(TEMPLATES)): offences
        for path in sorted(TEMPLATES.rglob("*.html"))
        if (offences := _offences(path.read_text(encoding="utf-8")))
    }
    assert found == {}, "Ask the state machine (status_tag, in_phase, a can_* flag) instead:\n" + "\n".join(
        f"{path}: {offences}" for path, offences in found.items()
    )
    assert len(list(TEMPLATES.rglob("*.html"))) > 50  # it did walk the templates
