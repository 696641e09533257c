"""Distinct news-like articles for benchmarks when ``../shared`` (the VOA stories) is absent.

``distinct_articles(n)`` varies the actors (armed groups, state forces, officials with
generated names), the places, the numbers and the dates of every sentence, and never repeats a
text: each article carries its own index in a figure, so even two draws of the same
combination differ. Sentences follow common wire-story patterns (attacks, clashes, arrests,
statements, negotiations, background), so every rule stage has work to do, and person names
are mostly unknown to the knowledge base, as in real news.
"""

from __future__ import annotations

import random

GROUPS = [
    "al-Shabaab",
    "Boko Haram",
    "the Islamic State group",
    "ISWAP",
    "the Taliban",
    "Hamas",
    "Hezbollah",
    "the Houthis",
    "the Rapid Support Forces",
    "M23 rebels",
    "the Arakan Army",
    "JNIM",
    "the Allied Democratic Forces",
    "the PKK",
    "the Kachin Independence Army",
    "Tehrik-i-Taliban Pakistan",
    "the Wagner Group",
    "Fano militia fighters",
    "the ELN",
    "the Oromo Liberation Army",
]
FORCES = [
    "Somali troops",
    "the Nigerian army",
    "Kenyan police",
    "the Malian army",
    "Syrian forces",
    "Israeli forces",
    "Ukrainian forces",
    "Russian forces",
    "the Sudanese army",
    "Congolese soldiers",
    "Pakistani security forces",
    "Ethiopian federal forces",
    "Myanmar's military",
    "Colombian troops",
    "Burkina Faso's army",
    "Iraqi forces",
]
PLACES = [
    ("Mogadishu", "Somalia"),
    ("Kismayo", "Somalia"),
    ("Maiduguri", "Nigeria"),
    ("Bama", "Nigeria"),
    ("Garissa", "Kenya"),
    ("Mandera", "Kenya"),
    ("Gao", "Mali"),
    ("Mopti", "Mali"),
    ("Idlib", "Syria"),
    ("Aleppo", "Syria"),
    ("Khan Younis", "Gaza"),
    ("Kharkiv", "Ukraine"),
    ("Zaporizhzhia", "Ukraine"),
    ("El Fasher", "Sudan"),
    ("Omdurman", "Sudan"),
    ("Goma", "Congo"),
    ("Beni", "Congo"),
    ("Peshawar", "Pakistan"),
    ("Quetta", "Pakistan"),
    ("Gondar", "Ethiopia"),
    ("Sittwe", "Myanmar"),
    ("Cucuta", "Colombia"),
    ("Djibo", "Burkina Faso"),
    ("Kirkuk", "Iraq"),
    ("Mosul", "Iraq"),
    ("Sanaa", "Yemen"),
    ("Marib", "Yemen"),
    ("Kandahar", "Afghanistan"),
]
FIRST = [
    "Ahmed",
    "Fatima",
    "John",
    "Amina",
    "Ibrahim",
    "Maria",
    "Yusuf",
    "Grace",
    "Omar",
    "Leila",
    "Samuel",
    "Aisha",
    "Daniel",
    "Hassan",
    "Nadia",
    "Peter",
    "Khalid",
    "Sara",
    "Musa",
    "Elena",
]
LAST = [
    "Abdi",
    "Okafor",
    "Mensah",
    "Haddad",
    "Kovalenko",
    "Traore",
    "Mwangi",
    "Rahimi",
    "Suleiman",
    "Petrenko",
    "Diallo",
    "Nasser",
    "Ochieng",
    "Yilmaz",
    "Bello",
    "Farah",
    "Said",
    "Kamara",
]
TITLES = [
    "police spokesman",
    "regional governor",
    "army spokesman",
    "local official",
    "health ministry official",
    "district commissioner",
    "human rights researcher",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "March", "April", "June", "August", "October", "November"]

SENTENCES = [
    "Militants from {group} attacked a military base near {place} on {day}, killing {n} "
    "soldiers and wounding {m} others, officials said.",
    "{forces} said they had killed {n} fighters from {group} in an air strike outside {place}.",
    "A suicide bomber blew himself up at a crowded market in {place} on {day}, killing at "
    "least {n} people, {title} {person} told reporters.",
    "{group} claimed responsibility for the attack in a statement posted online.",
    "Clashes between {forces} and {group} in {place} have displaced more than {big} people "
    "since {month}, according to the United Nations.",
    "Police in {place} arrested {n} suspected members of {group} on {day}, {title} {person} said.",
    "Gunmen abducted {n} aid workers on the road between {place} and {place2} late on {day}.",
    "{person}, a {title}, said the situation in {place} remained tense.",
    "Residents of {place} protested on {day} against the killing of {n} civilians by {forces}.",
    "The government of {country} accused {group} of shelling residential areas of {place}.",
    "Talks between {country} and {group} are due to resume in {place2} next week, "
    "{title} {person} said.",
    "A roadside bomb struck a convoy of {forces} near {place} on {day}, wounding {m} soldiers.",
    "{forces} recaptured {place} from {group} after {n} days of fighting.",
    "Aid agencies say about {big} people in {place} need food assistance.",
    "{group} has been fighting the government of {country} since {year}.",
    "The attack in {place} was the deadliest since {month} {year}, when {n} people died.",
]


def distinct_articles(n: int, seed: int = 7) -> list[str]:
    """``n`` distinct articles of 8-20 sentences (about 200-450 words each)."""
    rng = random.Random(seed)
    articles: list[str] = []
    seen: set[str] = set()
    for i in range(n):
        place, country = rng.choice(PLACES)
        place2, _ = rng.choice(PLACES)
        group, forces = rng.choice(GROUPS), rng.choice(FORCES)
        person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        sentences = []
        for k in range(rng.randint(8, 20)):
            template = rng.choice(SENTENCES)
            if k % 5 == 4:  # new actors and places as the story moves on
                place, country = rng.choice(PLACES)
                group, person = rng.choice(GROUPS), f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            text = template.format(
                group=group,
                forces=forces,
                place=place,
                place2=place2,
                country=country,
                person=person,
                title=rng.choice(TITLES),
                day=rng.choice(DAYS),
                month=rng.choice(MONTHS),
                year=rng.randint(2009, 2022),
                n=rng.randint(2, 60),
                m=rng.randint(2, 90),
                big=f"{rng.randint(2, 900) * 1000 + i:,}",
            )
            sentences.append(text[0].upper() + text[1:])
        paragraphs = [" ".join(sentences[j : j + 3]) for j in range(0, len(sentences), 3)]
        # The index as a figure makes every article distinct, whatever was drawn.
        paragraphs.append(f"This report is number {i + 1} in the series.")
        article = "\n\n".join(paragraphs)
        assert article not in seen
        seen.add(article)
        articles.append(article)
    return articles
