"""Agreement and construction errors typical of machine translation into French.

Two layers: the pattern rules of ``configs/rules/grammar.toml`` (verbs whose preposition
MT drops, indicative after ``bien que``, capitalisation leaks ...) run through
``RuleCheck``; on top, lexicon-based detectors use Lexique 3.83 (gender, number and
verb inflections of every form, via ``mtcheck.lexicon``) for what a regex cannot see:

- a past participle or adjective that disagrees with an adjacent, unambiguous subject
  (a personal pronoun, a clause-initial noun phrase, or the antecedent of ``qui``)
  after ``s'est`` / ``se sont``, ``a été`` / ``ont été`` or a form of ``être``
  (``Elle s'est retirés``, ``La commission a été créé``);
- a participle agreed after ``avoir`` with no direct object before it (``a annoncée``);
- an imperative where French needs an infinitive (``pour demandez``, a list after a
  colon in third-person narrative), and ``avons``/``avez`` used as an imperative;
- a noun glued after ``des raisons`` as if it were an adjective (``raisons protocoles``);
- nationality adjectives and participles capitalised mid-sentence (``le ministre Italien``,
  ``a Ajouté``), a title-case habit of English carried over by MT;
- a missing elision (``le Ambassadeur``, ``tenté de affirmer``, ``que il``, ``de Ukraine``,
  ``ce accord``) or contraction (``de le président``, ``à les alliés``): edited French never
  has them, but pipelines that paste names or glossary terms into a template produce them.
  Aspirated h (``le héros``, ``la hausse``), numerals (``le onze``), ``oui`` and foreign
  name particles (``Manoel de Oliveira``, ``wilaya de Aïn ...``) are left alone; ``le`` and
  ``les`` before an infinitive are object pronouns (``de le faire``), not articles;
- a determiner that disagrees with the noun right after it, when Lexique knows the noun
  only as a noun of one gender or number (``un décision``, ``les accord``). A feminine
  determiner before a masculine noun is left alone: job titles take it (``la ministre``).

Every detector is deliberately narrow: it only fires when the subject is adjacent and its
gender or number is certain, and it steps aside for the legitimate exceptions of French
(reflexive verbs whose pronoun is an indirect object, a direct object after the participle,
a relative ``que`` before the subject, collective nouns ...).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from mtcheck.checks.base import DocContext
from mtcheck.checks.calque import RuleCheck
from mtcheck.checks.french import (
    DETERMINERS,
    SUBJECT_PRONOUNS,
    Analysis,
    analyse,
    cgram_freq,
    has_cgram,
    is_infinitive,
    is_participle,
    only_cgram,
)
from mtcheck.lexicon import LexEntry, default_lexicon
from mtcheck.types import Finding, Paragraph, Severity

CATEGORY = "grammar"

# Forms of "être" with the number of their subject.
ETRE = {
    "est": "s", "sont": "p", "était": "s", "étaient": "p", "sera": "s", "seront": "p",
    "serait": "s", "seraient": "p", "soit": "s", "soient": "p", "fut": "s", "furent": "p",
    "fût": "s",
}
# Forms of "avoir" that make "a été" (passive or attribute in a compound tense).
AVOIR = {
    "a": "s", "ont": "p", "avait": "s", "avaient": "p", "aura": "s", "auront": "p",
    "aurait": "s", "auraient": "p", "ait": "s", "aient": "p", "eut": "s", "eurent": "p",
}
# Verbs followed by the infinitive "être" (``devrait être reporté``).
SEMI_AUX = {
    "va": "s", "vont": "p", "allait": "s", "allaient": "p", "doit": "s", "doivent": "p",
    "devait": "s", "devaient": "p", "devrait": "s", "devraient": "p", "peut": "s",
    "peuvent": "p", "pourrait": "s", "pourraient": "p", "pouvait": "s", "pouvaient": "p",
    "semble": "s", "semblent": "p", "risque": "s", "risquent": "p",
}
NEGATION_WORDS = {"pas", "plus", "jamais", "guère", "point", "nullement", "aucunement"}

# Reflexive verbs whose pronoun is an indirect object: the participle never agrees
# (``ils se sont parlé``, ``se sont succédé``), or that take a clause (``se sont demandé si``).
INVARIABLE_REFLEXIVE = frozenset(
    {
        "parler", "succéder", "plaire", "complaire", "déplaire", "sourire", "rire",
        "téléphoner", "nuire", "mentir", "ressembler", "suffire", "convenir", "écrire",
        "dire", "demander", "répondre", "promettre", "permettre", "interdire", "imaginer",
        "figurer", "jurer", "souhaiter", "vouloir", "survivre", "faire",
        "laisser", "voir", "entendre", "donner", "accorder", "octroyer", "offrir",
        "poser", "fixer", "partager", "échanger", "envoyer", "adresser", "lancer",
        "assurer", "garantir", "réserver", "attribuer", "arroger", "procurer",
        "pleuvoir",  # Lexique files "plu" under pleuvoir only ("ils se sont plu")
    }
)
# Words that can follow an unagreed reflexive participle without being its direct object.
TIME_NOUNS = frozenset(
    {
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
        "hier", "aujourd'hui", "demain",
    }
)
# Head nouns whose verb may agree with the complement (``une dizaine de soldats ont été``).
COLLECTIVE_NOUNS = frozenset(
    {
        "majorité", "minorité", "moitié", "totalité", "ensemble", "partie", "reste",
        "tiers", "quart", "nombre", "dizaine", "douzaine", "quinzaine", "vingtaine",
        "trentaine", "quarantaine", "cinquantaine", "soixantaine", "centaine", "millier",
        "million", "milliard", "foule", "groupe", "série", "poignée", "multitude", "masse",
        "quantité", "infinité", "kyrielle", "flopée", "part", "pourcentage", "proportion",
        "total", "type", "sorte", "genre", "espèce", "catégorie", "collectif",
        "bande", "équipe", "famille", "couple", "duo", "trio", "paire", "délégation",
        "cortège", "troupe", "rangée", "liste", "majeure", "plupart", "une", "un",
    }
)
# Countries and a few institutions often written as proper nouns, with their gender/number.
COUNTRIES: dict[str, tuple[str, str]] = {
    **{
        c: ("f", "s")
        for c in (
            "russie", "chine", "france", "ukraine", "allemagne", "pologne", "italie",
            "espagne", "grèce", "turquie", "syrie", "inde", "corée", "hongrie", "roumanie",
            "belgique", "suisse", "suède", "norvège", "finlande", "autriche", "croatie",
            "serbie", "bulgarie", "géorgie", "arménie", "biélorussie", "moldavie",
            "lituanie", "lettonie", "estonie", "slovaquie", "slovénie", "tchéquie",
            "algérie", "tunisie", "libye", "égypte", "jordanie", "palestine", "australie",
            "argentine", "colombie", "bolivie", "indonésie", "malaisie", "thaïlande",
            "birmanie", "mauritanie", "éthiopie", "somalie", "tanzanie", "zambie",
            "namibie", "irlande", "écosse", "angleterre", "crimée", "cisjordanie",
            "otan", "ue", "onu", "afrique", "europe", "asie", "amérique",
        )
    },
    **{
        c: ("m", "s")
        for c in (
            "royaume-uni", "japon", "canada", "brésil", "mexique", "pakistan", "liban",
            "qatar", "kremlin", "hamas", "hezbollah", "portugal", "danemark", "maroc",
            "venezuela", "vietnam", "iran", "irak", "yémen", "soudan", "niger", "mali",
            "sénégal", "kazakhstan", "chili", "pérou", "luxembourg", "vatican",
            "pentagone", "congrès", "sénat", "parlement", "gouvernement",
        )
    },
    "états-unis": ("m", "p"),
    "pays-bas": ("m", "p"),
}
# Words after which a determiner starts a new clause (so its noun can be a subject).
CLAUSE_OPENERS = frozenset(
    {
        "que", "qu'", "mais", "car", "lorsque", "lorsqu'", "puisque", "puisqu'", "quand",
        "où", "dont", "si", "alors", "ainsi", "donc", "puis",
    }
)
CLAUSE_PUNCT = frozenset(",;:(«\"“”»—–")
# Prepositions that make a following "elle"/"ils" an object, not the subject.
PREPOSITIONS = frozenset(
    {
        "à", "de", "d'", "chez", "avec", "pour", "sans", "par", "sur", "sous", "contre",
        "entre", "vers", "selon", "après", "avant", "devant", "derrière", "envers",
        "malgré", "comme", "que", "qu'", "hormis", "sauf", "outre", "parmi", "dont",
    }
)
# Bare verb forms that are never right straight after these words.
INFINITIVE_SLOTS = {"pour", "de", "d'", "afin"}
SECOND_PERSON = frozenset(
    {"vous", "votre", "vos", "vôtre", "vôtres", "vous-même", "vous-mêmes", "tu", "ton",
     "ta", "tes", "toi", "t'"}
)
# "avons"/"avez" etc. without their pronoun: the imperative was meant.
IMPERATIVE_FIX = {
    "avons": ("nous", "ayons"), "avez": ("vous", "ayez"), "êtes": ("vous", "soyez"),
}
NATIONALITY_STEMS = (
    "français:française:françaises:français", "anglais:anglaise:anglaises:anglais",
    "allemand:allemande:allemandes:allemands", "italien:italienne:italiennes:italiens",
    "espagnol:espagnole:espagnoles:espagnols", "russe:russe:russes:russes",
    "ukrainien:ukrainienne:ukrainiennes:ukrainiens", "américain:américaine:américaines:"
    "américains", "britannique:britannique:britanniques:britanniques",
    "européen:européenne:européennes:européens", "chinois:chinoise:chinoises:chinois",
    "japonais:japonaise:japonaises:japonais", "polonais:polonaise:polonaises:polonais",
    "belge:belge:belges:belges", "suisse:suisse:suisses:suisses",
    "canadien:canadienne:canadiennes:canadiens", "israélien:israélienne:israéliennes:"
    "israéliens", "palestinien:palestinienne:palestiniennes:palestiniens",
    "iranien:iranienne:iraniennes:iraniens", "turc:turque:turques:turcs",
    "grec:grecque:grecques:grecs", "portugais:portugaise:portugaises:portugais",
    "néerlandais:néerlandaise:néerlandaises:néerlandais", "suédois:suédoise:suédoises:"
    "suédois", "finlandais:finlandaise:finlandaises:finlandais",
    "hongrois:hongroise:hongroises:hongrois", "roumain:roumaine:roumaines:roumains",
    "indien:indienne:indiennes:indiens", "brésilien:brésilienne:brésiliennes:brésiliens",
    "mexicain:mexicaine:mexicaines:mexicains", "australien:australienne:australiennes:"
    "australiens", "syrien:syrienne:syriennes:syriens", "libanais:libanaise:libanaises:"
    "libanais", "égyptien:égyptienne:égyptiennes:égyptiens", "saoudien:saoudienne:"
    "saoudiennes:saoudiens", "irakien:irakienne:irakiennes:irakiens",
    "afghan:afghane:afghanes:afghans", "pakistanais:pakistanaise:pakistanaises:pakistanais",
    "coréen:coréenne:coréennes:coréens", "nord-coréen:nord-coréenne:nord-coréennes:"
    "nord-coréens", "sud-coréen:sud-coréenne:sud-coréennes:sud-coréens",
    "danois:danoise:danoises:danois", "norvégien:norvégienne:norvégiennes:norvégiens",
    "autrichien:autrichienne:autrichiennes:autrichiens", "tchèque:tchèque:tchèques:tchèques",
    "slovaque:slovaque:slovaques:slovaques", "bulgare:bulgare:bulgares:bulgares",
    "serbe:serbe:serbes:serbes", "croate:croate:croates:croates",
    "géorgien:géorgienne:géorgiennes:géorgiens", "arménien:arménienne:arméniennes:"
    "arméniens", "biélorusse:biélorusse:biélorusses:biélorusses",
    "lituanien:lituanienne:lituaniennes:lituaniens", "letton:lettone:lettones:lettons",
    "estonien:estonienne:estoniennes:estoniens", "irlandais:irlandaise:irlandaises:"
    "irlandais", "écossais:écossaise:écossaises:écossais", "africain:africaine:africaines:"
    "africains", "asiatique:asiatique:asiatiques:asiatiques", "algérien:algérienne:"
    "algériennes:algériens", "marocain:marocaine:marocaines:marocains",
    "tunisien:tunisienne:tunisiennes:tunisiens", "argentin:argentine:argentines:argentins",
    "vénézuélien:vénézuélienne:vénézuéliennes:vénézuéliens", "qatari:qatarie:qataries:"
    "qataris", "émirati:émiratie:émiraties:émiratis", "jordanien:jordanienne:jordaniennes:"
    "jordaniens", "yéménite:yéménite:yéménites:yéménites", "soudanais:soudanaise:"
    "soudanaises:soudanais", "nigérian:nigériane:nigérianes:nigérians",
    "sud-africain:sud-africaine:sud-africaines:sud-africains", "kurde:kurde:kurdes:kurdes",
    "taïwanais:taïwanaise:taïwanaises:taïwanais", "vietnamien:vietnamienne:vietnamiennes:"
    "vietnamiens", "indonésien:indonésienne:indonésiennes:indonésiens",
)
NATIONALITIES = frozenset(f for stem in NATIONALITY_STEMS for f in stem.split(":"))
# First names that are also past participles ("il y a René ...").
PARTICIPLE_NAMES = frozenset({"aimé", "désiré", "honoré", "fortuné", "rené", "réné", "né"})


@dataclass(frozen=True)
class Subject:
    gender: str  # "m", "f" or "" (unknown)
    number: str  # "s", "p" or ""
    start: int  # token index
    pronoun: bool
    after_que: bool  # a relative "que" precedes: a direct object may come before the verb
    # (gender, number) of the nouns in a "de ..." complement: writers often agree with them.
    attractors: tuple[tuple[str, str], ...] = ()
    relative: int = -1  # token index of "qui" when the subject is its antecedent


@dataclass(frozen=True)
class VerbGroup:
    kind: str  # "refl" (s'est ...), "passive" (a été ...), "etre" (est ...)
    number: str
    part: int  # token index of the participle or adjective


@dataclass(frozen=True)
class Hit:
    start: int  # paragraph offsets
    end: int
    message: str
    suggestion: str | None = None
    evidence: str | None = None


class GrammarCheck(RuleCheck):
    """Runs the ``grammar`` rules, then the Lexique-based detectors."""

    name = "grammar"

    def check(self, ctx: DocContext, para: Paragraph) -> Iterable[Finding]:
        taken: list[tuple[int, int]] = []
        for finding in super().check(ctx, para):
            taken.append((finding.start, finding.end))
            yield finding
        an = analyse(ctx, para)
        disabled = set(self.options.get("disabled_detectors", []))
        detectors = {
            "agreement": _agreement,
            "avoir_agreement": _avoir_agreement,
            "imperative": _imperative,
            "bare_auxiliary": _bare_auxiliary,
            "bare_infinitive": _bare_infinitive,
            "noun_as_adjective": _noun_as_adjective,
            "capitalisation": _capitalisation,
            "elision": _elision,
            "contraction": _contraction,
            "determiner": _determiner,
        }
        for key, detector in detectors.items():
            if key in disabled:
                continue
            for hit in detector(an):
                s, e = para.start + hit.start, para.start + hit.end
                if any(s < te and ts < e for ts, te in taken):
                    continue
                taken.append((s, e))
                yield ctx.finding(
                    para, s, e, check=self.name, category=CATEGORY,
                    severity=Severity.WARNING, message=hit.message,
                    suggestion=hit.suggestion, evidence=hit.evidence, rule=f"gram-{key}",
                )


# --- agreement --------------------------------------------------------------------------


def _skip_adverbs(an: Analysis, j: int, limit: int = 3) -> int:
    """Index of the first token at or after ``j`` that is not a negation or a plain adverb."""
    n = 0
    while j < len(an.tokens) and n < limit:
        low = an.low(j)
        entries = an.entries(j)
        if low in NEGATION_WORDS or (
            an.tokens[j].is_word and not an.tokens[j].capitalised and _adverb(entries)
        ):
            j += 1
            n += 1
            continue
        break
    return j


def _adverb(entries: tuple[LexEntry, ...]) -> bool:
    """Mostly an adverb ("déjà", "très", "largement") and never a participle."""
    if not entries or any(is_participle(e) for e in entries):
        return False
    return max(entries, key=lambda e: e.freq).cgram == "ADV"


def _verb_group(an: Analysis, i: int) -> VerbGroup | None:
    if an.low(i - 1) in ("se", "s'", "ne", "n'") and i > 0:
        return None  # the group starts earlier ("s'est", "n'est")
    j = i
    if an.low(j) in ("ne", "n'"):
        j += 1
    if an.low(j) in ("se", "s'"):
        number = ETRE.get(an.low(j + 1))
        if number is None:
            return None
        return VerbGroup("refl", number, _skip_adverbs(an, j + 2))
    word = an.low(j)
    if word in AVOIR:
        k = _skip_adverbs(an, j + 1)
        if an.low(k) == "été":
            return VerbGroup("passive", AVOIR[word], _skip_adverbs(an, k + 1))
        return None
    if word in ETRE:
        return VerbGroup("etre", ETRE[word], _skip_adverbs(an, j + 1))
    if word in SEMI_AUX:
        k = _skip_adverbs(an, j + 1)
        if an.low(k) == "être":
            return VerbGroup("etre", SEMI_AUX[word], _skip_adverbs(an, k + 1))
    return None


def _is_boundary(an: Analysis, k: int, sent_start: int) -> bool:
    """Whether a clause can start right after token ``k``."""
    if k < sent_start:
        return True
    tok = an.tokens[k]
    if tok.kind == "punct":
        return tok.text in CLAUSE_PUNCT
    return an.low(k) in CLAUSE_OPENERS


def _pronoun_subject(an: Analysis, i: int) -> Subject | None:
    low = an.low(i - 1)
    if i < 1 or low not in SUBJECT_PRONOUNS:
        return None
    before = "" if an.tokens[i - 1].start == 0 or (i - 1) in an.starts else an.low(i - 2)
    if before in PREPOSITIONS and before not in ("que", "qu'"):
        return None  # "chez elle", "pour eux": not the subject
    gender, number = SUBJECT_PRONOUNS[low]
    return Subject(gender, number, i - 1, True, before in ("que", "qu'"))


def _noun_gender(entries: tuple[LexEntry, ...]) -> str:
    genders = {e.gender for e in entries if e.cgram == "NOM"}
    return genders.pop() if len(genders) == 1 and "" not in genders else ""


def _noun_number(entries: tuple[LexEntry, ...]) -> str:
    numbers = {e.number for e in entries if e.cgram == "NOM"}
    return numbers.pop() if len(numbers) == 1 and "" not in numbers else ""


def _is_plain_adjective(an: Analysis, k: int) -> bool:
    tok = an.tokens[k]
    if not tok.is_word or tok.capitalised or tok.elided:
        return False
    entries = an.entries(k)
    return any(e.cgram == "ADJ" or is_participle(e) for e in entries)


def _finite_only(entries: tuple[LexEntry, ...]) -> bool:
    """A conjugated verb form with no noun, adjective or non-finite reading."""
    if not entries or not all(e.cgram in ("VER", "AUX") for e in entries):
        return False
    return not any("inf" in e.infover or "par:" in e.infover for e in entries)


_COMPLEMENT_STOP = frozenset(
    {"qui", "que", "qu'", "dont", "où", "et", "ou", "ni", "mais", "lequel", "laquelle",
     "lesquels", "lesquelles", "ne", "n'", "se", "s'", "il", "elle", "ils", "elles"}
)


def _np_subject(
    an: Analysis, s: int, end: int, *, complement_ok: bool = True
) -> Subject | None:
    """Parse ``det [adj] noun [adj] [de ...]`` spanning tokens ``s``..``end-1`` exactly."""
    det = an.low(s)
    if det not in DETERMINERS or end - s < 2:
        return None
    det_gender, det_number = DETERMINERS[det]
    for h in range(s + 1, min(s + 4, end)):
        if not all(_is_plain_adjective(an, k) for k in range(s + 1, h)):
            break
        head = an.tokens[h]
        if not head.is_word or head.elided or len(head.text) < 2:
            break
        entries = an.entries(h)
        country = COUNTRIES.get(head.lower) if head.capitalised else None
        if country is None and not has_cgram(entries, "NOM"):
            continue
        if head.capitalised and country is None and h != s + 1:
            continue
        # After the head: up to two adjectives, then an optional "de ..." complement.
        k = h + 1
        while k < end and k < h + 3 and _is_plain_adjective(an, k):
            k += 1
        complement = False
        attractors: list[tuple[str, str]] = []
        if k < end:
            if not complement_ok or an.low(k) not in ("de", "d'", "du", "des") or end - k > 6:
                continue
            inner = range(k + 1, end)
            if any(
                not an.tokens[x].is_word or an.low(x) in _COMPLEMENT_STOP
                or _finite_only(an.entries(x))
                for x in inner
            ):
                continue
            complement = True
            for x in inner:
                if an.tokens[x].elided or an.low(x) in DETERMINERS or an.low(x) == "de":
                    continue
                nouns = [e for e in an.entries(x) if e.cgram == "NOM"]
                attractors.extend((e.gender, e.number) for e in nouns)
                if an.tokens[x].capitalised and not nouns:
                    attractors.append(("", ""))  # a name: its gender is unknown
        if complement and head.lower in COLLECTIVE_NOUNS:
            return None
        if country is not None:
            gender, number = country
        else:
            gender, number = _noun_gender(entries), _noun_number(entries)
        if det_gender:
            if gender and gender != det_gender:
                return None  # determiner and noun disagree: unsure parse
            gender = det_gender
        if det_number:
            if number and number != det_number:
                return None
            number = det_number
        after_que = an.low(s - 1) in ("que", "qu'") if s else False
        return Subject(gender, number, s, False, after_que, tuple(attractors))
    return None


def _subject(an: Analysis, i: int) -> Subject | None:
    pron = _pronoun_subject(an, i)
    if pron is not None:
        return pron
    sent_start = an.sentence_start(i)
    if an.low(i - 1) == "qui" and i - 1 > sent_start:
        return _antecedent(an, i - 1, sent_start)
    for s in range(i - 2, max(sent_start, i - 12) - 1, -1):
        if s < sent_start:
            break
        if not _is_boundary(an, s - 1, sent_start):
            continue
        subj = _np_subject(an, s, i)
        if subj is not None:
            return subj
    return None


def _antecedent(an: Analysis, qui: int, sent_start: int) -> Subject | None:
    """``la coalition, qui a été dirigée``: the noun phrase right before ``qui``.

    Only a bare ``det [adj] noun [adj]`` that opens a clause or follows a verb (a subject
    or a direct object): after a preposition it may be the complement of another noun
    ("le projet sur l'immigration, qui a été adopté"), after a comma an apposition.
    """
    end = qui - 1 if an.low(qui - 1) == "," else qui
    for s in range(end - 2, max(sent_start, end - 5) - 1, -1):
        before = s - 1
        # Not after a comma or dash: "ma région, la Lorraine, qui ..." is an apposition
        # and "qui" may refer to the noun before it.
        if not (
            s == sent_start
            or (an.tokens[before].is_word and _is_boundary(an, before, sent_start))
            or _verb_only(an.entries(before))
        ):
            continue
        subj = _np_subject(an, s, end, complement_ok=False)
        if subj is not None:
            return Subject(subj.gender, subj.number, s, False, False, relative=qui)
    return None


def _verb_only(entries: tuple[LexEntry, ...]) -> bool:
    return bool(entries) and all(e.cgram in ("VER", "AUX") for e in entries)


def _readings(entries: tuple[LexEntry, ...], kind: str) -> list[LexEntry]:
    if kind == "refl":
        return [e for e in entries if is_participle(e)]
    return [e for e in entries if is_participle(e) or e.cgram == "ADJ"]


def _clash(subject_value: str, values: Iterable[str]) -> bool:
    vals = list(values)
    return bool(subject_value) and bool(vals) and all(v and v != subject_value for v in vals)


_NOT_AN_OBJECT_START = ("PRE", "CON", "ADV")


def _object_follows(an: Analysis, k: int) -> bool:
    """Whether token ``k`` may open a direct object or infinitive (agreement then differs)."""
    if k >= len(an.tokens):
        return False
    tok = an.tokens[k]
    if tok.kind == "num":
        return True
    if tok.kind == "punct":
        return False
    low = an.low(k)
    if low in TIME_NOUNS:
        return False
    if low in ("de", "d'", "du", "des", "que", "qu'", "si", "compte"):
        return True  # partitive object, clause object, "se rendre compte"
    entries = an.entries(k)
    if not entries:
        return True  # unknown word (a name?): be safe
    if is_infinitive(entries):
        return True
    return not only_cgram(entries, *_NOT_AN_OBJECT_START)


def _agreement(an: Analysis) -> Iterator[Hit]:
    n = len(an.tokens)
    i = 0
    while i < n:
        tok = an.tokens[i]
        if not tok.is_word or an.low(i) not in ("ne", "n'", "se", "s'", *ETRE, *AVOIR,
                                                   *SEMI_AUX):
            i += 1
            continue
        vg = _verb_group(an, i)
        if vg is None or vg.part >= n:
            i += 1
            continue
        part = an.tokens[vg.part]
        if not part.is_word or part.capitalised or part.text.endswith(("-", "'", "’")):
            i += 1
            continue
        entries = an.entries(vg.part)
        readings = _readings(entries, vg.kind)
        if not readings:
            i += 1
            continue
        if (
            vg.kind == "etre" or not any(is_participle(e) for e in readings)
        ) and cgram_freq(entries, "NOM") >= 0.5 * sum(e.freq for e in readings):
            i += 1  # may be a noun attribute ("elle est député", "il est mort")
            continue
        subj = _subject(an, i)
        if subj is None or (subj.number and subj.number != vg.number):
            i += 1
            continue
        num_clash = _clash(subj.number, (e.number for e in readings))
        gen_clash = _clash(subj.gender, (e.gender for e in readings))
        if not (num_clash or gen_clash):
            i = vg.part
            continue
        if any(
            _agrees(g, nb, readings) for g, nb in subj.attractors if g or nb
        ):
            i = vg.part  # agrees with the complement: a human slip more than an MT one
            continue
        lemmas = {e.lemma for e in readings if is_participle(e)}
        if vg.kind == "refl" and subj.after_que:
            i = vg.part  # "la mission qu'ils se sont assignée": agrees with "que"
            continue
        if vg.kind == "refl":
            agreed_less = all(e.number in ("", "s") for e in readings) and (
                subj.number == "p" or subj.gender == "f"
            )
            # "ils se sont parlé", "elle s'est lavé les mains", "se sont fait élire"
            if agreed_less and (
                lemmas & INVARIABLE_REFLEXIVE or _object_follows(an, vg.part + 1)
            ):
                i = vg.part
                continue
            if gen_clash and not num_clash and not subj.pronoun and subj.gender == "m":
                i = vg.part
                continue
        what = []
        if num_clash:
            what.append("singular" if subj.number == "s" else "plural")
        if gen_clash:
            what.append("feminine" if subj.gender == "f" else "masculine")
        last = (subj.relative if subj.relative >= 0 else i) - 1
        if an.tokens[last].text == ",":
            last -= 1
        subject_words = an.text[an.tokens[subj.start].start : an.tokens[last].end]
        if subj.relative >= 0:
            subject_words += "' (antecedent of 'qui')"
        else:
            subject_words += "'"
        start = an.tokens[subj.start].start if subj.pronoun else an.tokens[i].start
        yield Hit(
            start,
            part.end,
            f"Agreement: '{part.text}' should be {' '.join(what)} to agree with its "
            f"subject '{subject_words}.",
            suggestion=_agreed_form(readings, subj),
            evidence=f"Lexique: '{part.text}' is "
            + ", ".join(sorted({_gn(e) for e in readings})),
        )
        i = vg.part + 1


def _agreed_form(readings: list[LexEntry], subj: Subject) -> str | None:
    """The form of the same participle or adjective that agrees with ``subj``."""
    lex = default_lexicon()
    for e in readings:
        gender = subj.gender or e.gender
        number = subj.number or e.number
        cgram = "VER" if is_participle(e) else "ADJ"
        forms = lex.forms(e.lemma, cgram)
        infos = lex.lookup(forms)
        for form in forms:
            for f in infos[form].entries:
                if f.cgram != cgram or (cgram == "VER" and not is_participle(f)):
                    continue
                if f.gender in (gender, "") and f.number in (number, ""):
                    return form
    return None


def _agrees(gender: str, number: str, readings: list[LexEntry]) -> bool:
    return any(
        (not gender or e.gender in ("", gender)) and (not number or e.number in ("", number))
        for e in readings
    )


# Words that put a direct object before "avoir" (the participle then agrees with it).
_OBJECT_CLITICS = frozenset(
    {"l'", "la", "les", "le", "me", "m'", "te", "t'", "se", "s'", "nous", "vous"}
)
_OBJECT_FRONTING = frozenset(
    {"que", "qu'", "combien", "quel", "quelle", "quels", "quelles", "lequel", "laquelle",
     "lesquels", "lesquelles"}
)
_ADVERBIALS = (("dès", "le", "début"), ("de", "nouveau"), ("à", "nouveau"),
               ("en", "effet"), ("par", "ailleurs"), ("en", "outre"), ("depuis", "longtemps"))


def _avoir_agreement(an: Analysis) -> Iterator[Hit]:
    """``la coalition avait axée``: after "avoir" a participle agrees only with a direct
    object placed before it, so a feminine or plural form with none in sight is wrong."""
    tokens = an.tokens
    for i, tok in enumerate(tokens):
        if not tok.is_word or an.low(i) not in AVOIR:
            continue
        j = i + 1
        for _ in range(3):
            j = _skip_adverbs(an, j)
            for phrase in _ADVERBIALS:
                if tuple(an.low(j + k) for k in range(len(phrase))) == phrase:
                    j += len(phrase)
                    break
            else:
                break
        if j >= len(tokens) or not tokens[j].is_word or tokens[j].capitalised:
            continue
        entries = an.entries(j)
        parts = [e for e in entries if is_participle(e)]
        if not parts or any(e.gender in ("m", "") and e.number in ("s", "") for e in parts):
            continue
        if cgram_freq(entries, "NOM") >= 0.2 * sum(e.freq for e in parts):
            continue  # a noun: "elle a vue sur la mer", "avoir prise sur", "partie liée"
        k = i - 1
        while k >= 0 and an.low(k) in ("ne", "n'", "y", "en"):
            k -= 1
        if k >= 0 and an.low(k) in _OBJECT_CLITICS:
            continue
        # A fronted object ("les mesures qu'elle a annoncées") in the same clause, which
        # starts after the last "qui" or semicolon (a conjunction "que" earlier in the
        # sentence also stops us: "il a dit qu'elle a ..." may hide an object).
        start = an.sentence_start(i)
        for x in range(i - 1, start - 1, -1):
            if an.low(x) in ("qui", ";"):
                start = x + 1
                break
        if any(an.low(x) in _OBJECT_FRONTING for x in range(start, i)):
            continue
        fix = _agreed_form(parts, Subject("m", "s", i, True, False))
        yield Hit(
            tok.start,
            tokens[j].end,
            f"'{tokens[j].text}' agrees as if with 'être': after 'avoir' the participle "
            "stays masculine singular unless a direct object comes before it.",
            suggestion=f"{tok.text} {fix}" if fix else None,
        )


def _gn(e: LexEntry) -> str:
    g = {"m": "masculine", "f": "feminine"}.get(e.gender, "any gender")
    nb = {"s": "singular", "p": "plural"}.get(e.number, "any number")
    return f"{g} {nb}"


# --- imperative for infinitive -------------------------------------------------------------

_IMPERATIVE_TAGS = frozenset({"imp:pre:2p", "ind:pre:2p", "imp:pre:1p", "ind:pre:1p"})


def _only_imperative_like(entries: tuple[LexEntry, ...]) -> bool:
    """A verb form whose every reading is a 1st/2nd person plural present or imperative."""
    if not entries or not all(e.cgram in ("VER", "AUX") for e in entries):
        return False
    tags = {t for e in entries for t in e.infover.split(";") if t}
    return bool(tags) and tags <= _IMPERATIVE_TAGS


def _imperative(an: Analysis) -> Iterator[Hit]:
    tokens = an.tokens
    para_second_person = any(an.low(k) in SECOND_PERSON for k in range(len(tokens)))
    for i, tok in enumerate(tokens[:-1]):
        nxt = tokens[i + 1]
        if not nxt.is_word or nxt.capitalised:
            continue
        low = an.low(i)
        entries = an.entries(i + 1)
        if low in INFINITIVE_SLOTS and _only_imperative_like(entries):
            if low == "afin" and an.low(i + 1) != "de":
                continue
            base = next(e.lemma for e in entries)
            yield Hit(
                tok.start,
                nxt.end,
                f"'{tok.text}' needs an infinitive, not the conjugated form '{nxt.text}'.",
                suggestion=f"{tok.text} {base}",
                evidence="Lexique: '" + nxt.text + "' is only a present/imperative form",
            )
        elif (
            tok.text == ":"
            and not para_second_person
            and "imp:pre:2p" in {t for e in entries for t in e.infover.split(";")}
            and _only_imperative_like(entries)
        ):
            start, end = an.sentence_start(i), an.sentence_end(i)
            rest = range(i + 2, end)
            if any(tokens[k].text in "!?«»\"“”" for k in rest) or len(rest) < 3:
                continue
            # Narrative before the colon (a third-person verb) and an infinitive after it:
            # "pour tenir ses promesses : demandez à X de signer", not a list of advice.
            if not any(_third_person(an.entries(k)) for k in range(start, i)):
                continue
            if not any(
                an.low(k - 1) in ("de", "d'", "à") and is_infinitive(an.entries(k))
                for k in rest
            ):
                continue
            base = next(e.lemma for e in entries)
            yield Hit(
                nxt.start,
                nxt.end,
                f"Imperative '{nxt.text}' in a third-person account: English bare "
                "infinitives in a list are rendered with an infinitive in French.",
                suggestion=base,
            )


def _third_person(entries: tuple[LexEntry, ...]) -> bool:
    return any(
        e.cgram in ("VER", "AUX") and any(t[-2:] in ("3s", "3p") for t in e.infover.split(";"))
        for e in entries
    )


def _bare_infinitive(an: Analysis) -> Iterator[Hit]:
    """``après signer l'accord``: English "after signing" needs ``après avoir signé``."""
    for i in range(len(an.tokens) - 1):
        if an.low(i) != "après" or (i > 0 and an.low(i - 1) in ("d'", "peu", "juste", "et")):
            continue
        nxt = an.tokens[i + 1]
        entries = an.entries(i + 1)
        if not nxt.is_word or nxt.capitalised or not entries:
            continue
        if not all(e.cgram == "VER" and e.infover.strip(";") == "inf" for e in entries):
            continue
        if entries[0].lemma in ("avoir", "être"):
            continue
        yield Hit(
            an.tokens[i].start,
            nxt.end,
            f"'après {nxt.text}': French uses the past infinitive after 'après' "
            "(English 'after doing').",
            suggestion="après avoir + past participle",
        )


def _bare_auxiliary(an: Analysis) -> Iterator[Hit]:
    """``n'avons aucune opinion`` for ``n'ayons``: a 1st/2nd person form with no pronoun."""
    for i, tok in enumerate(an.tokens):
        fix = IMPERATIVE_FIX.get(an.low(i))
        if fix is None:
            continue
        pronoun, imperative = fix
        start = an.sentence_start(i)
        before = {an.low(k) for k in range(start, i)}
        persons = {pronoun, f"{pronoun}-même", f"{pronoun}-mêmes", "moi", "toi", "moi-même"}
        if before & persons:
            continue
        if i + 1 < len(an.tokens) and an.low(i + 1) in (pronoun, "-" + pronoun):
            continue
        first = i - 1 if an.low(i - 1) in ("n'", "ne") and i >= 1 else i
        yield Hit(
            an.tokens[first].start,
            tok.end,
            f"'{tok.text}' has no subject '{pronoun}': an imperative was probably meant.",
            suggestion=imperative,
        )


# --- a noun used as an adjective -----------------------------------------------------------


def _noun_as_adjective(an: Analysis) -> Iterator[Hit]:
    for i in range(1, len(an.tokens) - 1):
        if an.low(i) not in ("raisons", "motifs") or an.low(i - 1) != "des":
            continue
        nxt = an.tokens[i + 1]
        if not nxt.is_word or nxt.capitalised or an.low(i + 1) in TIME_NOUNS:
            continue
        entries = an.entries(i + 1)
        # A plural noun ("raisons protocoles"): MT inflected the noun like an adjective.
        # A singular one ("raisons météo") is informal but common in French news.
        if not only_cgram(entries, "NOM") or any(e.number != "p" for e in entries):
            continue
        start = an.tokens[i - 1].start
        yield Hit(
            start,
            nxt.end,
            f"'{nxt.text}' is a noun used as an adjective after '{an.tokens[i].text}' "
            "(English noun compound).",
            suggestion=f"des {an.tokens[i].text} de {entries[0].lemma} / an adjective",
        )


# --- English capitalisation carried over ----------------------------------------------------


def _is_nationality(low: str) -> bool:
    """``italien``, or a compound such as ``anglo-français`` / ``franco-allemande``."""
    if low in NATIONALITIES:
        return True
    head, _, tail = low.rpartition("-")
    return bool(head) and tail in NATIONALITIES and all(
        p.endswith("o") and len(p) >= 4 for p in head.split("-")
    )


def _capitalisation(an: Analysis) -> Iterator[Hit]:
    tokens = an.tokens
    for i in range(1, len(tokens)):
        tok = tokens[i]
        if not tok.capitalised or i in an.starts or tok.text.isupper():
            continue
        prev = tokens[i - 1]
        if not prev.is_word or prev.capitalised:
            continue
        nxt_cap = i + 1 < len(tokens) and tokens[i + 1].capitalised
        low = tok.lower
        prev_entries = an.entries(i - 1)
        if _is_nationality(low):
            # after a common noun: "le ministre Italien" -> "italien"
            # only after a plain noun: "les jeunes Français", "opposant Français" are fine
            nom = cgram_freq(prev_entries, "NOM")
            if nom < 4 * (cgram_freq(prev_entries, "ADJ", "VER") + 0.1):
                continue
            yield Hit(
                tok.start, tok.end,
                f"Nationality adjective '{tok.text}' is written lowercase in French.",
                suggestion=low,
            )
        elif (
            prev.lower in AVOIR
            and not nxt_cap
            and low not in PARTICIPLE_NAMES
            and an.low(i - 2) != "y"
            and len(low) >= 4
            and any(is_participle(e) for e in an.entries(i))
        ):
            yield Hit(
                tok.start, tok.end,
                f"Participle '{tok.text}' capitalised mid-sentence.",
                suggestion=low,
            )


# --- missing elision and contraction ---------------------------------------------------------

_VOWELS = frozenset("aeiouâàäéèêëîïôöûùüœæ")
# Words with a vowel or mute-h spelling that French does not elide before.
NO_ELISION = frozenset(
    {"oui", "ouf", "ouistiti", "ouate", "ouates", "onze", "onzième", "onzièmes", "uhlan",
     "uhlans", "ululement", "un", "une", "uns", "unes", "huit", "huitième", "huitièmes",
     "huitaine", "yod", "ouah", "ah", "oh", "eh", "euh", "hé", "ô"}
)
# Stems of common words whose h is mute (the article elides: "l'homme", "d'habitude").
# A lowercase h-word is only checked when it starts with one of these: the aspirated h
# (le héros, la hausse, le haut, la honte ...) must never be "corrected".
MUTE_H_STEMS = (
    "habil", "habit", "haleine", "hallucin", "haltère", "harmoni", "hebdo", "hect",
    "hégémon", "hélicopt", "hélice", "hélium", "hémi", "hémo", "hépat", "herb", "hérédit",
    "hérés", "hérit", "hermét", "héroïn", "héroïq", "héroïsm", "hésit", "hétéro", "heure",
    "heureu", "hexagon", "hiér", "hier", "hippo", "hirond", "histoi", "histori", "hiver",
    "holoc", "homicid", "hommage", "homme", "homo", "honnête", "honneur", "honor", "hôpita",
    "horaire", "horizon", "horlog", "hormon", "horreur", "horribl", "horrifi", "hospi",
    "hostil", "hôte", "huil", "huissier", "huîtr", "humain", "human", "humb", "humeur",
    "humid", "humili", "humour", "humoris", "hybrid", "hydr", "hygi", "hymne", "hyper",
    "hypno", "hypocri", "hypoth", "hystér",
)
# Name particles after which a capitalised word keeps a plain "de" (Arabic place and family
# names: "wilaya de Aïn Témouchent", "de El Bayadh"; single letters: "de A à Z").
NAME_PARTICLES = frozenset(
    {"el", "al", "aïn", "ain", "aït", "ait", "ben", "ibn", "abd", "abou", "abu", "oum",
     "ouled", "ould", "ahl", "ech", "es", "ez", "er", "ed", "en", "et", "ul", "ur"}
)
# Object pronouns and adverbs that may follow "de le" / "à les" before an infinitive.
_CLITIC_FOLLOWERS = frozenset(
    {"y", "en", "lui", "leur", "leurs", "pas", "plus", "moins", "jamais", "bien", "mieux",
     "même", "tous", "toutes", "tout", "aussi", "donc", "ainsi", "encore", "vraiment",
     "rien", "point", "guère"}
)
_CONTRACTION = {("de", "le"): "du", ("de", "les"): "des", ("à", "le"): "au",
                ("à", "les"): "aux", ("de", "lequel"): "duquel", ("de", "lesquels"):
                "desquels", ("de", "lesquelles"): "desquelles", ("à", "lequel"): "auquel",
                ("à", "lesquels"): "auxquels", ("à", "lesquelles"): "auxquelles"}
# "lorsque", "puisque", "quoique" elide only before these words.
_CONJ_ELISION = frozenset({"il", "ils", "elle", "elles", "on", "en", "un", "une"})
_CE_ETRE = frozenset({"est", "était", "étaient", "eût", "eut", "étant"})


def _vowel_start(word: str) -> bool:
    return bool(word) and word[0] in _VOWELS


def _mute_h(word: str) -> bool:
    return word.startswith(MUTE_H_STEMS) and word != "héros"


def _plain_gap(an: Analysis, i: int) -> bool:
    """Tokens ``i`` and ``i + 1`` are separated by ordinary spaces only (no line break)."""
    gap = an.text[an.tokens[i].end : an.tokens[i + 1].start]
    return bool(gap) and not gap.strip() and "\n" not in gap


def _elidable_next(an: Analysis, j: int, eliding: str) -> bool:
    """Whether the word at ``j`` requires the elision of ``eliding`` before it."""
    tok = an.tokens[j]
    if not tok.is_word or tok.elided or "-" in tok.text[:2]:
        return False
    low = tok.lower
    if low in NO_ELISION:
        return False
    if low == "y":
        return eliding not in ("le", "la")
    if tok.capitalised:
        # Names: only after "le", "la", "de", and only well-known French words ("de Europe",
        # "le Ambassadeur", "de Emmanuel"): rare foreign names may legitimately keep "de".
        if eliding not in ("le", "la", "de") or len(low) < 3 or tok.text.isupper():
            return False
        if not _vowel_start(low) or low in NAME_PARTICLES:
            return False
        if any(c.isupper() for c in tok.text[1:]):
            return False  # "iPhone"-style brands, acronyms
        if low[:2] == "ou" and low[2:3] in _VOWELS and not low.startswith("ouest"):
            return False  # "Ou" sounding /w/: "de Ouagadougou", "de Ouattara"
        info = an.info(j)
        return info is not None and info.zipf_fr >= 3.0
    if tok.text != low:
        return False
    if not (_vowel_start(low) or (low.startswith("h") and _mute_h(low))):
        return False
    if low in ("ou", "et") or (low == "à" and eliding != "que"):
        return False  # "le ou les responsables", "passé de à peine 2 %"
    info = an.info(j)
    if info is None or not info.in_lexique or info.zipf_en > info.zipf_fr + 1.0:
        return False  # unknown, or an English word
    # "me"/"te" + a word English uses as much: English ("give me a break") in a quotation
    return not (eliding in ("me", "te") and info.zipf_en >= info.zipf_fr)


def _elision(an: Analysis) -> Iterator[Hit]:
    tokens = an.tokens
    for i in range(len(tokens) - 1):
        tok = tokens[i]
        if not tok.is_word:
            continue
        low = tok.lower
        if low not in ("le", "la", "de", "ne", "se", "que", "je", "me", "te", "ce", "lorsque",
                       "puisque", "quoique", "jusque"):
            continue
        if tok.text != low and not (tok.text == low.capitalize() and i in an.starts):
            continue  # "Marine Le Pen", "La Haye", "De Gaulle": parts of names
        if not _plain_gap(an, i):
            continue
        nxt = tokens[i + 1]
        nlow = nxt.lower
        if low in ("lorsque", "puisque", "quoique"):
            if nlow not in _CONJ_ELISION or nxt.text != nlow:
                continue
        elif low == "jusque":
            if nlow not in ("à", "au", "aux", "alors", "ici", "où") or nxt.text != nlow:
                continue
        elif low == "ce":
            if nxt.text != nlow or not _ce_needs_change(an, i + 1):
                continue
        elif not _elidable_next(an, i + 1, low):
            continue
        if nlow in ("un", "une") or (low == "que" and nxt.capitalised):
            continue
        if low == "de" and nxt.capitalised and i > 0:
            prev = tokens[i - 1]
            if prev.capitalised and (i - 1) not in an.starts:
                continue  # a name particle: "Manoel de Oliveira", "Plaza de Armas"
        if low in ("le", "la") and nxt.capitalised and _in_title(an, i + 1):
            continue
        if low == "la" and an.low(i - 1) == "le":
            continue  # "donner le la à ..."
        if low == "ce" and nlow not in _CE_ETRE:
            fix = f"{'Cet' if tok.text[0].isupper() else 'cet'} {nxt.text}"
            what = "'ce' becomes 'cet' before a vowel or mute h"
        else:
            fix = f"{tok.text[:-1]}'{nxt.text}"
            what = "French elides the vowel before a vowel or mute h"
        yield Hit(
            tok.start,
            nxt.end,
            f"Missing elision: '{tok.text} {nxt.text}' ({what}). Machine translation and "
            "template pipelines paste words in without adjusting the article.",
            suggestion=fix,
        )


def _ce_needs_change(an: Analysis, j: int) -> bool:
    """``ce est`` (c'est) or ``ce accord`` (cet accord): not ``ce à quoi``, ``ce en quoi``."""
    low = an.low(j)
    if low in _CE_ETRE:
        return True
    if not _vowel_start(low) and not (low.startswith("h") and _mute_h(low)):
        return False
    if low in NO_ELISION:
        return False
    entries = an.entries(j)
    if not entries:
        return False
    best = max(entries, key=lambda e: e.freq)
    return best.cgram in ("NOM", "ADJ") and not has_cgram(entries, "PRE", "PRO", "CON")


def _in_title(an: Analysis, j: int) -> bool:
    """A capitalised run of three or more words: a title kept as written."""
    k = j
    while k < len(an.tokens) and an.tokens[k].capitalised:
        k += 1
    return k - j >= 3


def _contraction(an: Analysis) -> Iterator[Hit]:
    """``de le président`` for ``du président``: articles after "de"/"à" contract."""
    tokens = an.tokens
    for i in range(len(tokens) - 1):
        prep = an.low(i)
        art = tokens[i + 1].text
        fix = _CONTRACTION.get((prep, art))
        if fix is None or not tokens[i].is_word or not _plain_gap(an, i):
            continue
        if tokens[i].text not in (prep, prep.capitalize()):
            continue
        if art in ("le", "les"):
            if i + 2 >= len(tokens) or not _plain_gap(an, i + 1):
                continue
            nlow = an.low(i + 2)
            if art == "le" and (_vowel_start(nlow) or nlow.startswith("h")):
                continue  # "de le ouest" needs an elision ("de l'ouest"), not "du"
            if not _article_use(an, i + 2):
                continue
        end = tokens[i + 1].end
        if tokens[i].text[0].isupper():
            fix = fix.capitalize()
        yield Hit(
            tokens[i].start,
            end,
            f"Missing contraction: '{tokens[i].text} {art}' is written '{fix}' in French.",
            suggestion=fix,
        )


def _article_use(an: Analysis, j: int) -> bool:
    """``le``/``les`` before ``j`` is an article (a noun phrase follows), not a pronoun."""
    tok = an.tokens[j]
    if tok.kind == "num":
        return True
    if not tok.is_word or tok.elided or tok.lower in _CLITIC_FOLLOWERS:
        return False
    if tok.capitalised:
        # A proper noun ("de les États-Unis", "à le Parlement"); a pronoun is never
        # followed by a capital in mid-sentence.
        return j not in an.starts and not tok.text.isupper()
    entries = an.entries(j)
    if not entries:
        return False
    if any(e.cgram in ("VER", "AUX") and "inf" in e.infover for e in entries):
        return False  # "de le faire", "à les aider"
    if any(e.cgram in ("PRO:per", "PRE", "CON") for e in entries):
        return False
    return has_cgram(entries, "NOM", "ADJ")


# --- determiner and noun ---------------------------------------------------------------------

_MASC_DET = frozenset({"le", "un", "du", "au", "ce", "cet"})
_SING_DET = frozenset({"le", "la", "un", "une", "du", "au", "ce", "cet", "cette"})
_PLUR_DET = frozenset({"les", "des", "aux", "ces"})
_FEMININE_DET = {"le": "la", "un": "une", "du": "de la", "au": "à la", "ce": "cette",
                 "cet": "cette"}


def _determiner(an: Analysis) -> Iterator[Hit]:
    """``un décision``, ``les accord``: a determiner that cannot go with the noun after it."""
    tokens = an.tokens
    for i in range(len(tokens) - 1):
        det = tokens[i]
        low = det.lower
        if low not in _SING_DET and low not in _PLUR_DET:
            continue
        if det.text != low and not (i in an.starts and det.text == low.capitalize()):
            continue
        nxt = tokens[i + 1]
        if not nxt.is_word or nxt.text != nxt.lower or not _plain_gap(an, i):
            continue
        if "-" in nxt.text or an.low(i + 2) in ("-", "–"):
            continue
        entries = an.entries(i + 1)
        if not only_cgram(entries, "NOM"):
            continue  # "il le fait", "la plupart", "un peu": not a plain noun
        genders = {e.gender for e in entries}
        numbers = {e.number for e in entries}
        what = ""
        if low in _MASC_DET and genders == {"f"}:
            what = "feminine"
        elif low in _SING_DET and numbers == {"p"} and not nxt.text.endswith(("s", "x", "z")):
            what = "plural"
        elif low in _PLUR_DET and numbers == {"s"} and not nxt.text.endswith(("s", "x", "z")):
            what = "singular"
        if not what:
            continue
        fix = _FEMININE_DET.get(low) if what == "feminine" else None
        if fix and not (_vowel_start(nxt.lower) or nxt.lower.startswith("h")):
            if det.text[0].isupper():
                fix = fix[0].upper() + fix[1:]
            suggestion: str | None = f"{fix} {nxt.text}"
        else:
            suggestion = None
        yield Hit(
            det.start,
            nxt.end,
            f"'{det.text}' does not agree with '{nxt.text}', which is {what} "
            "(Lexique knows it only as such).",
            suggestion=suggestion,
            evidence=f"Lexique: '{nxt.text}' is a {what} noun",
        )


CHECK = GrammarCheck
