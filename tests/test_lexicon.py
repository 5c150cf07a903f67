"""The word lexicon: first names compiled from gender-guesser into the SQLite file."""

from __future__ import annotations

from mtcheck.lexicon import NAME_GENDERS, default_lexicon


def test_first_name_gender_sure_names() -> None:
    lex = default_lexicon()
    got = lex.first_name_gender(["Liz", "Angela", "Keir", "Emmanuel", "KAMALA"])
    assert got == {"Liz": "female", "Angela": "female", "Keir": "male",
                   "Emmanuel": "male", "KAMALA": "female"}


def test_first_name_gender_is_cautious_across_countries() -> None:
    got = default_lexicon().first_name_gender(["Nicola", "Andrea", "Jean", "Jo", "Karen"])
    # female in Britain, male in Italy (Nicola, Andrea); Jean is female in Britain; Karen
    # is a man's name in Armenia: none may be called plainly female or male.
    assert got["Nicola"] == "mostly_female" and got["Andrea"] == "mostly_female"
    assert got["Jean"] == "mostly_male" and got["Karen"] == "mostly_female"
    assert got["Jo"] == "andy"
    assert set(got.values()) <= set(NAME_GENDERS)


def test_first_name_gender_accents_and_unknowns() -> None:
    got = default_lexicon().first_name_gender(["Élisabeth", "Santé", "Kemi", "Zzyzx", ""])
    assert got["Élisabeth"] == "female"  # the data only has "Elisabeth"
    assert got["Santé"] == "unknown"  # a French word, not "Sante" (an Italian man's name)
    assert got["Kemi"] == "unknown" and got["Zzyzx"] == "unknown"
    assert "" not in got


def test_names_table_is_queryable() -> None:
    rows = default_lexicon().query("SELECT gender FROM names WHERE name = ?", ("ségolène",))
    assert rows == [("female",)]
    (count,) = default_lexicon().query("SELECT count(*) FROM names")[0]
    assert count > 30_000
