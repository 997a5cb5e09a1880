"""The fictional demo loaded by `manage.py demo_load`: two PTCEs, their organisations, people and logins.

Names, SIRETs, e-mails and phone numbers are invented; communes, postcodes, NAF codes and skills are real,
so the demo goes through the same rules as real data. E-mails and websites use the reserved `.example`
domain (RFC 2606) and phone numbers the blocks Arcep keeps for fiction (03 53 01, 04 65 71, 06 39 98), so
no demo message or call can reach a real person.
"""

from dataclasses import dataclass
from datetime import date

from coursive.accounts.models import ClusterModel, Role

from .models import EssStatus, HeadcountBand, LegalForm, MembershipStatus, TurnoverBand

DEMO_PASSWORD = "coursive-demo-2026"


@dataclass(frozen=True)
class DemoPerson:
    first_name: str
    last_name: str
    job_title: str
    public: bool = False
    # A person with a role also gets a login, with their e-mail, acting for their organisation.
    role: str = ""


@dataclass(frozen=True)
class DemoOrganisation:
    legal_name: str
    domain: str
    legal_form: str
    naf: str
    address: tuple[str, str, str]
    bands: tuple[str, str]
    since: date
    description: str
    skills: tuple[str, ...]
    tags: tuple[str, ...]
    people: tuple[DemoPerson, ...]
    ess: str = EssStatus.NONE
    esus_until: date | None = None
    status: str = MembershipStatus.MEMBER
    until: date | None = None
    trade_name: str = ""


@dataclass(frozen=True)
class DemoCluster:
    slug: str
    name: str
    model: str
    territory: str
    charter: str
    contact_name: str
    contact_email: str
    phone_prefix: str
    organisations: tuple[DemoOrganisation, ...]


@dataclass(frozen=True)
class DemoAccount:
    """A login that acts for no organisation: coordination, buyers, residents."""

    email: str
    full_name: str
    roles: tuple[tuple[str, str], ...]


DIJON_CHARTER = """\
Le Pôle Coursive Dijon réunit des entreprises culturelles et créatives, des structures de l'économie \
sociale et solidaire et des partenaires publics de Dijon Métropole autour d'une stratégie commune : \
coopérer plutôt que se concurrencer, et faire vivre sur le territoire des emplois durables dans la création.

Les membres mutualisent ce qui coûte cher à chacun : matériel scénique, locaux de répétition, fonctions \
administratives, emplois partagés au sein du groupement d'employeurs. Chacun s'engage à proposer d'abord \
aux autres membres les prestations qu'il achète, à des conditions transparentes.

Pour les marchés publics et les commandes importantes, les membres répondent ensemble en groupement \
momentané d'entreprises. Le mandataire est désigné d'un commun accord, la répartition du travail et de la \
rémunération est écrite avant le dépôt de l'offre.

La gouvernance est partagée : une structure, une voix en assemblée, quelle que soit sa taille. Les \
informations confiées au pôle ne servent qu'aux membres et ne sont jamais cédées à des tiers."""

FURAN_CHARTER = """\
Le Réseau ESS Furan rassemble des associations, des coopératives et des entreprises engagées de Saint-Étienne \
Métropole qui veulent développer ensemble une économie culturelle ancrée dans les quartiers et les vallées \
du Gier et de l'Ondaine.

Ses membres partagent leurs savoir-faire, leurs lieux et leurs réseaux d'acheteurs. Les échanges de \
compétences entre membres sont comptés en heures et valorisés en euros, pour rester équitables et conformes \
aux règles fiscales.

Le réseau accorde une attention particulière à l'insertion professionnelle : chaque projet commun réserve \
une part de ses heures aux personnes accompagnées par les structures d'insertion membres.

Chaque membre s'engage à payer les autres membres à trente jours au plus et à signaler au réseau toute \
difficulté avant qu'elle ne compromette un projet commun."""

DIJON_ORGANISATIONS = (
    DemoOrganisation(
        legal_name="Compagnie La Mouette",
        domain="compagnie-la-mouette.example",
        legal_form=LegalForm.ASSOCIATION,
        ess=EssStatus.BY_RIGHT,
        naf="90.01Z",
        address=("14 rue Berbisey", "21000", "Dijon"),
        bands=(HeadcountBand.FROM_3, TurnoverBand.FROM_100K),
        since=date(2017, 9, 1),
        description=(
            "Compagnie de théâtre contemporain fondée en 2009, La Mouette crée un spectacle tous les deux "
            "ans et tourne en Bourgogne-Franche-Comté. Elle mène des ateliers de pratique dans les collèges "
            "et les maisons de quartier de la métropole."
        ),
        skills=("mise-en-scene", "diffusion-spectacles", "education-artistique", "ateliers-publics"),
        tags=("théâtre", "jeune public", "création"),
        people=(
            DemoPerson("Julien", "Pernot", "Directeur artistique", public=True, role=Role.MEMBER_ADMIN),
            DemoPerson("Anaïs", "Royer", "Chargée de diffusion", role=Role.MEMBER_STAFF),
            DemoPerson("Bastien", "Lacroix", "Régisseur général"),
        ),
    ),
    DemoOrganisation(
        legal_name="Studio Grand Angle",
        domain="studio-grand-angle.example",
        legal_form=LegalForm.SCOP,
        ess=EssStatus.BY_RIGHT,
        naf="59.11B",
        address=("6 rue des Tilleuls", "21240", "Talant"),
        bands=(HeadcountBand.FROM_6, TurnoverBand.FROM_500K),
        since=date(2018, 1, 15),
        description=(
            "Coopérative de production audiovisuelle détenue par ses sept salariés. Grand Angle réalise des "
            "films institutionnels, des documentaires courts et des captations de spectacles, du tournage "
            "au mixage. Elle filme et retransmet aussi en direct colloques et journées professionnelles."
        ),
        skills=("realisation-video", "captation", "montage-video", "motion-design"),
        tags=("vidéo", "documentaire", "coopérative"),
        people=(
            DemoPerson("Karim", "Benali", "Gérant et réalisateur", public=True, role=Role.MEMBER_ADMIN),
            DemoPerson("Pauline", "Vacher", "Monteuse"),
            DemoPerson("Hugo", "Masson", "Chef opérateur"),
        ),
    ),
    DemoOrganisation(
        legal_name="Atelier Contre-Forme",
        domain="atelier-contre-forme.example",
        legal_form=LegalForm.SARL,
        naf="74.10Z",
        address=("27 rue Chabot-Charny", "21000", "Dijon"),
        bands=(HeadcountBand.FROM_3, TurnoverBand.FROM_250K),
        since=date(2019, 3, 1),
        description=(
            "Studio de design graphique spécialisé dans les identités visuelles d'institutions culturelles "
            "et la signalétique. L'atelier conçoit aussi les supports imprimés de plusieurs festivals de la "
            "région."
        ),
        skills=("design-graphique", "identite-visuelle", "signaletique", "mise-en-page"),
        tags=("graphisme", "typographie"),
        people=(
            DemoPerson("Margaux", "Delorme", "Directrice artistique", public=True),
            DemoPerson("Victor", "Girardot", "Graphiste"),
        ),
    ),
    DemoOrganisation(
        legal_name="Studio du Bief",
        domain="studio-du-bief.example",
        legal_form=LegalForm.SARL,
        naf="59.20Z",
        address=("41 avenue Roland Carraz", "21300", "Chenôve"),
        bands=(HeadcountBand.FROM_1, TurnoverBand.FROM_100K),
        since=date(2020, 2, 1),
        description=(
            "Studio d'enregistrement et de mixage installé dans un ancien atelier de mécanique. Il accueille "
            "groupes, compagnies et podcasts, et compose des musiques originales pour le spectacle vivant."
        ),
        skills=("enregistrement-studio", "prise-de-son", "composition-musicale"),
        tags=("musique", "podcast", "studio"),
        people=(
            DemoPerson("Romain", "Chevalier", "Ingénieur du son et gérant", public=True),
            DemoPerson("Elsa", "Moreau", "Compositrice"),
        ),
    ),
    DemoOrganisation(
        legal_name="Éditions du Lavoir",
        domain="editions-du-lavoir.example",
        legal_form=LegalForm.SAS,
        naf="58.11Z",
        address=("3 rue du Lavoir", "21121", "Fontaine-lès-Dijon"),
        bands=(HeadcountBand.FROM_1, TurnoverBand.FROM_50K),
        since=date(2019, 10, 1),
        description=(
            "Maison d'édition indépendante qui publie six titres par an : récits, littérature jeunesse et "
            "beaux livres sur le patrimoine bourguignon. Elle propose aussi la mise en page et la relecture "
            "à d'autres structures."
        ),
        skills=("edition-livres", "mise-en-page", "redaction", "traduction"),
        tags=("livre", "jeunesse", "patrimoine"),
        people=(
            DemoPerson("Agnès", "Bouchard", "Éditrice", public=True),
            DemoPerson("Samuel", "Prost", "Correcteur et maquettiste"),
        ),
    ),
    DemoOrganisation(
        legal_name="Octet Coop",
        domain="octet-coop.example",
        legal_form=LegalForm.SCIC,
        ess=EssStatus.BY_RIGHT,
        naf="62.01Z",
        address=("52 avenue du Drapeau", "21000", "Dijon"),
        bands=(HeadcountBand.FROM_6, TurnoverBand.FROM_250K),
        since=date(2018, 6, 1),
        description=(
            "Agence web coopérative dont les clients, les salariés et la métropole sont sociétaires. Octet "
            "développe des sites accessibles et sobres, en logiciel libre, pour les associations et les "
            "lieux culturels."
        ),
        skills=("developpement-web", "conception-ux", "accessibilite-numerique"),
        tags=("web", "logiciel libre", "accessibilité"),
        people=(
            DemoPerson("Chloé", "Fournier", "Co-gérante", public=True),
            DemoPerson("Maxime", "Jacquot", "Développeur"),
            DemoPerson("Inès", "Garnier", "Designeuse UX"),
        ),
    ),
    DemoOrganisation(
        legal_name="Lumen et Décibel",
        domain="lumen-decibel.example",
        legal_form=LegalForm.SARL,
        naf="77.39Z",
        address=("18 rue de l'Aéroport", "21600", "Longvic"),
        bands=(HeadcountBand.FROM_3, TurnoverBand.FROM_500K),
        since=date(2017, 9, 1),
        description=(
            "Loueur de matériel son, lumière et structure pour le spectacle et l'événementiel. L'entreprise "
            "fournit aussi des régisseurs et accorde un tarif mutualisé aux membres du pôle."
        ),
        skills=("location-materiel", "regie-son", "regie-lumiere", "regie-generale"),
        tags=("son", "lumière", "location"),
        people=(
            DemoPerson("Thierry", "Vuillemin", "Gérant", public=True, role=Role.MEMBER_ADMIN),
            DemoPerson("Nathalie", "Caron", "Responsable du parc matériel"),
        ),
    ),
    DemoOrganisation(
        legal_name="Association Les Nuits de la Chouette",
        trade_name="Festival Les Nuits de la Chouette",
        domain="nuits-de-la-chouette.example",
        legal_form=LegalForm.ASSOCIATION,
        ess=EssStatus.BY_RIGHT,
        naf="90.01Z",
        address=("2 place Centrale", "21800", "Quetigny"),
        bands=(HeadcountBand.FROM_1, TurnoverBand.FROM_250K),
        since=date(2017, 9, 1),
        description=(
            "Festival pluridisciplinaire de fin d'été, trois soirs de concerts et d'arts de la rue dans les "
            "parcs de l'est dijonnais. L'association emploie deux permanents et s'appuie sur cent cinquante "
            "bénévoles."
        ),
        skills=("festivals", "organisation-evenements", "communication", "production-spectacles"),
        tags=("festival", "arts de la rue", "bénévolat"),
        people=(
            DemoPerson("Céline", "Marchand", "Directrice", public=True),
            DemoPerson("Antoine", "Lefort", "Chargé de production"),
            DemoPerson("Yasmine", "Haddad", "Coordinatrice des bénévoles"),
        ),
    ),
    DemoOrganisation(
        legal_name="Marion Texier",
        trade_name="Marion Texier Photographie",
        domain="marion-texier-photo.example",
        legal_form=LegalForm.MICRO,
        naf="74.20Z",
        address=("9 rue des Vergers", "21800", "Chevigny-Saint-Sauveur"),
        bands=(HeadcountBand.NONE, TurnoverBand.UNDER_50K),
        since=date(2021, 4, 1),
        description=(
            "Photographe de spectacle et de portrait, Marion Texier suit plusieurs compagnies du pôle en "
            "répétition et en tournée. Elle anime aussi des ateliers photo pour les adolescents."
        ),
        skills=("photographie", "ateliers-publics"),
        tags=("photo", "spectacle"),
        people=(
            DemoPerson("Marion", "Texier", "Photographe", public=True),
            DemoPerson("Louis", "Texier", "Assistant"),
        ),
    ),
    DemoOrganisation(
        legal_name="Léa Brunet",
        trade_name="Léa Brunet Illustration",
        domain="lea-brunet.example",
        legal_form=LegalForm.EI,
        naf="90.03A",
        address=("11 rue de la Fontaine", "21850", "Saint-Apollinaire"),
        bands=(HeadcountBand.NONE, TurnoverBand.UNDER_50K),
        since=date(2022, 1, 10),
        description=(
            "Illustratrice pour l'édition jeunesse, la presse et les affiches de spectacle. Elle travaille "
            "régulièrement avec les Éditions du Lavoir et l'Atelier Contre-Forme."
        ),
        skills=("illustration", "design-graphique"),
        tags=("illustration", "jeunesse", "affiche"),
        people=(
            DemoPerson("Léa", "Brunet", "Illustratrice", public=True),
            DemoPerson("Jeanne", "Brunet", "Agente"),
        ),
    ),
    DemoOrganisation(
        legal_name="Atelier Fil et Cintre",
        domain="fil-et-cintre.example",
        legal_form=LegalForm.SARL,
        naf="14.13Z",
        address=("5 rue du Rocher", "21160", "Marsannay-la-Côte"),
        bands=(HeadcountBand.FROM_1, TurnoverBand.FROM_50K),
        since=date(2020, 9, 1),
        description=(
            "Atelier de création et de fabrication de costumes pour le théâtre, l'opéra et le cinéma. Il "
            "loue aussi un fonds de plus de deux mille costumes aux compagnies et aux écoles."
        ),
        skills=("costumes",),
        tags=("costume", "couture", "location"),
        people=(
            DemoPerson("Odile", "Chauvin", "Costumière et gérante", public=True),
            DemoPerson("Clément", "Roussel", "Tailleur"),
        ),
    ),
    DemoOrganisation(
        legal_name="Association Traverses",
        domain="traverses-mediation.example",
        legal_form=LegalForm.ASSOCIATION,
        ess=EssStatus.BY_RIGHT,
        esus_until=date(2029, 3, 31),
        naf="85.52Z",
        address=("8 rue de Mulhouse", "21000", "Dijon"),
        bands=(HeadcountBand.FROM_3, TurnoverBand.FROM_100K),
        since=date(2018, 1, 15),
        description=(
            "Association de médiation culturelle qui construit des parcours d'éducation artistique avec les "
            "écoles et les centres sociaux. Elle forme aussi les équipes des lieux culturels à l'accueil des "
            "publics éloignés."
        ),
        skills=("mediation-culturelle", "education-artistique", "ateliers-publics", "formation"),
        tags=("médiation", "éducation", "quartiers"),
        people=(
            DemoPerson("Fatima", "Belkacem", "Coordinatrice", public=True),
            DemoPerson("Guillaume", "Perrot", "Médiateur"),
            DemoPerson("Sarah", "Lemaire", "Médiatrice"),
        ),
    ),
    DemoOrganisation(
        legal_name="Le Hangar Commun",
        domain="hangar-commun.example",
        legal_form=LegalForm.SCIC,
        ess=EssStatus.BY_RIGHT,
        esus_until=date(2028, 11, 30),
        naf="68.20B",
        address=("1 chemin du Canal", "21370", "Plombières-lès-Dijon"),
        bands=(HeadcountBand.FROM_3, TurnoverBand.FROM_250K),
        since=date(2017, 9, 1),
        description=(
            "Tiers-lieu coopératif installé dans une ancienne halle au bord du canal : bureaux partagés, "
            "ateliers, salle de répétition et cantine. Le Hangar héberge six membres du pôle et accueille "
            "les permanences d'accompagnement."
        ),
        skills=("accompagnement-projets", "organisation-evenements", "restauration"),
        tags=("tiers-lieu", "coworking", "ateliers"),
        people=(
            DemoPerson("Benoît", "Rey", "Directeur", public=True),
            DemoPerson("Amélie", "Collin", "Chargée d'accueil et de programmation"),
        ),
    ),
    DemoOrganisation(
        legal_name="Imprimerie du Suzon",
        domain="imprimerie-du-suzon.example",
        legal_form=LegalForm.SARL,
        naf="18.12Z",
        address=("23 rue Armand Thibaut", "21300", "Chenôve"),
        bands=(HeadcountBand.FROM_6, TurnoverBand.FROM_500K),
        since=date(2019, 6, 1),
        description=(
            "Imprimerie artisanale en offset et en sérigraphie, labellisée Imprim'Vert. Elle imprime "
            "affiches, programmes et livres d'artistes en petites séries, sur papiers recyclés."
        ),
        skills=("serigraphie", "mise-en-page"),
        tags=("impression", "sérigraphie", "papier recyclé"),
        people=(
            DemoPerson("Gérard", "Bonnot", "Gérant", public=True),
            DemoPerson("Laure", "Millot", "Conductrice offset"),
        ),
    ),
    DemoOrganisation(
        legal_name="Pixel Moutarde",
        domain="pixel-moutarde.example",
        legal_form=LegalForm.SAS,
        naf="58.21Z",
        address=("36 rue de la Liberté", "21000", "Dijon"),
        bands=(HeadcountBand.FROM_6, TurnoverBand.FROM_250K),
        since=date(2021, 9, 1),
        description=(
            "Studio de jeux vidéo indépendant qui développe des jeux narratifs et des visites immersives "
            "pour les musées. Son dernier titre raconte l'histoire des canaux de Bourgogne."
        ),
        skills=("jeu-video", "realite-virtuelle", "motion-design"),
        tags=("jeu vidéo", "immersif", "musées"),
        people=(
            DemoPerson("Arnaud", "Petitjean", "Président et game designer", public=True),
            DemoPerson("Émilie", "Tissot", "Développeuse"),
            DemoPerson("Noah", "Guillemot", "Graphiste 3D"),
        ),
    ),
    DemoOrganisation(
        legal_name="Groupement d'employeurs Culture en Côte-d'Or",
        trade_name="GE Culture 21",
        domain="ge-culture21.example",
        legal_form=LegalForm.EMPLOYER_GROUP,
        ess=EssStatus.BY_RIGHT,
        naf="78.30Z",
        address=("10 boulevard de Strasbourg", "21000", "Dijon"),
        bands=(HeadcountBand.FROM_10, TurnoverBand.FROM_250K),
        since=date(2017, 9, 1),
        description=(
            "Groupement d'employeurs associatif qui emploie administrateurs, chargés de communication et "
            "comptables à temps partagé entre ses membres. Il sécurise des emplois stables là où chaque "
            "structure ne pourrait offrir que quelques heures."
        ),
        skills=("administration-production", "comptabilite-paie-spectacle", "communication"),
        tags=("emploi partagé", "administration"),
        people=(
            DemoPerson("Isabelle", "Monnot", "Directrice", public=True),
            DemoPerson("Kevin", "Aubry", "Administrateur de production"),
            DemoPerson("Laetitia", "Sauvage", "Comptable"),
        ),
    ),
    DemoOrganisation(
        legal_name="Compagnie Les Arpenteurs",
        domain="les-arpenteurs.example",
        legal_form=LegalForm.ASSOCIATION,
        ess=EssStatus.BY_RIGHT,
        naf="90.01Z",
        address=("15 rue des Roses", "21800", "Chevigny-Saint-Sauveur"),
        bands=(HeadcountBand.FROM_1, TurnoverBand.FROM_50K),
        since=date(2020, 1, 15),
        description=(
            "Compagnie d'arts de la rue qui crée des déambulations et des spectacles in situ. Elle construit "
            "elle-même ses décors mobiles et travaille souvent avec des habitants amateurs."
        ),
        skills=("mise-en-scene", "construction-decors", "ateliers-publics"),
        tags=("arts de la rue", "participatif"),
        people=(
            DemoPerson("Mathilde", "Gauthier", "Metteuse en scène", public=True),
            DemoPerson("Jérémy", "Beaulieu", "Constructeur"),
        ),
    ),
    DemoOrganisation(
        legal_name="Écomusée des Vignes et des Hommes",
        domain="ecomusee-vignes.example",
        legal_form=LegalForm.ASSOCIATION,
        ess=EssStatus.BY_RIGHT,
        naf="91.02Z",
        address=("2 rue de la Cuverie", "21160", "Marsannay-la-Côte"),
        bands=(HeadcountBand.FROM_1, TurnoverBand.FROM_50K),
        since=date(2021, 6, 1),
        description=(
            "Petit musée associatif consacré au travail de la vigne sur la Côte dijonnaise. Il conçoit des "
            "expositions temporaires et des visites contées avec les compagnies du pôle."
        ),
        skills=("valorisation-patrimoine", "mediation-culturelle", "scenographie"),
        tags=("patrimoine", "musée", "vigne"),
        people=(
            DemoPerson("Bernard", "Javouhey", "Président"),
            DemoPerson("Claire", "Mugnier", "Chargée des publics", public=True),
        ),
    ),
    DemoOrganisation(
        legal_name="Compagnie Le Grand Écart",
        domain="grand-ecart-cie.example",
        legal_form=LegalForm.ASSOCIATION,
        ess=EssStatus.BY_RIGHT,
        naf="90.01Z",
        address=("7 rue Maryse Bastié", "21600", "Longvic"),
        bands=(HeadcountBand.NONE, TurnoverBand.UNDER_50K),
        since=date(2017, 9, 1),
        until=date(2025, 6, 30),
        status=MembershipStatus.FORMER,
        description=(
            "Compagnie de danse et de cirque qui a quitté le pôle en 2025 en s'installant en Bretagne. Sa "
            "fiche reste pour l'historique des projets communs."
        ),
        skills=("production-spectacles", "diffusion-spectacles"),
        tags=("danse", "cirque"),
        people=(
            DemoPerson("Rémi", "Carrel", "Chorégraphe"),
            DemoPerson("Alice", "Humbert", "Administratrice"),
        ),
    ),
    DemoOrganisation(
        legal_name="Régie culturelle de la Combe Fraîche",
        domain="regie-combe-fraiche.example",
        legal_form=LegalForm.PUBLIC_BODY,
        naf="90.04Z",
        address=("1 place de la Combe", "21000", "Dijon"),
        bands=(HeadcountBand.FROM_20, TurnoverBand.FROM_2M),
        since=date(2018, 1, 1),
        status=MembershipStatus.PARTNER,
        description=(
            "Établissement public fictif qui gère deux salles de spectacle de la métropole. Partenaire du "
            "pôle, il accueille les compagnies membres en résidence et ouvre ses plateaux aux répétitions."
        ),
        skills=("production-spectacles", "regie-generale"),
        tags=("salle de spectacle", "résidence", "partenaire public"),
        people=(
            DemoPerson("Philippe", "Nardin", "Directeur", public=True),
            DemoPerson("Valérie", "Thévenin", "Responsable des résidences"),
        ),
    ),
    DemoOrganisation(
        legal_name="Centre de formation Scènes et Métiers",
        domain="scenes-et-metiers.example",
        legal_form=LegalForm.ASSOCIATION,
        ess=EssStatus.BY_RIGHT,
        naf="85.59A",
        address=("4 rue Devosge", "21000", "Dijon"),
        bands=(HeadcountBand.FROM_6, TurnoverBand.FROM_500K),
        since=date(2019, 1, 1),
        status=MembershipStatus.PARTNER,
        description=(
            "Organisme de formation continue aux métiers techniques du spectacle, certifié Qualiopi. "
            "Partenaire du pôle, il conçoit avec les membres des formations courtes à la régie et à la "
            "sécurité des lieux."
        ),
        skills=("formation", "regie-son", "regie-lumiere"),
        tags=("formation", "technique", "partenaire"),
        people=(
            DemoPerson("Sandrine", "Poulain", "Directrice pédagogique", public=True),
            DemoPerson("Olivier", "Ravier", "Formateur régie"),
        ),
    ),
)

FURAN_ORGANISATIONS = (
    DemoOrganisation(
        legal_name="La Manufacture du Furan",
        domain="manufacture-du-furan.example",
        legal_form=LegalForm.SCIC,
        ess=EssStatus.BY_RIGHT,
        esus_until=date(2029, 9, 30),
        naf="68.20B",
        address=("12 rue de la Manufacture", "42000", "Saint-Étienne"),
        bands=(HeadcountBand.FROM_6, TurnoverBand.FROM_500K),
        since=date(2019, 9, 1),
        description=(
            "Tiers-lieu coopératif dans une ancienne usine de cycles : ateliers d'artisans, fablab, studios "
            "de répétition et espace de coworking. La Manufacture porte l'animation du réseau."
        ),
        skills=("accompagnement-projets", "organisation-evenements", "design-objet"),
        tags=("tiers-lieu", "fablab", "coworking"),
        people=(
            DemoPerson("Nicolas", "Berthet", "Directeur", public=True, role=Role.MEMBER_ADMIN),
            DemoPerson("Manon", "Reynaud", "Chargée de projets", role=Role.MEMBER_STAFF),
            DemoPerson("Kylian", "Dumas", "Fabmanager"),
        ),
    ),
    DemoOrganisation(
        legal_name="Compagnie L'Arbre à Plumes",
        domain="arbre-a-plumes.example",
        legal_form=LegalForm.ASSOCIATION,
        ess=EssStatus.BY_RIGHT,
        naf="90.01Z",
        address=("30 rue Balay", "42100", "Saint-Étienne"),
        bands=(HeadcountBand.FROM_1, TurnoverBand.FROM_50K),
        since=date(2020, 1, 15),
        description=(
            "Compagnie de théâtre d'objets et de marionnettes pour le jeune public. Elle joue dans les écoles "
            "et les médiathèques de la Loire et mène des ateliers de fabrication avec les enfants."
        ),
        skills=("mise-en-scene", "education-artistique", "construction-decors"),
        tags=("marionnettes", "jeune public"),
        people=(
            DemoPerson("Inès", "Chabert", "Directrice artistique", public=True),
            DemoPerson("Lucas", "Thiollier", "Marionnettiste"),
        ),
    ),
    DemoOrganisation(
        legal_name="Studio Manivelle",
        domain="studio-manivelle.example",
        legal_form=LegalForm.SCOP,
        ess=EssStatus.BY_RIGHT,
        naf="74.10Z",
        address=("5 rue Javelin-Pagnon", "42000", "Saint-Étienne"),
        bands=(HeadcountBand.FROM_3, TurnoverBand.FROM_250K),
        since=date(2019, 9, 1),
        description=(
            "Coopérative de designers qui conçoit mobilier, scénographies d'exposition et signalétique. "
            "Elle fabrique ses prototypes au fablab de la Manufacture du Furan."
        ),
        skills=("design-objet", "scenographie", "signaletique"),
        tags=("design", "exposition", "mobilier"),
        people=(
            DemoPerson("Aurélien", "Mathevon", "Designer et co-gérant", public=True),
            DemoPerson("Julie", "Peyrard", "Designeuse"),
        ),
    ),
    DemoOrganisation(
        legal_name="Groupement d'employeurs Loire Culture Partagée",
        trade_name="Loire Culture Partagée",
        domain="loire-culture-partagee.example",
        legal_form=LegalForm.EMPLOYER_GROUP,
        ess=EssStatus.BY_RIGHT,
        naf="78.30Z",
        address=("8 rue de la République", "42400", "Saint-Chamond"),
        bands=(HeadcountBand.FROM_6, TurnoverBand.FROM_100K),
        since=date(2020, 6, 1),
        description=(
            "Groupement d'employeurs qui partage chargés de production et régisseurs entre les compagnies "
            "et festivals de la vallée du Gier. Les salariés ont un contrat unique et plusieurs lieux de "
            "travail."
        ),
        skills=("administration-production", "regie-generale"),
        tags=("emploi partagé",),
        people=(
            DemoPerson("Christophe", "Faure", "Directeur", public=True),
            DemoPerson("Morgane", "Desgranges", "Chargée de production"),
        ),
    ),
    DemoOrganisation(
        legal_name="Les Ateliers du Gier",
        domain="ateliers-du-gier.example",
        legal_form=LegalForm.ASSOCIATION,
        ess=EssStatus.BY_RIGHT,
        esus_until=date(2030, 1, 31),
        naf="90.02Z",
        address=("22 quai Jean Jaurès", "42800", "Rive-de-Gier"),
        bands=(HeadcountBand.FROM_20, TurnoverBand.FROM_500K),
        since=date(2019, 9, 1),
        description=(
            "Atelier et chantier d'insertion qui construit des décors et du mobilier événementiel en bois de "
            "réemploi. Il accompagne chaque année une trentaine de salariés en parcours d'insertion."
        ),
        skills=("construction-decors", "insertion-professionnelle", "location-materiel"),
        tags=("insertion", "réemploi", "décors"),
        people=(
            DemoPerson("Patrick", "Bruyère", "Encadrant technique"),
            DemoPerson("Leïla", "Mansouri", "Directrice", public=True),
            DemoPerson("Damien", "Roux", "Chargé d'accompagnement"),
        ),
    ),
    DemoOrganisation(
        legal_name="Collectif Son de Mine",
        domain="son-de-mine.example",
        legal_form=LegalForm.ASSOCIATION,
        ess=EssStatus.BY_RIGHT,
        naf="59.20Z",
        address=("9 rue Jean Jaurès", "42700", "Firminy"),
        bands=(HeadcountBand.FROM_1, TurnoverBand.UNDER_50K),
        since=date(2021, 3, 1),
        description=(
            "Collectif de musiciens qui gère un studio d'enregistrement associatif et un label. Il collecte "
            "aussi la mémoire sonore des anciens quartiers miniers de l'Ondaine."
        ),
        skills=("enregistrement-studio", "prise-de-son", "edition-musicale"),
        tags=("musique", "label", "mémoire"),
        people=(
            DemoPerson("Sébastien", "Crozet", "Ingénieur du son", public=True),
            DemoPerson("Nora", "Bessaoud", "Chargée du label"),
        ),
    ),
    DemoOrganisation(
        legal_name="Tréteaux et Compagnie",
        domain="treteaux-et-compagnie.example",
        legal_form=LegalForm.SAS,
        ess=EssStatus.COMMERCIAL,
        naf="82.30Z",
        address=("14 rue du Bois Monzil", "42390", "Villars"),
        bands=(HeadcountBand.FROM_3, TurnoverBand.FROM_250K),
        since=date(2022, 1, 15),
        description=(
            "Agence d'organisation d'événements professionnels et culturels, société commerciale de l'ESS. "
            "Elle fait travailler en priorité les artistes et techniciens du réseau."
        ),
        skills=("organisation-evenements", "communication", "location-materiel"),
        tags=("événementiel", "séminaires"),
        people=(
            DemoPerson("Vanessa", "Chapot", "Présidente", public=True),
            DemoPerson("Florian", "Giraud", "Chef de projet"),
        ),
    ),
    DemoOrganisation(
        legal_name="Association Passeurs de Mémoire",
        domain="passeurs-de-memoire.example",
        legal_form=LegalForm.ASSOCIATION,
        ess=EssStatus.BY_RIGHT,
        naf="91.02Z",
        address=("3 rue du Puits", "42230", "Roche-la-Molière"),
        bands=(HeadcountBand.FROM_1, TurnoverBand.UNDER_50K),
        since=date(2021, 9, 1),
        description=(
            "Association qui valorise le patrimoine minier et ouvrier par des expositions, des balades "
            "urbaines et des ateliers intergénérationnels. Elle travaille avec les écoles et les EHPAD."
        ),
        skills=("valorisation-patrimoine", "mediation-culturelle", "ateliers-publics"),
        tags=("patrimoine", "mine", "intergénérationnel"),
        people=(
            DemoPerson("Jacqueline", "Vial", "Présidente"),
            DemoPerson("Mehdi", "Brahimi", "Médiateur", public=True),
        ),
    ),
    DemoOrganisation(
        legal_name="Coopérative Artisans du Jarez",
        domain="artisans-du-jarez.example",
        legal_form=LegalForm.CAE,
        ess=EssStatus.BY_RIGHT,
        naf="70.22Z",
        address=("6 rue des Écoles", "42270", "Saint-Priest-en-Jarez"),
        bands=(HeadcountBand.FROM_10, TurnoverBand.FROM_1M),
        since=date(2020, 9, 1),
        status=MembershipStatus.PARTNER,
        description=(
            "Coopérative d'activité et d'emploi où une soixantaine d'artistes, graphistes et artisans "
            "développent leur activité en entrepreneurs salariés. Partenaire du réseau pour "
            "l'accompagnement des créateurs."
        ),
        skills=("accompagnement-projets", "formation", "comptabilite-paie-spectacle"),
        tags=("entrepreneuriat", "coopérative", "partenaire"),
        people=(
            DemoPerson("Martine", "Chambon", "Directrice", public=True),
            DemoPerson("Yann", "Tardy", "Chargé d'accompagnement"),
        ),
    ),
)

CLUSTERS = (
    DemoCluster(
        slug="dijon",
        name="Pôle Coursive Dijon",
        model=ClusterModel.CREATIVE_CLUSTER,
        territory="Dijon Métropole",
        charter=DIJON_CHARTER,
        contact_name="Hélène Guyot",
        contact_email="contact@pole-coursive-dijon.example",
        phone_prefix="03 53 01",
        organisations=DIJON_ORGANISATIONS,
    ),
    DemoCluster(
        slug="saint-etienne",
        name="Réseau ESS Furan",
        model=ClusterModel.ESS_NETWORK,
        territory="Saint-Étienne Métropole",
        charter=FURAN_CHARTER,
        contact_name="Mathieu Faure",
        contact_email="contact@reseau-ess-furan.example",
        phone_prefix="04 65 71",
        organisations=FURAN_ORGANISATIONS,
    ),
)

ACCOUNTS = (
    DemoAccount("helene.guyot@pole-coursive-dijon.example", "Hélène Guyot", (("dijon", Role.COORDINATOR),)),
    DemoAccount(
        "mathieu.faure@reseau-ess-furan.example", "Mathieu Faure", (("saint-etienne", Role.COORDINATOR),)
    ),
    DemoAccount(
        "sylvie.chapuis@reseau-ptce.example",
        "Sylvie Chapuis",
        (("dijon", Role.COORDINATOR), ("saint-etienne", Role.COORDINATOR)),
    ),
    DemoAccount("nadia.ferrand@achats-publics.example", "Nadia Ferrand", (("dijon", Role.BUYER),)),
    DemoAccount("sophie.perrin@achats-publics.example", "Sophie Perrin", (("saint-etienne", Role.BUYER),)),
    DemoAccount("thomas.lambert@courriel.example", "Thomas Lambert", (("dijon", Role.RESIDENT),)),
    DemoAccount("lucie.granjon@courriel.example", "Lucie Granjon", (("saint-etienne", Role.RESIDENT),)),
)
