"""PLOVER acts beyond violence phrased in the many ways news phrases them (issue 18): joint
undertakings, aid given through sums and second objects, riots, ultimatums and conditional
threats, withdrawals, shows of force, sanctions and coercion. Sentences written for these tests;
they run the spaCy model."""

from __future__ import annotations

import pytest


def _types(analyze, text: str) -> list[str]:
    return [e.type for e in analyze(text).events]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # joint undertakings, whatever reports them
        ("Ghana and Togo launched joint border patrols on Tuesday.", "COOPERATE"),
        ("Qatar and Turkey formed a joint venture to build armored vehicles.", "COOPERATE"),
        ("Joint naval drills between Iran and Russia started in the Gulf of Oman.", "COOPERATE"),
        ("Kenyan police officers fought alongside Haitian forces against the gangs.", "COOPERATE"),
        ("Peru shared intelligence with Bolivia about the smuggling network.", "COOPERATE"),
        ("Rwanda is training Central African soldiers near Bangui.", "COOPERATE"),
        # aid through sums, second objects and packages
        ("Norway provided Sudan with $40 million in emergency relief.", "AID"),
        ("Kuwait deposited $2 billion in Egypt's central bank.", "AID"),
        ("The Netherlands approved a new 300 million euro arms package for Ukraine.", "AID"),
        ("Jordan airlifted food and blankets to civilians in Gaza.", "AID"),
        ("Japan gave Sri Lanka $500 million to rebuild its ports.", "AID"),
        ("Algeria delivered 200 tons of flour to Niger.", "AID"),
        # protests told in other words
        ("Hundreds of protesters gathered outside the ministry in Rabat.", "PROTEST"),
        ("Rioters looted shops in the capital after the verdict.", "PROTEST"),
        ("Nurses across Ghana walked off the job on Monday.", "PROTEST"),
        ("Dozens of farmers blocked the highway in protest at fuel prices.", "PROTEST"),
        ("Students occupied the rector's office in Belgrade.", "PROTEST"),
        # withdrawals
        ("Sudanese army units pulled back from the outskirts of Wad Madani.", "RETREAT"),
        ("The last Chadian soldiers left Mali in January.", "RETREAT"),
        ("The militants abandoned their positions near the dam.", "RETREAT"),
        ("The rebels laid down their weapons in a ceremony in Juba.", "RETREAT"),
        ("The fighters handed over control of the border crossing to the army.", "RETREAT"),
        # threats
        ("Egypt warned Ethiopia of consequences over the dam.", "THREATEN"),
        (
            "The junta told the Danish envoy to leave within 72 hours or face expulsion.",
            "THREATEN",
        ),
        (
            "Algeria said it would cut gas deliveries to Spain unless the contract was honored.",
            "THREATEN",
        ),
        ("The president gave the mutineers an ultimatum to surrender by dawn.", "THREATEN"),
        # shows of force
        ("Thousands of Pakistani troops were rushed to the Kashmir border.", "MOBILIZE"),
        ("Greece placed its navy on high alert after the incident.", "MOBILIZE"),
        ("The Pentagon ordered two destroyers to the Red Sea.", "MOBILIZE"),
        ("Tokyo raised the readiness of its air defense units.", "MOBILIZE"),
        # sanctions
        ("Senegal called home its ambassador to Mali.", "SANCTION"),
        ("The Treasury froze the assets of four Sudanese generals.", "SANCTION"),
        ("Canada imposed visa restrictions on Iranian officials.", "SANCTION"),
        ("Israel withheld tax revenues from the Palestinian Authority again.", "SANCTION"),
        ("The African Union suspended Gabon's membership after the coup.", "SANCTION"),
        ("Belgium revoked the visas of six Rwandan diplomats.", "SANCTION"),
        ("The Commerce Department added 12 Chinese firms to its entity list.", "SANCTION"),
        ("Pretoria halted coal deliveries to the neighboring state.", "SANCTION"),
        # shows of force staged ("staged" is no form of "stag")
        ("North Korea staged a military parade in Pyongyang.", "MOBILIZE"),
        ("Hundreds of nurses staged a sit-in outside the hospital in Harare.", "PROTEST"),
        # concessions
        ("Armenia returned the remains of four Azerbaijani soldiers.", "CONCEDE"),
        ("Egypt reopened its border with Gaza on Sunday.", "CONCEDE"),
        ("The Burkinabe junta handed power to an interim president.", "CONCEDE"),
        ("Washington unfroze $6 billion in Iranian assets.", "CONCEDE"),
        ("Russia handed over 25 Ukrainian prisoners of war.", "CONCEDE"),
        # harm vowed
        ("Hezbollah vowed a crushing response to the killing of its commander.", "THREATEN"),
        # coercion
        ("Canada designated the Bishnoi gang as a terrorist organization.", "COERCE"),
        ("The authorities shut down the opposition newspaper in Lome.", "COERCE"),
        ("Ethiopia cut internet access in the Amhara region.", "COERCE"),
        ("Police placed the former minister under house arrest.", "COERCE"),
        ("A court in Dakar issued an arrest warrant for the singer.", "COERCE"),
    ],
)
def test_the_act_is_coded(analyze, text: str, kind: str) -> None:
    assert kind in _types(analyze, text)


@pytest.mark.parametrize(
    "text",
    [
        # a warning with no party addressed is a forecast
        "Economists warned of consequences for the currency.",
        # a town evacuated by its residents is no retreat
        "Residents evacuated the town as the floodwaters rose.",
        # money in a budget is no aid
        "The ministry announced a 20 million dollar budget for schools.",
        # control of a policy handed to regions is no withdrawal of forces
        "The government ceded control of education policy to the provinces.",
        # a vow of reform is no threat
        "The new president vowed a thorough reform of the tax system.",
    ],
)
def test_no_act_of_that_kind(analyze, text: str) -> None:
    assert not {"THREATEN", "RETREAT", "AID"} & set(_types(analyze, text))


def test_a_road_opened_is_no_border_reopened(analyze) -> None:
    assert "CONCEDE" not in _types(analyze, "The ministry opened a new road to the airport.")


def test_a_riot_is_coded_after_the_violence_it_is_made_of(analyze) -> None:
    assert _types(analyze, "Rioters torched a police station in Lagos.")[:2] == [
        "ASSAULT",
        "PROTEST",
    ]


def test_an_ultimatum_has_the_speaker_as_source(analyze) -> None:
    analysis = analyze(
        "Mali's junta told the French ambassador to leave within 48 hours or face expulsion."
    )
    (threat,) = [e for e in analysis.events if e.type == "THREATEN"]
    names = {a.id: a.name for a in analysis.actors}
    assert any("Mali" in names[s] for s in threat.sources)
