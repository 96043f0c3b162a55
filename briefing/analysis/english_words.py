"""The English analyzer's word lists: spelling variants, synonyms, question vocabulary.

Pure data, no logic: `briefing.analysis.english` applies these tables to documents and
questions alike, so a new synonym or a new way of asking is one line here, not a code change.
Nothing in here names a particular document; the place list is general geography used to
notice questions about places the store holds no facts for.
"""

from __future__ import annotations

from briefing.geography import CITIES, OTHER_CITIES, PROVINCES
from briefing.kinds import Want
from briefing.views import Direction, OrderBy, Ranking


def _split(text: str) -> list[str]:
    return text.split()


# British → American spellings (whole words, after lower-casing). The suffix rule below covers
# the regular "-isation" family; this table holds the rest.
SPELLING_VARIANTS: dict[str, str] = {
    "digitalisation": "digitalization",
    "digitisation": "digitization",
    "digitalise": "digitalize",
    "digitise": "digitize",
    "digitalised": "digitalized",
    "digitised": "digitized",
    "modernise": "modernize",
    "optimise": "optimize",
    "organise": "organize",
    "prioritise": "prioritize",
    "utilise": "utilize",
    "programme": "program",
    "programmes": "programs",
    "centre": "center",
    "centres": "centers",
    "labour": "labor",
    "tyre": "tire",
    "tyres": "tires",
    "licence": "license",
    "favourable": "favorable",
    "behaviour": "behavior",
    "neighbourhood": "neighborhood",
    "neighbourhoods": "neighborhoods",
    "kilometre": "kilometer",
    "kilometres": "kilometers",
    "metre": "meter",
    "metres": "meters",
}

# Suffix rewrites applied to any word not in SPELLING_VARIANTS: (British suffix, American).
SPELLING_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("isations", "izations"),
    ("isation", "ization"),
)

# Acronyms recognised only in their upper-case form in the original text, because the
# lower-case word means something else ("it", "us").
CASED_ACRONYMS: dict[str, str] = {
    "IT": "information technology",
    "ICT": "information and communications technology",
    "AI": "artificial intelligence",
    "US": "united states",
    "UK": "united kingdom",
}

# Phrase synonyms, applied to lower-cased text on word boundaries, longest phrase first.
# Both the documents and the questions go through them, so either side may use either form.
PHRASE_SYNONYMS: dict[str, str] = {
    # sectors and technologies
    "telecoms": "telecommunications",
    "telecom": "telecommunications",
    "telco": "telecommunications",
    "telcos": "telecommunications",
    "telecommunication": "telecommunications",
    "infotech": "information technology",
    "info tech": "information technology",
    "it services": "information technology services",
    "it service": "information technology service",
    "it industry": "information technology industry",
    "it sector": "information technology sector",
    "software and it": "software and information technology",
    "ai": "artificial intelligence",
    "ic": "integrated circuit",
    "ics": "integrated circuits",
    "chips": "integrated circuits",
    "chip": "integrated circuit",
    "internet of things": "iot",
    "ict": "information and communications technology",
    "e commerce": "ecommerce",
    "electronic commerce": "ecommerce",
    "electronics": "electronic",
    "web": "internet",
    "online": "internet",
    "govt": "government",
    "gov": "government",
    "digitization": "digitalization",
    "digitize": "digitalize",
    "digitized": "digitalized",
    "computers": "computer",
    "tv": "television",
    "radio and tv": "radio and television",
    "pc": "computer",
    # periods (before ordinals turn "first" into "1")
    "first half of the year": "h1",
    "first half of this year": "h1",
    "first half year": "h1",
    "first half": "h1",
    "1st half": "h1",
    "second half of the year": "h2",
    "second half of this year": "h2",
    "second half": "h2",
    "2nd half": "h2",
    "half year": "h1",
    "first quarter": "q1",
    "second quarter": "q2",
    "third quarter": "q3",
    "fourth quarter": "q4",
    # measures
    "operating revenue": "revenue",
    "operating revenues": "revenue",
    "operating income": "revenue",
    "revenues": "revenue",
    "sales": "revenue",
    "turnover": "revenue",
    "income": "revenue",
    "earnings": "revenue",
    "earn": "revenue",
    "earned": "revenue",
    "output value": "output",
    "gross output": "output",
    "output values": "output",
    "yoy": "year on year",
    "y o y": "year on year",
    "yy": "year on year",
    "yoy growth": "year on year growth",
    "year over year": "year on year",
    "year to year": "year on year",
    "annual growth": "year on year growth",
    "growth rate": "growth",
    "rate of growth": "growth",
    "percent": "percent",
    "per cent": "percent",
    "pct": "percent",
    # units and scales
    "bn": "billion",
    "bln": "billion",
    "mn": "million",
    "mln": "million",
    "tn": "trillion",
    "trn": "trillion",
    "rmb": "yuan",
    "cny": "yuan",
    "renminbi": "yuan",
    # places written several ways
    "tsingtao": "qingdao",
    "peking": "beijing",
    "canton": "guangzhou",
    "prc": "china",
    "usa": "united states",
    "america": "united states",
    "britain": "united kingdom",
}

# Irregular word forms folded to one stem before suffix stripping.
IRREGULAR_FORMS: dict[str, str] = {
    "grew": "grow",
    "grown": "grow",
    "rose": "rise",
    "risen": "rise",
    "made": "make",
    "built": "build",
    "held": "hold",
    "people": "person",
    "news": "news",
}

NUMBER_WORDS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}

ORDINAL_WORDS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "twentieth": 20,
}

# Multipliers folded into the number before them ("five thousand" → 5000); larger scales stay
# words because documents state them as words ("11.25 billion").
NUMBER_MULTIPLIERS: dict[str, int] = {"hundred": 100, "thousand": 1000}

# Words that carry no meaning for matching.
STOPWORDS: frozenset[str] = frozenset(
    _split(
        """
    a an the of in on at to for from by with and or but as into onto over under about than
    is are was were be been being am do does did done doing have has had having
    what whats which who whom whose when where why how
    this that these those there here it its it's they them their we our us you your i me my
    he she his her him
    tell show give let know find get got please could would should can may might must shall
    kindly want need like just also so then now still yet ever even only very really
    s t d ll re ve m
    any some all each every much many more most less least such same other another
    if whether not no yes ok okay hi hello hey thanks thank
    according say said says reported report reports figure figures number numbers stat stats
    statistic statistics info latest current currently recent recently
    year years period
    among between within across during since until via through after before around
    up down out off again further once both few own too nor while whilst per
    got get gets getting go goes went going come came make makes making
    one ones something anything thing things way ways
    exact exactly quote quoted quotes sentence sentences article articles source sources
    document documents text verbatim precise wording paragraph briefly details detail
    """
    )
)

# Generic words that may appear in a question without naming the measure; they count for
# little when matching and are dropped entirely from "which X ..." aggregate questions.
SOFT_WORDS: frozenset[str] = frozenset(
    _split(
        """
    industry industries sector sectors field fields area areas business businesses
    total overall amount value level size city cities region province country place
    category categories type kind segment segments branch market markets list lists
    release released releases publish published issue issued announce announced launch
    launched hold held take took taken happen happened occur occurred send sent
    undergo underwent undergone achieve achieved reach reached hit record recorded register
    registered post posted see saw seen experience experienced become became receive received
    implement implemented implementing carry carried conduct conducted do doing have
    scale percentage proportion ratio volume
    generate generated generates generating produce produced use used uses using attract
    attracted bring brought create created provide provided
    """
    )
)

# What the question asks for: phrase → want. Longest phrase wins.
WANT_PHRASES: dict[str, Want] = {
    "how fast": Want.GROWTH,
    "how quickly": Want.GROWTH,
    "growth": Want.GROWTH,
    "grow": Want.GROWTH,
    "growing": Want.GROWTH,
    "grows": Want.GROWTH,
    "grew": Want.GROWTH,
    "grown": Want.GROWTH,
    "rose": Want.GROWTH,
    "risen": Want.GROWTH,
    "increases": Want.GROWTH,
    "expands": Want.GROWTH,
    "climbed": Want.GROWTH,
    "jumped": Want.GROWTH,
    "surged": Want.GROWTH,
    "up by": Want.GROWTH,
    "increase": Want.GROWTH,
    "increased": Want.GROWTH,
    "increasing": Want.GROWTH,
    "rise": Want.GROWTH,
    "rising": Want.GROWTH,
    "expand": Want.GROWTH,
    "expanded": Want.GROWTH,
    "expansion": Want.GROWTH,
    "gain": Want.GROWTH,
    "gained": Want.GROWTH,
    "year on year": Want.GROWTH,
    "change": Want.GROWTH,
    "changed": Want.GROWTH,
    "percent change": Want.GROWTH,
    "how many": Want.COUNT,
    "number of": Want.COUNT,
    "count": Want.COUNT,
    "how much": Want.AMOUNT,
    "how big": Want.AMOUNT,
    "how large": Want.AMOUNT,
    "worth": Want.AMOUNT,
    "amount of": Want.AMOUNT,
    "size of": Want.AMOUNT,
    "rank": Want.RANK,
    "ranked": Want.RANK,
    "ranking": Want.RANK,
    "rankings": Want.RANK,
    "ranks": Want.RANK,
    "position": Want.RANK,
    "placed": Want.RANK,
    "what place": Want.RANK,
    "which place": Want.RANK,
    "target": Want.TARGET,
    "targets": Want.TARGET,
    "goal": Want.TARGET,
    "goals": Want.TARGET,
    "aim": Want.TARGET,
    "aims": Want.TARGET,
    "plan": Want.TARGET,
    "plans": Want.TARGET,
    "planned": Want.TARGET,
    "will": Want.TARGET,
    "going to": Want.TARGET,
    "want to": Want.TARGET,
    "wants to": Want.TARGET,
    "intend to": Want.TARGET,
    "intends to": Want.TARGET,
    "expect to": Want.TARGET,
    "expects to": Want.TARGET,
    "hope to": Want.TARGET,
    "hopes to": Want.TARGET,
    "strive": Want.TARGET,
    "expected to": Want.TARGET,
    "how far": Want.TARGET,  # "how far is Harbin from its 5G goal": a target with progress
    "how close": Want.TARGET,
    "progress toward": Want.TARGET,
    "progress towards": Want.TARGET,
    "when": Want.DATE,
    "what date": Want.DATE,
    "which date": Want.DATE,
    "what day": Want.DATE,
    "which day": Want.DATE,
    "date": Want.DATE,
    "who": Want.PERSON,
    "whom": Want.PERSON,
    "which person": Want.PERSON,
    "name of": Want.PERSON,
    "who heads": Want.PERSON,
    "who leads": Want.PERSON,
    "who runs": Want.PERSON,
    "who spoke": Want.PERSON,
    "who said": Want.PERSON,
    "spoke for": Want.PERSON,
    "spokesperson": Want.PERSON,
    "spokesman": Want.PERSON,
    "spokeswoman": Want.PERSON,
}

# Superlatives: word → how a ranked answer is ordered. GROWTH orders by the change, VALUE by
# the amount in base units; a growth word in the question turns VALUE into GROWTH.
SUPERLATIVES: dict[str, Ranking] = {
    "fastest": Ranking(OrderBy.GROWTH, Direction.MAX),
    "quickest": Ranking(OrderBy.GROWTH, Direction.MAX),
    "slowest": Ranking(OrderBy.GROWTH, Direction.MIN),
    "largest": Ranking(OrderBy.VALUE, Direction.MAX),
    "biggest": Ranking(OrderBy.VALUE, Direction.MAX),
    "highest": Ranking(OrderBy.VALUE, Direction.MAX),
    "greatest": Ranking(OrderBy.VALUE, Direction.MAX),
    "most": Ranking(OrderBy.VALUE, Direction.MAX),
    "top": Ranking(OrderBy.VALUE, Direction.MAX),
    "leading": Ranking(OrderBy.VALUE, Direction.MAX),
    "smallest": Ranking(OrderBy.VALUE, Direction.MIN),
    "lowest": Ranking(OrderBy.VALUE, Direction.MIN),
    "least": Ranking(OrderBy.VALUE, Direction.MIN),
    "fewest": Ranking(OrderBy.VALUE, Direction.MIN),
    "weakest": Ranking(OrderBy.GROWTH, Direction.MIN),
    "strongest": Ranking(OrderBy.GROWTH, Direction.MAX),
}

# Superlatives that are also ordinary words of a subject ("top 100 cities"): kept as terms.
KEPT_SUPERLATIVES: frozenset[str] = frozenset({"top", "leading"})

COMPARATIVES: frozenset[str] = frozenset(
    _split(
        """
    bigger larger higher more greater faster quicker smaller lower less fewer slower
    """
    )
)

# Phrases that split a comparison into its sides, strongest first.
COMPARISON_SPLITTERS: tuple[str, ...] = (
    " compared with ",
    " compared to ",
    " versus ",
    " vs. ",
    " vs ",
    " against ",
    " with ",
    " or ",
    " and ",
    " than ",
)
COMPARISON_CUES: frozenset[str] = frozenset({"compare", "comparison", "versus", "vs", "compared"})
# Words that ask for the comparison and belong to neither side.
COMPARISON_VERBS: frozenset[str] = frozenset({"compare", "comparison", "comparing"})

# Period words read from a question.
HALF_PHRASES: dict[str, int] = {
    "h1": 1,
    "1h": 1,
    "january to june": 1,
    "jan to jun": 1,
    "h2": 2,
    "2h": 2,
    "july to december": 2,
    "end of june": 1,
    "end of jun": 1,
}

# Measures that are amounts: a question naming one without a question word asks for a figure.
AMOUNT_WORDS: frozenset[str] = frozenset(
    _split(
        """
    investment investments revenue revenues sales income turnover output gdp spending funding
    exports imports profit profits
    """
    )
)

FULL_YEAR_PHRASES: frozenset[str] = frozenset(
    {"full year", "full-year", "whole year", "entire year", "for the year", "annual", "fy"}
)

QUARTER_PHRASES: dict[str, str] = {
    "first quarter": "Q1",
    "q1": "Q1",
    "second quarter": "Q2",
    "q2": "Q2",
    "third quarter": "Q3",
    "q3": "Q3",
    "fourth quarter": "Q4",
    "q4": "Q4",
    "first three quarters": "Q1-Q3",
    "first 3 quarters": "Q1-Q3",
    "q1 q3": "Q1-Q3",
    "q1 to q3": "Q1-Q3",
    "first nine months": "Q1-Q3",
    "january to september": "Q1-Q3",
    "jan to sep": "Q1-Q3",
    "end of march": "Q1",
    "end of september": "Q1-Q3",
    "end of sep": "Q1-Q3",
}

# General geography: places someone may ask about. A place in this list that no fact is
# about makes the engine say so instead of answering with another place's figure.
PLACES: tuple[str, ...] = (
    # countries
    "afghanistan", "argentina", "australia", "austria", "bangladesh", "belgium", "brazil",
    "canada", "chile", "china", "colombia", "czech republic", "denmark", "egypt", "estonia",
    "ethiopia", "finland", "france", "germany", "greece", "hungary", "india", "indonesia",
    "iran", "iraq", "ireland", "israel", "italy", "japan", "kazakhstan", "kenya", "korea",
    "south korea", "north korea", "malaysia", "mexico", "morocco", "netherlands",
    "new zealand", "nigeria", "norway", "pakistan", "peru", "philippines", "poland",
    "portugal", "romania", "russia", "saudi arabia", "singapore", "south africa", "spain",
    "sweden", "switzerland", "taiwan", "thailand", "turkey", "ukraine", "united kingdom",
    "united states", "vietnam", "england", "scotland", "wales", "europe", "africa", "asia",
    "latin america",
    # Chinese provinces and cities: `PROVINCES`, `CITIES` and `OTHER_CITIES` below
    # world cities
    "london", "paris", "berlin", "madrid", "rome", "amsterdam", "brussels", "vienna",
    "moscow", "istanbul", "dubai", "new york", "los angeles", "san francisco", "chicago",
    "boston", "seattle", "toronto", "vancouver", "sydney", "melbourne", "tokyo", "osaka",
    "seoul", "busan", "bangkok", "jakarta", "manila", "mumbai", "delhi", "new delhi",
    "bangalore", "karachi", "cairo", "lagos", "nairobi", "johannesburg", "sao paulo",
    "rio de janeiro", "buenos aires", "mexico city", "lima", "bogota", "santiago",
    "helsinki", "stockholm", "oslo", "copenhagen", "dublin", "zurich", "geneva", "barcelona",
    "milan", "munich", "hamburg", "warsaw", "prague", "budapest", "athens", "lisbon",
    "tallinn", "kyiv", "tel aviv", "riyadh", "doha", "hanoi", "ho chi minh city",
    "kuala lumpur", "taipei",
    "xian",
) + tuple(name.lower() for name in (*PROVINCES, *CITIES, *OTHER_CITIES))  # fmt: skip

# A message made only of these (and stopwords) is small talk, not a question.
GREETINGS: frozenset[str] = frozenset(
    _split("hi hello hey hiya morning evening afternoon good greetings yo howdy")
)
THANKS: frozenset[str] = frozenset(
    _split("thanks thank thx ty cheers great perfect nice cool awesome ok okay got it bye")
)
