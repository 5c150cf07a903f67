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
- a postposed adjective that disagrees with the noun right after its determiner
  (``une décision important``, ``les forces armé``), both known to Lexique with certainty;
  complements, coordination, compounds and attributes of the subject are skipped;
- a verb whose number clashes with an adjacent subject pronoun or clause-initial
  determiner + noun (``les pays a décidé``, ``la commission ont``, ``ils a``).

- the gender of a named person: a masculine title or participle for a woman
  (``le Premier ministre Liz Truss``, ``Jo Cox, l'ancien député``, ``Angela Rayner a été
  limogé``) or a feminine one for a man. English has no gender there, so MT guesses. The
  person's sex comes from "Mme"/"M." or from a first name gender-guesser gives to one sex
  in every country it knows (compiled into the lexicon); a doubtful name ("Nicola") counts
  only if the text calls the person "Mme X"/"M. X" somewhere.

Every detector is deliberately narrow: it only fires when the subject is adjacent and its
gender or number is certain, and it steps aside for the legitimate exceptions of French
(reflexive verbs whose pronoun is an indirect object, a direct object after the participle,
a relative ``que`` before the subject, collective nouns ...).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from mtcheck.checks.base import DocContext
from mtcheck.checks.calque import RuleCheck
from mtcheck.checks.french import (
    CIVILITY_FEMALE,
    CIVILITY_MALE,
    DETERMINERS,
    SUBJECT_PRONOUNS,
    Analysis,
    Token,
    analyse,
    cgram_freq,
    civilities,
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
        an.extra["civilities"] = ctx.memo("civilities", lambda: civilities(ctx.document.text))
        an.extra["full_names"] = lambda: ctx.memo(
            "full-names", lambda: _doc_full_names(ctx.document.text)
        )
        disabled = set(self.options.get("disabled_detectors", []))
        detectors = {
            "person_title": _person_title,
            "person_agreement": _person_agreement,
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
            "noun_adjective": _noun_adjective,
            "subject_verb": _subject_verb,
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


# --- the gender of a named person ------------------------------------------------------------
#
# English has no gender for "the former MP" or "was sacked", so machine translation writes the
# masculine for a woman ("le Premier ministre Liz Truss", "Angela Rayner a été licencié") and,
# less often, the feminine for a man. The person's sex comes from a courtesy title ("Mme",
# "M.") or from a first name that gender-guesser lists for one sex only, in every country it
# knows ("Liz", not "Nicola" or "Andrea", which are male in Italy); a name it doubts is
# settled only by a "Mme X"/"M. X" elsewhere in the text. The title must stand right before
# the name (with only its adjectives and "de ..." complement in between) or in apposition right
# after it, and the participle must follow the name as its subject.

# Titles and roles written next to a person's name: masculine form -> feminine form. Equal
# forms are epicene: the determiner and the adjectives carry the gender ("le/la ministre").
# Titles that French still gives women in the masculine (docteur, professeur, médecin,
# écrivain, auteur, ranks like général or capitaine) and nouns whose gender is fixed whatever
# the person (la star, la victime, le témoin) are left out.
PERSON_TITLES: dict[str, str] = {
    "ministre": "ministre", "député": "députée", "eurodéputé": "eurodéputée",
    "parlementaire": "parlementaire", "président": "présidente",
    "sénateur": "sénatrice", "chancelier": "chancelière", "secrétaire": "secrétaire",
    "porte-parole": "porte-parole", "juge": "juge", "chef": "cheffe", "maire": "maire",
    "procureur": "procureure", "directeur": "directrice", "gouverneur": "gouverneure",
    "avocat": "avocate", "adjoint": "adjointe", "conseiller": "conseillère",
    "candidat": "candidate", "dirigeant": "dirigeante", "leader": "leader",
    "patron": "patronne", "fondateur": "fondatrice", "commissaire": "commissaire",
    "représentant": "représentante", "élu": "élue", "délégué": "déléguée",
    "ambassadeur": "ambassadrice", "diplomate": "diplomate", "négociateur": "négociatrice",
    "envoyé": "envoyée", "émissaire": "émissaire", "médiateur": "médiatrice",
    "responsable": "responsable", "pdg": "pdg", "journaliste": "journaliste",
    "militant": "militante", "activiste": "activiste", "opposant": "opposante",
    "rival": "rivale", "adversaire": "adversaire", "présentateur": "présentatrice",
    "animateur": "animatrice", "acteur": "actrice", "comédien": "comédienne",
    "chanteur": "chanteuse", "réalisateur": "réalisatrice", "producteur": "productrice",
    "romancier": "romancière", "joueur": "joueuse", "athlète": "athlète",
    "champion": "championne", "nageur": "nageuse", "skieur": "skieuse",
    "cycliste": "cycliste", "chercheur": "chercheuse", "scientifique": "scientifique",
    "économiste": "économiste", "analyste": "analyste", "expert": "experte",
    "enquêteur": "enquêtrice", "inspecteur": "inspectrice", "policier": "policière",
    "administrateur": "administratrice", "héritier": "héritière",
    "milliardaire": "milliardaire", "lauréat": "lauréate", "finaliste": "finaliste",
    "suspect": "suspecte", "accusé": "accusée", "détenu": "détenue",
    "correspondant": "correspondante", "chroniqueur": "chroniqueuse",
    "éditorialiste": "éditorialiste", "rédacteur": "rédactrice", "homologue": "homologue",
    "collègue": "collègue", "allié": "alliée", "partisan": "partisane",
}
_TITLE_MASCULINE = {f: m for m, f in PERSON_TITLES.items()}
_TITLE_FORMS = frozenset(PERSON_TITLES) | frozenset(_TITLE_MASCULINE)
# Masculine forms French also uses with "la" ("la chef", "la procureur", "la leader").
_TITLE_EPICENE_USE = frozenset({"chef", "procureur", "gouverneur", "leader"})
_TITLE_PREFIXES = ("ex-", "vice-", "co-", "sous-")
# Determiners of a title, with the gender they show ("l'" shows none).
_TITLE_DET = {"le": "m", "un": "m", "ce": "m", "cet": "m", "du": "m", "au": "m",
              "la": "f", "une": "f", "cette": "f", "l'": ""}
_DET_FEMININE = {"le": "la", "un": "une", "ce": "cette", "cet": "cette", "du": "de la",
                 "au": "à la", "l'": "l'"}
_DET_MASCULINE = {"la": "le", "une": "un", "cette": "ce", "l'": "l'"}
_ADJ_GENDER_FIX = {"nouvel": ("nouvelle", "nouvel"), "nouveau": ("nouvelle", "nouveau"),
                   "nouvelle": ("nouvelle", "nouveau"), "bel": ("belle", "bel"),
                   "vieil": ("vieille", "vieil")}
# Prepositions opening a title's complement ("ministre des Affaires étrangères",
# "secrétaire d'État", "ministre délégué aux Transports", "rédacteur en chef").
_COMPLEMENT_PREPS = frozenset({"de", "d'", "du", "des", "à", "au", "aux", "en"})
_COMPLEMENT_LINKS = frozenset({"la", "l'", "le", "les", "et"})
# Lowercase particles inside a name ("Ursula von der Leyen", "Charles de Gaulle").
_NAME_LINKS = frozenset(
    {"de", "du", "des", "von", "van", "der", "den", "da", "di", "del", "della", "dos", "das",
     "bin", "ben", "ibn", "al", "el", "zu", "ter", "ten"}
)
# Last words that make "First Word" a place or an institution, not a person
# ("Victoria Station", "Georgia Tech", "Charlotte Motor Speedway").
_NOT_SURNAMES = frozenset(
    {"street", "square", "station", "tech", "university", "université", "college", "school",
     "hospital", "hôpital", "cross", "park", "parc", "airport", "aéroport", "hall", "center",
     "centre", "arena", "stadium", "stade", "foundation", "fondation", "institute",
     "institut", "avenue", "road", "bridge", "pont", "island", "falls", "lake", "bay",
     "beach", "valley", "county", "city", "club", "fc", "united", "hotel", "hôtel", "motor",
     "speedway", "group", "groupe", "prize", "prix", "award", "awards", "cup", "coupe",
     "line", "ligne", "nationale", "national", "tower", "building", "house", "gardens",
     "palace", "palais", "rue", "boulevard", "place", "gare", "lycée", "collège", "école",
     "musée", "museum", "theatre", "théâtre"}
)
# Words before a name that make it the start of a clause (so it can be a subject).
_SUBJECT_OPENERS = CLAUSE_OPENERS - {"si", "alors", "ainsi", "donc", "puis"}
# "se dire prêt", "se montrer prudent", "est devenu célèbre": the adjective after these
# participles is an attribute of the subject and agrees with it.
_ATTRIBUTE_VERBS = frozenset(
    {"dire", "déclarer", "montrer", "sentir", "trouver", "retrouver", "révéler", "avérer",
     "juger", "savoir", "croire", "vouloir", "affirmer", "estimer", "considérer", "devenir",
     "rester", "demeurer", "sembler", "paraître", "redevenir"}
)


@dataclass(frozen=True)
class Person:
    start: int  # token index of the name (or of "Mme" / "M")
    end: int  # one past its last token
    gender: str  # "f" or "m"
    name: str
    evidence: str
    # The text itself gives the sex: "Mme"/"M." before the name or before the surname
    # elsewhere. A man's first name alone is not enough to call a feminine form wrong:
    # MT rarely writes the feminine for a man, and gender-guesser's men's names include
    # women's names of other countries (Ilhan, a man's name in Turkey; Ilhan Omar).
    civility: bool = False
    surname: bool = False  # named by the surname alone, known from elsewhere in the text


def _name_word(tok: Token, *, first: bool = False) -> bool:
    if not tok.capitalised or tok.elided or len(tok.text) < 2:
        return False
    if _is_title(tok) or tok.lower in ("premier", "première") or tok.lower in NATIONALITIES:
        return False  # "la ministre Élisabeth Borne Première ministre": the name ends
    return not (first and tok.text.isupper())


def _name_end(an: Analysis, p: int) -> int:
    """One past the last token of a "First Last" name starting at ``p``, or -1."""
    tokens = an.tokens
    if p >= len(tokens) or not _name_word(tokens[p], first=True):
        return -1
    k, caps, end = p + 1, 1, -1
    while k < len(tokens) and k - p < 6 and _joined(an, k - 1):
        tok = tokens[k]
        if _name_word(tok):
            caps += 1
            k += 1
            end = k
        elif caps == 1 and tok.text in _NAME_LINKS:
            k += 1
        else:
            break
    if caps < 2 or an.low(end - 1) in _NOT_SURNAMES:
        return -1
    return end


def _surname_end(an: Analysis, p: int) -> int:
    """One past a surname after "Mme"/"M." ("Mme Le Pen", "M. de Villepin"), or -1."""
    tokens = an.tokens
    k = p
    if k < len(tokens) and tokens[k].text in _NAME_LINKS:
        k += 1
    end = -1
    while k < len(tokens) and k - p < 4 and _name_word(tokens[k]):
        k += 1
        end = k
    return end


def _is_title(tok: Token) -> bool:
    return tok.is_word and _strip_prefix(tok.lower)[1] in _TITLE_FORMS


def _strip_prefix(low: str) -> tuple[str, str]:
    for prefix in _TITLE_PREFIXES:
        if low.startswith(prefix) and len(low) > len(prefix) + 2:
            return prefix, low[len(prefix) :]
    return "", low


def _person_candidates(an: Analysis) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every name-like span: "civ-f"/"civ-m" (a surname after
    "Mme"/"M."), "name" ("Liz Truss") or "surname" (a capitalised word alone)."""
    tokens = an.tokens
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        low = tok.lower
        if low in CIVILITY_FEMALE and tok.capitalised:
            kind, end = "civ-f", _surname_end(an, i + 1)
        elif low in CIVILITY_MALE and tok.capitalised:
            kind, end = "civ-m", _surname_end(an, i + 1)
        elif tok.text == "M" and an.low(i + 1) == "." and (i + 2) not in an.starts:
            kind, end = "civ-m", _surname_end(an, i + 2)
        else:
            end = _name_end(an, i) if tok.capitalised else -1
            kind = "name"
            if end < 0 and _name_word(tok, first=True) and not (
                i + 1 < len(tokens) and tokens[i + 1].capitalised
            ) and not (i > 0 and tokens[i - 1].capitalised and (i - 1) not in an.starts):
                end, kind = i + 1, "surname"  # "Truss", known from elsewhere in the text
        if end > 0:
            out.append((i, end, kind))
            i = end
        else:
            i += 1
    return out


def _first_name_gender(verdicts: dict[str, str], word: str) -> str:
    """ "f"/"m" when gender-guesser is sure of ``word``; compounds go by their first part."""
    verdict = verdicts.get(word, "unknown")
    if verdict == "unknown" and "-" in word:
        verdict = verdicts.get(word.split("-")[0], "unknown")
    return {"female": "f", "male": "m"}.get(verdict, "")


def _persons(an: Analysis) -> dict[int, Person]:
    """Every person named in the paragraph whose sex is known, by start token."""
    cached = an.extra.get("persons")
    if cached is not None:
        return cached
    persons: dict[int, Person] = {}
    an.extra["persons"] = persons
    candidates = _person_candidates(an)
    if not candidates:
        return persons
    doc: dict[str, set[str]] = an.extra.get("civilities", {})
    doc_names: Callable[[], dict[str, tuple[set[str], str]]] = an.extra.get(
        "full_names", dict
    )
    words = set()
    for s, e, kind in candidates:
        if kind == "name":
            for k in range(s, e - 1):
                words.add(an.tokens[k].text)
                words.add(an.tokens[k].text.split("-")[0])
    verdicts = default_lexicon().first_name_gender(words) if words else {}
    for s, e, kind in candidates:
        name = an.text[an.tokens[s].start : an.tokens[e - 1].end]
        if kind.startswith("civ"):
            gender = kind[-1]
            word = "M." if an.tokens[s].text == "M" else an.tokens[s].text
            persons[s] = Person(s, e, gender, name, f"'{word}' names a "
                                f"{'woman' if gender == 'f' else 'man'}", civility=True)
            continue
        if kind == "surname":
            surname = _resolve_surname(an, s, doc, doc_names)
            if surname is not None:
                persons[s] = surname
            continue
        person = _resolve_name(an, s, e, name, verdicts, doc)
        if person is not None:
            persons[person.start] = person
    return persons


def _resolve_surname(
    an: Analysis, s: int, said: dict[str, set[str]],
    doc_names: Callable[[], dict[str, tuple[set[str], str]]],
) -> Person | None:
    """A surname alone ("le Premier ministre Truss"), when the text names the person in
    full with a sure first name ("Liz Truss") or calls them "Mme Truss", never both ways."""
    tok = an.tokens[s]
    low = tok.lower
    civ = said.get(low, set())
    genders, full = doc_names().get(low, (set(), ""))
    both = civ | genders
    if len(both) != 1 or len(tok.text) < 3:
        return None
    gender = next(iter(both))
    her = "her" if gender == "f" else "him"
    if civ:
        evidence = f"the text calls {her} '{'Mme' if gender == 'f' else 'M.'} {tok.text}'"
    else:
        evidence = f"the text names {her} '{full}'"
    return Person(s, s + 1, gender, tok.text, evidence, civility=bool(civ), surname=True)


_CAPITALISED_RUN = re.compile(
    r"[A-ZÀ-ÖØ-Þ][\w'’-]*(?:[ \u00a0]+(?:(?:de|von|van|der|da|di|le|la)[ \u00a0]+)?"
    r"[A-ZÀ-ÖØ-Þ][\w'’-]*)+"
)


def _doc_full_names(text: str) -> dict[str, tuple[set[str], str]]:
    """Surname -> (sexes of the sure first names written before it, one full name).

    "Liz Truss" anywhere in the text lets a later "Truss" alone count as a woman; "Boris
    Johnson" and "Rachel Johnson" in one text leave "Johnson" undecided.
    """
    runs = [m.group().split() for m in _CAPITALISED_RUN.finditer(text)]
    if not runs:
        return {}
    words = {w for run in runs for w in run[:-1]}
    lex = default_lexicon()
    verdicts = lex.first_name_gender(words | {w.split("-")[0] for w in words})
    french = lex.lookup(w.lower() for w in words)
    out: dict[str, tuple[set[str], str]] = {}
    for run in runs:
        firsts = [
            (k, g) for k, w in enumerate(run[:-1]) if (g := _first_name_gender(verdicts, w))
        ]
        names_only = [(k, g) for k, g in firsts if not french[run[k].lower()].in_lexique]
        firsts = names_only or firsts[:1]
        if not firsts or len({g for _, g in firsts}) != 1:
            continue
        key = run[-1].lower().replace("’", "'")
        genders, full = out.get(key, (set(), ""))
        genders.add(firsts[0][1])
        out[key] = (genders, full or " ".join(run[firsts[0][0] :]))
    return out


def _french_word(an: Analysis, k: int) -> bool:
    info = an.infos.get(an.tokens[k].lower)
    return info is not None and info.in_lexique


def _resolve_name(
    an: Analysis, s: int, e: int, name: str, verdicts: dict[str, str],
    doc: dict[str, set[str]],
) -> Person | None:
    tokens = an.tokens
    # The first name is the first word gender-guesser is sure of, unless another word before
    # the surname says the opposite ("le club Chelsea Frank Lampard"): then nothing is sure.
    firsts = [
        (k, g) for k in range(s, e - 1)
        if tokens[k].is_word and (g := _first_name_gender(verdicts, tokens[k].text))
    ]
    # A capitalised French word before the name ("ministre de la Justice Rachida Dati") is
    # part of a complement unless it is the only candidate ("Marine Le Pen").
    names_only = [(k, g) for k, g in firsts if not _french_word(an, k)]
    firsts = names_only or firsts[:1]
    said = doc.get(an.low(e - 1), set())
    man_woman = {"f": "woman", "m": "man"}
    if firsts:
        k, gender = firsts[0]
        if any(g != gender for _, g in firsts) or (said and said != {gender}):
            return None  # mixed signs, or "Mme Clinton" in a text about Bill Clinton
        return Person(
            k, e, gender, an.text[tokens[k].start : tokens[e - 1].end],
            f"'{tokens[k].text}' is a {man_woman[gender]}'s first name",
            civility=bool(said),
        )
    if len(said) != 1:
        return None
    if verdicts.get(tokens[s].text, "unknown") == "unknown" and _french_word(an, s):
        return None  # "Santé", "Affaires": a capitalised word, not a first name
    gender = next(iter(said))
    civ = "Mme" if gender == "f" else "M."
    return Person(
        s, e, gender, name,
        f"the text calls {'her' if gender == 'f' else 'him'} '{civ} {tokens[e - 1].text}'",
        civility=True,
    )


@dataclass(frozen=True)
class TitlePhrase:
    start: int  # token index of the determiner
    title: int  # token index of the title noun
    end: int  # one past the title and the adjectives right after it
    gender: str  # "m" or "f", as its words show
    marked: tuple[int, ...]  # the words that show it (determiner, adjectives, title)

    @property
    def last(self) -> int:
        """The last word to change: the title, or a gendered adjective after it."""
        return max(self.title, *self.marked)


def _word_gender(an: Analysis, k: int) -> str | None:
    """The gender an adjective shows ("m", "f", "" for epicene), None if not an adjective."""
    tok = an.tokens[k]
    if not tok.is_word or tok.elided:
        return None
    prefix, low = _strip_prefix(tok.lower)
    if low in NATIONALITIES:
        for stem in NATIONALITY_STEMS:
            m_form, f_form = stem.split(":")[:2]
            if low == m_form:
                return "" if m_form == f_form else "m"
            if low == f_form:
                return "f"
        return ""
    entries = an.entries(k) if not prefix else default_lexicon().info(low).entries
    adjs = [e for e in entries if e.cgram == "ADJ"] or [e for e in entries if is_participle(e)]
    if not adjs or _finite_only(entries):
        return None
    if not tok.capitalised and cgram_freq(entries, "NOM") > 4 * sum(e.freq for e in adjs):
        return None  # mostly a noun
    genders = {e.gender for e in adjs if e.number in ("s", "")}
    if len(genders) != 1:
        return "" if genders else None
    gender = genders.pop()
    if gender == "m" and low.endswith("e") and not low.endswith("ée"):
        return ""  # "travailliste", "démocrate": Lexique lists some as masculine only
    return gender


def _title_gender(tok: Token) -> str:
    low = _strip_prefix(tok.lower)[1]
    fem = PERSON_TITLES.get(low)
    if fem is not None:
        return "" if fem == low or low in _TITLE_EPICENE_USE else "m"
    return "f" if _TITLE_MASCULINE.get(low, low) != low else ""


def _title_phrase(an: Analysis, t: int) -> TitlePhrase | None:
    """``le Premier ministre écossais``: determiner, adjectives and title around token ``t``."""
    tokens = an.tokens
    marks: dict[int, str] = {t: _title_gender(tokens[t])}
    b = t - 1
    while b >= 0 and t - b <= 2 and an.low(b) not in _TITLE_DET:
        g = _word_gender(an, b)
        if g is None:
            return None
        marks[b] = g
        b -= 1
    det = an.low(b)
    if b < 0 or det not in _TITLE_DET:
        return None
    if tokens[b].text != det and not (b in an.starts and tokens[b].text == det.capitalize()):
        return None  # "Le Monde", "La Haye": part of a name
    if an.low(b - 1) in CIVILITY_FEMALE:
        return None  # "Madame le ministre": an old courtesy form, not an error
    marks[b] = _TITLE_DET[det]
    end = t + 1
    while end < len(tokens) and end - t <= 2 and (
        not tokens[end].capitalised or tokens[end].lower in NATIONALITIES  # MT's "Italien"
    ):
        g = _word_gender(an, end)
        if g is None or (_is_title(tokens[end]) and end > t + 1):
            break
        marks[end] = g
        end += 1
    genders = {g for g in marks.values() if g}
    if len(genders) != 1:
        return None  # no sign, or mixed signs ("la Premier ministre"): unsure
    gender = genders.pop()
    marked = tuple(sorted(k for k, g in marks.items() if g == gender))
    return TitlePhrase(b, t, end, gender, marked)


def _title_tail(an: Analysis, k: int) -> Iterator[int]:
    """Positions after a title where a name may stand: past adjectives and ``de ...``."""
    tokens = an.tokens
    in_complement = False
    for _ in range(9):
        if k >= len(tokens):
            return
        yield k
        tok = tokens[k]
        low = tok.lower
        if not tok.is_word or not _joined(an, k - 1):
            return
        if low in _COMPLEMENT_PREPS and tok.text == low:
            in_complement = True
        elif in_complement and low in _COMPLEMENT_LINKS and tok.text == low:
            pass
        elif _is_title(tok):
            return  # "le porte-parole du Premier ministre X": the name goes with the last title
        elif tok.capitalised:
            if not in_complement:
                return
        elif _word_gender(an, k) is None and not (in_complement and _noun(an.entries(k))):
            return
        k += 1


def _joined(an: Analysis, i: int) -> bool:
    """Tokens ``i`` and ``i + 1`` are in the same line (``d'État`` is joined too)."""
    gap = an.text[an.tokens[i].end : an.tokens[i + 1].start]
    return "\n" not in gap and not gap.strip() and (bool(gap) or an.tokens[i].elided)


def _noun(entries: tuple[LexEntry, ...]) -> bool:
    """A noun, never an auxiliary: a word of a title's complement ("du parti")."""
    return has_cgram(entries, "NOM") and not has_cgram(entries, "AUX")


def _closes_apposition(an: Analysis, k: int) -> bool:
    """Whether an apposition may end before token ``k`` (not a list going on)."""
    if k >= len(an.tokens):
        return True
    low = an.low(k)
    if low in (".", ";", ")", "!", "?", ":", "»", "”"):
        return True
    if low != ",":
        return False
    nxt = an.tokens[k + 1] if k + 1 < len(an.tokens) else None
    if nxt is None:
        return True
    # ", a déclaré", ", qui ...", ", selon ...": the sentence goes on. ", et ...", ", le
    # chancelier ...", ", Boris Johnson ...": a list may be going on.
    return (
        nxt.is_word and not nxt.capitalised and nxt.lower not in ("et", "ou")
        and nxt.lower not in DETERMINERS
    )


def _after_preposition(an: Analysis, k: int) -> bool:
    return an.low(k - 1) in _COMPLEMENT_PREPS | _COMPLEMENT_LINKS | {"par", "pour", "avec"}


def _regender_word(an: Analysis, k: int, gender: str) -> str | None:
    tok = an.tokens[k]
    text = tok.text
    low = tok.lower
    if low in _TITLE_DET:
        new = (_DET_FEMININE if gender == "f" else _DET_MASCULINE).get(low)
        if new is None:
            return None
        if new == "ce" and _vowel_start(an.low(k + 1)):
            new = "cet"
        return new.capitalize() if text[0].isupper() else new
    prefix, base = _strip_prefix(low)
    if _is_title(tok):
        new = PERSON_TITLES.get(base) if gender == "f" else _TITLE_MASCULINE.get(base)
        if new is None:
            return None
    elif base in _ADJ_GENDER_FIX:
        new = _ADJ_GENDER_FIX[base][0 if gender == "f" else 1]
    elif base in NATIONALITIES:
        new = next(
            (s.split(":")[1 if gender == "f" else 0] for s in NATIONALITY_STEMS
             if base in s.split(":")[:2]),
            None,
        )
        if new is None:
            return None
        return prefix + new  # nationality adjectives are lowercase in French
    else:
        new = _inflect(base, gender)
        if new is None:
            return None
    new = prefix + new
    if text[:1].isupper():
        new = new[0].upper() + new[1:]
    return new


def _inflect(word: str, gender: str) -> str | None:
    """The singular form of the adjective or participle ``word`` in ``gender`` (Lexique)."""
    lex = default_lexicon()
    entries = lex.info(word).entries
    for cgram in ("ADJ", "VER"):
        best: tuple[float, str] | None = None
        for e in entries:
            if e.cgram != cgram or (cgram == "VER" and not is_participle(e)):
                continue
            forms = lex.forms(e.lemma, cgram)
            infos = lex.lookup(forms)
            for form in forms:
                for f in infos[form].entries:
                    if f.cgram != cgram or f.lemma != e.lemma or f.number not in ("s", ""):
                        continue
                    if cgram == "VER" and not is_participle(f):
                        continue
                    if f.gender == gender and (best is None or f.freq > best[0]):
                        best = (f.freq, form)
        if best is not None:
            return best[1]
    return None


def _regendered(an: Analysis, phrase: TitlePhrase, gender: str) -> tuple[int, str] | None:
    """(start token, text) of the phrase with its gendered words in ``gender``."""
    start = phrase.start
    parts: list[str] = []
    if gender == "m" and an.low(start) == "la" and an.low(start - 1) in ("de", "à"):
        start -= 1  # "de la Première ministre" -> "du Premier ministre"
    for k in range(phrase.start, phrase.last + 1):
        tok = an.tokens[k]
        new = tok.text
        if k in phrase.marked:
            regendered = _regender_word(an, k, gender)
            if regendered is None:
                return None
            new = regendered
            if k == phrase.start and start < phrase.start:
                new = {"de": "du", "à": "au"}[an.low(start)]
                if an.tokens[start].text[0].isupper():
                    new = new.capitalize()
        gap = an.text[an.tokens[k - 1].end : tok.start] if parts else ""
        parts.append(gap + new)
    return start, "".join(parts)


def _title_hit(an: Analysis, phrase: TitlePhrase, person: Person, after: bool) -> Hit | None:
    if phrase.gender == person.gender:
        return None
    if person.gender == "m" and not person.civility:
        return None  # see Person.civility
    fixed = _regendered(an, phrase, person.gender)
    start = an.tokens[fixed[0] if fixed else phrase.start].start
    end = an.tokens[phrase.last].end
    what = {"m": "masculine", "f": "feminine"}
    who = {"m": "a man", "f": "a woman"}
    where = "in apposition to" if after else "before"
    why = (
        "machine translation defaults to the masculine" if person.gender == "f"
        else "machine translation guessed the feminine"
    )
    return Hit(
        start,
        end,
        f"Gender: '{an.text[start:end]}' is {what[phrase.gender]} {where} "
        f"'{person.name}', who is {who[person.gender]} ({person.evidence}). English titles "
        f"have no gender; {why}.",
        suggestion=fixed[1] if fixed else None,
        evidence=person.evidence,
    )


def _person_title(an: Analysis) -> Iterator[Hit]:
    """``le Premier ministre Liz Truss``, ``Jo Cox, l'ancien député de Batley``."""
    tokens = an.tokens
    titles = [t for t, tok in enumerate(tokens) if _is_title(tok)]
    if not titles:
        return
    persons = _persons(an)
    if not persons:
        return
    done: set[int] = set()
    for t in titles:
        phrase = _title_phrase(an, t)
        if phrase is None or phrase.start in done:
            continue
        for q in _title_tail(an, phrase.end):
            comma = an.low(q) == ","
            person = persons.get(q + 1 if comma else q)
            if person is None:
                if _name_end(an, q) > 0 and not _after_preposition(an, q):
                    break  # someone whose sex is unknown
                continue
            if _after_preposition(an, person.start):
                break  # "le conseiller de Liz Truss": not an apposition
            if comma and (
                not _closes_apposition(an, person.end)
                or an.low(phrase.start) in ("du", "au")
                or an.low(phrase.start - 1) in ("de", "d'", "à")
            ):
                break  # "le fils du ministre, X, ...": X may be the son
            hit = _title_hit(an, phrase, person, after=False)
            if hit is not None:
                done.add(phrase.start)
                yield hit
            break
    # Apposition after the name: "Jo Cox, l'ancien député de Batley, a été ...", "a déclaré
    # Liz Truss, l'ancien Premier ministre." The name must be a subject opening its clause
    # or come right after a verb: "Selon Liz Truss, le ministre a ..." speaks of two people.
    for person in persons.values():
        k = person.end
        if an.low(k) != "," or an.low(person.start - 1) in (",", "et", "ou"):
            continue
        subject = _subject_position(an, person.start)
        if not subject and not _after_verb(an, person.start):
            continue
        title = next((x for x in range(k + 2, min(k + 5, len(tokens))) if _is_title(tokens[x])),
                     -1)
        if title < 0:
            continue
        phrase = _title_phrase(an, title)
        if phrase is None or phrase.start != k + 1 or phrase.start in done:
            continue
        if an.low(phrase.start) not in ("le", "la", "l'", "un", "une"):
            continue
        closed = False
        for q in _title_tail(an, phrase.end):
            if _name_end(an, q) > 0 and not _after_preposition(an, q):
                break  # "Liz Truss, le ministre Ben Wallace et ...": a list
            if _closes_apposition(an, q) and (subject or an.low(q) in (".", ";", ")")):
                closed = True
                break
        if not closed:
            continue
        hit = _title_hit(an, phrase, person, after=True)
        if hit is not None:
            done.add(phrase.start)
            yield hit


def _subject_position(an: Analysis, s: int) -> bool:
    """Whether a name at token ``s`` opens a clause (so it can be the subject)."""
    if s in an.starts:
        return True
    prev = an.tokens[s - 1]
    if prev.kind == "punct":
        return prev.text in CLAUSE_PUNCT
    return prev.lower in _SUBJECT_OPENERS


def _subject_start(an: Analysis, person: Person) -> int:
    """Where the subject starts: before "la Première ministre" when it precedes the name."""
    for b in range(person.start - 1, max(person.start - 10, -1), -1):
        if not _is_title(an.tokens[b]):
            continue
        phrase = _title_phrase(an, b)
        if phrase is None:
            continue
        tail = list(_title_tail(an, phrase.end))
        if person.start in tail and not _after_preposition(an, person.start):
            return phrase.start
    return person.start


def _person_agreement(an: Analysis) -> Iterator[Hit]:
    """``Angela Rayner a été licencié``, ``Jo Cox, qui a été assassiné``, ``s'est dit prêt``."""
    tokens = an.tokens
    if not any(an.low(k) in ETRE or an.low(k) in AVOIR or an.low(k) in ("s'", "se")
               for k in range(len(tokens))):
        return
    for person in _persons(an).values():
        if person.surname and not person.civility:
            continue  # "Washington a été ...": a surname alone is a subject only with "Mme X"
        i = person.end
        relative = False
        if an.low(i) == "," and an.low(i + 1) == "qui":
            i, relative = i + 2, True
        elif an.low(i) == "qui":
            i, relative = i + 1, True
        if i >= len(tokens) or an.low(i) not in ("ne", "n'", "se", "s'", *ETRE, *AVOIR,
                                                  *SEMI_AUX):
            continue
        start = _subject_start(an, person)
        # The subject opens its clause; "qui" may also follow an object ("Boris Johnson a
        # nommé Liz Truss, qui ..."), never a complement ("le mari de Liz Truss, qui ...").
        if not _subject_position(an, start) and not (
            relative and _after_verb(an, start)
        ):
            continue
        after_que = an.low(start - 1) in ("que", "qu'")
        vg = _verb_group(an, i)
        if vg is None or vg.number != "s" or vg.part >= len(tokens):
            continue
        hit = _named_participle(an, person, i, vg, after_que)
        if hit is not None:
            yield hit


def _adjective_at(an: Analysis, k: int) -> bool:
    """An adjective (after adverbs), not a noun or verb that could be an object."""
    k = _skip_adverbs(an, k)
    if k >= len(an.tokens) or not an.tokens[k].is_word or an.tokens[k].capitalised:
        return False
    entries = an.entries(k)
    adj = cgram_freq(entries, "ADJ")
    return adj > 0 and cgram_freq(entries, "NOM", "VER") < 0.5 * adj


def _after_verb(an: Analysis, k: int) -> bool:
    if k < 1 or not an.tokens[k - 1].is_word:
        return False
    before = an.entries(k - 1)
    return has_cgram(before, "VER") and not has_cgram(before, "NOM", "PRE")


def _named_participle(
    an: Analysis, person: Person, i: int, vg: VerbGroup, after_que: bool
) -> Hit | None:
    part = an.tokens[vg.part]
    if not part.is_word or part.capitalised or part.text.endswith(("-", "'", "’")):
        return None
    entries = an.entries(vg.part)
    readings = [e for e in _readings(entries, vg.kind) if e.number in ("s", "")]
    if not readings:
        return None
    if (
        vg.kind == "etre" or not any(is_participle(e) for e in readings)
    ) and cgram_freq(entries, "NOM") >= 0.5 * sum(e.freq for e in readings):
        return None  # a noun attribute ("elle est député", "il est mort")
    gender = person.gender
    lemmas = {e.lemma for e in readings if is_participle(e)}
    target = vg.part
    clash = _clash(gender, (e.gender for e in readings))
    if clash and vg.kind == "refl":
        if after_que:
            return None  # "la promesse qu'elle s'est faite": agrees with "que"
        if gender == "f" and (
            lemmas & INVARIABLE_REFLEXIVE or _object_follows(an, vg.part + 1)
        ) and not (lemmas & _ATTRIBUTE_VERBS - {"dire"} and _adjective_at(an, vg.part + 1)):
            clash = False  # "s'est dit", "s'est lavé les mains"; not "s'est montré ferme"
    if not clash and lemmas & _ATTRIBUTE_VERBS:
        # "s'est dit prêt", "est devenu célèbre": the attribute after the participle
        target = _skip_adverbs(an, vg.part + 1)
        if target >= len(an.tokens) or an.tokens[target].capitalised:
            return None
        adj_entries = an.entries(target)
        readings = [e for e in adj_entries if e.cgram == "ADJ" and e.number in ("s", "")]
        if not readings or cgram_freq(adj_entries, "NOM", "VER") >= 0.5 * sum(
            e.freq for e in readings
        ):
            return None
        clash = _clash(gender, (e.gender for e in readings))
    if not clash or (gender == "m" and not person.civility):
        return None
    word = an.tokens[target]
    fix = _agreed_form(readings, Subject(gender, "s", 0, False, False))
    if fix is None and any(is_participle(e) for e in readings):
        # Lexique lacks some forms ("limogée"): participles add or drop a final "e"
        low = word.lower
        if gender == "f" and not low.endswith("e"):
            fix = low + "e"
        elif gender == "m" and low.endswith("e"):
            fix = low[:-1]
    what = "feminine" if gender == "f" else "masculine"
    return Hit(
        an.tokens[i].start,
        word.end,
        f"Agreement: '{word.text}' should be {what}: its subject '{person.name}' is "
        f"{'a woman' if gender == 'f' else 'a man'} ({person.evidence}). English participles "
        "have no gender; machine translation "
        + ("defaults to the masculine." if gender == "f" else "guessed the feminine."),
        suggestion=fix,
        evidence=person.evidence,
    )


# --- noun and postposed adjective ----------------------------------------------------------
#
# MT inflects an adjective from the English, which has none, so "une décision important",
# "les forces armé". Only the tightest frame is checked: determiner + noun + adjective,
# the noun known only as a noun of one gender/number (confirmed by the determiner), the
# adjective only as an adjective or past participle. Anything that may legitimately break
# agreement is skipped: a noun complement ("les prix de l'énergie élevés" agree with the
# first noun), coordination ("une attitude et un comportement agressifs"), distributive
# adjectives ("les secteurs public et privé"), adjective + noun compounds ("des missiles
# longue portée"), present participles ("les jours passant,"), adverb-like adjectives.

_NA_DETS: dict[str, tuple[str, str]] = {
    **{d: gn for d, gn in DETERMINERS.items() if d not in ("aucun", "aucune", "chaque")},
    "au": ("m", "s"), "aux": ("", "p"),
}
# Contracted articles: "de/à" + article, so the noun may be another noun's complement.
_CONTRACTED = frozenset({"du", "des", "au", "aux"})
_COORDINATORS = frozenset({"et", "ou", "ni", ",", "voire", "comme", "/", "&"})
# Adjectives also used as adverbs or in fixed invariable uses ("haut placés", "possible").
_INVARIABLE_ADJ = frozenset(
    {"haut", "bas", "fort", "grand", "frais", "large", "net", "droit", "juste", "cher",
     "clair", "dur", "faux", "ferme", "court", "long", "plein", "bon", "mauvais", "lourd",
     "gros", "tout", "franc", "possible", "nu", "demi", "feu", "ci-joint", "ci-inclus",
     "excepté", "compris", "vu", "passé", "supposé", "étant", "sauf", "mi", "soi-disant",
     "cash", "standard", "super", "extra", "bio", "sexy", "cool", "pop", "rock", "kitsch"}
)
# Colour adjectives made invariable by a modifier ("des vestes bleu marine").
_COLOURS = frozenset(
    {"bleu", "vert", "rouge", "jaune", "gris", "blanc", "noir", "rose", "violet", "brun",
     "orange", "marron", "beige", "blond", "roux", "mauve", "pourpre", "turquoise"}
)
# Nouns with special agreement ("une fois élu", "les gens" agree in the masculine).
_NA_SKIP_NOUNS = frozenset(
    {"fois", "gens", "sorte", "espèce", "genre", "type", "plupart", "moitié", "majorité",
     "personne", "chose", "rien", "temps"}
)
_VERB_ONLY_BEFORE = frozenset({*AVOIR, *ETRE, "été", "avoir", "être"})


def _np_head_position(an: Analysis, d: int) -> bool:
    """Whether the noun phrase at determiner ``d`` heads its phrase (not a complement).

    It may open the sentence or a clause, or follow a verb or an adverb; never a
    preposition or another noun (then it may be a complement: "la hausse des prix ...").
    """
    if d in an.starts or d == 0:
        return True
    prev = an.tokens[d - 1]
    low = prev.lower
    if prev.kind == "punct":
        return prev.text in ";:(«\"“”»—–" and prev.text != ","
    if prev.kind != "word" or prev.capitalised:
        return False
    if low in ("que", "qu'", "qui", "dont", "où", "mais", "car", "lorsque", "lorsqu'",
               "puisque", "puisqu'", "quand", "si", "alors", "donc", "puis"):
        return True
    if low in PREPOSITIONS or low in _COORDINATORS or low in _NA_DETS:
        return False
    if low in _VERB_ONLY_BEFORE:
        return True
    entries = an.entries(d - 1)
    if not entries or has_cgram(entries, "NOM", "PRE", "CON", "PRO", "ART", "ONO"):
        return False
    return has_cgram(entries, "VER", "AUX", "ADV")


def _certain_noun(an: Analysis, h: int, det: str) -> tuple[str, str] | None:
    """(gender, number) of a plain lowercase noun whose determiner confirms them."""
    tok = an.tokens[h]
    if (
        not tok.is_word or tok.text != tok.lower or tok.elided or "-" in tok.text
        or len(tok.text) < 3 or tok.lower in _NA_SKIP_NOUNS
    ):
        return None
    entries = tuple(e for e in an.entries(h) if not _first_second_person(e))
    if not only_cgram(entries, "NOM"):
        return None  # also an adjective, a pronoun, a 3rd-person verb: not surely a noun
    det_gender, det_number = _NA_DETS[det]
    genders = {e.gender for e in entries}
    numbers = {e.number for e in entries}
    gender = genders.pop() if len(genders) == 1 else ""
    number = numbers.pop() if len(numbers) == 1 else ""
    if det_gender and gender and gender != det_gender:
        return None  # "la ministre", "le livre / la livre": unsure
    if det_number:
        if number and number != det_number:
            return None
        number = det_number
    if not gender and not number:
        return None
    return gender, number


_FIRST_SECOND = re.compile(r"^(?:(?:ind|sub|cnd):[a-z]+:[12][sp]|imp:pre:[12][sp])$")


def _first_second_person(e: LexEntry) -> bool:
    """A verb reading that needs "je"/"tu"/"nous"/"vous" ("forces" from "forcer")."""
    tags = [t for t in e.infover.split(";") if t]
    return e.cgram == "VER" and bool(tags) and all(_FIRST_SECOND.match(t) for t in tags)


def _adjective_readings(an: Analysis, a: int) -> list[LexEntry] | None:
    """The adjective/participle readings of token ``a`` when it can be nothing else."""
    tok = an.tokens[a]
    if not tok.is_word or tok.text != tok.lower or tok.elided or "-" in tok.text:
        return None
    if tok.lower in _INVARIABLE_ADJ or len(tok.text) < 3:
        return None
    entries = an.entries(a)
    if not entries:
        return None
    readings = [e for e in entries if e.cgram == "ADJ" or is_participle(e)]
    if not readings:
        return None
    adj_freq = sum(e.freq for e in readings)
    nationality = _is_nationality(tok.lower)
    for e in entries:
        if _first_second_person(e):
            continue  # "forces", "pris" (je pris): never a verb right after a noun
        if e in readings:
            tags = {t for t in e.infover.split(";") if t} - {"par:pas"}
            if e.cgram == "VER" and not all(_FIRST_SECOND.match(t) for t in tags):
                return None  # also a 3rd-person form ("dit", "fait"): may be a verb
            continue
        if e.cgram == "VER" and e.infover.strip(";") == "par:pre":
            if e.freq >= 0.1 * adj_freq and an.low(a + 1) not in (".", ";", ")"):
                return None  # "les jours passant, ...": an invariable present participle
            continue
        if e.cgram == "NOM" and (nationality or e.freq < 0.25 * adj_freq):
            continue  # "important", "armé": mostly an adjective; "Britanniques" is written
            # with a capital as a noun
        return None
    return readings


def _clause_initial(an: Analysis, d: int) -> bool:
    if d in an.starts or d == 0:
        return True
    prev = an.tokens[d - 1]
    return prev.kind == "punct" or prev.lower in _CLAUSE_START_WORDS


def _subject_may_agree(an: Analysis, d: int, readings: list[LexEntry]) -> bool:
    """Whether a possible subject before the object at ``d`` agrees with the adjective.

    After a verb's object, an adjective may describe the subject ("Elle a quitté le pays
    furieuse"): a subject pronoun, a name, or a clause-initial noun phrase that agrees
    with it makes the case doubtful.
    """
    for k in range(an.sentence_start(d), d):
        tok = an.tokens[k]
        if not tok.is_word:
            continue
        low = tok.lower
        if low in SUBJECT_PRONOUNS or low == "on":
            gender, number = SUBJECT_PRONOUNS.get(low, ("", "s"))
        elif tok.capitalised and k not in an.starts and low not in _NA_DETS:
            if an.low(k - 1) in PREPOSITIONS or an.tokens[k - 1].capitalised:
                continue
            gender, number = "", "s"
        elif low in _NA_DETS and k + 1 < d and _subject_opening(an, k):
            noun = _certain_noun(an, k + 1, low)
            if noun is None:
                nxt = an.tokens[k + 1]
                if not nxt.capitalised:
                    continue
                noun = ("", "s")  # "le Premier ministre", "la Commission"
            gender, number = noun
        else:
            continue
        if _agrees(gender, number, readings):
            return True
    return False


def _compound_noun_follows(an: Analysis, k: int, readings: list[LexEntry]) -> bool:
    """A noun the adjective may form a compound with ("longue portée", "bas carbone")."""
    tok = an.tokens[k]
    if not tok.is_word or tok.lower in TIME_NOUNS or not _plain_gap(an, k - 1):
        return False
    entries = an.entries(k)
    nouns = [e for e in entries if e.cgram == "NOM"]
    if not nouns or sum(e.freq for e in nouns) < 0.5 * sum(e.freq for e in entries):
        return False
    return any(_agrees(e.gender, e.number, readings) for e in nouns)


def _noun_adjective(an: Analysis) -> Iterator[Hit]:
    """``une décision important``, ``les forces armé``, ``le gouvernement britanniques``."""
    tokens = an.tokens
    n = len(tokens)
    for d in range(n - 2):
        det = tokens[d].lower
        if det not in _NA_DETS or not tokens[d].is_word:
            continue
        if not _np_head_position(an, d):
            continue
        if det in _CONTRACTED and d not in an.starts and d > 0 and not (
            an.low(d - 1) in _VERB_ONLY_BEFORE or _verb_only(an.entries(d - 1))
        ):
            continue
        h, a = d + 1, d + 2
        if not (_plain_gap(an, d) or tokens[d].elided) or not _plain_gap(an, h):
            continue
        noun = _certain_noun(an, h, det)
        if noun is None:
            continue
        readings = _adjective_readings(an, a)
        if readings is None:
            continue
        gender, number = noun
        gen_clash = _clash(gender, (e.gender for e in readings))
        num_clash = _clash(number, (e.number for e in readings))
        if not (gen_clash or num_clash):
            continue
        nxt = an.low(a + 1)
        after = tokens[a + 1] if a + 1 < n else None
        adj_plural = all(e.number == "p" for e in readings)
        if adj_plural and (an.low(d - 1) in _COORDINATORS or nxt in ("et", "ou")):
            continue  # "une attitude et un comportement agressifs"
        if num_clash and number == "p" and nxt in ("et", "ou", ",", "/"):
            continue  # "les secteurs public et privé"
        if after is not None and _compound_noun_follows(an, a + 1, readings):
            continue  # "des missiles longue portée", "des lignes haute tension"
        if {e.lemma for e in readings} & _COLOURS and after is not None and after.is_word:
            continue
        if not _clause_initial(an, d) and _subject_may_agree(an, d, readings):
            continue  # "Il a quitté la salle furieux": an attribute of the subject
        what = " ".join(
            w for w in (
                {"m": "masculine", "f": "feminine"}.get(gender, "") if gen_clash else "",
                {"s": "singular", "p": "plural"}.get(number, "") if num_clash else "",
            ) if w
        )
        noun_desc = " ".join(
            w for w in ({"m": "masculine", "f": "feminine"}.get(gender, ""),
                        {"s": "singular", "p": "plural"}.get(number, "")) if w
        )
        adj_desc = ", ".join(sorted({_gn(e) for e in readings}))
        phrase = an.text[tokens[d].start : tokens[h].end]
        fix = _agreed_form(readings, Subject(gender, number, d, False, False))
        yield Hit(
            tokens[h].start,
            tokens[a].end,
            f"Agreement: '{tokens[a].text}' ({adj_desc}) does not agree with '{phrase}' "
            f"({noun_desc}); it should be {what}. English adjectives do not inflect, so "
            "machine translation often leaves the default form.",
            suggestion=f"{tokens[h].text} {fix}" if fix else None,
            evidence=f"Lexique: '{tokens[h].text}' is only a {noun_desc} noun; "
            f"'{tokens[a].text}' is {adj_desc}",
        )


# --- subject and verb number ---------------------------------------------------------------
#
# "les pays a décidé", "ils a déclaré": only an adjacent subject (a personal pronoun or a
# clause-initial determiner + noun, with object clitics and negation allowed in between)
# and a verb form that is finite, third person and of one number only. Coordinated
# subjects ("la police et les pompiers sont"), collective nouns ("la plupart ont"), nouns
# after a preposition ("les sanctions contre le régime ont") and lists are skipped.

_CLITICS = frozenset(
    {"ne", "n'", "se", "s'", "le", "la", "les", "l'", "lui", "leur", "y", "en", "me", "m'",
     "te", "t'", "nous", "vous"}
)
_CLAUSE_START_WORDS = frozenset(
    {"que", "qu'", "mais", "car", "lorsque", "lorsqu'", "puisque", "puisqu'", "quand",
     "où", "dont", "si", "s'", "alors", "donc", "puis", "comme", "tandis", "parce",
     "pourquoi", "comment"}
)
_TOUT = frozenset({"tout", "toute", "tous", "toutes"})
_PERSON_TAG = re.compile(r"^(ind|sub|cnd):[a-z]+:3([sp])$")


def _finite_number(entries: tuple[LexEntry, ...], pronoun: bool) -> tuple[str, str] | None:
    """(number, lemma) of a word that is only a third-person finite verb of one number.

    After a subject pronoun no noun can follow, so noun readings are ignored there;
    after a noun only "a" and "est" may keep theirs (the letter, the compass point).
    """
    verbs = [e for e in entries if e.cgram in ("VER", "AUX")]
    if not verbs or (not pronoun and len(verbs) != len(entries)):
        return None
    numbers: set[str] = set()
    for e in verbs:
        for tag in filter(None, e.infover.split(";")):
            m = _PERSON_TAG.match(tag)
            if m is None:
                return None  # participle, infinitive, imperative, 1st/2nd person
            numbers.add(m.group(2))
    if len(numbers) != 1:
        return None
    return numbers.pop(), verbs[0].lemma


def _comma_opens_clause(an: Analysis, comma: int) -> bool:
    """``Selon X, la commission ...``: the part before the comma is an introductory
    adverbial (preposition, adverb, time word, subordinate clause), not a list item."""
    start = an.sentence_start(comma)
    if start >= comma:
        return False
    first = an.tokens[start]
    if not first.is_word:
        return False
    low = first.lower
    if low in TIME_NOUNS or low in ("en", "selon", "après", "avant", "depuis", "pendant",
                                    "lorsque", "lorsqu'", "quand", "si", "s'", "alors",
                                    "dans", "pour", "malgré", "face", "mais", "cependant",
                                    "pourtant", "toutefois", "ainsi", "outre", "par",
                                    "sur", "sous", "avec", "sans", "dès", "entre", "vers"):
        pass
    elif not only_cgram(an.entries(start), "ADV", "PRE"):
        return False
    return not any(an.low(k) in ("et", "ou", "ni") for k in range(comma - 2, comma))


def _subject_opening(an: Analysis, d: int) -> bool:
    """Whether a noun phrase starting at token ``d`` opens its clause."""
    if d in an.starts or d == 0:
        return True
    prev = an.tokens[d - 1]
    if prev.kind == "punct":
        if prev.text == ",":
            return _comma_opens_clause(an, d - 1)
        return prev.text in ";:(«\"“”»—–"
    return prev.is_word and prev.lower in _CLAUSE_START_WORDS


def _verb_form(lemma: str, cgram: str, number: str, tags: list[str]) -> str | None:
    """The form of ``lemma`` in the same tense and mood with the other ``number``."""
    lex = default_lexicon()
    wanted = {t[:-1] + number for t in tags}
    forms = lex.forms(lemma, cgram)
    infos = lex.lookup(forms)
    best: tuple[float, str] | None = None
    for form in forms:
        for f in infos[form].entries:
            if (
                f.cgram == cgram and f.lemma == lemma and wanted & set(f.infover.split(";"))
                and (best is None or f.freq > best[0])
            ):
                best = (f.freq, form)
    return best[1] if best else None


def _subject_verb(an: Analysis) -> Iterator[Hit]:
    """``les pays a décidé``, ``la commission ont annoncé``, ``ils a déclaré``."""
    tokens = an.tokens
    for j in range(1, len(tokens)):
        verb = tokens[j]
        if not verb.is_word or verb.text != verb.lower or "-" in verb.text or verb.elided:
            continue
        p = j - 1
        while p >= 0 and an.low(p) in _CLITICS and j - p <= 3:
            p -= 1
        if p < 0 or not tokens[p].is_word:
            continue
        subj = tokens[p]
        low = subj.lower
        pronoun = low in SUBJECT_PRONOUNS and subj.text in (low, low.capitalize())
        if pronoun:
            prev = an.low(p - 1) if p not in an.starts else ""
            if prev in PREPOSITIONS and prev not in ("que", "qu'"):
                continue
            number = SUBJECT_PRONOUNS[low][1]
            start = p
        else:
            d = p - 1
            if an.low(d) not in _NA_DETS and d >= 1 and an.low(d - 1) in _NA_DETS:
                # "les pays européens a": one adjective that agrees with the noun
                adj = _adjective_readings(an, p)
                if adj is None or not _plain_gap(an, d):
                    continue
                noun_gn = _certain_noun(an, d, an.low(d - 1))
                if noun_gn is None or not _agrees(*noun_gn, adj):
                    continue
                p, d = d, d - 1
            if d < 0 or an.low(d) not in _NA_DETS or not tokens[d].is_word:
                continue
            det = an.low(d)
            if det in _CONTRACTED:
                continue
            noun = _certain_noun(an, p, det)
            if noun is None or not noun[1]:
                continue
            number, low = noun[1], an.low(p)
            b = d - 1 if an.low(d - 1) in _TOUT else d
            if not _subject_opening(an, b):
                continue
            start = d
        entries = an.entries(j)
        if not pronoun and verb.lower not in ("a", "est") and not _verb_only(entries):
            continue
        found = _finite_number(entries, pronoun or verb.lower in ("a", "est"))
        if found is None:
            continue
        vnumber, lemma = found
        if vnumber == number:
            continue
        if verb.lower == "est" and an.low(j + 1) in ("de", "du", "des", "-"):
            continue  # "les régions est du pays": the compass point
        if not pronoun and number == "s" and low in COLLECTIVE_NOUNS:
            continue  # "la plupart ont", "la majorité sont"
        if pronoun and number == "s" and (
            an.low(p - 1) in _COORDINATORS or an.low(p + 1) in ("et", "ou", "-même")
        ):
            continue  # "son mari et elle ont"
        if not pronoun and (an.low(start - 1) in _COORDINATORS or an.low(j) in ("et", "ou")):
            continue
        tags = sorted({
            t for e in entries if e.cgram in ("VER", "AUX")
            for t in e.infover.split(";") if t
        })
        cgram = next(e.cgram for e in entries if e.cgram in ("VER", "AUX"))
        fix = _verb_form(lemma, cgram, number, tags)
        subject_text = an.text[tokens[start].start : subj.end]
        sub_num = "singular" if number == "s" else "plural"
        verb_num = "singular" if vnumber == "s" else "plural"
        yield Hit(
            tokens[start].start,
            verb.end,
            f"Agreement: the verb '{verb.text}' ({verb_num}) does not agree with its subject "
            f"'{subject_text}' ({sub_num}).",
            suggestion=(an.text[tokens[start].start : tokens[j].start] + fix) if fix else None,
            evidence=f"Lexique: '{verb.text}' is only a {verb_num} form of '{lemma}'"
            + ("" if pronoun else f"; '{tokens[p].text}' is a {sub_num} noun"),
        )


CHECK = GrammarCheck
