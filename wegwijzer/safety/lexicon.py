"""Curated Dutch crisis lexicon: word lists and the patterns built from them.

Patterns run on normalised text (see normalise.py): lower-case ASCII words
separated by one space, " . " between sentences. `gap(n)` allows up to n words
in between, never across a sentence end. Patterns look for a *person* in
danger (a victim after "slaat", a child with "vermist") so that look-alikes
such as "slaat zijn hoofd tegen de tafel", "slaat haar ontbijt over" or
"mijn fiets is vermist" do not fire.

Kinds (also used as the crisis type in parse data and logs):
    geweld, wapen, onveilig_thuis, zelfdoding, seksueel_misbruik, vermissing, acuut
"""
from __future__ import annotations

import re

WORD = r"[a-z0-9]+"


def gap(n: int) -> str:
    return rf"(?:{WORD} ){{0,{n}}}"


def alt(*words: str) -> str:
    return "(?:" + "|".join(words) + ")"


# --- word lists --------------------------------------------------------------
# Spreektaal and chat spellings, mapped per word before matching.
SPREEKTAAL = {
    "k": "ik", "kwil": "ik wil", "kben": "ik ben", "kga": "ik ga", "kheb": "ik heb", "kdurf": "ik durf",
    "kzie": "ik zie", "nie": "niet", "ni": "niet", "nt": "niet", "mn": "mijn", "mijne": "mijn",
    "zn": "zijn", "wort": "wordt", "word": "wordt", "wrd": "wordt",
    "pls": "alsjeblieft", "plz": "alsjeblieft", "aub": "alsjeblieft", "alstublieft": "alsjeblieft",
    "svp": "alsjeblieft", "alsjeblief": "alsjeblieft", "astublieft": "alsjeblieft",
    "hellup": "help", "hulpp": "help", "heelp": "help", "hellp": "help", "halp": "help",
    "suicidale": "suicidaal", "zelfmoordgedachtes": "zelfmoordgedachten",
    "nudes": "naaktfotos", "naaktfoto": "naaktfotos", "zitte": "zitten", "leve": "leven",
    "thuisgekomen": "thuis gekomen", "doodgaan": "dood gaan", "doodmaken": "dood maken",
    # spreektaal drops the final n of a verb ("ze gaat me vermoorde", "ik werd geslage")
    # and says -ah for -er ("vroegah")
    "vermoorde": "vermoorden", "afmake": "afmaken", "geslage": "geslagen", "gestoke": "gestoken",
    "neergestoke": "neergestoken", "gevalle": "gevallen", "doodmake": "dood maken", "opgeslote": "opgesloten",
    "misbruike": "misbruiken", "verkrachte": "verkrachten", "vroegah": "vroeger",
    "kint": "kind", "bloet": "bloedt",
}

# Distinctive words that a typo is corrected into (never short, common words).
FUZZY_KEYWORDS = (
    "zelfmoord", "zelfmoordgedachten", "zelfdoding", "suicide", "suicidaal", "zelfbeschadiging",
    "automutilatie", "overdosis", "mishandeld", "mishandelt", "mishandelen", "verkracht",
    "verkrachting", "aangerand", "misbruikt", "geslagen", "geschopt", "gewurgd", "vermoorden",
    "vermoord", "vermoordt", "weggelopen", "verdwenen", "ontvoerd", "vuurwapen", "pistool",
    "levensgevaar", "noodgeval", "alsjeblieft", "stiefvader", "stiefmoeder", "spoorloos",
    "naaktfotos", "bedreigd", "bedreigt", "onveilig", "gestoken", "aanranding", "betast",
)

CHILD = alt("kind", "kinderen", "kindje", "kids", "zoon", "zoontje", "dochter", "dochtertje", "baby",
            "broertje", "zusje", "pleegkind", "pleegzoon", "pleegdochter", "kleinkind", "kleinzoon",
            "kleindochter", "neefje", "nichtje", "meisje", "jongen", "tiener", "puber", "stiefzoon",
            "stiefdochter", "zus", "broer")
ADULT = alt("vader", "moeder", "pa", "ma", "papa", "mama", "pap", "mam", "stiefvader", "stiefmoeder",
            "pleegvader", "pleegmoeder", "vriend", "vriendje", "vriendin", "man", "vrouw", "partner",
            "ex", "oom", "tante", "opa", "oma", "neef", "nicht", "buurman", "buurvrouw", "ouders",
            "stiefouder", "schoonvader", "schoonmoeder")
FAMILY = alt(CHILD, ADULT)
POSS = alt("mijn", "me", "onze", "ons", "zijn", "haar", "de", "het", "die", "een", "hun", "je", "jouw")
ADJ = alt("kleine", "kleinste", "oudste", "jongste", "grote", "oudere", "jongere", "eigen", "nieuwe", "andere")
PERSON = rf"(?:{POSS} )?(?:{ADJ} )?{FAMILY}"
# "haar" and "hem" are a victim only at the end of a clause or before an adverb:
# "hij slaat haar" yes, "zij slaat haar ontbijt over" no.
_CLAUSE_GOES_ON = alt("en", "als", "nu", "weer", "elke", "iedere", "steeds", "vaak", "altijd", "soms", "met",
                      "op", "in", "tegen", "thuis", "hard", "keihard", "zo", "bont", "blauw", "de", "omdat",
                      "want", "dood", "kapot", "iets", "pijn", "vast", "door", "sinds", "al")
HER_HIM = rf"(?:haar|hem)(?= \.| {_CLAUSE_GOES_ON} |$| {_CLAUSE_GOES_ON}$)"
VICTIM = alt("me", "mij", "mijzelf", "ons", "jou", HER_HIM, PERSON)
AGENT = alt("hij", "zij", "ze", "iemand", "die", PERSON)

HIT = alt("slaat", "sla", "slaan", "sloeg", "sloegen", "schopt", "schoppen", "schopte", "schopten", "stompt",
          "stompte", "stompen", "mept", "mepte", "meppen", "wurgt", "wurgde", "wurgen", "mishandelt",
          "mishandelde", "mishandelen", "knijpt", "kneep", "duwt", "duwde", "trapt", "trapte", "bedreigt",
          "bedreigde", "bedreigen", "tuigt", "aftuigen", "rammelt", "verkracht", "misbruikt", "misbruiken",
          "steekt", "stak", "bijt", "beet")
HURT_PARTICIPLE = alt("geslagen", "geschopt", "gestompt", "gemept", "gewurgd", "mishandeld", "bedreigd",
                      "gestoken", "neergestoken", "beschoten", "neergeschoten", "opgesloten", "vastgebonden",
                      "geknepen", "getrapt", "afgetuigd", "aangevallen", "geduwd", "verkracht", "misbruikt",
                      "aangerand", "betast", "ontvoerd", "gebeten", "pijn gedaan")
BE = alt("wordt", "worden", "werd", "werden", "ben", "is", "zijn", "was", "waren", "bent", "raak", "raakt")
HAVE = alt("heeft", "hebben", "had", "hadden", "heb", "hebt")
KILL = alt("vermoorden", "vermoord", "vermoordt", "dood maken", "dood te maken", "dood maakt", "afmaken",
           "af te maken", "neerschieten", "neer te schieten", "neersteken", "neer te steken", "doodsteken",
           "dood te steken", "doodschieten", "dood te schieten", "iets aandoen", "iets aan doen",
           "iets aan te doen", "wat aandoen", "wat aan te doen", "pijn doen", "pijn te doen", "ombrengen",
           "om te brengen", "kapot maken", "kapot te maken")
WEAPON = alt("mes", "messen", "pistool", "geweer", "vuurwapen", "wapen", "wapens", "bijl", "revolver",
             "stanleymes", "keukenmes", "vleesmes", "schaar", "honkbalknuppel", "knuppel", "machete")
THREAT_NEAR_WEAPON = alt("dreigt", "dreigde", "bedreigt", "bedreigde", "zwaait", "zwaaide", "zwaaien", "steekt",
                         "stak", "steken", "schiet", "schoot", "schieten", "richt", "richtte", "pakt", "pakte",
                         "gepakt", "staat", "stond", "loopt", "liep", "rent", "rende", "komt", "kwam", "boos",
                         "agressief", "woedend", "dronken", "me", "mij", "ons", "vermoorden", "aandoen", "bang",
                         "achter")
SELF = alt("mezelf", "mijzelf", "zichzelf", "zich", "haarzelf", "hemzelf", "jezelf")
SELF_HARM = alt("iets aandoen", "iets aan doen", "iets aan te doen", "wat aandoen", "van kant maken",
                "van kant te maken", "dood maken", "dood te maken", "pijn doen", "pijn te doen", "snijden",
                "snij", "snijd", "snijdt", "sneed", "krassen", "kras", "krast", "kraste", "ophangen",
                "op te hangen", "verwonden", "beschadigen", "verdrinken", "vergiftigen", "gesneden",
                "gekrast", "verwond", "beschadigd", "pijn gedaan")
DIE = alt("dood", "dood gaan", "sterven", "niet meer leven", "er niet meer zijn", "niet meer bestaan",
          "niet meer wakker worden", "er niet meer willen zijn", "weg uit dit leven", "er niet meer wil zijn")
WANT = alt("wil", "wilt", "willen", "wou", "wilde", "wilden", "zou willen", "gaat", "ga")
CHILD_GONE = alt("vermist", "weggelopen", "verdwenen", "spoorloos", "ontvoerd", "zoek", "zoekgeraakt",
                 "kwijt", "niet thuis gekomen", "niet meer thuis gekomen", "niet teruggekomen",
                 "niet terug gekomen", "van huis weggelopen", "niet op komen dagen", "nergens te vinden")
NOT = alt("niet", "nooit", "geen")
BODY = alt("lichaam", "kruis", "borsten", "borst", "billen", "kont", "piemel", "plassertje", "plasser",
           "vagina", "geslachtsdeel", "onderbroek", "broek", "benen", "lijf")
BODY_TARGET = rf"{POSS} {alt('hoofd', 'gezicht', 'lijf', 'lichaam')}"
SEX_COERCION = alt("seks", "seksuele", "seksueel", "naakt", "uitkleden", "naaktfotos", "pijpen", "neuken",
                   "aanraken", "aan te raken", "betasten")


def _pattern(body: str) -> re.Pattern:
    # Whole words only: the pattern starts and ends at a word boundary.
    return re.compile(rf"(?:^| )(?:{body})(?= |$)")


# --- patterns per kind ---------------------------------------------------------
PATTERNS: dict[str, list[tuple[str, re.Pattern]]] = {
    "geweld": [
        # "hij slaat me", "papa slaat mama weer", "mijn moeder mishandelt mijn broertje"
        ("slaan_persoon", _pattern(rf"{HIT} {gap(3)}{VICTIM}")),
        # bijzin: "dat mijn vader me weer slaat"
        ("bijzin_slaan", _pattern(rf"{AGENT} {VICTIM} {gap(3)}{HIT}")),
        # "ik word thuis geslagen", "we worden mishandeld", "er wordt een kind geslagen"
        ("lijdend", _pattern(rf"{BE} {gap(4)}{HURT_PARTICIPLE}")),
        # "hij heeft me gewurgd", "ze hebben me in elkaar geslagen"
        ("voltooid", _pattern(rf"{HAVE} {gap(4)}{HURT_PARTICIPLE}")),
        # "het kind mishandeld wordt" (bijzin)
        ("lijdend_bijzin", _pattern(rf"{HURT_PARTICIPLE} {BE}")),
        # "hij gaat me vermoorden", "dreigt ons te vermoorden", "zegt dat hij ons iets aandoet"
        ("doodsbedreiging", _pattern(rf"{alt('me', 'mij', 'ons', 'jou', 'haar', 'hem', PERSON)} {gap(5)}{KILL}")),
        ("doodsbedreiging_2", _pattern(rf"{alt('vermoordt', 'vermoord', 'vermoorden')} {VICTIM}")),
        ("doodsbedreiging_3", _pattern(r"(?:doodsbedreiging|doodsbedreigingen)")),
        # "ik ben bang dat hij terugkomt en me iets doet"
        ("bang_iets_doet", _pattern(rf"bang {gap(8)}{alt('me', 'mij', 'ons', 'haar', 'hem')} {alt('iets', 'wat', 'pijn')} {alt('doet', 'doen', 'aandoet', 'zal doen', 'gaat doen')}")),
        ("doet_pijn", _pattern(rf"{alt('doet', 'deed', 'deden', 'doen')} {VICTIM} {gap(1)}pijn")),
        ("dreigt_mee_te_nemen", _pattern(rf"{alt('dreigt', 'dreigde', 'dreigen')} {gap(3)}{alt('mee te nemen', 'te ontvoeren', 'weg te halen')}")),
        # "ik krijg klappen", "ik hoor klappen"
        ("klappen", _pattern(rf"{alt('geeft', 'gaf', 'geven', 'krijg', 'kreeg', 'krijgt', 'krijgen', 'gekregen', 'gehad', 'hoor', 'hoorde', 'horen')} {gap(5)}{alt('klap', 'klappen', 'een pak slaag', 'slaag', 'een dreun', 'dreunen', 'een trap', 'een schop')}")),
        # "ik heb een blauw oog van mijn vriend" (not "van het voetballen")
        ("letsel_door", _pattern(rf"{alt('blauw oog', 'blauwe ogen', 'blauwe plek', 'blauwe plekken', 'bloedneus', 'gebroken neus', 'gebroken arm', 'striemen', 'brandwonden', 'bont en blauw', 'wonden', 'hersenschudding')} {gap(2)}{alt('van', 'door')} {alt('hem', 'haar', PERSON)}")),
        ("mis_thuis", _pattern(rf"{alt('gaat', 'ging')} {alt('het ', '')}{alt('nu ', 'helemaal ', '')}mis {alt('thuis', 'bij ons')}|thuis gaat het {alt('nu ', 'helemaal ', '')}mis")),
        ("keel", _pattern(rf"{alt('keel', 'nek')} {gap(1)}{alt('dicht', 'dichtgeknepen', 'dichtknijpt', 'dichtgedrukt')}")),
        ("gooien", _pattern(rf"{alt('gooit', 'gooide', 'smijt', 'smeet')} {gap(3)}{alt('naar', 'tegen')} {alt(VICTIM, BODY_TARGET)}")),
        # "er is nu geweld bij ons thuis"
        ("schieten", _pattern(rf"er {alt('wordt', 'werd')} {gap(2)}{alt('geschoten', 'gestoken', 'gevochten')}")),
        ("geweld_thuis", _pattern(rf"(?:er is|er wordt) {gap(3)}geweld")),
        ("geweld_bij_ons", _pattern(rf"geweld {alt('bij ons', 'bij mij', 'in ons huis', 'in huis', 'hier thuis', 'thuis nu', 'nu')}")),
    ],
    "wapen": [
        ("wapen_dreiging", _pattern(rf"{THREAT_NEAR_WEAPON} {gap(6)}{WEAPON}")),
        ("wapen_dreiging_na", _pattern(rf"{WEAPON} {gap(4)}{THREAT_NEAR_WEAPON}")),
        # "hij heeft een mes" (and nothing reassuring after it)
        ("heeft_wapen", _pattern(rf"{alt('hij', 'zij', 'ze', 'iemand', PERSON)} {HAVE} {gap(2)}{WEAPON}(?= \.|$| en)")),
        ("met_wapen", _pattern(rf"met {alt('een', 'zijn', 'haar', 'het', 'de')} {WEAPON} {gap(2)}{alt('bedreigd', 'bedreigt', 'gestoken', 'geslagen', 'achter', 'voor me', 'voor mij', 'op me', 'op mij', 'op ons')}")),
        # a firearm in a home is danger by itself; a knife needs a threat nearby
        ("vuurwapen", _pattern(rf"{alt(HAVE, 'bezit', 'bewaart', 'verstopt')} {gap(3)}{alt('vuurwapen', 'vuurwapens', 'pistool', 'geweer', 'revolver', 'pistolen', 'geweren')}")),
        ("schieten", _pattern(rf"{alt('me', 'mij', 'ons', 'hem', 'haar', PERSON)} {gap(2)}{alt('neer te schieten', 'neerschieten', 'dood te schieten', 'doodschieten', 'neer te steken', 'neersteken')}")),
    ],
    "onveilig_thuis": [
        ("durf_niet_naar_huis", _pattern(rf"{alt('durf', 'durft', 'durven', 'durfde')} {gap(2)}{NOT} {gap(2)}{alt('naar huis', 'thuis', 'naar binnen', 'naar mijn vader', 'naar mijn moeder')}")),
        ("bang_naar_huis", _pattern(rf"bang {gap(3)}{alt('naar huis', 'thuis')}")),
        ("wil_niet_naar_huis", _pattern(rf"{alt('wil', 'wilt', 'kan', 'mag')} {NOT} {gap(1)}{alt('naar huis', 'terug naar huis', 'thuis slapen')}")),
        ("weg_van_huis", _pattern(rf"{alt('wil', 'moet', 'ga', 'wilt')} {gap(1)}weg van huis")),
        ("niet_veilig_thuis", _pattern(rf"{alt('niet', 'nooit', 'geen')} {alt('meer ', 'echt ', '')}veilig {alt('meer ', '')}{alt('thuis', 'bij ons', 'in huis', 'bij mijn vader', 'bij mijn moeder', 'hier')}")),
        ("thuis_niet_veilig", _pattern(rf"thuis {gap(3)}{alt('niet', 'nooit')} {alt('meer ', 'echt ', '')}veilig(?! genoeg)")),
        ("er_niet_veilig", _pattern(rf"{alt('het is er', 'is het er', 'het er')} {alt('niet', 'nooit')} veilig(?! genoeg)")),
        ("onveilig_thuis", _pattern(rf"{alt('onveilig', 'gevaarlijk')} {gap(1)}{alt('thuis', 'bij ons', 'in huis')}")),
        ("thuis_onveilig", _pattern(rf"thuis {gap(3)}{alt('onveilig', 'gevaarlijk')}")),
        ("bang_voor_huisgenoot", _pattern(rf"bang {gap(1)}voor {alt('hem', 'haar', PERSON)}")),
        ("van_huis_weg", _pattern(rf"{alt('ik', 'we', 'wij')} {alt('ben', 'zijn')} {gap(3)}{alt('weggelopen', 'gevlucht', 'weggevlucht')}")),
        ("op_straat", _pattern(rf"{alt('slaap', 'slapen', 'sliep')} {gap(2)}{alt('op straat', 'buiten')}")),
    ],
    "zelfdoding": [
        ("zelfmoord", _pattern(alt("zelfmoord", "zelfmoordgedachten", "zelfmoordneigingen", "zelfmoordpoging",
                                   "zelfmoordplannen", "zelfdoding", "suicide", "suicidaal", "zelfbeschadiging",
                                   "automutilatie", "overdosis", "zelfmoordbrief", "afscheidsbrief"))),
        ("wil_dood", _pattern(rf"{WANT} {gap(2)}{DIE}")),
        ("dood_wil", _pattern(rf"{alt('dood', 'sterven', 'dood gaan')} {WANT}")),
        ("wil_niet_meer", _pattern(rf"{alt('wil', 'wilt')} {alt('niet', 'echt niet')} meer(?= \.|$)")),
        ("eind_aan_maken", _pattern(rf"{alt('eind', 'einde', 'eindje')} {alt('aan', 'maken aan')} {gap(2)}{alt('maken', 'te maken', 'leven')}")),
        ("niet_meer_zitten", _pattern(rf"zie {gap(1)}{alt('het', 'mijn leven', 'het leven')} {NOT} meer zitten")),
        ("zelf_iets_aandoen", _pattern(rf"{SELF} {gap(2)}{SELF_HARM}")),
        ("van_kant", _pattern(rf"van kant {gap(2)}{alt('maken', 'te maken')}")),
        ("pijn_doen", _pattern(rf"{alt('doe', 'doet', 'deed', 'deden')} {SELF} {gap(1)}pijn")),
        ("snijden", _pattern(rf"{alt('snij', 'snijd', 'snijdt', 'sneed', 'kras', 'krast', 'kraste')} {gap(1)}{alt(SELF, 'in mijn', 'mijn armen', 'mijn pols', 'mijn polsen')}")),
        ("zelf_ophangen", _pattern(rf"{alt('me', 'mij')} {gap(1)}{alt('ophangen', 'op te hangen', 'van kant maken', 'van kant te maken')}")),
        ("beter_af", _pattern(r"beter af zonder (?:mij|me)")),
        ("geen_zin", _pattern(rf"{alt('leven', 'bestaan')} {alt('heeft', 'is')} {gap(1)}{alt('geen zin', 'zinloos')}")),
        ("brug_trein", _pattern(rf"{alt('van', 'voor', 'onder')} {alt('een', 'de')} {alt('brug', 'flat', 'trein', 'metro', 'dak')} {gap(2)}{alt('springen', 'spring', 'liggen', 'gaan liggen', 'af')}")),
        ("pillen", _pattern(rf"{alt('pillen', 'pilletjes', 'medicijnen', 'tabletten', 'slaappillen')} {gap(2)}{alt('geslikt', 'ingenomen', 'genomen', 'verzameld', 'opgespaard', 'slikken', 'innemen')}")),
        ("niet_meer_wakker", _pattern(r"niet meer wakker (?:worden|te worden)")),
        ("leven_beroven", _pattern(rf"{alt('van het leven beroven', 'van het leven te beroven', 'het leven benemen', 'het leven te benemen')}|{alt('mijn', 'zijn', 'haar', 'je')} {alt('eigen ', '')}leven {alt('nemen', 'te nemen', 'beeindigen', 'te beeindigen')}")),
        ("alle_pillen", _pattern(rf"{alt('pillen', 'pilletjes', 'medicijnen', 'tabletten', 'slaappillen', 'pakjes')} {gap(8)}{alt('allemaal', 'alle', 'tegelijk', 'in een keer')} {gap(2)}{alt('nemen', 'innemen', 'slikken', 'te nemen', 'in te nemen', 'te slikken', 'opnemen')}")),
    ],
    "seksueel_misbruik": [
        ("verkracht", _pattern(alt("verkracht", "verkrachting", "verkrachten", "verkrachtte", "aangerand",
                                   "aanranding", "betast", "betasten", "betastte", "incest", "loverboy",
                                   "sextortion", "ongewenst aangeraakt"))),
        ("misbruikt", _pattern(rf"{alt('seksueel', BE)} {gap(3)}misbruikt")),
        ("misbruikt_bijzin", _pattern(rf"misbruikt {alt(BE, 'heeft', 'hebben')}")),
        ("misbruikt_persoon", _pattern(rf"{alt('misbruikt', 'misbruiken', 'misbruikte')} {VICTIM}")),
        ("zit_aan", _pattern(rf"{alt('zit', 'zat', 'zitten', 'zaten')} {gap(2)}aan {alt('me', 'mij', 'ons', HER_HIM)}")),
        ("zit_aan_lichaam", _pattern(rf"aan {alt('mijn', 'me', 'haar', 'zijn', 'je')} {BODY}")),
        ("dwang", _pattern(rf"{alt('dwingt', 'dwong', 'gedwongen', 'moet', 'moest', 'dwingen')} {gap(4)}{SEX_COERCION}")),
        ("dwang_tegen_wil", _pattern(rf"{alt('dwingt', 'dwong', 'dwingen')} {gap(8)}{alt('in bed', 'in mijn bed', 'op bed', 'die ik niet wil', 'dat ik niet wil', 'wat ik niet wil')}")),
        ("ongewenst_aanraken", _pattern(rf"{alt('raakt', 'raakte', 'aanraakt', 'aangeraakt', 'aanraken', 'zit', 'zat')} {gap(4)}{alt('op plekken', 'op plaatsen', 'ongewenst', 'waar ik niet wil', 'die ik niet wil', 'terwijl ik niet wil', 'en ik wil het niet')}")),
        ("naaktfotos_online", _pattern(rf"{alt('zet', 'zetten', 'plaatst', 'deelt', 'delen', 'verspreidt', 'stuurt door', 'doorsturen')} {gap(2)}{alt('naaktfotos', 'naaktfilmpjes', 'seksfilmpje', 'filmpje van mij', 'fotos van mij')}")),
        ("chantage", _pattern(rf"{alt('chanteert', 'chanteren', 'gechanteerd', 'chantage', 'verspreidt', 'verspreiden', 'dreigt', 'online zetten')} {gap(3)}{alt('naaktfotos', 'fotos', 'filmpje', 'filmpjes', 'video')}")),
        ("chantage_na", _pattern(rf"{alt('naaktfotos', 'seks')} {gap(4)}{alt('verspreidt', 'verspreiden', 'anders', 'dwingt', 'chanteert', 'online', 'op internet', 'betaal', 'betalen')}")),
    ],
    "vermissing": [
        ("kind_vermist", _pattern(rf"{CHILD} {gap(5)}{CHILD_GONE}")),
        # "mijn zoontje is weg", but not "is weg naar school"
        ("kind_weg", _pattern(rf"{CHILD} {alt('is', 'zijn')} {gap(3)}{alt('weg', 'kwijt')}(?! naar| met| bij| om| voor| van| uit)")),
        ("weet_niet_waar", _pattern(rf"{alt('weet', 'weten')} {gap(1)}{NOT} {gap(1)}waar {alt('hij', 'zij', 'ze', 'mijn kind', 'mijn zoon', 'mijn dochter', 'de kinderen', 'mijn kinderen', 'het kind')} {alt('is', 'zijn', 'zit', 'zitten', 'uithangt', 'uithangen')}")),
        ("niemand_weet_waar", _pattern(r"(?:niemand weet|geen idee) waar (?:hij|zij|ze) (?:is|zit|uithangt)")),
        ("niet_vinden", _pattern(rf"{alt('kan', 'kunnen', 'kon', 'konden')} {gap(1)}{CHILD} {gap(3)}{alt('niet', 'nergens')} {gap(1)}vinden")),
        ("ontvoerd", _pattern(r"(?:ontvoerd|ontvoering|ontvoert|meegenomen door een vreemde)")),
    ],
    "acuut": [
        ("alleen_help", re.compile(rf"^{alt('help', 'hulp', 'sos', 'nood', 'noodgeval', 'spoed', '112', 'politie')}(?: {alt('help', 'me', 'ons', 'nu', 'snel', 'alsjeblieft', 'dringend', 'please', 'sos', 'nodig')})*$")),
        # "help me alsjeblieft, hij komt eraan"; not "help me alsjeblieft verder (met ...)"
        ("help_nu", _pattern(rf"{alt('help', 'hulp')} {alt('me ', 'ons ', '')}{alt('nu', 'snel', 'alsjeblieft', 'dringend', 'nodig nu')}(?! {alt('verder', 'met', 'bij', 'even', 'om', 'te', 'uit', 'mee', 'hiermee', 'daarmee', 'kiezen', 'zoeken', 'begrijpen', 'snappen', 'invullen', 'vinden')}(?: |$))")),
        ("noodgeval", _pattern(alt("noodgeval", "sos", "levensgevaar", "noodsituatie"))),
        ("er_is_gevaar", _pattern(rf"er is {alt('nu ', 'hier ', '')}{alt('gevaar', 'levensgevaar')}")),
        ("kom_snel", _pattern(rf"^{alt('kom', 'komen')} {alt('snel', 'nu', 'alsjeblieft', 'meteen')}")),
        ("dringend_hulp", _pattern(rf"{alt('dringend', 'meteen', 'direct', 'nu', 'snel')} hulp nodig(?= \.|$)")),
        ("in_gevaar", _pattern(rf"{alt('ben', 'zijn', 'is', 'bent')} {gap(1)}in {alt('gevaar', 'levensgevaar')}")),
        ("bel_politie", _pattern(rf"{alt('bel', 'bellen', 'roep')} {alt('nu ', 'snel ', '')}{alt('de politie', 'politie', '112', 'een ambulance', 'de ambulance')}")),
    ],
}

# A pattern right after a negation does not count ("ik ben niet suicidaal",
# "geen zelfmoordgedachten", "not suicidal"); only the word just before is
# looked at, so "ik weet niet of hij me slaat" still counts.
NEGATED = re.compile(r"(?:^| )(?:niet|geen|nooit|not|never|no|isnt|wasnt|dont|didnt|doesnt)$")

# Disclosures that young people often wrap in a joke ("lol", "haha", a laughing
# emoji): a joke does not make them a signal. Kinds and rule names.
EARNEST = frozenset({"seksueel_misbruik", "zelf_iets_aandoen", "snijden", "pijn_doen", "pillen", "alle_pillen"})

# Look-alike phrases that are removed before matching, because they contain a
# pattern but never signal danger ("ontwikkeling wordt ernstig bedreigd" is the
# legal ground for an ondertoezichtstelling).
NEUTRAL_PHRASES = [
    re.compile(rf"ontwikkeling {gap(6)}{alt('bedreigd', 'in gevaar')}"),
    re.compile(rf"{alt('dood', 'dood gaan')} van {alt('het lachen', 'de honger', 'de dorst', 'verveling', 'de schrik', 'schaamte')}"),
]
