"""The capability profiles of the demo organisations (coursive/directory/demo_data.py), loaded by
`manage.py demo_load` after the real notices.

Like the organisations, every profile is fiction: CPV codes chosen from CPV 2008 at the level each activity
would declare, turnovers and headcounts inside the organisation's directory bands, intervention zones drawn
from where it works. References are past contracts as the organisation itself would state them; their
buyers are described, never named, and none is linked to a DECP record (no real contract was won by a
fictional organisation). The public body (a buyer, not a bidder) and the former member have no profile.
"""

from dataclasses import dataclass

# Intervention zones, as INSEE département codes. An empty zone means « anywhere in France ».
BOURGOGNE_FRANCHE_COMTE = ("21", "25", "39", "58", "70", "71", "89", "90")
COTE_D_OR_AND_NEIGHBOURS = ("21", "10", "39", "52", "58", "70", "71", "89")
AUVERGNE_RHONE_ALPES = ("01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73", "74")
LOIRE_AND_NEIGHBOURS = ("42", "03", "07", "38", "43", "63", "69", "71")
ANYWHERE = ()


@dataclass(frozen=True)
class DemoReference:
    title: str
    buyer_name: str
    year: int
    amount: int


@dataclass(frozen=True)
class DemoProfile:
    cluster: str  # slug
    organisation: str  # legal name, as in the directory demo
    cpv_codes: tuple[str, ...]
    keywords: str
    departements: tuple[str, ...]
    annual_turnover: int
    headcount: int
    references: tuple[DemoReference, ...]
    certifications: tuple[str, ...] = ()
    is_insertion: bool = False


DIJON_PROFILES = (
    DemoProfile(
        "dijon",
        "Compagnie La Mouette",
        ("92312110", "92312000", "80310000"),
        "théâtre contemporain, création et diffusion de spectacles, jeune public, lectures publiques, "
        "ateliers de pratique théâtrale, éducation artistique et culturelle, collèges, maisons de quartier",
        BOURGOGNE_FRANCHE_COMTE,
        186_000,
        4,
        (
            DemoReference(
                "Résidence de création et ateliers de théâtre dans trois collèges",
                "Collège public de la métropole dijonnaise",
                2024,
                18_500,
            ),
            DemoReference(
                "Lectures théâtralisées pour la saison d'un réseau de médiathèques",
                "Réseau intercommunal de médiathèques de Côte-d'Or",
                2025,
                6_800,
            ),
        ),
    ),
    DemoProfile(
        "dijon",
        "Studio Grand Angle",
        # Buyers publish the filming and live streaming of their colloques and national days inside their
        # event contracts (79952000), which an audiovisual producer answers alone or in a groupement.
        ("92111000", "92111200", "92112000", "92221000", "79952000"),
        "films institutionnels, documentaires courts, captation de spectacles, captation vidéo de colloques, "
        "de séminaires et de journées professionnelles, retransmission en direct, réalisation audiovisuelle "
        "d'événements, montage, étalonnage, mixage, motion design, sous-titrage",
        # A film crew goes where the shoot is.
        ANYWHERE,
        640_000,
        7,
        (
            DemoReference(
                "Captation vidéo et retransmission en direct de rencontres régionales de l'économie sociale "
                "et solidaire",
                "Réseau régional de l'économie sociale et solidaire",
                2024,
                14_200,
            ),
            DemoReference(
                "Série de films institutionnels sur les métiers du soin à domicile",
                "Établissement public départemental",
                2023,
                38_000,
            ),
            DemoReference(
                "Captation de six spectacles de la saison",
                "Régie culturelle de la Combe Fraîche",
                2025,
                21_600,
            ),
        ),
    ),
    DemoProfile(
        "dijon",
        "Atelier Contre-Forme",
        ("79822500", "79800000"),
        "identité visuelle, charte graphique, affiches, programmes de saison, signalétique, mise en page, "
        "typographie, supports imprimés de festivals",
        BOURGOGNE_FRANCHE_COMTE,
        315_000,
        4,
        (
            DemoReference(
                "Identité visuelle et signalétique d'une salle de spectacle",
                "Régie culturelle de la Combe Fraîche",
                2023,
                24_000,
            ),
            DemoReference(
                "Conception graphique des supports d'un festival de musique",
                "Commune de l'agglomération dijonnaise",
                2025,
                9_500,
            ),
        ),
    ),
    DemoProfile(
        "dijon",
        "Studio du Bief",
        ("92370000", "92312220", "92211000"),
        "enregistrement, mixage, mastering, prise de son, podcasts, musique originale pour le spectacle "
        "vivant, habillage sonore",
        BOURGOGNE_FRANCHE_COMTE,
        142_000,
        2,
        (
            DemoReference(
                "Réalisation d'une série de podcasts sur le patrimoine industriel",
                "Office de tourisme intercommunal",
                2024,
                7_400,
            ),
        ),
    ),
    DemoProfile(
        "dijon",
        "Éditions du Lavoir",
        ("79970000", "79822000", "79821100", "79530000"),
        "édition de livres, beaux livres sur le patrimoine, littérature jeunesse, mise en page, relecture, "
        "correction, traduction",
        BOURGOGNE_FRANCHE_COMTE,
        78_000,
        2,
        (
            DemoReference(
                "Édition d'un ouvrage sur le patrimoine rural d'une commune",
                "Commune rurale de Côte-d'Or",
                2023,
                12_800,
            ),
        ),
    ),
    DemoProfile(
        "dijon",
        "Octet Coop",
        ("72413000", "72200000", "72400000", "72262000"),
        "sites web accessibles, accessibilité numérique RGAA, logiciel libre, éco-conception, applications "
        "web, hébergement et maintenance, conception UX",
        # Web work is done remotely for clients all over France.
        ANYWHERE,
        420_000,
        7,
        (
            DemoReference(
                "Refonte accessible du site internet d'un réseau de bibliothèques",
                "Communauté de communes de Bourgogne",
                2024,
                36_000,
            ),
            DemoReference(
                "Audit d'accessibilité numérique RGAA de trois sites culturels",
                "Établissement public culturel",
                2025,
                8_900,
            ),
        ),
        certifications=("Opquast Qualité Numérique",),
    ),
    DemoProfile(
        "dijon",
        "Lumen et Décibel",
        ("92370000", "51313000", "32342410", "31518600", "79952000"),
        "location de matériel son, lumière et structure, sonorisation, éclairage scénique, régie technique "
        "de spectacles, organisation technique et logistique de manifestations, colloques, séminaires, "
        "salons et événements d'entreprise, régisseurs",
        (*BOURGOGNE_FRANCHE_COMTE, "10", "52"),
        735_000,
        5,
        (
            DemoReference(
                "Location et régie son et lumière des fêtes de l'été",
                "Commune de l'est dijonnais",
                2025,
                42_000,
            ),
            DemoReference(
                "Sonorisation des cérémonies et manifestations municipales (accord-cadre)",
                "Commune de la métropole dijonnaise",
                2023,
                28_500,
            ),
        ),
    ),
    DemoProfile(
        "dijon",
        "Association Les Nuits de la Chouette",
        ("79953000", "79952100", "92312000"),
        "organisation de festivals, programmation de concerts et d'arts de la rue, production de "
        "spectacles en plein air, accueil du public, bénévolat",
        COTE_D_OR_AND_NEIGHBOURS,
        318_000,
        2,
        (
            DemoReference(
                "Programmation artistique d'une fête de quartier", "Commune de l'est dijonnais", 2024, 15_000
            ),
        ),
    ),
    DemoProfile(
        "dijon",
        "Marion Texier",
        ("79961000", "79961300"),
        "photographie de spectacle, portrait, reportage, ateliers photo pour adolescents",
        BOURGOGNE_FRANCHE_COMTE,
        38_000,
        0,
        (
            DemoReference(
                "Reportage photographique de la saison culturelle",
                "Régie culturelle de la Combe Fraîche",
                2025,
                4_800,
            ),
        ),
    ),
    DemoProfile(
        "dijon",
        "Léa Brunet",
        ("92312240", "79822500"),
        "illustration jeunesse, illustration de presse, affiches de spectacle, livres illustrés",
        # An illustrator delivers files: the client can be anywhere.
        ANYWHERE,
        31_000,
        0,
        (
            DemoReference(
                "Illustrations d'un livret pédagogique sur la biodiversité",
                "Parc naturel régional",
                2024,
                3_600,
            ),
        ),
    ),
    DemoProfile(
        "dijon",
        "Atelier Fil et Cintre",
        ("98393000", "18400000"),
        "création et fabrication de costumes de scène, retouches, location de costumes, théâtre, opéra, "
        "cinéma",
        COTE_D_OR_AND_NEIGHBOURS,
        84_000,
        2,
        (
            DemoReference(
                "Fabrication des costumes d'une création lyrique",
                "Établissement public culturel",
                2024,
                16_500,
            ),
        ),
    ),
    DemoProfile(
        "dijon",
        "Association Traverses",
        ("92500000", "80500000", "80310000"),
        "médiation culturelle, parcours d'éducation artistique et culturelle, écoles, centres sociaux, "
        "formation des équipes à l'accueil des publics éloignés",
        COTE_D_OR_AND_NEIGHBOURS,
        164_000,
        4,
        (
            DemoReference(
                "Parcours d'éducation artistique et culturelle dans dix écoles élémentaires",
                "Commune de la métropole dijonnaise",
                2025,
                22_000,
            ),
            DemoReference(
                "Formation des agents d'accueil à la médiation auprès des publics éloignés",
                "Établissement public culturel",
                2024,
                5_400,
            ),
        ),
        certifications=("Qualiopi",),
    ),
    DemoProfile(
        "dijon",
        "Le Hangar Commun",
        ("70220000", "79951000", "79952000", "55510000"),
        "tiers-lieu, location de bureaux partagés et de salles, accueil de séminaires et de réunions, "
        "cantine, accompagnement de projets",
        ("21",),
        355_000,
        4,
        (
            DemoReference(
                "Mise à disposition de salles et restauration pour des journées d'étude",
                "Université publique",
                2024,
                11_800,
            ),
        ),
    ),
    DemoProfile(
        "dijon",
        "Imprimerie du Suzon",
        ("79810000", "79800000", "22000000", "79823000"),
        "impression offset, sérigraphie, affiches, programmes, livres d'artistes, petites séries, papier "
        "recyclé",
        BOURGOGNE_FRANCHE_COMTE,
        610_000,
        7,
        (
            DemoReference(
                "Impression des programmes de saison et des affiches (accord-cadre)",
                "Régie culturelle de la Combe Fraîche",
                2023,
                46_000,
            ),
            DemoReference(
                "Impression du magazine municipal sur papier recyclé",
                "Commune de la métropole dijonnaise",
                2025,
                31_500,
            ),
        ),
        certifications=("Imprim'Vert", "FSC"),
    ),
    DemoProfile(
        "dijon",
        "Pixel Moutarde",
        ("72212911", "72212520", "72212931"),
        "jeux vidéo narratifs, visites immersives, réalité virtuelle, médiation numérique pour les musées, "
        "motion design",
        ANYWHERE,
        380_000,
        7,
        (
            DemoReference(
                "Visite immersive en réalité virtuelle d'un site patrimonial",
                "Musée municipal de Bourgogne",
                2024,
                58_000,
            ),
        ),
    ),
    DemoProfile(
        "dijon",
        "Groupement d'employeurs Culture en Côte-d'Or",
        ("79620000", "79211000"),
        "emploi partagé, mise à disposition d'administrateurs, de chargés de communication et de "
        "comptables, paie du spectacle",
        ("21",),
        460_000,
        14,
        (
            DemoReference(
                "Mise à disposition d'un chargé de communication à temps partiel",
                "Établissement public culturel",
                2025,
                19_000,
            ),
        ),
    ),
    DemoProfile(
        "dijon",
        "Compagnie Les Arpenteurs",
        ("92312000", "92312100", "79952100"),
        "arts de la rue, déambulations, spectacles in situ, décors mobiles, projets participatifs avec "
        "des habitants amateurs",
        BOURGOGNE_FRANCHE_COMTE,
        82_000,
        2,
        (
            DemoReference(
                "Déambulation participative pour l'inauguration d'un quartier rénové",
                "Bailleur social public",
                2024,
                9_800,
            ),
        ),
    ),
    DemoProfile(
        "dijon",
        "Écomusée des Vignes et des Hommes",
        ("92521000", "92521100", "92522000"),
        "musée, expositions temporaires, visites contées, patrimoine viticole, médiation culturelle",
        ("21",),
        64_000,
        1,
        (
            DemoReference(
                "Exposition itinérante sur le travail de la vigne",
                "Communauté de communes de Côte-d'Or",
                2023,
                8_200,
            ),
        ),
    ),
    DemoProfile(
        "dijon",
        "Centre de formation Scènes et Métiers",
        ("80530000", "80531200", "80550000"),
        "formation professionnelle continue, régie son, régie lumière, sécurité des lieux de spectacle, "
        "habilitation électrique",
        BOURGOGNE_FRANCHE_COMTE,
        690_000,
        8,
        (
            DemoReference(
                "Formation des agents techniques à la sécurité des spectacles",
                "Commune de la métropole dijonnaise",
                2024,
                12_600,
            ),
        ),
        certifications=("Qualiopi",),
    ),
)

FURAN_PROFILES = (
    DemoProfile(
        "saint-etienne",
        "La Manufacture du Furan",
        ("70220000", "79951000", "79952000", "79934000"),
        "tiers-lieu, coworking, fablab, location de salles, accueil de colloques, de séminaires et de "
        "journées professionnelles, conception et organisation d'événements, animation de réseau, "
        "accompagnement de projets",
        LOIRE_AND_NEIGHBOURS,
        690_000,
        8,
        (
            DemoReference(
                "Organisation de journées professionnelles sur l'économie circulaire",
                "Agglomération de la Loire",
                2024,
                23_000,
            ),
            DemoReference(
                "Location de salles et animation d'ateliers de fabrication numérique",
                "Université publique",
                2025,
                9_600,
            ),
        ),
    ),
    DemoProfile(
        "saint-etienne",
        "Compagnie L'Arbre à Plumes",
        ("92312110", "92312000", "80310000"),
        "théâtre d'objets, marionnettes, jeune public, spectacles en écoles et médiathèques, ateliers de "
        "fabrication avec les enfants",
        LOIRE_AND_NEIGHBOURS,
        72_000,
        2,
        (
            DemoReference(
                "Tournée d'un spectacle de marionnettes dans les médiathèques",
                "Réseau de lecture publique de la Loire",
                2024,
                7_200,
            ),
        ),
    ),
    DemoProfile(
        "saint-etienne",
        "Studio Manivelle",
        ("79934000", "79930000", "39154000", "79822500"),
        "design de mobilier, scénographie d'exposition, signalétique, prototypage, mobilier sur mesure",
        AUVERGNE_RHONE_ALPES,
        290_000,
        4,
        (
            DemoReference(
                "Scénographie et mobilier d'une exposition permanente",
                "Musée municipal de la Loire",
                2023,
                64_000,
            ),
        ),
    ),
    DemoProfile(
        "saint-etienne",
        "Groupement d'employeurs Loire Culture Partagée",
        ("79620000", "92370000"),
        "emploi partagé, mise à disposition de chargés de production et de régisseurs",
        ("42",),
        210_000,
        8,
        (
            DemoReference(
                "Mise à disposition de régisseurs pour une saison culturelle",
                "Commune de la vallée du Gier",
                2025,
                26_000,
            ),
        ),
    ),
    DemoProfile(
        "saint-etienne",
        "Les Ateliers du Gier",
        ("39154000", "39150000", "79952000"),
        "construction de décors, mobilier événementiel en bois de réemploi, location de mobilier, "
        "chantier d'insertion, stands d'exposition",
        LOIRE_AND_NEIGHBOURS,
        820_000,
        31,
        (
            DemoReference(
                "Fabrication de mobilier en bois de réemploi pour une médiathèque (marché réservé)",
                "Commune de la vallée du Gier",
                2024,
                34_000,
            ),
            DemoReference(
                "Construction et montage des décors d'un festival", "Agglomération de la Loire", 2025, 18_500
            ),
        ),
        is_insertion=True,
    ),
    DemoProfile(
        "saint-etienne",
        "Collectif Son de Mine",
        ("92370000", "92312220", "79995100"),
        "studio d'enregistrement associatif, label, prise de son, collecte de mémoire sonore, archives "
        "sonores",
        ("42",),
        41_000,
        1,
        (
            DemoReference(
                "Collecte et archivage de témoignages sonores d'anciens mineurs",
                "Archives municipales de la Loire",
                2023,
                6_500,
            ),
        ),
    ),
    DemoProfile(
        "saint-etienne",
        "Tréteaux et Compagnie",
        ("79952000", "79951000", "79950000", "79952100"),
        "organisation d'événements professionnels et culturels, séminaires, colloques, conventions, "
        "conception et logistique de manifestations, stands de salons",
        AUVERGNE_RHONE_ALPES,
        430_000,
        4,
        (
            DemoReference(
                "Organisation des rencontres annuelles des acteurs de la culture",
                "Département d'Auvergne-Rhône-Alpes",
                2024,
                48_000,
            ),
            DemoReference(
                "Conception et logistique d'un colloque sur l'insertion professionnelle",
                "Établissement public régional",
                2025,
                36_000,
            ),
        ),
    ),
    DemoProfile(
        "saint-etienne",
        "Association Passeurs de Mémoire",
        ("92521100", "92500000", "80570000"),
        "patrimoine minier et ouvrier, expositions, balades urbaines, ateliers intergénérationnels, écoles, "
        "EHPAD",
        ("42",),
        36_000,
        1,
        (
            DemoReference(
                "Exposition et ateliers sur la mémoire ouvrière d'un quartier",
                "Commune de la vallée de l'Ondaine",
                2024,
                5_900,
            ),
        ),
    ),
    DemoProfile(
        "saint-etienne",
        "Coopérative Artisans du Jarez",
        ("79411100", "79998000", "80532000"),
        "coopérative d'activité et d'emploi, accompagnement de créateurs d'entreprise, formation à la "
        "gestion, entrepreneuriat salarié",
        ("42", "69"),
        1_350_000,
        16,
        (
            DemoReference(
                "Accompagnement de porteurs de projets artistiques",
                "Agglomération de la Loire",
                2025,
                27_000,
            ),
        ),
        certifications=("Qualiopi",),
    ),
)

PROFILES = DIJON_PROFILES + FURAN_PROFILES
