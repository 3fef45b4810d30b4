"""Every word list the extractor reads, once: the vocabulary of news text the rules know.

The rules live beside the code that applies them (:mod:`.entities`, :mod:`.names`,
:mod:`.events`, :mod:`.claims`, :mod:`.questions`, :mod:`.times`, :mod:`.quantities`); the
words they match live here, so that adding a word is one edit and no list is kept twice.
The number-word table is shared with the evaluator (:mod:`storygraph.evaluate.numbers`).
"""

from __future__ import annotations

import calendar

__all__ = [
    "ANOTHER_ONE",
    "APPROXIMATIONS",
    "BODY_WORDS",
    "COLLECTIVES",
    "COPULAS",
    "CORPORATE_SUFFIXES",
    "CURRENCIES",
    "DESCRIPTION_NAME_WORDS",
    "DISCLOSE",
    "DIVISION_WORDS",
    "DOC_NOUNS",
    "DOC_REFERRING",
    "ELECTION_DAY",
    "EVENT_NOUNS",
    "EVENT_OR_PRODUCT_LAST_WORDS",
    "EVENT_VERBS_ALWAYS",
    "FEMALE_HONORIFICS",
    "FUTURE_FRAMES",
    "GENERIC_FIRST_WORDS",
    "GENERIC_UNIT_HEADS",
    "GIVEN_NAME_FORMS",
    "HOLIDAYS",
    "HONORIFICS",
    "INDEX_HEADS",
    "INSTITUTIONS",
    "LIGHT_VERBS",
    "MALE_HONORIFICS",
    "MEASURE_UNITS",
    "MEMBER_BODIES",
    "MODAL_FUTURE",
    "MODAL_POSSIBLE",
    "MONTHS",
    "NAMED_DESCRIPTIONS",
    "NAME_PARTICLES",
    "NAME_SUFFIXES",
    "NOMINAL_CUES",
    "NOT_A_BUSINESS",
    "NUMBER_WORDS",
    "ORDINALS",
    "ORGANIZATION_LAST_WORDS",
    "ORGANIZATION_NAME_ENDINGS",
    "ORGANIZATION_NOUNS",
    "ORG_DESCRIPTIONS",
    "PARTS_OF_DAY",
    "PERSON_NOUNS",
    "PERSON_TAGGED_PRODUCT_NOUNS",
    "PERSON_TITLES",
    "PLACE_ALIASES",
    "PLACE_NOUNS",
    "PRODUCT_NOUNS",
    "PRONOUNS_PERSON",
    "PRONOUNS_PLURAL",
    "PRONOUNS_SINGULAR_ORG",
    "PRONOUN_GENDER",
    "REPORTING",
    "REPORTING_NOMINAL",
    "REPORTING_TO",
    "SCALE_ABBREVIATIONS",
    "SCALE_LETTERS",
    "SCALE_WORDS",
    "SEASONS",
    "SETS",
    "SET_TRIGGERS",
    "SOURCE_NOUNS",
    "SPOKESPEOPLE",
    "TEMPORAL_PREPOSITIONS",
    "TIME_COUNT_WORDS",
    "TIME_UNITS",
    "UNACCUSATIVE",
    "UNIT_HEADS",
    "WEAK_TITLES",
    "WEEKDAYS",
]


def _listed(text: str) -> tuple[str, ...]:
    """The whitespace-separated words of ``text``, in order."""
    return tuple(text.split())


def _words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` as a set."""
    return frozenset(_listed(text))


# -- numbers -------------------------------------------------------------------------------
_ONES = _listed(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
_TENS = _listed("twenty thirty forty fifty sixty seventy eighty ninety")
#: Number words and their values, one to ninety, and a dozen: the one number table.
NUMBER_WORDS: dict[str, int] = {
    **{word: n for n, word in enumerate(_ONES, start=1)},
    **{word: 10 * n for n, word in enumerate(_TENS, start=2)},
    "dozen": 12,
}
#: Words that multiply the number before them ("two hundred", "40 billion").
SCALE_WORDS: dict[str, int] = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
#: Their abbreviations in financial news ("15bn", "€40mn").
SCALE_ABBREVIATIONS: dict[str, int] = {
    "mn": 1_000_000,
    "bn": 1_000_000_000,
    "tn": 1_000_000_000_000,
}
#: One-letter scales, read only right after digits ("$40m", "7k").
SCALE_LETTERS: dict[str, int] = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000}
#: Units of measure a quantity keeps ("3.5 km", "40 feet"), by the symbol it is stored as.
MEASURE_UNITS: dict[str, str] = {
    **dict.fromkeys(("km", "kilometer", "kilometers", "kilometre", "kilometres"), "km"),
    **dict.fromkeys(("m", "meter", "meters", "metre", "metres"), "m"),
    **dict.fromkeys(("cm", "centimeter", "centimeters", "centimetre", "centimetres"), "cm"),
    **dict.fromkeys(("mm", "millimeter", "millimeters", "millimetre", "millimetres"), "mm"),
    **dict.fromkeys(("mi", "mile", "miles"), "mi"),
    **dict.fromkeys(("ft", "foot", "feet"), "ft"),
    **dict.fromkeys(("inch", "inches"), "in"),
    **dict.fromkeys(("yd", "yard", "yards"), "yd"),
    **dict.fromkeys(("kg", "kilogram", "kilograms", "kilo", "kilos"), "kg"),
    **dict.fromkeys(("g", "gram", "grams"), "g"),
    **dict.fromkeys(("lb", "lbs", "pound", "pounds"), "lb"),
    **dict.fromkeys(("t", "tonne", "tonnes", "ton", "tons"), "t"),
    **dict.fromkeys(("l", "liter", "liters", "litre", "litres"), "l"),
    **dict.fromkeys(("gallon", "gallons"), "gal"),
    **dict.fromkeys(("barrel", "barrels"), "bbl"),
    **dict.fromkeys(("acre", "acres"), "acre"),
    **dict.fromkeys(("hectare", "hectares", "ha"), "ha"),
    **dict.fromkeys(("mph",), "mph"),
    **dict.fromkeys(("km/h", "kph"), "km/h"),
    **dict.fromkeys(("mw", "megawatt", "megawatts"), "MW"),
    **dict.fromkeys(("gw", "gigawatt", "gigawatts"), "GW"),
    **dict.fromkeys(("gb", "gigabyte", "gigabytes"), "GB"),
    **dict.fromkeys(("tb", "terabyte", "terabytes"), "TB"),
}
#: Currency symbols and words, by ISO code; the first that a text contains wins.
CURRENCIES: dict[str, str] = {
    **dict.fromkeys(("$", "us$", "usd", "dollar", "dollars"), "USD"),
    **dict.fromkeys(("€", "eur", "euro", "euros"), "EUR"),
    **dict.fromkeys(("£", "gbp", "pound", "pounds"), "GBP"),
    **dict.fromkeys(("¥", "yen"), "JPY"),
    "yuan": "CNY",
    "rupees": "INR",
}
#: Words before or inside an amount that make it approximate, by the approximation they
#: state ("more than" is read from "more"; "than", "to" and "just" state none on their own).
APPROXIMATIONS: dict[str, str | None] = {
    "roughly": "about",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "nearly": "almost",
    "almost": "almost",
    "some": "about",
    "over": "more than",
    "more": "more than",
    "than": None,
    "less": "less than",
    "fewer": "less than",
    "under": "less than",
    "least": "at least",
    "up": "up to",
    "to": None,
    "just": None,
}

# -- time ----------------------------------------------------------------------------------
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
#: The amounts a time expression counts in ("three weeks", "a few days"), in the order the
#: time pattern tries them; the vague ones ("several") count as unknown.
TIME_COUNT_WORDS = (
    "a",
    "an",
    *_ONES[:12],
    "fifteen",
    *_TENS[:4],
    "a couple of",
    "several",
    "a few",
    "few",
)
#: Calendar units and their TimeML duration code; True for units of the clock (``PT…``).
TIME_UNITS: dict[str, tuple[str, bool]] = {
    "second": ("S", True),
    "minute": ("M", True),
    "hour": ("H", True),
    "day": ("D", False),
    "night": ("D", False),
    "week": ("W", False),
    "month": ("M", False),
    "year": ("Y", False),
    "decade": ("DE", False),
    "century": ("CE", False),
    "quarter": ("Q", False),
}
#: TIMEX3 SET values: the period ("P1Y" for annual) as TimeML writes them; a quarter is
#: written as the calendar pattern XXXX-QX.
SETS: dict[str, str] = {
    **dict.fromkeys(("daily", "every day", "a day"), "P1D"),
    **dict.fromkeys(("weekly", "every week", "a week"), "P1W"),
    **dict.fromkeys(("monthly", "every month"), "P1M"),
    **dict.fromkeys(("quarterly", "every quarter"), "XXXX-QX"),
    **dict.fromkeys(
        ("annually", "annual", "yearly", "every year", "each year", "a year", "per year"), "P1Y"
    ),
}
#: SET phrases that are a set only after an amount ("15 a year"), else a duration.
SET_TRIGGERS = ("a day", "a week", "a year", "per year")
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
#: Ordinal words of quarters and halves ("the third quarter", "first-half").
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}
#: US holidays by name: a fixed (month, day), or (month, weekday, n) for the n-th weekday of
#: the month (Monday = 0; n = -1 for the last one, as for Memorial Day).
HOLIDAYS: dict[str, tuple[int, int] | tuple[int, int, int]] = {
    **dict.fromkeys(("new year's day", "new years day", "new year's"), (1, 1)),
    "new year's eve": (12, 31),
    **dict.fromkeys(("martin luther king day", "martin luther king jr. day", "mlk day"), (1, 0, 3)),
    **dict.fromkeys(("presidents day", "presidents' day", "president's day"), (2, 0, 3)),
    **dict.fromkeys(("valentine's day", "valentines day"), (2, 14)),
    "memorial day": (5, 0, -1),
    "juneteenth": (6, 19),
    **dict.fromkeys(("independence day", "the fourth of july", "fourth of july"), (7, 4)),
    "labor day": (9, 0, 1),
    "columbus day": (10, 0, 2),
    "halloween": (10, 31),
    **dict.fromkeys(("veterans day", "veterans' day"), (11, 11)),
    **dict.fromkeys(("thanksgiving", "thanksgiving day"), (11, 3, 4)),
    **dict.fromkeys(("christmas eve",), (12, 24)),
    **dict.fromkeys(("christmas", "christmas day"), (12, 25)),
}
#: Prepositions that place a time expression in the time of their verb ("on Tuesday").
TEMPORAL_PREPOSITIONS = _words("on in at during by before after since until till through over")
#: Verbs whose infinitive complement is about the future ("is set to begin", "plans to").
FUTURE_FRAMES = _words("set schedule expect due plan intend slate poise aim")
#: Election Day: the Tuesday after the first Monday of November (read by the time rules).
ELECTION_DAY = ("election day", "election night")
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}

# -- entities ------------------------------------------------------------------------------
#: Heads of a unit's name ("the AI team", "the Superintelligence Labs division").
UNIT_HEADS = _words("team unit division committee lab taskforce")
#: Unit heads that describe a unit without naming it ("the unit", "a task force").
GENERIC_UNIT_HEADS = _words("unit division taskforce") | {"task force"}
DOC_NOUNS = _words("memo memorandum report letter email e-mail filing document dossier note")
#: Nouns that refer back to a document already mentioned.
DOC_REFERRING = DOC_NOUNS | {"message", "communication"}
#: Nouns for people that, counted or defined, make a group ("7,000 engineers").
PERSON_NOUNS = _words(
    "engineer employee worker staff staffer people person member developer researcher "
    "scientist executive manager soldier passenger customer user student teacher doctor "
    "nurse officer pilot resident citizen voter investor shareholder analyst job contractor "
    "volunteer journalist reporter programmer designer consumer individual buyer shopper "
    "fan viewer reader patient parent judge juror lawyer attorney prosecutor expert player "
    "commuter protester witness"
)
#: Roles whose work is to speak for an organisation: "a Meta spokesperson said" is Meta's voice.
SPOKESPEOPLE = _words("spokesperson spokesman spokeswoman spokespeople representative")
#: Nouns for a collective of people: "a group of politicians", "a number of analysts".
COLLECTIVES = _words("group number handful team panel coalition delegation couple")
#: Head words of institutions' names: "the ministry" is the one named nearby with that word
#: ("Interior Ministry", "Justice Department", "Supreme Court").
INSTITUTIONS = _words(
    "ministry department agency court commission council bureau embassy committee parliament senate "
    "service"
)
#: What "the company" can mean: descriptions that refer back to an organisation.
ORG_DESCRIPTIONS = _words(
    "company firm group carrier airline manufacturer maker giant corporation business "
    "startup conglomerate planemaker automaker carmaker chipmaker drugmaker bank lender "
    "insurer supplier retailer utility operator provider chain broadcaster club"
)
#: Bodies of members: organisations, one-word names that are no person, and descriptions
#: that refer back to the one named with the word ("the union" → "Rail and Transport Union").
MEMBER_BODIES = _words("union party association federation league")
#: Nouns for a kind of organisation: the name apposed to one or compounded with it is an
#: organisation's ("the energy regulator, Ofgas", "consumer group Fair Bills").
ORGANIZATION_NOUNS = (
    ORG_DESCRIPTIONS
    | INSTITUTIONS
    | MEMBER_BODIES
    | _words(
        "regulator watchdog charity organisation organization institute university foundation "
        "fund newspaper broadcaster network"
    )
)
#: What else a description of an organisation can find in the name it refers back to ("the
#: regulator" → "Medicines Safety Agency"; "the union" → "Rail and Transport Union", by its
#: own word, as "the ministry" → "Interior Ministry").
DESCRIPTION_NAME_WORDS = {
    "regulator": _words("regulator agency authority commission administration office"),
    "watchdog": _words("watchdog agency authority commission administration office"),
}
#: Descriptions that refer back only to an organisation named with one of those words.
NAMED_DESCRIPTIONS = INSTITUTIONS | MEMBER_BODIES | frozenset(DESCRIPTION_NAME_WORDS)
#: Words of a name that make it no business: "the company" never refers back to the "Civil
#: Space Authority" or the "Meridian Space Agency".
NOT_A_BUSINESS = NAMED_DESCRIPTIONS | _words(
    "authority agency administration office government police university school hospital"
)
#: Words that name a body of people and make a one-word name no person ("the Workers'
#: Alliance" tagged "Alliance", a person).
BODY_WORDS = MEMBER_BODIES | _words("alliance coalition movement front council committee")
#: Nouns for a kind of product: a name apposed to one or compounded with it is a product's
#: ("its blood pressure medicine Cardiol", "Cardiol, a widely used drug").
PRODUCT_NOUNS = _words(
    "drug medicine medication vaccine pill tablet smartphone phone handset laptop console "
    "jetliner airliner aircraft plane app software browser chip processor device gadget"
)
#: Nouns after a name that make the name a place's ("the Larkfield road", "the Kestrel Point
#: spaceport"), where the tagger took it for a person or an organisation.
PLACE_NOUNS = _words("road street avenue bridge river airport spaceport harbour motorway highway")
#: Nouns after a name tagged a person that make it a product's ("its Vela rocket"); not the
#: vehicles and aircraft that their makers' names compound ("Sukhoi aircraft", "Tesla cars").
PERSON_TAGGED_PRODUCT_NOUNS = _words(
    "rocket satellite drug medicine medication vaccine pill smartphone phone app software browser"
)
#: Modifiers that make "the … company" another one than the one just named ("the rival
#: company", "the parent company").
ANOTHER_ONE = _words(
    "other another rival competing second third new former parent sister smaller larger "
    "bigger biggest largest smallest different same target acquiring merged combined"
)
#: Last words of a name that make it an event or a product of an organisation, not the
#: organisation ("Apple Worldwide Developers Conference", "Apple TV").
EVENT_OR_PRODUCT_LAST_WORDS = _words(
    "conference summit forum awards festival expo show cup games championship tournament "
    "tv store stores app"
)
#: Words that end an organisation's legal name and are not part of how it is called.
CORPORATE_SUFFIXES = _words(
    "inc incorporated corp corporation co ltd limited llc plc ag sa nv gmbh holdings group "
    "platforms company"
)
#: Last words of an organisation's name that no person's name ends with: legal forms and
#: sports clubs' ("Acme Inc", "Riverside United", "Lakeside FC").
ORGANIZATION_LAST_WORDS = CORPORATE_SUFFIXES | _words(
    "united fc afc cf sc rovers athletic wanderers albion hotspur"
)
#: Titles before a person's name ("Spokeswoman Sandy Angers"), lowercased, without a dot.
PERSON_TITLES = _words(
    "mr mrs ms dr prof sir dame president vice-president chairman chairwoman chairperson "
    "spokesman spokeswoman spokesperson ceo cfo coo minister secretary senator sen rep "
    "governor gov judge justice general gen captain capt chief director executive king queen "
    "prince princess pope mayor analyst founder pilot"
)
#: Honorifics and abbreviated titles (lowercased, without the dot): before a name they always
#: mark a person ("Mr. Ford", "Sen. Grassley").
HONORIFICS = _words(
    "mr mrs ms miss dr prof sir dame sen rep gov gen capt lt col sgt adm maj cmdr rev fr hon supt"
)
#: Honorifics that say the person is a woman or a man ("Mrs. Clinton" is not "Mr. Clinton").
FEMALE_HONORIFICS = _words("mrs ms miss dame")
MALE_HONORIFICS = _words("mr sir")
#: Titles that also begin names of organisations ("General Motors", "Justice Department",
#: "Executive Jet") or describe rather than name: inside or before a span the tagger calls
#: an organisation they are not evidence of a person.
WEAK_TITLES = _words(
    "general chief executive director analyst founder pilot justice king queen prince princess"
)
#: Lower-case particles inside personal names ("Erik ten Hag", "Charles de Gaulle").
NAME_PARTICLES = _words("van von der den de del della di da dos du la le ten ter bin ibn al el")
#: Generational and degree suffixes after a personal name ("Martin Luther King Jr.").
NAME_SUFFIXES = _words("jr sr ii iii iv phd md esq")


def _forms(text: str) -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for entry in text.split(";"):
        short, _, full = entry.partition(":")
        for name in short.split():
            table[name] = tuple(full.split())
    return table


#: English short forms of given names and the names they shorten ("Tom" → Thomas; "Chris"
#: → Christopher, Christine, …): "Tom Hale" and "Thomas R. Hale" may be one person.
GIVEN_NAME_FORMS: dict[str, tuple[str, ...]] = _forms(
    "tom tommy: thomas; bill billy will willy: william; bob bobby rob robbie: robert;"
    "jim jimmy jamie: james; mike mikey mick: michael; dick rick ricky rich richie: richard;"
    "joe joey: joseph; dan danny: daniel; dave davy: david; steve: steven stephen;"
    "chris: christopher christine christina christian; matt: matthew; nick: nicholas;"
    "tony: anthony; ed eddie ted ned: edward; ken kenny: kenneth; ben: benjamin;"
    "sam: samuel samantha; alex: alexander alexandra; andy drew: andrew;"
    "pat: patrick patricia; liz beth betty: elizabeth; kate katie kathy cathy:"
    " katherine catherine kathleen; jenny jen: jennifer; sue: susan;"
    "peggy maggie meg: margaret; bernie: bernard; chuck charlie: charles; larry: lawrence;"
    "jerry: gerald jerome; greg: gregory; jeff: jeffrey; tim: timothy; ron: ronald;"
    "don: donald; doug: douglas; fred: frederick; hank: henry; harry: harold henry;"
    "jack: john; jon: jonathan; al: albert alan alfred; mitch: mitchell;"
    "nate: nathan nathaniel; pete: peter; phil: philip phillip; ray: raymond;"
    "russ: russell; stan: stanley; vince: vincent; walt: walter; wes: wesley;"
    "zach: zachary; abby: abigail; debbie deb: deborah; becky: rebecca; judy: judith;"
    "mandy: amanda; pam: pamela; vicky: victoria; barb: barbara; ginny: virginia"
)
#: Head nouns of a stock index's name ("the Dow Jones Industrial Average").
INDEX_HEADS = ("Industrial Average", "Average", "Index", "Composite", "index", "composite")
PRONOUNS_SINGULAR_ORG = _words("it its")
PRONOUNS_PLURAL = _words("they them their")
#: A person's pronouns and whom each can be.
PRONOUN_GENDER = {"he": "he", "him": "he", "his": "he", "she": "she", "her": "she"}
PRONOUNS_PERSON = frozenset(PRONOUN_GENDER)
#: Short and long names of countries and unions, as news text writes them.
PLACE_ALIASES = {
    **dict.fromkeys(
        ["U.S.", "US", "U.S.A.", "USA", "United States of America", "the United States"],
        "United States",
    ),
    **dict.fromkeys(["UK", "U.K.", "Britain", "Great Britain"], "United Kingdom"),
    **dict.fromkeys(["EU", "E.U."], "European Union"),
    **dict.fromkeys(["UAE", "U.A.E."], "United Arab Emirates"),
    **dict.fromkeys(["PRC"], "China"),
}
#: First words of a long name too common to stand for it alone ("United", "New").
GENERIC_FIRST_WORDS = _words(
    "the new united american general national first international british european china "
    "chinese north south east west global royal air world us u.s. st saint san los las le la"
)
#: Words that make an organisation's longer name a part or kind of it ("Boeing Commercial
#: Airplanes", "Apple Corps", "Goldman Sachs Asset Management"), not its full name.
DIVISION_WORDS = _words(
    "commercial airplanes aircraft defense defence space aerospace security systems services "
    "capital energy financial finance holdings group international global ventures labs "
    "laboratories research entertainment studios records music pictures media network "
    "networks foundation bank banking insurance health pharma pharmaceuticals technologies "
    "technology solutions communications telecom telecoms electronics motors airlines airways "
    "corps computer "
    "computers software devices brands retail stores asset management investments partners "
    "trust fund university college institute school hospital north south east west america "
    "europe asia africa australia canada china japan india uk us usa"
)
#: Last words of an organisation's name that no person's name ends with: legal forms, sports
#: clubs' and the kinds of business ("Corvane Telecom", "Veltra Energy", "Halden Labs" tagged
#: a person); not the places of DIVISION_WORDS ("Boeing North America").
ORGANIZATION_NAME_ENDINGS = ORGANIZATION_LAST_WORDS | (
    DIVISION_WORDS
    - _words("north south east west america europe asia africa australia canada china japan")
    - _words("india uk us usa")
)

# -- events and claims ---------------------------------------------------------------------
#: Verbs whose "it" subject can stand for a clause that follows ("It remains unclear …").
COPULAS = _words("be seem remain appear become")
#: Verbs that carry no event of their own in news text (copulas, opinions, perception).
LIGHT_VERBS = _words(
    "be do seem appear become let matter mean think know want need look watch see include "
    "suggest indicate frame tell"
)
#: Verbs whose subject, when they take no object, undergoes the event (PropBank Arg1):
#: "shares fell", "the index closed higher", "the talks collapsed", "the trial began".
UNACCUSATIVE = _words(
    "fall rise drop decline climb jump surge plunge slide slip tumble soar sink dip rebound "
    "recover increase decrease grow shrink close open collapse "
    "crash die arrive occur happen change break explode burn fluctuate edge slump"
)
EVENT_VERBS_ALWAYS = _words("tell")  # a telling is an event even though "tell" is light
#: Reporting verbs (saying, stating, believing, writing) and the stance they give the claim
#: they introduce: the one reporting lexicon. Verbs of believing and expecting report a
#: stance of their subject ("analysts expect", "she believes") and so attribute too.
REPORTING: dict[str, str] = {
    **dict.fromkeys(
        _listed(
            "say tell report state describe call write announce add note explain claim "
            "reveal insist argue warn allege assert declare maintain contend stress emphasize "
            "emphasise mention remark observe comment reply respond answer testify tweet post "
            "predict promise vow pledge suggest indicate signal believe think expect fear hope "
            "estimate conclude recall recount caution urge ask accuse charge complain "
            "disclose boast joke quip speculate advise assure inform remind notify brief "
            "counter agree"
        ),
        "asserts",
    ),
    **dict.fromkeys(_listed("confirm acknowledge concede admit affirm verify"), "confirms"),
    **dict.fromkeys(_listed("deny dispute reject refute rebut contradict dismiss"), "denies"),
}
#: Reporting verbs whose noun object is itself what is said ("confirmed the policy shift",
#: "denied the allegations"); the others report only a clause ("added that …"), so that
#: "added 200 jobs" or "expects a baby" is no claim.
REPORTING_NOMINAL = _words(
    "confirm deny dispute reject refute rebut contradict dismiss announce reveal report "
    "describe call disclose acknowledge admit concede predict promise pledge allege claim "
    "verify affirm accuse charge"
)
#: Nouns that name a claim: "allegations by X that …", "X's claim that …".
NOMINAL_CUES = _words(
    "report claim allegation accusation assertion statement warning complaint denial "
    "suggestion charge"
)
#: Reporting verbs whose object is the person told ("told lawmakers that …").
REPORTING_TO = _words("tell inform assure warn remind notify brief advise urge ask")
#: Head nouns of an unnamed or descriptive source ("an official familiar with the matter",
#: "two law enforcement officials", "aides", "allies of the director"), beyond the people
#: nouns of PERSON_NOUNS.
SOURCE_NOUNS = _words(
    "source insider analyst official aide ally adviser advisor spokesperson spokesman "
    "spokeswoman representative lawyer attorney prosecutor investigator agent detective "
    "expert critic supporter opponent observer lawmaker legislator senator congressman congresswoman "
    "diplomat economist strategist operative donor delegate activist organizer protester "
    "juror witness neighbor neighbour friend colleague relative associate confidant "
    "participant attendee leader chief head authority police trader banker consultant "
    "historian scholar academic pollster campaign camp family "
    "insurer regulator negotiator mediator commentator resident victim survivor "
    "owner partner member office"
)
#: Verbs of telling that, negated ("did not disclose"), leave an open question.
DISCLOSE = _words(
    "disclose detail specify say reveal explain comment confirm elaborate identify provide "
    "release share"
)
#: Nouns that name an event, and the verb of that event ("the reversal" → reverse).
EVENT_NOUNS: dict[str, str] = {
    "reversal": "reverse",
    "reassignment": "reassign",
    "assignment": "assign",
    "reallocation": "reallocate",
    "announcement": "announce",
    "decision": "decide",
    "layoff": "lay off",
    "acquisition": "acquire",
    "merger": "merge",
    "delivery": "deliver",
    "sale": "sell",
    "flight": "fly",
    "departure": "depart",
    "arrival": "arrive",
    "approval": "approve",
    "agreement": "agree",
    "discussion": "discuss",
    "talks": "talk",
    "replacement": "replace",
    "development": "develop",
    "production": "produce",
    "investigation": "investigate",
    "lawsuit": "sue",
    "election": "elect",
    "meeting": "meet",
    "trial": "try",
    "choice": "choose",
    "expansion": "expand",
    "closure": "close",
    "resignation": "resign",
    "appointment": "appoint",
    # nouns that are their own verb
    **{
        noun: noun
        for noun in _listed(
            "transfer retreat launch order purchase crash delay cut shift change move deal ban "
            "protest dispute tour plan bid strike attack visit test recall release hire"
        )
    },
}
MODAL_POSSIBLE = _words("could might may can would")
MODAL_FUTURE = _words("will shall 'll wo")
