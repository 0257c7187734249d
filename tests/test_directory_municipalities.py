"""Municipality names as people type them, and the municipality data file."""
from __future__ import annotations

import pytest

from wegwijzer.directory import datafiles
from wegwijzer.directory.municipalities import MunicipalityIndex, _csv_pairs, resolve_municipality


@pytest.fixture(scope="module")
def index():
    return MunicipalityIndex.from_pairs(_csv_pairs())


@pytest.fixture(autouse=True)
def directory_db(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path_factory.getbasetemp() / 'names-directory.db'}")


@pytest.mark.parametrize("typed, official", [
    ("Amersfoort", "Amersfoort"),
    ("amersfoort", "Amersfoort"),
    ("Amersfort", "Amersfoort"),  # typo
    ("amesfoort", "Amersfoort"),
    ("A'foort", "Amersfoort"),  # abbreviation
    ("A’foort", "Amersfoort"),  # typographic apostrophe
    ("Den Bosch", "'s-Hertogenbosch"),
    ("s-hertogenbosch", "'s-Hertogenbosch"),
    ("den haag", "'s-Gravenhage"),
    ("Utr", "Utrecht"),
    ("ik woon in de gemeente Zeist", "Zeist"),
    ("Nieuwegijn", "Nieuwegein"),
    ("Sudwest Fryslan", "Súdwest-Fryslân"),
    ("Hellevoetsluis", "Voorne aan Zee"),  # former municipality (2023)
    ("Bergen NH", "Bergen (NH.)"),
    ("Ede", "Ede"),
])
def test_resolves_names_typos_and_aliases(index, typed, official):
    assert index.resolve(typed) == official


@pytest.mark.parametrize("typed", ["Bergen", "Edee", "xyz", "", "   ", "nergens", "<script>alert(1)</script>"])
def test_unknown_or_ambiguous_names_are_not_guessed(index, typed):
    assert index.resolve(typed) is None


def test_everyday_words_are_no_municipality_in_a_sentence(index):
    assert index.find_in_text("mijn buren schreeuwen elke nacht") is None
    assert index.find_in_text("wat is het beste nummer") is None
    assert index.find_in_text("het wijkteam in Best") == "Best"
    assert index.resolve("Buren") == "Buren"  # as an answer to "in welke gemeente?"


def test_finds_a_municipality_inside_a_question(index):
    assert index.find_in_text("hoe bereik ik het wijkteam in amersfort") == "Amersfoort"
    assert index.find_in_text("ik wil het wijkteam bellen") is None


def test_public_function_keeps_its_signature():
    assert resolve_municipality("Amersfort") == "Amersfoort"
    assert resolve_municipality("Nergenshuizen") is None


def test_every_official_name_resolves_to_itself(index):
    for name, _aliases, _common in _csv_pairs():
        assert index.resolve(name) == name, name


def test_the_data_file_has_the_current_municipal_division():
    data = datafiles.load()
    rows = [r.values for r in data.municipalities]
    assert len(rows) == 342
    per_province = {}
    for row in rows:
        per_province[row["province"]] = per_province.get(row["province"], 0) + 1
    assert per_province == {"Groningen": 10, "Fryslân": 18, "Drenthe": 12, "Overijssel": 25, "Flevoland": 6,
                            "Gelderland": 51, "Utrecht": 26, "Noord-Holland": 44, "Zuid-Holland": 50,
                            "Zeeland": 13, "Noord-Brabant": 56, "Limburg": 31}
    assert all(row["source"] and row["verified_on"] for row in rows)


def test_regions_from_the_seeds():
    rows = {r.values["name"]: r.values for r in datafiles.load().municipalities}
    # shared/domain/contacts.md: the 26 Utrecht municipalities of the SVMN agreement.
    svmn = ("Amersfoort, Baarn, De Bilt, Bunnik, Bunschoten, Eemnes, Houten, IJsselstein, Leusden, Lopik, "
            "Montfoort, Nieuwegein, Oudewater, Renswoude, Rhenen, De Ronde Venen, Soest, Stichtse Vecht, Utrecht, "
            "Utrechtse Heuvelrug, Veenendaal, Vijfheerenlanden, Wijk bij Duurstede, Woerden, Woudenberg, Zeist")
    assert {n for n, r in rows.items() if r["veilig_thuis_region"] == "vt_utrecht"} == set(svmn.split(", "))
    centraal_gelderland = {"Arnhem", "Doesburg", "Duiven", "Lingewaard", "Overbetuwe", "Renkum", "Rheden",
                           "Rozendaal", "Wageningen", "Westervoort", "Zevenaar"}
    assert {n for n, r in rows.items() if r["jeugdhulpregio"] == "jhr_centraal_gelderland"} == centraal_gelderland
    assert {n for n, r in rows.items() if r["jeugdhulpregio"] == "jhr_foodvalley"} == {
        "Barneveld", "Ede", "Nijkerk", "Scherpenzeel"}
    # Veenendaal, Rhenen, Renswoude: Utrecht side of Foodvalley, so Veilig Thuis Utrecht (brief 3.7).
    assert rows["Veenendaal"]["veilig_thuis_region"] == "vt_utrecht"
