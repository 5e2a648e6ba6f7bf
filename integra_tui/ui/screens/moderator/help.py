"""The moderator's help text (F1), in plain German; its English is keyed on the German text."""

from __future__ import annotations

from integra_tui.i18n import N_

__all__ = ["HELP"]

HELP = N_(
    """# Moderation

Oben stehen die **Uhrzeit**, die **geplante und die tatsächliche Zeit** der bisher behandelten Punkte
und das **voraussichtliche Ende** (jetzt plus die geplante Zeit der noch offenen Punkte); es wird rot,
wenn es nach dem geplanten Ende liegt.

## Tagesordnung
- **Leertaste** startet den nächsten Punkt, pausiert ihn und setzt ihn fort. **n** schließt den Punkt
  ab und startet den nächsten, **p** geht zum zuletzt abgeschlossenen Punkt zurück.
- **+** (oder Strg+↑) gibt eine Minute mehr, **`*`** (oder Umschalt+↑) fünf Minuten. Die Zeit kommt aus dem
  Puffer des Treffens, solange er reicht; danach wird das Treffen länger.
- **s** lässt einen Punkt aus (überspringt ihn), **v** verschiebt auf das nächste Treffen: dort steht der Punkt dann als
  „übernommen“. Gibt es noch kein nächstes Treffen, können Sie eines ein Quartal später anlegen
  oder den Punkt auf die Liste der verschobenen Punkte setzen; das nächste Treffen, das Sie hier
  oder in der Tagesordnung öffnen, übernimmt sie.
- **s** und **v** wirken auf den markierten Punkt der Tagesordnung (sonst auf den laufenden);
  beim laufenden Punkt fragen sie vorher nach. **Enter** startet den markierten Punkt.
- Warten beim Wechsel noch Leute auf der Redeliste, fragt die Moderation, ob sie zum nächsten
  Punkt mitgenommen werden (sonst bleiben sie beim alten Punkt stehen).
- Der Bereich mit dem Cursor hat einen hellen Rahmen; **Tab** wechselt den Bereich.
- Läuft ein Punkt über die Zeit, zählt die Uhr rot weiter (+03:12) und es gibt drei Tasten:
  **x** fünf Minuten mehr (aus dem Puffer, wenn er reicht), **t** fünf Minuten von einem späteren
  Punkt (Umschalt+T: Punkt auswählen), **d** den Rest auf das nächste Treffen verschieben (fragt
  vorher nach). Die Wahl kommt ins Protokoll. Vor dem Überziehen sagen diese Tasten, warum sie
  noch nichts tun; mehr Zeit gibt es dann mit **+** und **`*`**.
- **m** schickt eine Nachricht an die Anzeige („Bitte zum Schluss kommen“); Strg+L im Formular
  nimmt sie wieder weg.
- **Strg+Q** fragt während eines laufenden Treffens, ob die App wirklich beendet werden soll.
- **F2** bearbeitet die Tagesordnung, **F3** die Warnzeit und die Redezeit (in Minuten, z. B. `2` oder
  `2:30`), **Strg+E** beendet das Treffen.
  **Strg+P** sucht jede Aktion mit Namen, auch die, die unten nicht stehen.

## Redeliste
- **r** setzt jemanden auf die Liste (Suche unter den Anwesenden oder freier Name). Enter oder Tab
  übernehmen die eine passende Person, die das Formular zeigt; passen mehrere, wählen Sie aus;
  passt niemand, wird der Name als neuer Name gespeichert (das Formular sagt es). **w** erteilt
  der/dem Nächsten das Wort (ist niemand mehr auf der Liste, endet der Redebeitrag), **u** hält die
  Redezeit an und lässt sie weiterlaufen.
- In der Liste: **Entf** streicht, **h** rückt nach oben. **f** schaltet „Wer noch nicht gesprochen
  hat, kommt zuerst“ ein und aus (↺ = hat zu diesem Punkt schon gesprochen).
- Unten steht die Redezeit je Gruppe für den Punkt und das ganze Treffen; ○ heißt: diese Gruppe hat
  zu diesem Punkt noch nicht gesprochen.

## Festhalten
- **a** Aufgabe (was, wer, bis wann), **e** Beschluss (mit Abstimmung ja/nein/Enthaltung, z. B. `12 2 1`),
  **b** Bedarf (was, für welche Gruppe), **g** Angebot, **c** Frage (welche Gruppe fragt),
  **k** Themenwunsch (mit Handzeichen), **o** Notiz. Enter speichert, Esc schließt. Alles gehört
  automatisch zum laufenden Punkt. Die Formulare stehen unten, die Uhr bleibt sichtbar.
- „Wer?“ übernimmt wie die Redeliste die eine passende Person (Enter oder Tab).
- „Bis wann“ versteht z. B. `15.1.`, `15.01.2027`, `in 2 Wochen`, `nächstes Treffen`, `Freitag`;
  unter dem Feld steht, welches Datum verstanden wurde. Ist ein Datum unklar, fragt das Formular
  nach und bietet Daten zur Auswahl an.
- In der Liste „Festgehalten“: **Enter** bearbeitet, **Entf** entfernt (bleibt vermerkt), **z** trägt
  die Abstimmung eines Beschlusses oder die Handzeichen eines Themenwunschs ein.
- Beim Punkt „Offene Punkte“ stehen die offenen Aufgaben, Bedarfe und Fragen früherer Treffen;
  **Enter** setzt eine Aufgabe auf erledigt, noch offen (mit Kommentar und neuem Datum, beides
  freiwillig) oder entfällt, ändert den Status eines Bedarfs (oder macht eine Aufgabe daraus) und
  beantwortet eine Frage.
"""
)
