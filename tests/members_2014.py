"""Five members' 2014 Global Alliance returns besides Denmark's, each with its own facts.

The facts are those the Global Alliance's 2015 report (tests/data/sources) attributes to
each member, written as the member's own answer; with Denmark's return (tests/denmark.py)
they are what the secretariat's synthesis is made from in the tests.
"""

from __future__ import annotations

RETURNS: dict[str, dict[str, str]] = {
    "BELGIUM": {
        "pt1.og1.b": (
            "Belgium takes part in the development of the Netherlands-led IN-4-MATION project, which will connect "
            "each participating state's national child exploitation image database.\n\n"
            "The Federal Computer Crime Unit employs a new forensic tool that enables investigators to focus on "
            "images containing unidentified victims when examining an enormous collection of images."),
        "pt2.og1.b": "The Criminal Code criminalises the possession of and knowingly accessing child abuse material.",
    },
    "SWEDEN": {
        "pt1.og1.a": (
            "The National Bureau of Investigation Against Child Sexual Abuse Online coordinates the 21 regional "
            "police services and has deployed additional investigators dedicated to the identification of victims."),
        "pt1.og1.b": "Sweden participates in the IN-4-MATION project with its national image database.",
        "pt1.og1.c": "Sweden will increase its contributions of images to the ICSE database managed by INTERPOL.",
    },
    "SLOVENIA": {
        "pt1.og1.b": ("Slovenia joined the IN-4-MATION project to connect its national child exploitation image "
                      "database with those of the other participating states."),
    },
    "UNITED KINGDOM": {
        "pt1.og1.a": (
            "The National Crime Agency enhanced its dedicated victim identification resources: the number of images "
            "depicting unidentified victims submitted to the national database nearly doubled between April 2013 "
            "and April 2014.\n\n"
            "ICSE hash sets were disseminated to every United Kingdom police force, so that all domestic hash sets "
            "can be cross-referenced against the ICSE database."),
        "pt1.og1.c": ("The National Crime Agency will train specialist officers in all local police forces in the use "
                      "of NetClean Digital Investigator."),
    },
    "REPUBLIC OF KOREA": {
        "pt1.og1.b": (
            "The Sunflower Children's Center, a national network of eight institutions, provides a one-stop center "
            "for medical, legal and psychological services to child victims.\n\n"
            "The Korean National Police Agency gained access to the ICSE database in 2014 and contributes images "
            "to it."),
    },
    "ALBANIA": {
        "pt1.og1.b": ("Albania is investing in improved software for automatic image analysis to speed up the "
                      "forensic process."),
    },
}
