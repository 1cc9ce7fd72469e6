"""Policy Target 1 of the Global Alliance's 2015 report, as the members' returns it was compiled from.

The 2015 report (tests/data/sources) names, under Policy Target 1's four actions, which members
reported what: "States including Bosnia and Herzegovina, Bulgaria, … all reported new or expanded
access and contributions to the ICSE database". Each such fact is written here as the member's own
sentence in its 2014 return (answer B of the goal), with the action it is tagged with and the label
of the subset the report's narrative names; the narratives are the report's own paragraphs with each
list of members replaced by ``{members:LABEL}``.
"""

from __future__ import annotations

KEY = "pt1.og1.b"

#: The actions in the report's order: title, narrative (Markdown with placeholders).
ACTIONS: list[tuple[str, str]] = [
    ("Mainstreaming victim identification into investigations and prosecutions.",
     "Member states consistently reported an increased emphasis on victim identification throughout the course "
     "of investigations and prosecutions. For example, the United Kingdom's National Crime Agency enhanced its "
     "dedicated victim identification resources. Japan identified a record-high 646 child pornography victims "
     "in 2013.\n\n"
     "Several member states, including {members:in4}, reported on the ongoing development of and participation "
     "in the Netherlands-led IN-4-MATION project, which will connect each participating state's domestic "
     "national child exploitation image database to enhance each participant's victim identification efforts. "
     "Other member states, including {members:collaboration}, also highlighted ongoing close collaboration "
     "between domestic and foreign law enforcement in the field of victim identification."),
    ("Improving use and content of the ICSE database.",
     "States including {members:new-access} all reported new or expanded access and contributions to the ICSE "
     "database. Furthermore, the majority of member states, including {members:regular-submitters} continued "
     "to regularly submit images to the ICSE database.\n\n"
     "Several states, including {members:trainers}, offered training dedicated to victim identification "
     "techniques, including utilization of the ICSE database."),
    ("Improving forensic capabilities.",
     "A number of states, including {members:forensic}, dedicated additional resources to expanding forensic "
     "capabilities focused on victim identification."),
    ("Improving victim assistance, support and protection.",
     "Many member states have augmented an array of rehabilitative services available to assist and protect "
     "child victims. {members:ngo} both cooperate on an ongoing basis with non-governmental organizations "
     "providing support to child victims and their families."),
]

#: Where each label's list stands in the report's text: (words before, words after).
LISTS: dict[str, tuple[str, str]] = {
    "in4": ("Several member states, including ", ", reported on the ongoing development"),
    "collaboration": ("Other member states, including ", ", also highlighted"),
    "new-access": ("States including ", " all reported new or"),
    "regular-submitters": ("the majority of member states, including ", " continued to regularly submit"),
    "trainers": ("Several states, including ", ", offered training"),
    "forensic": ("A number of states, including ", ", dedicated additional resources"),
    "ngo": (". ", " both cooperate on an ongoing basis"),
}

_SENTENCES = {
    "in4": "We take part in the development of the Netherlands-led IN-4-MATION project.",
    "collaboration": "Our police work closely with foreign law enforcement on victim identification.",
    "new-access": "In 2014 our police gained access to the ICSE database and began contributing images to it.",
    "regular-submitters": "Images continue to be submitted regularly to the ICSE database.",
    "trainers": "Training on victim identification techniques, including the use of the ICSE database, was "
                "offered to investigators.",
    "forensic": "Additional resources were dedicated to expanding forensic capabilities focused on victim "
                "identification.",
    "ngo": "We cooperate on an ongoing basis with non-governmental organizations providing support to child "
           "victims and their families.",
}

#: (country, action number, label, the sentence of its return, the words tagged, chosen as an example)
PASSAGES: list[tuple[str, int, str, str, str, bool]] = [
    ("UNITED KINGDOM", 1, "", "The National Crime Agency enhanced its dedicated victim identification resources.",
     "enhanced its dedicated victim identification resources", False),
    ("JAPAN", 1, "", "Japan identified a record-high 646 child pornography victims in 2013.",
     "record-high 646 child pornography victims", False),
    ("UNITED STATES", 1, "", "The National Victim Identification System contributed to the identification of "
     "more than 2000 child pornography victims in 2013 and 2014.", "more than 2000 child pornography victims",
     False),
    ("NETHERLANDS", 1, "", "Our investigative units now focus more on the identification and rescue of victims.",
     "focus more on the identification and rescue of victims", False),
    ("DENMARK", 4, "", "Denmark established five special \"Children's Houses\", which draw together social "
     "services, police, therapeutic services and health services for abused children.",
     "five special \"Children's Houses\"", True),
    ("REPUBLIC OF KOREA", 4, "", "The Sunflower Children's Center, a national network of eight institutions, "
     "provides a one-stop center for medical, legal and psychological services to child victims.",
     "Sunflower Children's Center", False),
    ("TURKEY", 4, "", "Care and Social Rehabilitation Centers were restructured as Child Support Centers.",
     "restructured as Child Support Centers", False),
    ("ISRAEL", 4, "", "A child victim of a sexual crime is entitled to immediate assistance in one of five crisis "
     "centers.", "immediate assistance in one of five crisis centers", False),
    ("CANADA", 4, "", "Child Advocacy Centres coordinate the investigation, prosecution and treatment of child "
     "exploitation.", "Child Advocacy Centres", False),
    ("AUSTRIA", 2, "trainers", "The Criminal Intelligence Service provided training on victim identification to "
     "the national police force.", "provided training on victim identification", True),
]
for _label, _countries in {
    "in4": ("BELGIUM", "DENMARK", "SLOVENIA", "SWEDEN"),
    "collaboration": ("ALBANIA", "AUSTRIA"),
    "new-access": ("BOSNIA & HERZEGOVINA", "BULGARIA", "CANADA", "CROATIA", "HUNGARY", "IRELAND", "ISRAEL",
                   "REPUBLIC OF KOREA", "LITHUANIA", "MONTENEGRO", "PORTUGAL", "SLOVAKIA", "SPAIN"),
    "regular-submitters": ("ESTONIA", "GERMANY", "ITALY", "LUXEMBOURG", "MEXICO", "NEW ZEALAND", "NETHERLANDS",
                           "NORWAY", "SPAIN", "UNITED KINGDOM", "UNITED STATES"),
    "trainers": ("AUSTRIA", "HUNGARY", "NEW ZEALAND", "POLAND", "SWITZERLAND", "UNITED KINGDOM", "UNITED STATES"),
    "forensic": ("ALBANIA", "BELGIUM", "CYPRUS", "HUNGARY", "NORWAY", "UNITED KINGDOM"),
    "ngo": ("LUXEMBOURG", "POLAND"),
}.items():
    _action = {"in4": 1, "collaboration": 1, "new-access": 2, "regular-submitters": 2, "trainers": 2,
               "forensic": 3, "ngo": 4}[_label]
    PASSAGES.extend((country, _action, _label, _SENTENCES[_label], _SENTENCES[_label].rstrip("."), False)
                    for country in _countries)


def returns() -> dict[str, str]:
    """Each member's answer B: its sentences, in the order listed."""
    answers: dict[str, list[str]] = {}
    for country, _, _, sentence, _, _ in PASSAGES:
        if sentence not in answers.setdefault(country, []):
            answers[country].append(sentence)
    return {country: " ".join(sentences) for country, sentences in answers.items()}
