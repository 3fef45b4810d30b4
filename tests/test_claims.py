"""Claims on short news paragraphs: source, cue lemma, content, quote, who it was told to.

Each row is one error class seen on political, court, market and sport news: a paragraph in,
the claim whose cue is ``cue`` out. The texts are written for these tests.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from storygraph.extract import extract_article
from storygraph.records import Article, Claim, EntityKind, Extraction


def _extract(nlp: Any, text: str) -> Extraction:
    return extract_article(Article(id="t", text=text), nlp)


def _claim(ext: Extraction, cue: str, nth: int = 0) -> Claim:
    found = [c for c in ext.claims if c.cue.text.lower() == cue.lower()]
    assert len(found) > nth, [(c.cue.text, c.content.text) for c in ext.claims]
    return sorted(found, key=lambda c: c.content.start)[nth]


def _name(ext: Extraction, key: str | None) -> str | None:
    return next((e.name for e in ext.entities if e.key == key), None)


SOURCES = [
    # "the ministry", "the department": the one named nearby with that word, not the most
    # mentioned organisation
    (
        "The Justice Department opened an inquiry into Boeing. Boeing said it would "
        "cooperate. The department said the review would take months.",
        "said",
        "Justice Department",
    ),
    # "the company" said: the organisation that was the subject (the buyer, not the bought
    # one named after it), also with an adjective before the noun
    (
        "Halvorsen Group agreed on Monday to buy Brightline Foods for $4.2 billion, the "
        "company said in a statement.",
        "said",
        "Halvorsen",
    ),
    (
        "Halvorsen Group agreed on Monday to buy Brightline Foods for $4.2 billion, the "
        "Norwegian company said in a statement.",
        "said",
        "Halvorsen",
    ),
    (
        "Halvorsen Group agreed to buy Brightline Foods. The Oslo-based group said the deal "
        "would close in March.",
        "said",
        "Halvorsen",
    ),
    # "X said" / "said X" / appositions / "X, who …, said"
    ("Ford said it lost $2.7 billion in the third quarter.", "said", "Ford"),
    # a dateline is no speaker
    (
        "DETROIT — General Motors reported a loss of $2 billion on Friday.",
        "reported",
        "General Motors",
    ),
    (
        '"The jury saw through the lies," the United States attorney, Zachary Fardon, '
        "said outside the courthouse.",
        "said",
        "Zachary Fardon",
    ),
    (
        '"Investors are worried," said Sarah Chen, chief market strategist at Wells Fargo.',
        "said",
        "Sarah Chen",
    ),
    (
        "Bill Ford, who leads the board, said the company would not need government money.",
        "said",
        "Bill Ford",
    ),
    # a quote followed by "he said": the paragraph's speaker, never a name inside the quote
    (
        'Mr. Comey said the decision was his alone. "Senator Grassley knows that I stand by '
        'it," he said.',
        "said",
        "James Comey",
    ),
]


@pytest.mark.parametrize(("text", "cue", "source"), SOURCES)
def test_source(nlp: Any, text: str, cue: str, source: str) -> None:
    text = "James Comey spoke on Tuesday. " + text if "Comey" in text else text
    ext = _extract(nlp, text)
    claims = [c for c in ext.claims if c.cue.text == cue]
    last = max(claims, key=lambda c: c.cue.start)
    assert _name(ext, last.source) == source


UNNAMED = [
    # (text, cue, source mention starts with, entity name, size, description contains)
    # an office with nobody named before it is an unnamed source
    (
        "The senator's office said the bill would be introduced next week.",
        "said",
        "the senator's office",
        "senator's office",
        None,
        "",
    ),
    (
        "The bureau received the request on Monday, an official familiar with the matter said.",
        "said",
        "an official",
        "official",
        1,
        "familiar with the matter",
    ),
    (
        "The inquiry widened on Tuesday, two law enforcement officials said.",
        "said",
        "two law enforcement officials",
        "two law enforcement officials",
        2,
        None,
    ),
    (
        "The hearing could be held in May, according to aides to the committee.",
        "According to",
        "aides",
        "aides",
        None,
        "aides to the committee",
    ),
    (
        "The plan was dropped, a spokesperson for the department said.",
        "said",
        "a spokesperson",
        "spokesperson",
        1,
        "for the department",
    ),
]


@pytest.mark.parametrize(("text", "cue", "mention", "name", "size", "description"), UNNAMED)
def test_unnamed_source(
    nlp: Any, text: str, cue: str, mention: str, name: str, size: int | None, description: str
) -> None:
    ext = _extract(nlp, text)
    claim = _claim(ext, cue)
    assert claim.source_mention is not None
    assert claim.source_mention.text.lower().startswith(mention)
    source = next(e for e in ext.entities if e.key == claim.source)
    assert source.kind in (EntityKind.ANONYMOUS_SOURCE, EntityKind.GROUP)
    assert re.sub(r"^(?:an?|the) ", "", source.name.lower()) == name
    assert source.size == size
    if description:
        assert description in (source.description or "")


def test_allies_are_tied_to_whom_they_back(nlp: Any) -> None:
    ext = _extract(nlp, "The director would fight the charges, allies of James Comey said.")
    claim = _claim(ext, "said")
    source = next(e for e in ext.entities if e.key == claim.source)
    assert source.kind is EntityKind.ANONYMOUS_SOURCE
    tied = {_name(ext, r.object) for r in ext.relations if r.subject == source.key}
    assert tied == {"James Comey"}


CUES = [
    # a fuller reporting lexicon; the lemma, not the inflected form
    ("Meta confirmed the policy shift on Friday.", "confirmed", "confirm", "confirms"),
    ("The senator denied the allegations.", "denied", "deny", "denies"),
    ("Analysts expect the bank to cut rates in December.", "expect", "expect", "asserts"),
    ("She believes the vote will pass.", "believes", "believe", "asserts"),
    ("He warned that the deal could collapse.", "warned", "warn", "asserts"),
    ("The governor tweeted that the roads were closed.", "tweeted", "tweet", "asserts"),
    ("The inspector testified that the bridge was unsafe.", "testified", "testify", "asserts"),
    ("The minister acknowledged the error.", "acknowledged", "acknowledge", "confirms"),
]


@pytest.mark.parametrize(("text", "cue", "lemma", "stance"), CUES)
def test_cue_lemma_and_stance(nlp: Any, text: str, cue: str, lemma: str, stance: str) -> None:
    claim = _claim(_extract(nlp, text), cue)
    assert claim.cue_lemma == lemma
    assert claim.stance == stance


NOT_CLAIMS = [
    # a noun object is what is said only for some verbs
    "Ford added 200 jobs in Ohio last year.",
    # nobody expects: a passive without an agent and without a clause
    "The merger is expected to close in March.",
    # a quoted analogy is no claim of its subject
    'He said the ruling was "like a referee telling a team it has already lost."',
    # "call" says something with what it calls a thing, not with whom it phones
    "Aides said the president called several Republican senators on Monday night.",
    # "add" with an object of its own, inside what somebody said, is no "she added"
    "Senator Paul Brandt said in an interview that the package would add $300 billion "
    "to the federal deficit.",
]


@pytest.mark.parametrize("text", NOT_CLAIMS)
def test_not_a_claim(nlp: Any, text: str) -> None:
    ext = _extract(nlp, text)
    assert [c.cue.text for c in ext.claims if c.cue.text not in ("said",)] == []


CONTENTS = [
    # (text, cue, content, quote, reported to)
    (
        'Senator Paul Brandt called the bill "a betrayal of taxpayers" on Monday.',
        "called",
        'the bill "a betrayal of taxpayers"',
        "a betrayal of taxpayers",
        None,
    ),
    (
        '"We are going to keep asking until we get answers," Mr. Grassley said.',
        "said",
        "We are going to keep asking until we get answers",
        "We are going to keep asking until we get answers",
        None,
    ),
    (
        "James B. Comey told lawmakers last week that he would not recommend charges.",
        "told",
        "that he would not recommend charges",
        None,
        "lawmakers",
    ),
    (
        "According to aides to the committee, the first hearing could be held before May.",
        "According to",
        "the first hearing could be held before May",
        None,
        None,
    ),
    (
        "WASHINGTON — The committee widened its inquiry, two people familiar with it said.",
        "said",
        "The committee widened its inquiry",
        None,
        None,
    ),
    (
        'Sen. Grassley said that the bureau had "failed to answer basic questions" on Monday.',
        "said",
        'that the bureau had "failed to answer basic questions" on Monday',
        "failed to answer basic questions",
        None,
    ),
    # the that-clause hangs on "statement", not on the verb
    (
        "Former Secretary of State Hillary Clinton said in a statement that Mr. Trump was unfit.",
        "said",
        "that Mr. Trump was unfit",
        None,
        None,
    ),
]


@pytest.mark.parametrize(("text", "cue", "content", "quote", "told"), CONTENTS)
def test_content_quote_and_listener(
    nlp: Any, text: str, cue: str, content: str, quote: str | None, told: str | None
) -> None:
    ext = _extract(nlp, text)
    claim = _claim(ext, cue)
    assert claim.content.text == content
    assert claim.quote == quote
    assert _name(ext, claim.reported_to) == told


def test_a_quote_that_runs_on_keeps_its_speaker(nlp: Any) -> None:
    ext = _extract(
        nlp,
        'Defense lawyer Thomas Reilly spoke after the verdict. "We respectfully disagree with '
        'the verdict," Mr. Reilly said. "Richard Alvarez has served this city for 30 years."',
    )
    first, second = _claim(ext, "said", 0), _claim(ext, "said", 1)
    assert second.content.text == "Richard Alvarez has served this city for 30 years"
    assert second.quote == second.content.text
    assert _name(ext, second.source) == _name(ext, first.source) == "Thomas Reilly"


#: Speakers that name no person though the phrase names an organisation, a collective, or
#: stands where the parser does not put the subject. Written for these tests (courts,
#: markets, politics, health). (text, cue, kind, name, affiliated with)
SPEAKERS = [
    # an office or a spokesman speaks for the one named before it
    (
        "Netanyahu's office said in a statement that the delegation would travel to Cairo.",
        "said",
        EntityKind.PERSON,
        "Netanyahu",
        None,
    ),
    (
        "Prime Minister Keir Starmer's spokesman said the government would not change course.",
        "said",
        EntityKind.PERSON,
        "Keir Starmer",
        None,
    ),
    # the firm's name before the people, its last word tagged a common noun ("Securities")
    (
        'Corbett Securities analysts called the price "fair but not generous."',
        "called",
        EntityKind.ANONYMOUS_SOURCE,
        "Corbett Securities analysts",
        "Corbett Securities",
    ),
    (
        "Treasury officials said the auction would go ahead on Thursday.",
        "said",
        EntityKind.ANONYMOUS_SOURCE,
        "Treasury officials",
        "Treasury",
    ),
    (
        "A Lufthansa pilot told reporters that the engines had been inspected twice.",
        "told",
        EntityKind.ANONYMOUS_SOURCE,
        "Lufthansa pilot",
        "Lufthansa",
    ),
    (
        "A group of Ohio farmers released a statement saying the subsidy had never arrived.",
        "saying",
        EntityKind.ANONYMOUS_SOURCE,
        "group of Ohio farmers",
        None,
    ),
    (
        "Many consumers reported that the bills had doubled since March.",
        "reported",
        EntityKind.ANONYMOUS_SOURCE,
        "consumers",
        None,
    ),
    (
        'The Daily Ledger quotes a "court official" as saying that the files had been sealed.',
        "saying",
        EntityKind.ANONYMOUS_SOURCE,
        "court official",
        None,
    ),
    # a spokesperson speaks for the organisation: its voice, not an unnamed source
    (
        "A Siemens spokesperson said the plant would reopen in June.",
        "said",
        EntityKind.ORGANIZATION,
        "Siemens",
        None,
    ),
    # a role and a name parsed as two subjects: the name
    (
        "The club's head coach Marta Lindqvist said the final would be played behind closed doors.",
        "said",
        EntityKind.PERSON,
        "Marta Lindqvist",
        None,
    ),
    # an apposed name is who the role is, even when the role was met before
    (
        "A Volvo spokeswoman declined to comment on Monday. The spokeswoman, Karin Holm, "
        "said on Tuesday that the recall was voluntary.",
        "said",
        EntityKind.PERSON,
        "Karin Holm",
        None,
    ),
    # "X issued a statement saying …": X
    (
        "Senator Maria Alvarez issued a statement saying the vote had been rigged.",
        "saying",
        EntityKind.PERSON,
        "Maria Alvarez",
        None,
    ),
]


@pytest.mark.parametrize(("text", "cue", "kind", "name", "ally"), SPEAKERS)
def test_speaker(
    nlp: Any, text: str, cue: str, kind: EntityKind, name: str, ally: str | None
) -> None:
    ext = _extract(nlp, text)
    claim = _claim(ext, cue)
    source = next(e for e in ext.entities if e.key == claim.source)
    assert (source.kind, source.name) == (kind, name)
    allies = {_name(ext, r.object) for r in ext.relations if r.subject == source.key}
    assert (ally in allies) if ally else True


def test_a_reporting_verb_inside_a_quote_is_not_turned_round(nlp: Any) -> None:
    # '"…," she said' makes the quote's verb the content; a verb of telling inside the
    # quote ("we will be asking") is somebody's words, not a claim about "saying"
    ext = _extract(
        nlp,
        'The union issued a statement saying "We will be asking hard questions about the cuts."',
    )
    assert [c.cue.text for c in ext.claims] == ["saying"]
    assert _claim(ext, "saying").content.text.startswith("We will be asking")


def test_speakers_coordinated_make_a_group(nlp: Any) -> None:
    ext = _extract(
        nlp, "Senators Dianne Feinstein and Charles Grassley said the hearings would go on."
    )
    claim = _claim(ext, "said")
    group = next(e for e in ext.entities if e.key == claim.source)
    assert group.kind is EntityKind.GROUP
    assert group.size == 2
    members = {_name(ext, r.subject) for r in ext.relations if r.object == group.key}
    assert members == {"Dianne Feinstein", "Charles Grassley"}


@pytest.mark.parametrize(
    ("text", "action", "patient"),
    [
        # "<place> based <company>" parsed with the place as the object
        (
            "The navy selected San Diego based General Atomics to build the drones.",
            "select",
            "General Atomics",
        ),
        ("The city sued Denver based Apex Mining on Monday.", "sue", "Apex Mining"),
        (
            "When the ministry picked Toronto based Maple Rail in March, rivals protested.",
            "pick",
            "Maple Rail",
        ),
        # a place as the object stays the object
        ("The band toured Chicago in May.", "tour", "Chicago"),
    ],
)
def test_the_patient_of_a_place_based_company(
    nlp: Any, text: str, action: str, patient: str
) -> None:
    ext = _extract(nlp, text)
    event = next(e for e in ext.events if e.lemma == action)
    assert _name(ext, event.patient) == patient


def test_a_model_code_of_letters_stays_with_its_product(nlp: Any) -> None:
    # "iPhone 3GS" is one product, not the iPhone; "the 3GS" later is the same one
    ext = _extract(nlp, "The iPhone 3GS sold well, but the 3GS had a weak antenna.")
    [product] = [e for e in ext.entities if e.kind is EntityKind.PRODUCT]
    assert [m.text for m in product.mentions] == ["iPhone 3GS", "3GS"]


@pytest.mark.parametrize(
    "text",
    [
        'Formerly "iPhone OS," the system was renamed in June.',
        "The update to iPad OS arrives on Monday.",
    ],
)
def test_an_operating_system_keeps_its_os(nlp: Any, text: str) -> None:
    # "OS" after a brand names the system, not the device: "iPhone OS" is not the iPhone
    ext = _extract(nlp, text)
    names = [e.name for e in ext.entities if e.kind is EntityKind.PRODUCT]
    assert any(n.endswith(" OS") for n in names), names
    assert "iPhone" not in names and "iPad" not in names


@pytest.mark.parametrize(
    ("text", "cue", "source", "content"),
    [
        (
            "The senator rejected allegations by two former aides that he had misused funds.",
            "allegations",
            "two former aides",
            "that he had misused funds",
        ),
        (
            "Senator Ruiz's claim that the vote was rigged drew criticism.",
            "claim",
            "Ruiz",
            "that the vote was rigged",
        ),
        (
            "The club answered reports by several fans of overcrowding.",
            "reports",
            "several fans",
            "overcrowding",
        ),
    ],
)
def test_a_claim_named_by_a_noun(nlp: Any, text: str, cue: str, source: str, content: str) -> None:
    ext = _extract(nlp, text)
    claim = _claim(ext, cue)
    assert claim.content.text == content
    assert claim.source_mention is not None and claim.source_mention.text.endswith(
        source.split()[-1]
    )


def test_a_claim_named_by_a_noun_needs_somebody_who_makes_it(nlp: Any) -> None:
    # "The statement that …" of nobody the text names is no claim
    ext = _extract(nlp, "The statement that taxes would fall was welcomed by markets.")
    assert [c.cue.text for c in ext.claims] == []


def test_a_verb_with_its_own_parties_is_not_an_earlier_noun_of_its_action(nlp: Any) -> None:
    # "the 2015 agreement" (Iran's) and, a sentence on, "Greece agreed a bailout": two
    text = (
        "Iran signed the 2015 agreement with six world powers.\n"
        "In 2015, Greece agreed a bailout with its European creditors.\n"
        "The agreement lifted most sanctions."
    )
    ext = _extract(nlp, text)
    agreements = [e for e in ext.events if e.lemma == "agree"]
    assert len(agreements) == 2
    greek = next(e for e in agreements if e.agent)
    assert _name(ext, greek.agent) == "Greece"
    assert [m.text for m in greek.mentions] == []  # "The agreement" went to the first one
    first = next(e for e in agreements if e is not greek)
    assert [m.text for m in first.mentions] == ["agreement"]


def test_the_rival_company_is_not_the_one_just_named(nlp: Any) -> None:
    ext = _extract(
        nlp,
        "Halvorsen Group agreed to buy Brightline Foods. The rival company said it would not bid.",
    )
    assert _name(ext, _claim(ext, "said").source) is None


def test_the_outlet_named_in_its_own_article_is_an_organisation(nlp: Any) -> None:
    """ "told Global Wire" in an article Global Wire publishes (the tagger says a person)."""
    text = "CEO Ingrid Solberg told Global Wire the acquisition would double its presence."
    ext = extract_article(Article(id="t", text=text, publisher="Global Wire"), nlp)
    kinds = {e.name: e.kind for e in ext.entities}
    assert kinds.get("Global Wire") is EntityKind.ORGANIZATION
    assert kinds.get("Ingrid Solberg") is EntityKind.PERSON


@pytest.mark.parametrize(
    ("text", "action", "patient"),
    [
        (
            "A federal jury found former mayor Thomas Hale guilty of taking bribes.",
            "convict",
            "Thomas Hale",
        ),
        ("The jury found Thomas Hale not guilty on all counts.", "acquit", "Thomas Hale"),
    ],
)
def test_a_verdict_is_a_conviction_or_an_acquittal(
    nlp: Any, text: str, action: str, patient: str
) -> None:
    ext = _extract(nlp, text)
    [verdict] = [e for e in ext.events if e.lemma in ("convict", "acquit", "find")]
    assert verdict.lemma == action
    assert _name(ext, verdict.patient) == patient
