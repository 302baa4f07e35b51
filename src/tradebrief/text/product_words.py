"""Product labels, share bases and speakers in a brief's language: one home for their Russian words.

The snapshot's product rows (`data/raw/products.csv`) label items in English (the builder's summary of
each source, not the source's words). A Russian brief prints these words instead; a label without a
Russian entry is kept in «» as a foreign word, and the snapshot's metadata test
(`tests/unit/text/test_product_words.py`) fails for it, so no label reaches a Russian reader in English
unnoticed.
"""
from __future__ import annotations

#: A product row's label (without a "main items:" or a region's lead) → its Russian words.
PRODUCT_RU: dict[str, str] = {
    "agri-food products": "сельхозпродукция и продовольствие",
    "agricultural products (total)": "сельхозпродукция (всего)",
    "cars and car parts, electrical and mechanical equipment":
        "автомобили и автокомпоненты, электрическое и механическое оборудование",
    "dairy products": "молочная продукция",
    "equipment, parts and materials for Belarusian exporters, consumer goods":
        "оборудование, комплектующие и материалы для белорусских экспортёров, потребительские товары",
    "fertilizers, beef, poultry, rapeseed oil, other agri products":
        "удобрения, говядина, мясо птицы, рапсовое масло, другая сельхозпродукция",
    "flax tow": "короткое льноволокно",
    "food products": "продовольствие",
    "frozen beef": "замороженная говядина",
    "lumber (sawn wood)": "пиломатериалы",
    "mainly high-tech and high value-added products":
        "в основном высокотехнологичная продукция с высокой добавленной стоимостью",
    "mainly mineral products and agricultural products": "в основном минеральная и сельскохозяйственная продукция",
    "most popular exports via the BUCE exchange: sawn timber, rapeseed oil, milk powder":
        "самые востребованные товары экспорта через БУТБ: пиломатериалы, рапсовое масло, сухое молоко",
    "potash": "калий",
    "potash fertilizers": "калийные удобрения",
    "potash fertilizers, caprolactam, dump trucks and parts, integrated circuits, chemicals":
        "калийные удобрения, капролактам, карьерные самосвалы и запчасти к ним, интегральные схемы, химия",
    "potash/mineral fertilizers, meat and poultry by-products, beef, flax fibre, whey, milk, spirits, pasta":
        "калийные и минеральные удобрения, мясные субпродукты и субпродукты птицы, говядина, льноволокно, "
        "сыворотка, молоко, спиртные напитки, макаронные изделия",
    "poultry meat and edible offal": "мясо и пищевые субпродукты птицы",
    "rapeseed oil": "рапсовое масло",
    "timber": "лесоматериалы",
    "vehicle and tractor parts, telephone equipment, computers":
        "части автомобилей и тракторов, телефонная аппаратура, компьютеры",
    "whey": "сыворотка",
    "wood/timber": "древесина и лесоматериалы",
}

#: A share row's basis (what it is a share of) → its Russian words.
BASIS_RU: dict[str, str] = {
    "share of Belarus agri-food exports to China": "доля в агропродовольственном экспорте Беларуси в Китай",
    "share of Belarus's total output exported to China": "доля всего производства Беларуси, вывозимая в Китай",
}

#: Who gave a list (a product row's notes: "Per …") → words after "as listed by" / "по перечню".
SPEAKER_WORDS: dict[str, dict[str, str]] = {
    "PRC Ambassador Xie Xiaoyong": {"en": "China's ambassador", "ru": "посла Китая"},
}


def product_words(label: str, lang: str = "en") -> str:
    """A product label in `lang`: the label itself in English; its Russian words, or «label» when none."""
    if lang == "en":
        return label
    return PRODUCT_RU.get(label, f"«{label}»")


def basis_words(basis: str, lang: str = "en") -> str:
    """What a share is a share of, in `lang` («…» when the Russian words are missing)."""
    if lang == "en":
        return basis
    return BASIS_RU.get(basis, f"«{basis}»")


def speaker_words(speaker: str, lang: str = "en") -> str:
    """Who gave a list, in `lang` (English: as the record names them when no entry has their words)."""
    words = SPEAKER_WORDS.get(speaker, {})
    return words.get(lang) or (speaker if lang == "en" else f"«{speaker}»")


#: Places a rail route or measure names (a route "China-Europe-China", a measure's words) → Russian.
PLACE_RU: dict[str, str] = {"China": "Китай", "Europe": "Европа", "EU": "ЕС", "Belarus": "Беларусь",
                            "Poland": "Польша", "Russia": "Россия", "Kazakhstan": "Казахстан"}
#: A rail measure's name (the record's metric) → its Russian words.
METRIC_RU: dict[str, str] = {
    "Share of China-EU rail freight using the Poland-Belarus corridor":
        "доля грузов Китай–ЕС по железной дороге через коридор Польша–Беларусь",
}


def route_words(route: str, lang: str = "en") -> str:
    """A route as its record names it ("China-Europe-China", "China→EU"); in Russian, place by place."""
    if lang == "en":
        return route
    parts = [p.strip() for p in route.replace("→", "-").split("-")]
    if not all(p in PLACE_RU for p in parts):
        return f"«{route}»"
    return ("→" if "→" in route else "–").join(PLACE_RU[p] for p in parts)  # one word, as "Китай–ЕС"


def metric_words(metric: str, lang: str = "en") -> str:
    """A rail measure's name in `lang` («…» when the Russian words are missing)."""
    if lang == "en":
        return metric
    return METRIC_RU.get(metric, f"«{metric}»")


#: A rail count's unit as a Russian brief prints it (a unit without Russian words stays as recorded).
UNIT_RU: dict[str, str] = {"TEU": "ДФЭ"}


def unit_words(unit: str, lang: str = "en") -> str:
    """A rail count's unit in `lang`: 'TEU' in English, 'ДФЭ' in Russian (twenty-foot equivalent unit)."""
    if lang == "en":
        return unit
    return UNIT_RU.get(unit, unit)
