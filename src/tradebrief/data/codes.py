"""Code tables: every coded column's values, each with its words in English and Russian and what it means.

One table per coded column (pudl's `codes.py` is the model), so that validation (`data/schema.py`:
the allowed values), wording (`text/words.py`), chart labels and headings all derive from the same
row, and a code that is added here is at once validated and worded in both languages. A table may
carry extra *forms* of its words where a reader needs them in more than one grammatical role (the
side codes: a legend label, "whose figures", a publisher's name). tests/unit/data/test_codes.py
holds that every code in the snapshot is in its table and every entry is worded in both languages.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

#: The languages every label is written in (text/numbers.LANGS repeats them for the phrase catalogue).
LANGS = ("en", "ru")


@dataclass(frozen=True)
class Code:
    """One value of a coded column: its label per language, what it means, and extra forms of its words."""

    code: str
    en: str
    ru: str
    description: str
    forms: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # form → (en, ru)

    def word(self, lang: str = "en", form: str = "label") -> str:
        if form != "label":
            en, ru = self.forms[form]
            return {"en": en, "ru": ru}[lang]
        return {"en": self.en, "ru": self.ru}[lang]


@dataclass(frozen=True)
class CodeTable:
    """The codes of one or more columns, in their reading order (charts and tables list them so)."""

    name: str
    columns: tuple[str, ...]
    description: str
    entries: tuple[Code, ...]

    def codes(self) -> tuple[str, ...]:
        return tuple(e.code for e in self.entries)

    def entry(self, code: str) -> Code:
        for e in self.entries:
            if e.code == code:
                return e
        raise KeyError(f"{code!r} is not a {self.name} code; expected one of {', '.join(self.codes())}")

    def label(self, code: str, lang: str = "en", form: str = "label") -> str:
        return self.entry(code).word(lang, form)

    def labels(self, lang: str = "en", form: str = "label") -> dict[str, str]:
        """code → words, a fresh dict (for the few places that look up many codes at once); only the codes
        that have `form` (the bounds that are limits have a "limit" form, exact ones none)."""
        return dict({e.code: e.word(lang, form) for e in self.entries if form == "label" or form in e.forms})

    def forms(self) -> frozenset[str]:
        return frozenset({"label"}.union(*(e.forms for e in self.entries)))


def _table(name: str, columns: tuple[str, ...], description: str, *rows: tuple) -> CodeTable:
    return CodeTable(name, columns, description, tuple(Code(*row) for row in rows))


FLOW = _table("flow", ("flow",), "Which way goods go, from the economy's view.",
              ("export", "exports", "экспорт", "Goods leaving the economy for the partner."),
              ("import", "imports", "импорт", "Goods arriving in the economy from the partner."),
              ("turnover", "trade", "товарооборот", "Exports and imports together."))

#: The label is the qualifier a reader sees before the number ("over $8.00 bn"); exact and rounded have none.
#: `limit` words a bound that is only a limit; `name` the bound itself (the claims evidence: "(exact; goods)").
BOUND = _table("bound", ("bound",), "How to read a figure against the truth it reports.",
               ("exact", "", "", "The figure as published, to its last printed digit.",
                {"name": ("exact", "точная")}),
               ("rounded", "", "", "A rounded figure: the truth is within half a unit of its last digit.",
                {"name": ("rounded", "округлённая")}),
               ("approx", "about ", "около ", "'About X': the source says the figure is approximate.",
                {"name": ("approx", "приблизительная")}),
               ("lower", "over ", "свыше ", "'Over X': a lower bound only.",
                {"limit": ("a lower bound", "нижняя граница"), "name": ("lower", "нижняя граница")}),
               ("upper", "almost ", "почти ", "'Almost X': an upper bound only.",
                {"limit": ("an upper bound", "верхняя граница"), "name": ("upper", "верхняя граница")}),
               ("range", "", "", "A range from value to value_high (rail figures).",
                {"limit": ("a range", "диапазон"), "name": ("range", "диапазон")}))

SCOPE = _table("scope", ("scope",), "What a trade figure counts.",
               ("goods", "goods", "товары", "Merchandise trade only."),
               ("goods_and_services", "goods and services", "товары и услуги", "Merchandise and services trade."),
               ("unknown", "scope not stated", "охват не указан", "The source does not say what it counts."))

BASIS = _table("basis", ("basis",), "Whose statistics a figure is, by what the figure is.",
               ("statistics", "official statistics", "официальная статистика",
                "A side's statistical office or customs, named, or a verbatim copy of such a release."),
               ("official", "an official's statement", "заявление должностного лица",
                "An official's or a state body's statement."),
               ("media", "media", "СМИ", "Press or state media without a named official."),
               ("aggregator", "commercial aggregator", "коммерческий агрегатор", "A commercial data aggregator."),
               ("unsourced", "unsourced", "без источника", "A page that names no source."),
               ("unknown", "basis not stated", "основание не указано", "Only in user data folders that do not say."))

RELIABILITY = _table("reliability", ("reliability",), "How far a source is trusted.",
                     ("official_statistics", "official statistics", "официальная статистика",
                      "A statistical office or customs release."),
                     ("official_statement", "official statement", "официальное заявление",
                      "A statement by an official or a state body."),
                     ("secondary", "secondary source", "вторичный источник", "Press or a report quoting others."),
                     ("doubtful", "doubtful", "сомнительный", "A source whose figures are not to be relied on."))

DOC_TYPE = _table("doc_type", ("doc_type",), "What kind of document was signed.",
                  ("joint_statement", "joint statement", "совместное заявление", "A joint statement of two sides."),
                  ("intergovernmental", "intergovernmental", "межправительственный",
                   "An agreement between governments."),
                  ("interdepartmental", "interdepartmental", "межведомственный", "An agreement between ministries."),
                  ("interregional", "interregional", "межрегиональный", "An agreement between regions or cities."),
                  ("commercial", "commercial contract", "коммерческий контракт", "A contract between companies."),
                  ("package", "package of documents", "пакет документов",
                   "A set of documents signed on one occasion, counted as one row."),
                  ("estimate", "estimate", "оценка", "An estimate of documents' worth, not a document."),
                  ("other", "other", "прочее", "Any other document."))

VALUE_KIND = _table("value_kind", ("value_kind",), "What kind of money a document's value is; kinds are never summed.",
                    ("contract_value", "worth of agreements and contracts", "стоимость соглашений и контрактов",
                     "The stated worth of the documents signed."),
                    ("credit_envelope", "credit offered", "предложенный кредит",
                     "A credit line offered, not necessarily drawn."),
                    ("loan", "loan", "заём", "A loan granted."),
                    ("investment", "investment", "инвестиции", "An investment made or pledged."),
                    ("economic_effect", "estimated economic effect", "оценочный экономический эффект",
                     "An estimated effect on the economy, not money changing hands."))

EVENT_CATEGORY = _table("category", ("category",), "What kind of event; charts draw the event strip in this order.",
                        ("war", "war", "война", "War and its direct consequences."),
                        ("sanctions", "sanctions", "санкции", "Sanctions imposed or lifted."),
                        ("visit", "visit", "визит", "A state or official visit."),
                        ("partnership", "partnership", "партнёрство", "A partnership declared or upgraded."),
                        ("bri", "Belt and Road", "«Один пояс, один путь»", "The Belt and Road Initiative."),
                        ("trade_policy", "trade policy", "торговая политика", "Tariffs, quotas, trade agreements."),
                        ("other", "other", "прочее", "Any other event."))

CHANGE_MEASURE = _table("measure", ("measure",), "How a printed change is expressed (data/raw/changes.csv).",
                        ("pct_change", "percent change", "изменение в процентах", "'+33%': end over base, minus one."),
                        ("pct_of_base", "percent of the base", "процент к базе", "'113% of 2021': end over base."),
                        ("times", "times the base", "во столько раз", "'2 times': end over base."),
                        ("usd_change", "change in dollars", "изменение в долларах", "A change in US dollars."))

#: Reporters that are not a side's own statistics, in the forms a sentence needs: `label` for a legend,
#: `whose` for "whose figures" (also a country-like name in tables), `name` for a publisher
#: ("… is twice that of Trade Data Monitor"), `reporter` for the reporter column's description.
SIDE = _table("side", ("reporter",), "Reporter codes that are not a country's own statistics.",
              ("UNK", "side not stated", "сторона не указана", "Side not stated by the source.",
               {"whose": ("figures whose side is not stated", "данные, сторона которых не указана"),
                "name": ("a publisher whose side is not stated", "издатель, сторона которого не указана"),
                "reporter": ("side not stated by the source", "сторона не указана источником")}),
              ("TDM", "Trade Data Monitor", "Trade Data Monitor", "Trade Data Monitor (commercial aggregator).",
               {"whose": ("Trade Data Monitor's figures", "данные Trade Data Monitor"),
                "name": ("Trade Data Monitor", "Trade Data Monitor"),
                "reporter": ("Trade Data Monitor (commercial aggregator)",
                             "Trade Data Monitor (коммерческий агрегатор)")}),
              ("ALL", "all records", "все записи", "Every record, whatever its side (a check over the records).",
               {"whose": ("the records", "записи"), "name": ("the records", "записи"),
                "reporter": ("all records", "все записи")}))

VERDICT = _table("verdict", ("verdict",), "A claim's verdict.",
                 ("supported", "supported", "подтверждено", "Every figure the check uses agrees with the claim."),
                 ("contradicted", "contradicted", "опровергнуто", "Every figure the check uses disagrees."),
                 ("depends_on_source", "depends on the source", "зависит от источника",
                  "Some figures agree and others disagree, or one figure allows both."),
                 ("not_checkable", "not checkable", "не проверяемо", "No figure the check can use."),
                 ("outside_run", "outside this run's years", "вне лет этого отчёта",
                  "The claim is about years the run does not cover; it is not checked against them."))

CHECK_STATUS = _table("status", ("status",), "Whether a printed change agrees with the figures it is about.",
                      ("agrees", "agrees", "согласуется", "The printed change is within the figures' rounding."),
                      ("disagrees", "disagrees", "не согласуется", "The printed change is outside it."),
                      ("no_pair", "no pair of figures to compare", "нет пары данных для сравнения",
                       "There is no end and base figure of one side to compare."))

#: Every table, by the name used in the metadata test and error messages.
TABLES: dict[str, CodeTable] = {t.name: t for t in (FLOW, BOUND, SCOPE, BASIS, RELIABILITY, DOC_TYPE, VALUE_KIND,
                                                      EVENT_CATEGORY, CHANGE_MEASURE, SIDE, VERDICT, CHECK_STATUS)}
