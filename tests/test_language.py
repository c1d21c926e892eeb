"""The cheap document-language evidence that gates the English-only stages (casing, names)."""

from textfix import clean
from textfix.document import Document
from textfix.language import document_language

_MENU = "\n".join(["Accueil", "Opinion", "Politique", "Canada", "Québec", "Montréal", "Sports", "Culture"] * 60)
_PROSE = (
    "Le ministre Roberge a annoncé mardi que la ville de Montréal ne permettra plus les trottinettes "
    "électriques dans les rues du centre.\n"
    "Selon la direction de la recherche, les accidents ont augmenté de façon importante depuis le "
    "début de l’été, notamment chez les jeunes.\n"
    "Les usagers pourront toutefois louer des vélos en libre-service, comme le prévoit le plan adopté "
    "en juin par le conseil municipal.\n"
)


def test_a_page_that_opens_with_a_long_menu_is_read_from_its_prose():
    page = _MENU + "\n" + _PROSE
    assert len(_MENU) > 3000
    assert document_language(Document(id="p", text=page)) == "fr"


def test_french_prose_behind_a_menu_keeps_its_casing():
    page = _MENU + "\n" + _PROSE
    r = clean(page)
    assert not [e for e in r.edits if e.stage in ("casing", "names") and e.before != e.after], r.explain()


def test_english_prose_behind_a_menu_is_english():
    menu = "\n".join(["Home", "World", "Politics", "Business", "Sport"] * 150)
    prose = ("The minister said on Tuesday that the city would no longer allow electric scooters in the "
             "streets of the centre, and that the ban would start in the spring.\n") * 3
    assert document_language(Document(id="p", text=menu + "\n" + prose)) == "en"


def test_a_short_menu_only_text_stays_undecided():
    assert document_language(Document(id="p", text="Home\nNews\nSport\n")) is None
