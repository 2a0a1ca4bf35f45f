# ruff: noqa: E501  (the indicators are the policy's own sentences, kept whole)
"""The example indicators of policy section 2.3, as a checklist grouped by dimension.

They record what a member of staff noticed. They are never counted, weighted or summed: "any attempt to derive a
'profile' can be misleading" (policy 2.3).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Indicator:
    code: str
    text: str


@dataclass(frozen=True)
class IndicatorGroup:
    code: str
    title: str
    hint: str
    indicators: tuple[Indicator, ...]


GROUPS: tuple[IndicatorGroup, ...] = (
    IndicatorGroup(
        "engagement",
        "Engagement with a group, cause or ideology",
        "Signs that the person is becoming engaged with an extremist group, cause or ideology.",
        (
            Indicator(
                "eng_time_with_extremists", "Spending increasing time in the company of other suspected extremists"
            ),
            Indicator(
                "eng_dress_appearance", "Changing their style of dress or personal appearance to accord with the group"
            ),
            Indicator(
                "eng_behaviour_centred",
                "Day-to-day behaviour becoming increasingly centred around an extremist ideology, group or cause",
            ),
            Indicator(
                "eng_loss_of_interest",
                "Loss of interest in other friends and activities not associated with the ideology, group or cause",
            ),
            Indicator("eng_material_symbols", "Possession of material or symbols associated with an extremist cause"),
            Indicator("eng_recruiting", "Attempts to recruit others to the group, cause or ideology"),
            Indicator(
                "eng_communications",
                "Communications with others that suggest identification with a group, cause or ideology",
            ),
        ),
    ),
    IndicatorGroup(
        "intent",
        "Intent to cause harm",
        "Signs of an intention to use violence or other illegal means.",
        (
            Indicator(
                "int_blaming_group",
                "Clearly identifying another group as threatening what they stand for and blaming it for all social or political ills",
            ),
            Indicator("int_derogatory_labels", "Using insulting or derogatory names or labels for another group"),
            Indicator(
                "int_imminence",
                "Speaking about the imminence of harm from the other group and the importance of action now",
            ),
            Indicator(
                "int_justify_offending",
                "Expressing attitudes that justify offending on behalf of the group, cause or ideology",
            ),
            Indicator("int_condoning_violence", "Condoning or supporting violence or harm towards others"),
            Indicator("int_plotting", "Plotting or conspiring with others"),
        ),
    ),
    IndicatorGroup(
        "capability",
        "Capability to cause harm",
        "Signs that the person could contribute directly or indirectly to an act of terrorism.",
        (
            Indicator("cap_history_violence", "Having a history of violence"),
            Indicator(
                "cap_criminal_networks",
                "Being criminally versatile and using criminal networks to support extremist goals",
            ),
            Indicator("cap_occupational_skills", "Having occupational skills that can enable acts of terrorism"),
            Indicator(
                "cap_technical_expertise",
                "Having technical expertise that can be deployed (for example IT skills, knowledge of chemicals, military training or survival skills)",
            ),
        ),
    ),
)

INDICATORS: dict[str, Indicator] = {i.code: i for group in GROUPS for i in group.indicators}
GROUP_OF: dict[str, str] = {i.code: group.code for group in GROUPS for i in group.indicators}


def indicator_choices() -> list[tuple[str, str]]:
    return [(code, indicator.text) for code, indicator in INDICATORS.items()]
