"""French NUTS codes and the départements they cover.

At level 3 a French NUTS region is one département, so a notice's place of performance (eForms BT-5071, TED
`NUTS`, BOAMP `CODE_NUTS`) maps to INSEE département codes. Two versions of the classification are live in the
data: NUTS 2016/2021 (identical for France: regions FRB… FRM, overseas FRY) used by TED since 2018, and NUTS
2013 (old regions FR21… FR83, overseas FRA) still used by BOAMP notices of 2016-2017. The codes of the two
versions never collide, so one table serves both. NUTS 2010 overseas codes (FR910… FR940) are kept because
older BOAMP notices carry them.

Pure module: no Django import.
"""

NUTS_2021: dict[str, str] = {
    # Île-de-France
    "FR101": "75",
    "FR102": "77",
    "FR103": "78",
    "FR104": "91",
    "FR105": "92",
    "FR106": "93",
    "FR107": "94",
    "FR108": "95",
    # Centre-Val de Loire
    "FRB01": "18",
    "FRB02": "28",
    "FRB03": "36",
    "FRB04": "37",
    "FRB05": "41",
    "FRB06": "45",
    # Bourgogne-Franche-Comté
    "FRC11": "21",
    "FRC12": "58",
    "FRC13": "71",
    "FRC14": "89",
    "FRC21": "25",
    "FRC22": "39",
    "FRC23": "70",
    "FRC24": "90",
    # Normandie
    "FRD11": "14",
    "FRD12": "50",
    "FRD13": "61",
    "FRD21": "27",
    "FRD22": "76",
    # Hauts-de-France
    "FRE11": "59",
    "FRE12": "62",
    "FRE21": "02",
    "FRE22": "60",
    "FRE23": "80",
    # Grand Est
    "FRF11": "67",
    "FRF12": "68",
    "FRF21": "08",
    "FRF22": "10",
    "FRF23": "51",
    "FRF24": "52",
    "FRF31": "54",
    "FRF32": "55",
    "FRF33": "57",
    "FRF34": "88",
    # Pays de la Loire
    "FRG01": "44",
    "FRG02": "49",
    "FRG03": "53",
    "FRG04": "72",
    "FRG05": "85",
    # Bretagne
    "FRH01": "22",
    "FRH02": "29",
    "FRH03": "35",
    "FRH04": "56",
    # Nouvelle-Aquitaine
    "FRI11": "24",
    "FRI12": "33",
    "FRI13": "40",
    "FRI14": "47",
    "FRI15": "64",
    "FRI21": "19",
    "FRI22": "23",
    "FRI23": "87",
    "FRI31": "16",
    "FRI32": "17",
    "FRI33": "79",
    "FRI34": "86",
    # Occitanie
    "FRJ11": "11",
    "FRJ12": "30",
    "FRJ13": "34",
    "FRJ14": "48",
    "FRJ15": "66",
    "FRJ21": "09",
    "FRJ22": "12",
    "FRJ23": "31",
    "FRJ24": "32",
    "FRJ25": "46",
    "FRJ26": "65",
    "FRJ27": "81",
    "FRJ28": "82",
    # Auvergne-Rhône-Alpes
    "FRK11": "03",
    "FRK12": "15",
    "FRK13": "43",
    "FRK14": "63",
    "FRK21": "01",
    "FRK22": "07",
    "FRK23": "26",
    "FRK24": "38",
    "FRK25": "42",
    "FRK26": "69",
    "FRK27": "73",
    "FRK28": "74",
    # Provence-Alpes-Côte d'Azur
    "FRL01": "04",
    "FRL02": "05",
    "FRL03": "06",
    "FRL04": "13",
    "FRL05": "83",
    "FRL06": "84",
    # Corse
    "FRM01": "2A",
    "FRM02": "2B",
    # Overseas départements
    "FRY10": "971",
    "FRY20": "972",
    "FRY30": "973",
    "FRY40": "974",
    "FRY50": "976",
}

NUTS_2013: dict[str, str] = {
    # Île-de-France (same codes as in 2021)
    "FR101": "75",
    "FR102": "77",
    "FR103": "78",
    "FR104": "91",
    "FR105": "92",
    "FR106": "93",
    "FR107": "94",
    "FR108": "95",
    # Champagne-Ardenne
    "FR211": "08",
    "FR212": "10",
    "FR213": "51",
    "FR214": "52",
    # Picardie
    "FR221": "02",
    "FR222": "60",
    "FR223": "80",
    # Haute-Normandie
    "FR231": "27",
    "FR232": "76",
    # Centre
    "FR241": "18",
    "FR242": "28",
    "FR243": "36",
    "FR244": "37",
    "FR245": "41",
    "FR246": "45",
    # Basse-Normandie
    "FR251": "14",
    "FR252": "50",
    "FR253": "61",
    # Bourgogne
    "FR261": "21",
    "FR262": "58",
    "FR263": "71",
    "FR264": "89",
    # Nord-Pas-de-Calais
    "FR301": "59",
    "FR302": "62",
    # Lorraine
    "FR411": "54",
    "FR412": "55",
    "FR413": "57",
    "FR414": "88",
    # Alsace
    "FR421": "67",
    "FR422": "68",
    # Franche-Comté
    "FR431": "25",
    "FR432": "39",
    "FR433": "70",
    "FR434": "90",
    # Pays de la Loire
    "FR511": "44",
    "FR512": "49",
    "FR513": "53",
    "FR514": "72",
    "FR515": "85",
    # Bretagne
    "FR521": "22",
    "FR522": "29",
    "FR523": "35",
    "FR524": "56",
    # Poitou-Charentes
    "FR531": "16",
    "FR532": "17",
    "FR533": "79",
    "FR534": "86",
    # Aquitaine
    "FR611": "24",
    "FR612": "33",
    "FR613": "40",
    "FR614": "47",
    "FR615": "64",
    # Midi-Pyrénées
    "FR621": "09",
    "FR622": "12",
    "FR623": "31",
    "FR624": "32",
    "FR625": "46",
    "FR626": "65",
    "FR627": "81",
    "FR628": "82",
    # Limousin
    "FR631": "19",
    "FR632": "23",
    "FR633": "87",
    # Rhône-Alpes
    "FR711": "01",
    "FR712": "07",
    "FR713": "26",
    "FR714": "38",
    "FR715": "42",
    "FR716": "69",
    "FR717": "73",
    "FR718": "74",
    # Auvergne
    "FR721": "03",
    "FR722": "15",
    "FR723": "43",
    "FR724": "63",
    # Languedoc-Roussillon
    "FR811": "11",
    "FR812": "30",
    "FR813": "34",
    "FR814": "48",
    "FR815": "66",
    # Provence-Alpes-Côte d'Azur
    "FR821": "04",
    "FR822": "05",
    "FR823": "06",
    "FR824": "13",
    "FR825": "83",
    "FR826": "84",
    # Corse
    "FR831": "2A",
    "FR832": "2B",
    # Overseas départements
    "FRA10": "971",
    "FRA20": "972",
    "FRA30": "973",
    "FRA40": "974",
    "FRA50": "976",
}

# NUTS 2010 had no Mayotte and numbered the overseas départements FR9.
NUTS_2010_OVERSEAS: dict[str, str] = {"FR910": "971", "FR920": "972", "FR930": "973", "FR940": "974"}

NUTS3_DEPARTEMENTS: dict[str, str] = NUTS_2013 | NUTS_2021 | NUTS_2010_OVERSEAS


def departements_for_nuts(code: str) -> list[str]:
    """The départements a NUTS code covers: one for a French level-3 code, every département of the area for
    a region or a larger zone (FRC Bourgogne-Franche-Comté, FR26 Bourgogne), none for 'FR' itself (the whole
    country says nothing about where) nor for a foreign or unknown code."""
    code = code.strip().upper()
    if code in NUTS3_DEPARTEMENTS:
        return [NUTS3_DEPARTEMENTS[code]]
    if len(code) < 3 or not code.startswith("FR"):
        return []
    return sorted({dep for nuts, dep in NUTS3_DEPARTEMENTS.items() if nuts.startswith(code)})
