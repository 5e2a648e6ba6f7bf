"""The languages of the round table's people: their names, how each says "welcome", and what a typed language means.

A person's ``languages`` are stored as typed ("Deutsch, Arabisch", "ar", "Українська",
"Kurdisch (Sorani)"); :func:`find_language` understands codes (ISO 639-1 or 639-3, with or without a
region: "ar-SY"), German, English and native names, ignoring case and accents. :func:`greetings_for`
turns a person's languages into the greetings the door shows: German first, then each further
language the person gave, once per greeting (Persian and Dari say it alike); unknown languages are
left out, so a person whose languages are all unknown is greeted in German only.

No words are chosen here for the UI: each language carries its German and English name, and the
services pick the one for the active language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from integra_tui.domain.errors import DomainError

__all__ = [
    "GERMAN",
    "LANGUAGES",
    "Greeting",
    "Language",
    "by_code",
    "clean_title_translations",
    "find_language",
    "greetings_for",
    "languages_of",
    "split_language_list",
]


@dataclass(frozen=True)
class Language:
    """One language: its code, its names and its greeting."""

    code: str
    """ISO 639-1 where there is one ("ar"), else ISO 639-3 ("prs" Dari, "kmr" Kurmanji, "ckb" Sorani)."""
    name_de: str
    """The German name ("Arabisch")."""
    name_en: str
    """The English name ("Arabic")."""
    native: str
    """The language's own name ("العربية")."""
    greeting: str
    """"Welcome" as said to guests, in the language's own script."""
    rtl: bool = False
    """Written right to left (Arabic script, Hebrew)."""
    aliases: tuple[str, ...] = ()
    """Further codes and names people type for it (other spellings, ISO 639-2/3 codes)."""


LANGUAGES: tuple[Language, ...] = (
    Language("de", "Deutsch", "German", "Deutsch", "Herzlich willkommen", aliases=("deu", "ger", "deutsch")),
    Language("ar", "Arabisch", "Arabic", "العربية", "أهلاً وسهلاً", rtl=True, aliases=("ara", "arabisch", "عربي")),
    Language("uk", "Ukrainisch", "Ukrainian", "Українська", "Ласкаво просимо", aliases=("ukr", "ua", "ukrainisch")),
    Language(
        "ti",
        "Tigrinya",
        "Tigrinya",
        "ትግርኛ",
        "እንቋዕ ብደሓን መጻእኩም",
        aliases=("tir", "tigrinisch", "tigrigna", "tigrinja"),
    ),
    Language("tr", "Türkisch", "Turkish", "Türkçe", "Hoş geldiniz", aliases=("tur", "turkce")),
    Language("fa", "Persisch", "Persian", "فارسی", "خوش آمدید", rtl=True, aliases=("fas", "per", "farsi", "persisch")),
    Language("prs", "Dari", "Dari", "دری", "خوش آمدید", rtl=True, aliases=("fa-af", "dari persisch")),
    Language("ps", "Paschtu", "Pashto", "پښتو", "ښه راغلاست", rtl=True, aliases=("pus", "pbt", "paschto", "pashtu")),
    Language("ru", "Russisch", "Russian", "Русский", "Добро пожаловать", aliases=("rus",)),
    Language(
        "kmr",
        "Kurdisch (Kurmandschi)",
        "Kurdish (Kurmanji)",
        "Kurmancî",
        "Bi xêr hatin",
        aliases=("ku", "kur", "kurdisch", "kurdish", "kurdi", "kurmandschi", "kurmanji", "kurmanci", "nordkurdisch"),
    ),
    Language(
        "ckb",
        "Kurdisch (Sorani)",
        "Kurdish (Sorani)",
        "کوردی",
        "بەخێربێن",
        rtl=True,
        aliases=("sorani", "zentralkurdisch", "central kurdish", "ku-iq"),
    ),
    Language("am", "Amharisch", "Amharic", "አማርኛ", "እንኳን ደህና መጡ", aliases=("amh", "amharic")),
    Language("en", "Englisch", "English", "English", "Welcome", aliases=("eng", "englisch")),
    Language("fr", "Französisch", "French", "Français", "Bienvenue", aliases=("fra", "fre", "franzosisch")),
    Language("so", "Somali", "Somali", "Soomaali", "Soo dhawoow", aliases=("som", "somalisch")),
    Language("ur", "Urdu", "Urdu", "اردو", "خوش آمدید", rtl=True, aliases=("urd",)),
    Language("es", "Spanisch", "Spanish", "Español", "Bienvenidos", aliases=("spa", "spanisch")),
    Language("it", "Italienisch", "Italian", "Italiano", "Benvenuti", aliases=("ita",)),
    Language("pl", "Polnisch", "Polish", "Polski", "Witamy", aliases=("pol",)),
    Language("ro", "Rumänisch", "Romanian", "Română", "Bine ați venit", aliases=("ron", "rum", "rumanisch")),
    Language("bg", "Bulgarisch", "Bulgarian", "Български", "Добре дошли", aliases=("bul",)),
    Language("sq", "Albanisch", "Albanian", "Shqip", "Mirë se vini", aliases=("sqi", "alb")),
    Language(
        "sh",
        "Bosnisch/Kroatisch/Serbisch",
        "Bosnian/Croatian/Serbian",
        "Bosanski/Hrvatski/Srpski",
        "Dobrodošli",
        aliases=("bs", "hr", "sr", "bos", "hrv", "srp", "bosnisch", "kroatisch", "serbisch", "serbokroatisch"),
    ),
    Language("el", "Griechisch", "Greek", "Ελληνικά", "Καλώς ήρθατε", aliases=("ell", "gre")),
    Language("vi", "Vietnamesisch", "Vietnamese", "Tiếng Việt", "Chào mừng", aliases=("vie",)),
    Language("he", "Hebräisch", "Hebrew", "עברית", "ברוכים הבאים", rtl=True, aliases=("heb", "iw", "hebraisch")),
)
"""The greetings we ship, German first; the languages the round table's people speak most."""

GERMAN = LANGUAGES[0]
"""Everyone is greeted in German first."""


def _key(text: str) -> str:
    """Comparison form: case- and accent-free, letters and digits only ('Français' -> 'francais')."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ß", "ss")
    return re.sub(r"[\W_]+", "", stripped)


def _index() -> dict[str, Language]:
    index: dict[str, Language] = {}
    for language in LANGUAGES:
        for name in (language.code, language.name_de, language.name_en, language.native, *language.aliases):
            index.setdefault(_key(name), language)
    return index


_BY_KEY = _index()

_REGION = re.compile(r"^([a-z]{2,3})[-_][a-z0-9]{2,4}$", re.IGNORECASE)
_BRACKETS = re.compile(r"\((.*?)\)|\[(.*?)\]")


def find_language(text: str) -> Language | None:
    """The language ``text`` names: a code ("ar", "ar-SY", "prs"), a German, English or native name; None if unknown.

    A bracketed part is tried first, as it is often the more precise ("Kurdisch (Sorani)"), then the
    text without it ("Arabisch (Syrien)").
    """
    text = " ".join(text.split())
    if not text:
        return None
    found = _BY_KEY.get(_key(text))
    if found is not None:
        return found
    for match in _BRACKETS.finditer(text):
        inner = _BY_KEY.get(_key(match.group(1) or match.group(2) or ""))
        if inner is not None:
            return inner
    outer = _BRACKETS.sub("", text).strip()
    if outer and outer != text:
        found = _BY_KEY.get(_key(outer))
        if found is not None:
            return found
    region = _REGION.match(text)
    if region:
        return _BY_KEY.get(_key(region.group(1)))
    return None


def split_language_list(values: Iterable[str]) -> list[str]:
    """Every language named in ``values``, each value split at commas, semicolons, slashes and "und"/"and"."""
    parts: list[str] = []
    for value in values:
        for part in re.split(r"[,;/+&]|\s+(?:und|and)\s+", str(value)):
            part = " ".join(part.split())
            if part:
                parts.append(part)
    return parts


def languages_of(values: Iterable[str]) -> list[Language]:
    """The known languages among ``values`` (a person's stored languages), in their order, each once."""
    found: list[Language] = []
    values = list(values)
    # A name with a separator in it ("Bosnisch/Kroatisch/Serbisch") is one language: look the whole value up first.
    for value in values:
        whole = _BY_KEY.get(_key(value))
        pieces = [whole] if whole is not None else [find_language(p) for p in split_language_list([value])]
        for language in pieces:
            if language is not None and language not in found:
                found.append(language)
    return found


@dataclass(frozen=True)
class Greeting:
    """One greeting to show, with the languages that say it so (Persian and Dari share one)."""

    text: str
    languages: tuple[Language, ...]

    @property
    def rtl(self) -> bool:
        """Written right to left."""
        return self.languages[0].rtl


def greetings_for(values: Iterable[str]) -> list[Greeting]:
    """The greetings for a person who speaks ``values``: German first, then one per further greeting, in order."""
    by_text: dict[str, list[Language]] = {GERMAN.greeting: [GERMAN]}
    for language in languages_of(values):
        if language is GERMAN:
            continue
        by_text.setdefault(language.greeting, []).append(language)
    return [Greeting(text, tuple(languages)) for text, languages in by_text.items()]


def clean_title_translations(pairs: Iterable[tuple[str, str]], maximum: int = 2) -> list[dict[str, str]]:
    """An agenda item's title in further languages, checked: [{"language": code, "title": text}].

    ``pairs`` are (language as typed, title); a pair with an empty title is left out. Refused
    (codes): ``unknown_language`` (param: language), ``german_title`` (German is the title itself),
    ``language_twice`` (param: language), ``too_many_titles`` (param: maximum).
    """
    found: list[dict[str, str]] = []
    for typed, title in pairs:
        title = " ".join(str(title).split())
        if not title:
            continue
        language = find_language(typed)
        if language is None:
            raise DomainError("unknown_language", language=typed)
        if language is GERMAN:
            raise DomainError("german_title")
        if any(entry["language"] == language.code for entry in found):
            raise DomainError("language_twice", language=language.code)
        found.append({"language": language.code, "title": title})
    if len(found) > maximum:
        raise DomainError("too_many_titles", maximum=maximum)
    return found


def by_code(code: str) -> Language | None:
    """The language with this code (as stored), or None."""
    return next((language for language in LANGUAGES if language.code == code), None)
