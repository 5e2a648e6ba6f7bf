"""Due dates typed the way people say them ("15.1.", "in 2 Wochen", "Freitag", "nächstes Treffen") into dates.

Nothing ambiguous is guessed silently: the result is then "unclear", with a code saying why (the
question for the person typing is worded by ``integra_tui.services.texts.due_question``) and, where
there are some, the candidate dates to choose from.

Readings worth knowing:

- ``15.1.`` is the next 15 January on or after today (typed in November, that is next January).
- A two-digit year is in this century: ``15.1.27`` is 15.01.2027.
- ``1/2`` could be 1 February or 2 January: unclear with both; ``1/15`` can only be 15 January.
- A weekday (``Freitag``, ``bis Freitag``) is the next such day *after* today; ``nächsten Freitag``
  is unclear (the coming Friday or the one after), and so is ``nächste Woche`` (Monday or Friday?).
- ``Freitag nächste Woche`` is the Friday of next calendar week (weeks start on Monday).
- ``in einem Monat`` from 31 January is the last day of February.
- A date with a year that lies before today is unclear ("in the past, is that right?").
- ``Ende Januar`` is the month's last working day, ``Mitte Februar`` the 15th, ``Anfang März`` the
  month's first working day, each in the next such month (this month's, if the day has not passed; if
  it has, unclear: in the past). A month already past this year is next year's (``Ende Januar``
  typed in December is January of the next year). ``Ende des Monats`` is this month's last working
  day (or today, when that has passed). A working day is Monday to Friday except the fixed holidays
  of all German states (1 January, 1 May, 3 October, 25 and 26 December); the movable ones (Easter,
  Whitsun) and the regional ones are not known here, so the hint says which day was understood.
- ``Jahresende`` is 31 December; ``vor Weihnachten`` the last working day before Christmas Eve
  (23 December, or the Friday before when it falls on a weekend).
- ``nach den Sommerferien`` is unclear: the holidays differ between the German states and years,
  and no holiday dates are guessed; the question asks for a date.
- A result read from such a phrase carries ``reading`` (see ``READINGS``), so the hint under the
  field can say what was understood ("→ Fr, 29.01.2027, letzter Werktag im Januar").
- An empty text means no due date: ``due`` is None and the result is not unclear.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

__all__ = [
    "DUE_LATER",
    "DUE_OVERDUE",
    "DUE_TODAY",
    "READINGS",
    "UNCLEAR_CODES",
    "DueDateResult",
    "add_months",
    "due_status",
    "is_working_day",
    "parse_due_date",
]

DUE_LATER, DUE_TODAY, DUE_OVERDUE = "later", "today", "overdue"

UNCLEAR_CODES = (
    "no_such_date",
    "which_of",
    "in_past",
    "next_meeting_unknown",
    "which_day_next_week",
    "holidays_unknown",
    "not_understood",
)
"""Why a typed due date is unclear, with ``params``: no_such_date {text}; which_of {first, second};
in_past {date}; next_meeting_unknown {}; which_day_next_week {monday, friday}; holidays_unknown {};
not_understood {}."""


READINGS = ("month_end", "month_middle", "month_start", "year_end", "before_christmas")
"""How a phrase was read, for the hint: month_end (last working day of the month), month_middle (the
15th), month_start (first working day), year_end (31 December), before_christmas (last working day
before Christmas Eve); "" for a date typed as such or a plain relative one ("in 2 Wochen")."""

FIXED_HOLIDAYS = ((1, 1), (5, 1), (10, 3), (12, 25), (12, 26))
"""(month, day) of the public holidays every German state keeps on the same date each year."""


@dataclass(frozen=True)
class DueDateResult:
    """What a typed due date means: a date, no date at all, or unclear (with a question and candidates)."""

    due: date | None = None
    unclear: bool = False
    code: str = ""
    """For unclear results: why (one of ``UNCLEAR_CODES``); the words are chosen outside the domain."""
    params: dict[str, Any] = field(default_factory=dict)
    """For unclear results: the values the question names (the text typed, the dates meant)."""
    candidates: tuple[date, ...] = ()
    """For unclear results: the dates the text might mean, to offer as choices (may be empty)."""
    reading: str = ""
    """For a phrase like "Ende Januar": how it was read (one of ``READINGS``), "" otherwise."""

    @property
    def is_empty(self) -> bool:
        """No due date was given."""
        return self.due is None and not self.unclear


def due_status(due: date, today: date) -> str:
    """Whether a due date is still ahead, today, or overdue (for colouring action items)."""
    if due > today:
        return DUE_LATER
    return DUE_TODAY if due == today else DUE_OVERDUE


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day if it is shorter (31.1. + 1 -> 28./29.2.)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _month_end(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def is_working_day(day: date) -> bool:
    """Monday to Friday and not one of the ``FIXED_HOLIDAYS``."""
    return day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS


def _last_working_day(year: int, month: int) -> date:
    day = _month_end(date(year, month, 1))
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def _first_working_day(year: int, month: int) -> date:
    day = date(year, month, 1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _full_year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) <= 2 else year


def _next_occurrence(day: int, month: int, today: date) -> date | None:
    """The next day.month on or after today, looking at this year and the next."""
    for year in (today.year, today.year + 1):
        candidate = _make(year, month, day)
        if candidate is not None and candidate >= today:
            return candidate
    return None


_NUMBER_WORDS = {
    "ein": 1, "eine": 1, "einem": 1, "einen": 1, "einer": 1, "eins": 1,
    "zwei": 2, "drei": 3, "vier": 4, "fuenf": 5, "sechs": 6, "sieben": 7, "acht": 8,
    "neun": 9, "zehn": 10, "elf": 11, "zwoelf": 12,
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

_UNITS = {
    "tag": "days", "tage": "days", "tagen": "days", "day": "days", "days": "days",
    "woche": "weeks", "wochen": "weeks", "week": "weeks", "weeks": "weeks",
    "monat": "months", "monate": "months", "monaten": "months", "month": "months", "months": "months",
}  # fmt: skip

_WEEKDAYS = {
    "montag": 0, "mo": 0, "monday": 0, "mon": 0,
    "dienstag": 1, "di": 1, "tuesday": 1, "tue": 1, "tues": 1,
    "mittwoch": 2, "mi": 2, "wednesday": 2, "wed": 2,
    "donnerstag": 3, "do": 3, "thursday": 3, "thu": 3, "thur": 3, "thurs": 3,
    "freitag": 4, "fr": 4, "friday": 4, "fri": 4,
    "samstag": 5, "sonnabend": 5, "sa": 5, "saturday": 5, "sat": 5,
    "sonntag": 6, "so": 6, "sunday": 6, "sun": 6,
}  # fmt: skip

_MONTHS = {
    "januar": 1, "jan": 1, "january": 1, "jaenner": 1,
    "februar": 2, "feb": 2, "february": 2,
    "maerz": 3, "mrz": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "october": 10, "oct": 10,
    "november": 11, "nov": 11,
    "dezember": 12, "dez": 12, "december": 12, "dec": 12,
}  # fmt: skip

_NEXT = r"(?:naechste|naechsten|naechster|naechstes|nachste|nachsten|nachstes|next)"
_PREFIX = re.compile(r"^(?:bis|spaetestens|by|until|till|before|on|am|zum|zur|the|at)\s+")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DOTTED = re.compile(r"^(\d{1,2})\.\s?(\d{1,2})(?:\.\s?(\d{4}|\d{2})?)?$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?$")
_DAY_MONTH_NAME = re.compile(r"^(\d{1,2})\.?\s?([a-z]+)\.?(?:\s(\d{4}|\d{2}))?$")
_MONTH_NAME_DAY = re.compile(r"^([a-z]+)\.?\s(\d{1,2})(?:st|nd|rd|th)?,?(?:\s(\d{4}))?$")
_RELATIVE = re.compile(r"^(?:in\s)?(\d{1,3}|[a-z]+)\s([a-z]+)(?:\s(?:time|zeit))?$")
_NEXT_MEETING = re.compile(rf"^(?:{_NEXT}\s(?:treffen|sitzung|termin|runde|mal|meeting|session))$")
_NEXT_WEEK = re.compile(rf"^(?:{_NEXT}|kommende|kommenden)\s(?:woche|week)$")
_MONTH_END = re.compile(
    r"^(?:ende\s(?:des\s|dieses\s)?monats|monatsende|end\sof\s(?:the\s|this\s)?month|"
    r"ende\s(?:des\s)?(?:naechsten|nachsten)\smonats|end\sof\snext\smonth)$"
)
_WEEKDAY_NEXT_WEEK = re.compile(rf"^(?:([a-z]+)\s{_NEXT}\s(?:woche|week)|{_NEXT}\s(?:woche|week)\s([a-z]+))$")
_NEXT_WEEKDAY = re.compile(rf"^{_NEXT}\s([a-z]+)$")
_THIS_WEEKDAY = re.compile(r"^(?:diesen|kommenden|this|coming)\s([a-z]+)$")
_PART_OF_MONTH = re.compile(
    r"^(ende|mitte|anfang|end\sof|late|mid|middle\sof|beginning\sof|start\sof|early)\s(?:des\s)?([a-z]+)\.?"
    r"(?:\s(\d{4}|\d{2}))?$"
)
_PART_DAY = {
    "ende": 31, "end of": 31, "late": 31,
    "mitte": 15, "mid": 15, "middle of": 15,
    "anfang": 1, "beginning of": 1, "start of": 1, "early": 1,
}  # fmt: skip
_YEAR_END = re.compile(r"^(?:jahresende|ende\s(?:des\s|dieses\s)?jahres|end\sof\s(?:the\s|this\s)?year)$")
_BEFORE_CHRISTMAS = re.compile(r"^(?:vor\s(?:weihnachten|heiligabend|den\sfeiertagen)|before\s(?:christmas|xmas))$")
_AFTER_SUMMER = re.compile(
    r"^(?:nach\s(?:den\s)?(?:sommerferien|ferien|schulferien)|after\s(?:the\s)?(?:summer\s)?(?:holidays|break|vacation))$"
)


def _normalise(text: str) -> str:
    text = " ".join(text.split()).casefold()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain)
    text = text.strip("!?,; \"'„“”")
    previous = None
    while previous != text:
        previous = text
        text = _PREFIX.sub("", text)
    return text


def _unclear(code: str, *candidates: date, **params: Any) -> DueDateResult:
    return DueDateResult(unclear=True, code=code, params=params, candidates=tuple(dict.fromkeys(candidates)))


def _no_such_date(text: str) -> DueDateResult:
    return _unclear("no_such_date", text=text)


def _which_of(first: date, second: date) -> DueDateResult:
    return _unclear("which_of", first, second, first=first, second=second)


def _explicit(day: int, month: int, year_text: str | None, today: date, shown: str) -> DueDateResult:
    """A day and month, with or without a year: the date, or unclear if there is none or it is past."""
    if year_text is None:
        found = _next_occurrence(day, month, today)
        return DueDateResult(due=found) if found else _no_such_date(shown)
    found = _make(_full_year(year_text), month, day)
    if found is None:
        return _no_such_date(shown)
    if found < today:
        return _unclear("in_past", found, date=found)
    return DueDateResult(due=found)


def _part_of_month(part: str, month: int, year_text: str | None, today: date) -> DueDateResult:
    """'Ende Januar' (last working day), 'Mitte Februar' (15th), 'Anfang März' (first working day)."""
    wanted = _PART_DAY[part]
    reading = {31: "month_end", 15: "month_middle", 1: "month_start"}[wanted]

    def day_in(year: int) -> date:
        if wanted == 31:
            return _last_working_day(year, month)
        return _first_working_day(year, month) if wanted == 1 else date(year, month, wanted)

    if year_text is not None:
        found = day_in(_full_year(year_text))
        if found < today:
            return _unclear("in_past", found, date=found)
        return DueDateResult(due=found, reading=reading)
    this_year = day_in(today.year)
    if this_year >= today:
        return DueDateResult(due=this_year, reading=reading)
    if month == today.month:  # "Mitte Dezember" typed on 20 December: most likely a slip, not next year
        return _unclear("in_past", this_year, date=this_year)
    return DueDateResult(due=day_in(today.year + 1), reading=reading)


def _before_christmas(today: date) -> date:
    """The last working day before Christmas Eve, this year or (from Christmas Eve on) next year."""
    for year in (today.year, today.year + 1):
        day = date(year, 12, 23)
        while day.weekday() >= 5:  # a Saturday or Sunday: the Friday before
            day -= timedelta(days=1)
        if day >= today:
            return day
    return day


def _next_weekday(weekday: int, today: date) -> date:
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def _monday_next_week(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())


def parse_due_date(text: str, today: date, next_meeting: date | None = None) -> DueDateResult:
    """Read a typed due date relative to ``today``; see the module docstring for the accepted forms."""
    shown = " ".join(text.split())
    words = _normalise(text)
    if not words:
        return DueDateResult()

    if match := _ISO.match(words):
        year, month, day = match.groups()
        return _explicit(int(day), int(month), year, today, shown)

    if match := _DOTTED.match(words):
        day, month, year = match.groups()
        return _explicit(int(day), int(month), year, today, shown)

    if match := _SLASHED.match(words):
        first, second, year = (int(match[1]), int(match[2]), match[3])
        readings = []
        for day, month in ((first, second), (second, first)):
            result = _explicit(day, month, year, today, shown)
            if result.due is not None or result.candidates:
                readings.append(result)
        distinct = {r.due or r.candidates[0] for r in readings}
        if not readings:
            return _no_such_date(shown)
        if len(distinct) == 1:
            return readings[0]
        first_date, second_date = (r.due or r.candidates[0] for r in readings)
        return _which_of(first_date, second_date)

    for pattern, day_group, month_group, year_group in ((_DAY_MONTH_NAME, 1, 2, 3), (_MONTH_NAME_DAY, 2, 1, 3)):
        match = pattern.match(words)
        if match and match[month_group] in _MONTHS:
            return _explicit(int(match[day_group]), _MONTHS[match[month_group]], match[year_group], today, shown)

    words = words.rstrip(".")  # "morgen." or "Fr." end a phrase; the numeric forms are done above
    if words in ("heute", "today"):
        return DueDateResult(due=today)
    if words in ("morgen", "tomorrow"):
        return DueDateResult(due=today + timedelta(days=1))
    if words in ("uebermorgen", "ubermorgen", "day after tomorrow"):
        return DueDateResult(due=today + timedelta(days=2))

    if _NEXT_MEETING.match(words):
        if next_meeting is None:
            return _unclear("next_meeting_unknown")
        return DueDateResult(due=next_meeting)

    if _MONTH_END.match(words):
        month = (
            add_months(today.replace(day=1), 1) if any(w in words for w in ("naechsten", "nachsten", "next")) else today
        )
        return DueDateResult(due=max(_last_working_day(month.year, month.month), today), reading="month_end")

    if (match := _PART_OF_MONTH.match(words)) and match[2] in _MONTHS:
        return _part_of_month(match[1], _MONTHS[match[2]], match[3], today)

    if _YEAR_END.match(words):
        return DueDateResult(due=date(today.year, 12, 31), reading="year_end")

    if _BEFORE_CHRISTMAS.match(words):
        return DueDateResult(due=_before_christmas(today), reading="before_christmas")

    if _AFTER_SUMMER.match(words):
        return _unclear("holidays_unknown")

    if _NEXT_WEEK.match(words):
        monday = _monday_next_week(today)
        friday = monday + timedelta(days=4)
        return _unclear("which_day_next_week", monday, friday, monday=monday, friday=friday)

    if (match := _WEEKDAY_NEXT_WEEK.match(words)) and (match[1] or match[2]) in _WEEKDAYS:
        return DueDateResult(due=_monday_next_week(today) + timedelta(days=_WEEKDAYS[match[1] or match[2]]))

    if (match := _NEXT_WEEKDAY.match(words)) and match[1] in _WEEKDAYS:
        coming = _next_weekday(_WEEKDAYS[match[1]], today)
        return _which_of(coming, coming + timedelta(days=7))

    if (match := _THIS_WEEKDAY.match(words)) and match[1] in _WEEKDAYS:
        return DueDateResult(due=_next_weekday(_WEEKDAYS[match[1]], today))

    if words in _WEEKDAYS:
        return DueDateResult(due=_next_weekday(_WEEKDAYS[words], today))

    if match := _RELATIVE.match(words):
        amount_text, unit_text = match[1], match[2]
        amount = int(amount_text) if amount_text.isdigit() else _NUMBER_WORDS.get(amount_text)
        unit = _UNITS.get(unit_text)
        if amount is not None and unit is not None:
            if unit == "days":
                return DueDateResult(due=today + timedelta(days=amount))
            if unit == "weeks":
                return DueDateResult(due=today + timedelta(weeks=amount))
            return DueDateResult(due=add_months(today, amount))

    return _unclear("not_understood")
