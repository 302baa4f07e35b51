"""Occasions and document titles in a Russian brief: one home for their Russian words.

The snapshot names events and documents (`data/raw/agreements.csv`) in English, the builder's summary
of each source. The visit judgment prints an event's name, a package's title and the titles of the
documents that state a value; a Russian brief prints these words instead. A name without Russian words
is kept in «» as a foreign word, and the metadata test (`tests/unit/text/test_product_words.py`) fails
for it, as for product labels.
"""
from __future__ import annotations

#: An event as `agreements.csv` names it → its Russian words.
EVENT_RU: dict[str, str] = {
    "6th meeting of the Belarus-China Intergovernmental Cooperation Committee (Minsk)":
        "6-е заседание Межправительственного комитета по сотрудничеству Беларуси и Китая (Минск)",
    "Belarus domestic policy document": "внутренний программный документ Беларуси",
    "Belt and Road Forum for Regional Cooperation and Development, Great Stone park":
        "Форум «Пояса и пути» по региональному сотрудничеству и развитию, парк «Великий камень»",
    "Chinese Premier Li Qiang official visit to Belarus (22-23 Aug 2024)":
        "официальный визит премьера Госсовета КНР Ли Цяна в Беларусь (22–23.08.2024)",
    "Development cooperation (SCO 'small and beautiful' projects)":
        "сотрудничество в целях развития (проекты ШОС «малые и красивые»)",
    "Establishment of diplomatic relations": "установление дипломатических отношений",
    "Eximbank project loan": "проектный кредит Эксимбанка Китая",
    "Great Stone financing": "финансирование парка «Великий камень»",
    "Great Stone industrial park": "индустриальный парк «Великий камень»",
    "Great Stone industrial park origins": "начало индустриального парка «Великий камень»",
    "Lukashenko state visit to China (28 Feb-2 Mar 2023)": "государственный визит Лукашенко в Китай (28.02–02.03.2023)",
    "Lukashenko state visit to China (Sept 2016)": "государственный визит Лукашенко в Китай (сентябрь 2016)",
    "Lukashenko visit to Beijing (2-4 June 2025)": "визит Лукашенко в Пекин (2–4.06.2025)",
    "Lukashenko visit to China (July 2013)": "визит Лукашенко в Китай (июль 2013)",
    "Lukashenko visit to China (SCO Qingdao summit, June 2018)":
        "визит Лукашенко в Китай (саммит ШОС в Циндао, июнь 2018)",
    "Ratification of visa-free agreement by Belarus": "ратификация Беларусью соглашения о безвизовом режиме",
    "Xi Jinping state visit to Belarus (May 2015)": "государственный визит Си Цзиньпина в Беларусь (май 2015)",
    "Xi-Lukashenko meeting at SCO summit, Samarkand": "встреча Си Цзиньпина и Лукашенко на саммите ШОС в Самарканде",
}

#: A document's or package's title (those that state a value) → its Russian words, shortened as the
#: English brief shortens them (the annex quotes each title whole).
TITLE_RU: dict[str, str] = {
    "Agreement on construction of a soda ash plant (300,000 t/yr, Gomel region) financed by China Eximbank":
        "соглашение о строительстве содового завода (300 000 т в год, Гомельская область) с кредитом Эксимбанка Китая",
    "Announced Chinese commercial credit of USD 4 bn to Belarusian banks":
        "объявленный китайский коммерческий кредит белорусским банкам на 4 млрд долл.",
    "Announced Chinese credit of USD 3 bn to Belarusian companies":
        "объявленный китайский кредит белорусским компаниям на 3 млрд долл.",
    "China Development Bank - Development Bank of the Republic of Belarus master credit agreement":
        "генеральное кредитное соглашение Госбанка развития Китая и Банка развития Беларуси",
    "China Eximbank preferential buyer's credit agreement for Great Stone Industrial Park construction "
    "(No. PBC (2015) 9 (351))":
        "соглашение о льготном покупательском кредите Эксимбанка Китая на строительство парка «Великий камень»",
    "Package of ~two dozen cooperation documents; economic effect >3.5 bn USD (Snopkov estimate)":
        "пакет из примерно двух десятков документов; экономический эффект свыше 3,5 млрд долл. (оценка Снопкова)",
    "Package: 27 intergovernmental, interdepartmental and interregional agreements + about eight commercial "
    "contracts": "27 соглашений и около восьми контрактов",
}


def event_words(event: str, lang: str = "en") -> str:
    """An event's name in `lang` («…» in Russian when it has no Russian words)."""
    if lang == "en":
        return event
    return EVENT_RU.get(event, f"«{event}»")


def title_ru(title: str) -> str:
    """A document's title in Russian words («…» when it has none; the English brief shortens the title)."""
    return TITLE_RU.get(title, f"«{title}»")
