//! Plausible French projects for the demo dossiers, written for the label's five
//! categories. Texts speak as the applicant collectivité; `{notre}` becomes « notre
//! commune », « notre intercommunalité », « notre département » or « notre région ».

/// One demo project, before it is filed by a collectivité.
#[derive(Debug, Clone, Copy)]
pub struct DemoProject {
    pub category: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    pub context: &'static str,
    pub objectives: &'static str,
    pub realisation: &'static str,
    pub results: &'static str,
    pub innovation: &'static str,
    pub reproducibility: &'static str,
    pub sobriety: &'static str,
    pub participation: &'static str,
    pub budget_euros: i64,
    pub funding: &'static str,
    pub partners: &'static str,
    pub project_state: &'static str,
    pub start_date: &'static str,
    pub video_url: &'static str,
    /// The kinds of collectivité that could plausibly carry this project: `commune` (any),
    /// `ville` (30 000 inhabitants or more), `bourg` (fewer), `epci`, `departement`, `region`.
    pub suits: &'static [&'static str],
}

const IC: &str = "innovation-citoyenne";
const MSP: &str = "modernisation-service-public";
const TI: &str = "territoires-inclusifs";
const NR: &str = "numerique-responsable";
const TIR: &str = "territoire-intelligent-responsable";

const ALL: &[&str] = &["commune", "epci", "departement", "region"];
const LOCAL: &[&str] = &["commune", "epci"];
const COMMUNE: &[&str] = &["commune"];
const WIDE: &[&str] = &["epci", "departement", "region"];
const SUPRA: &[&str] = &["departement", "region"];
/// Towns of 30 000 inhabitants or more, and their intercommunalités.
const URBAN: &[&str] = &["ville", "epci"];
/// Small towns and villages, and their intercommunalités.
const RURAL: &[&str] = &["bourg", "epci"];

/// The texts of a project, in the order of the dossier's sections.
struct Texts {
    title: &'static str,
    summary: &'static str,
    sections: [&'static str; 8],
    funding: &'static str,
    partners: &'static str,
}

const fn project(
    category: &'static str,
    suits: &'static [&'static str],
    project_state: &'static str,
    start_date: &'static str,
    budget_euros: i64,
    video_url: &'static str,
    t: Texts,
) -> DemoProject {
    DemoProject {
        category,
        title: t.title,
        summary: t.summary,
        context: t.sections[0],
        objectives: t.sections[1],
        realisation: t.sections[2],
        results: t.sections[3],
        innovation: t.sections[4],
        reproducibility: t.sections[5],
        sobriety: t.sections[6],
        participation: t.sections[7],
        budget_euros,
        funding: t.funding,
        partners: t.partners,
        project_state,
        start_date,
        video_url,
        suits,
    }
}
const PROJECTS: &[DemoProject] = &[
    // ---- Innovation citoyenne ----
    project(IC, URBAN, "deployed", "2024-03", 186_000, "https://video.demo.test/budget-participatif", Texts {
        title: "Budget participatif numérique : 1 habitant, 1 voix, 500 000 € à décider",
        summary: "Chaque année, 500 000 € du budget d’investissement sont confiés aux habitants : dépôt des idées en ligne ou en mairie de quartier, instruction publique par les services, vote sur une plateforme libre ouverte dès 11 ans. La troisième saison a réuni 9 400 votants, dont 38 % n’avaient jamais participé à une concertation.",
        sections: [
            "La participation aux réunions publiques plafonnait à quelques dizaines de personnes, toujours les mêmes. Les jeunes, les actifs et les habitants des quartiers prioritaires n’étaient presque jamais entendus, alors que {notre} investit chaque année dans des équipements qui les concernent directement.",
            "Ouvrir une part réelle du budget d’investissement à la décision des habitants ; toucher des publics éloignés de la vie locale ; rendre visible et vérifiable tout le parcours d’une idée, du dépôt à la réalisation.",
            "Nous avons déployé la plateforme libre Decidim, hébergée par un prestataire français, et écrit un règlement co-construit avec le conseil citoyen. Les idées se déposent en ligne, par téléphone ou sur des bornes papier dans six lieux. Chaque idée reçoit un avis motivé des services, publié. Le vote a lieu en ligne et dans des urnes mobiles sur les marchés.",
            "Trois saisons : 640 idées déposées, 71 projets lauréats, 52 déjà réalisés (aires de jeux, composteurs, éclairage de passages piétons, jardins partagés). 9 400 votants à la dernière saison, dont 27 % de moins de 25 ans. Le suivi des réalisations est public et mis à jour chaque mois.",
            "Le vote dès 11 ans, l’avis motivé publié pour chaque idée rejetée et le tableau de suivi des travaux en données ouvertes distinguent notre démarche. Les urnes mobiles raccordées au même dépouillement permettent de ne laisser personne de côté.",
            "Le règlement, les modèles de fiches d’instruction et la configuration de la plateforme sont publiés sous licence ouverte. Deux communes voisines ont repris la démarche en 2025 avec notre accompagnement, pour un coût de mise en place inférieur à 15 000 €.",
            "La plateforme est hébergée en France sur une infrastructure mutualisée ; les pages sont légères et fonctionnent sur des téléphones anciens. Les supports papier sont imprimés en petite série sur papier recyclé.",
            "Le conseil citoyen a écrit le règlement avec nous ; un comité de suivi tiré au sort parmi les votants évalue chaque saison et propose des corrections, dont l’abaissement de l’âge de vote à 11 ans.",
        ],
        funding: "Autofinancement ; accompagnement de la Banque des Territoires pour l’étude initiale.",
        partners: "Conseil citoyen, centres sociaux, association Open Source Politics, collèges du territoire.",
    }),
    project(IC, LOCAL, "deployed", "2023-09", 42_000, "", Texts {
        title: "« Dans ma rue » : signaler, suivre et voir réparer",
        summary: "Une application web et un numéro court permettent de signaler un nid-de-poule, un dépôt sauvage ou un lampadaire éteint, photo à l’appui. Chaque signalement est suivi publiquement jusqu’à sa résolution ; le délai moyen d’intervention est passé de 19 à 6 jours.",
        sections: [
            "Les signalements arrivaient par courrier, téléphone, courriel ou sur les réseaux sociaux, sans suivi commun. Les habitants ne savaient jamais si leur demande avait été prise en compte et relançaient, ce qui doublait la charge des services techniques.",
            "Centraliser tous les signalements dans un outil unique ; informer l’habitant à chaque étape ; mesurer les délais d’intervention par quartier pour mieux répartir les équipes.",
            "Nous avons adapté un logiciel libre de gestion des signalements, relié à l’outil de gestion des interventions des services techniques. Une version web installable, un numéro court et l’accueil en mairie alimentent la même file. Les agents de terrain clôturent l’intervention depuis une tablette, photo à l’appui.",
            "11 200 signalements la première année, 94 % traités. Délai moyen passé de 19 à 6 jours. Les appels de relance ont diminué de 70 %. La carte des signalements a permis de programmer la réfection de trois voiries prioritaires.",
            "Le suivi public, quartier par quartier, transforme un outil de doléances en outil de dialogue : chacun voit ce qui a été fait et dans quel délai, y compris ce qui relève d’autres gestionnaires, à qui nous transmettons.",
            "Le logiciel est libre ; notre paramétrage, nos catégories et nos modèles de messages sont publiés. L’intercommunalité l’étend à ses communes membres en 2026.",
            "Les photos sont compressées à l’envoi et supprimées six mois après la clôture. Aucune application à télécharger depuis un magasin : une page web légère suffit.",
            "Un panel de vingt habitants a testé les premières versions ; leurs remarques ont conduit à ajouter le numéro court et à simplifier la catégorie « propreté ».",
        ],
        funding: "Autofinancement (investissement) ; fonds de modernisation de l’intercommunalité.",
        partners: "Services techniques, prestataire d’hébergement local, comités de quartier.",
    }),
    project(IC, ALL, "in_progress", "2025-01", 95_000, "", Texts {
        title: "Assemblée citoyenne du climat tirée au sort, outillée en ligne",
        summary: "Quarante habitants tirés au sort ont travaillé six week-ends pour proposer des mesures climat. Une plateforme ouverte a permis à tous de suivre les travaux, de réagir aux propositions et de voir ce que l’exécutif en a retenu, mesure par mesure, avec sa justification.",
        sections: [
            "Notre plan climat avait été adopté sans véritable débat public. Les élus souhaitaient que les mesures les plus structurantes (mobilité, rénovation, alimentation) soient discutées par des habitants représentatifs, et non seulement par les associations déjà mobilisées.",
            "Réunir une assemblée représentative de la population ; rendre ses travaux transparents pour tous ; s’engager à répondre publiquement à chaque proposition dans un délai de trois mois.",
            "Tirage au sort sur les listes électorales et les fichiers de bailleurs sociaux, avec quotas d’âge, de genre et de lieu de résidence ; indemnisation et garde d’enfants. Les séances étaient filmées et résumées en ligne ; chaque proposition pouvait être commentée par tous pendant un mois.",
            "32 propositions remises, 21 retenues telles quelles, 7 amendées, 4 écartées avec justification. 3 800 contributions en ligne. Une première mesure (tarification solidaire des transports) est déjà votée.",
            "La réponse motivée, mesure par mesure, et son suivi public font de l’assemblée un engagement vérifiable, pas une consultation de plus.",
            "Le cahier des charges du tirage au sort, le guide d’animation et les gabarits de la plateforme sont disponibles. Une méthode pas à pas accompagne les collectivités qui veulent s’en inspirer.",
            "Les séances se tiennent en présentiel près des transports en commun ; la diffusion vidéo est en basse définition par défaut et les résumés écrits sont privilégiés.",
            "Les quarante membres ont choisi eux-mêmes les experts auditionnés ; un comité de garants indépendant a veillé à la sincérité des débats.",
        ],
        funding: "Autofinancement ; subvention de l’ADEME pour l’évaluation.",
        partners: "Université (laboratoire de science politique), comité de garants, bailleurs sociaux.",
    }),
    project(IC, COMMUNE, "deployed", "2024-10", 18_500, "", Texts {
        title: "Conseil municipal des jeunes connecté aux écoles",
        summary: "Les élus du conseil municipal des jeunes préparent leurs projets avec leurs classes grâce à un espace numérique simple, consultent tous les élèves de CM1-CM2 par un vote en classe et présentent le résultat en séance publique retransmise.",
        sections: [
            "Le conseil municipal des jeunes existait, mais ses membres peinaient à représenter leurs camarades : les réunions avaient lieu en mairie, loin des écoles, et les idées des autres élèves ne remontaient pas.",
            "Donner aux jeunes élus un moyen de consulter toute leur école ; former les enfants au débat et au vote ; relier les projets votés au budget municipal.",
            "Un espace numérique réservé, sans publicité ni compte personnel pour les élèves, propose des consultations que les enseignants lancent en classe sur le tableau numérique. Les jeunes élus rédigent les questions avec l’animatrice jeunesse.",
            "Douze consultations en deux ans, 1 150 élèves consultés ; trois projets réalisés (rue aux enfants devant deux écoles, boîte à livres, végétalisation d’une cour).",
            "Le vote en classe, anonyme et sans collecte de données personnelles, permet d’associer tous les enfants, pas seulement les élus.",
            "L’outil est un logiciel libre de sondage auto-hébergé ; la méthode tient en un guide de huit pages remis aux écoles.",
            "Aucune collecte de données personnelles, pas de compte, pages très légères utilisables sur le matériel existant des écoles.",
            "Les enfants ont choisi le nom, les couleurs et les règles de vote ; les enseignants ont été associés dès la conception.",
        ],
        funding: "Autofinancement.",
        partners: "Éducation nationale (circonscription), écoles élémentaires, service jeunesse.",
    }),
    project(IC, WIDE, "deployed", "2023-05", 230_000, "", Texts {
        title: "Plateforme de consultation commune à toutes les communes du territoire",
        summary: "Une plateforme de participation mutualisée, gérée par {notre}, que chaque commune membre peut utiliser pour ses propres concertations sans frais. 41 communes l’ont déjà utilisée pour 96 consultations, des plans locaux d’urbanisme aux horaires des écoles.",
        sections: [
            "La plupart de nos communes n’ont ni les moyens ni les compétences pour organiser une concertation en ligne. Certaines utilisaient des formulaires commerciaux hébergés hors d’Europe, sans garantie sur les données.",
            "Offrir à chaque commune un outil de participation fiable, conforme au RGPD et accessible ; mutualiser les compétences d’animation ; constituer une culture commune de la participation.",
            "Une instance unique de la plateforme libre, avec un espace par commune, a été ouverte. Un agent de {notre} forme les secrétaires de mairie et les élus, et assure l’assistance.",
            "41 communes utilisatrices, 96 consultations, 27 000 participants. Le coût par commune est de zéro, contre 3 000 à 8 000 € par an pour une solution individuelle.",
            "La mutualisation complète, jusqu’à l’animation, permet aux plus petites communes de consulter comme les grandes.",
            "Le modèle de convention de mutualisation et le programme de formation sont publiés ; deux autres intercommunalités l’ont adopté.",
            "Une seule instance, hébergée en France, au lieu de dizaines d’abonnements ; sobriété des pages et archivage automatique des consultations closes.",
            "Un groupe de secrétaires de mairie a défini les besoins et teste chaque nouvelle version.",
        ],
        funding: "Autofinancement ; fonds européen FEDER (axe numérique).",
        partners: "Communes membres, association des maires du département, prestataire d’hébergement.",
    }),
    project(IC, LOCAL, "in_progress", "2025-04", 64_000, "", Texts {
        title: "Cartographie participative des îlots de fraîcheur",
        summary: "Habitants, écoles et associations cartographient les lieux frais et les points chauds de la ville à l’aide de capteurs de température prêtés et d’une carte contributive. Les données orientent le plan de végétalisation et l’ouverture de lieux frais l’été.",
        sections: [
            "Les étés 2022 et 2023 ont été marqués par des épisodes de forte chaleur. Nos données de température se limitaient à une station météo, sans rien dire des différences entre rues, cours d’école et parcs.",
            "Produire avec les habitants une carte fine des températures ; identifier les lieux frais accessibles au public ; prioriser la végétalisation là où elle est la plus utile.",
            "Quatre-vingts capteurs à bas coût sont prêtés aux volontaires ; leurs mesures alimentent une carte en ligne où chacun peut aussi signaler un lieu frais. Des ateliers en médiathèque accompagnent les participants.",
            "180 contributeurs, 310 lieux frais recensés, 14 points chauds identifiés dont 5 cours d’école, désormais prioritaires dans le programme de désimperméabilisation.",
            "Les habitants ne sont pas seulement consultés : ils produisent une donnée de référence, ouverte et réutilisée par les services.",
            "Les plans des capteurs, le protocole de mesure et le code de la carte sont sous licence libre ; la donnée est publiée sur le portail open data.",
            "Capteurs réparables, réutilisés d’une saison à l’autre ; transmission des mesures une fois par heure seulement.",
            "Le protocole a été écrit avec un collectif d’habitants et une association de culture scientifique.",
        ],
        funding: "Fonds vert ; mécénat d’une fondation régionale.",
        partners: "Fab lab, médiathèques, écoles, association de culture scientifique.",
    }),
    project(IC, ALL, "deployed", "2024-06", 38_000, "", Texts {
        title: "Pétitions locales en ligne avec seuil de réponse garanti",
        summary: "Toute pétition réunissant 1 000 signatures de résidents vérifiées obtient une réponse écrite de l’exécutif et un débat en séance publique. Le dispositif, ouvert en ligne et en mairie, a déjà conduit à deux délibérations.",
        sections: [
            "Des pétitions circulaient sur des plateformes commerciales sans que la collectivité sache quoi en faire : signatures invérifiables, pas d’engagement de réponse.",
            "Offrir un droit de pétition local clair, avec un seuil connu et une réponse garantie ; vérifier la résidence sans collecter plus que nécessaire.",
            "Un module de pétition a été ajouté à notre plateforme de participation, avec vérification par FranceConnect ou en mairie. Au-delà du seuil, l’inscription à l’ordre du jour est automatique.",
            "17 pétitions déposées, 4 ont atteint le seuil, 2 ont abouti à une délibération (extension des horaires d’une piscine, sécurisation d’un carrefour).",
            "Le seuil de réponse inscrit dans le règlement intérieur, et la vérification respectueuse des données, donnent au droit de pétition une portée réelle.",
            "La délibération instituant le droit de pétition et le module sont réutilisables tels quels.",
            "Pas de stockage des pièces d’identité : seule la résidence est attestée. Pages sobres.",
            "Le règlement a été soumis à consultation avant son adoption ; 212 contributions ont conduit à abaisser le seuil initialement prévu.",
        ],
        funding: "Autofinancement.",
        partners: "Commission consultative des services publics locaux.",
    }),
    project(IC, SUPRA, "in_progress", "2024-11", 310_000, "", Texts {
        title: "Jeunes et politiques publiques : la consultation permanente des 15-25 ans",
        summary: "Un panel permanent de 2 000 jeunes de 15 à 25 ans est consulté quatre fois par an par SMS et en ligne sur les politiques de {notre} (transports, logement, santé, emploi). Les résultats sont présentés en assemblée et publiés avec la suite donnée.",
        sections: [
            "Les jeunes sont les grands absents des concertations. Nos politiques jeunesse étaient conçues sans eux et les dispositifs restaient méconnus.",
            "Constituer un panel représentatif et fidèle ; consulter régulièrement et rendre compte ; faire connaître les dispositifs existants.",
            "Recrutement par les missions locales, lycées, CFA et clubs sportifs ; consultations courtes (dix questions) par SMS ou page web ; restitution en vidéo courte et en assemblée plénière.",
            "2 150 jeunes inscrits, taux de réponse moyen de 61 %. Deux dispositifs modifiés suite aux consultations (aide au permis de conduire, horaires des transports scolaires).",
            "La régularité et la restitution systématique créent une relation de confiance rare avec ce public.",
            "La méthode de recrutement et les questionnaires sont documentés et partagés avec le réseau des collectivités.",
            "Questionnaires courts, envoi par SMS plutôt que par application, pas de traceurs publicitaires.",
            "Un comité de dix jeunes élabore les questionnaires avec les services.",
        ],
        funding: "Autofinancement ; Fonds d’expérimentation pour la jeunesse.",
        partners: "Missions locales, lycées et CFA, Centre régional d’information jeunesse.",
    }),
    project(IC, RURAL, "deployed", "2022-09", 27_000, "", Texts {
        title: "Tiers-lieu de la participation et du numérique en centre-bourg",
        summary: "Un ancien commerce du centre-bourg est devenu un lieu où l’on vient proposer une idée, participer à un atelier, réparer un ordinateur ou suivre un conseil municipal retransmis. Ouvert 5 jours sur 7, il accueille 320 visiteurs par semaine.",
        sections: [
            "La fermeture des commerces du centre-bourg et l’éloignement des services publics nourrissaient un sentiment d’abandon ; la participation aux élections municipales avait reculé de 14 points.",
            "Recréer un lieu de rencontre ; rapprocher habitants et élus ; combiner participation, accès au numérique et convivialité.",
            "Un local vacant a été acquis et rénové en chantier participatif. Le lieu est animé par une association avec un agent municipal ; il héberge des permanences d’élus, des ateliers numériques et des réunions de quartier.",
            "320 visiteurs par semaine, 45 ateliers par an, 12 propositions d’habitants mises en œuvre (dont un marché de producteurs).",
            "Le croisement entre participation citoyenne et inclusion numérique, dans un même lieu de proximité, attire des publics différents qui se rencontrent.",
            "Le modèle de gouvernance associative et la convention d’occupation sont disponibles.",
            "Mobilier de réemploi, ordinateurs reconditionnés, chauffage réglé au plus juste.",
            "Les habitants ont choisi l’usage du lieu lors de trois ateliers ouverts, et participent à son conseil d’orientation.",
        ],
        funding: "Programme Petites villes de demain ; Département ; autofinancement.",
        partners: "Association d’éducation populaire, commerçants, Banque des Territoires.",
    }),
    project(IC, ALL, "idea", "2026-01", 120_000, "", Texts {
        title: "Des données ouvertes expliquées par et pour les habitants",
        summary: "Nous voulons transformer notre portail de données ouvertes, aujourd’hui utilisé par des spécialistes, en un lieu où les habitants posent leurs questions et où des « explorateurs de données » bénévoles y répondent avec des visualisations simples.",
        sections: [
            "Notre portail de données ouvertes publie 240 jeux de données, mais 80 % des visites viennent de professionnels. Les habitants ne savent pas que ces données existent ni comment les lire.",
            "Rendre les données publiques compréhensibles ; former des habitants volontaires ; répondre aux questions concrètes (qualité de l’air, budget, transports).",
            "Une rubrique « vos questions » sera ajoutée au portail ; des ateliers mensuels formeront les volontaires ; chaque réponse sera publiée avec sa méthode.",
            "Projet en préparation : objectif de 50 questions traitées la première année et de 30 explorateurs formés.",
            "Faire des habitants des producteurs d’analyses, et non de simples lecteurs, est encore rare.",
            "Les supports de formation seront publiés sous licence libre.",
            "Visualisations statiques et légères plutôt que tableaux de bord lourds.",
            "Le programme sera co-construit avec les associations d’éducation populaire du territoire.",
        ],
        funding: "Demande de subvention en cours (Fonds vert, volet données).",
        partners: "Associations d’éducation populaire, université, médiathèques.",
    }),
    // ---- Modernisation du service public ----
    project(MSP, ALL, "deployed", "2023-02", 145_000, "", Texts {
        title: "Toutes les démarches en ligne, sans compte et accessibles",
        summary: "Nous avons refondu nos 48 démarches en ligne (état civil, inscriptions scolaires, occupation du domaine public…) sur un socle unique, accessible (RGAA) et sans création de compte obligatoire. Le taux de démarches abouties en ligne est passé de 31 % à 74 %.",
        sections: [
            "Nos démarches en ligne dépendaient de cinq outils différents, chacun avec son compte. Beaucoup d’usagers abandonnaient en cours de route et finissaient au guichet.",
            "Un point d’entrée unique ; des formulaires courts, accessibles et compréhensibles ; aucune pièce demandée deux fois ; un suivi de la demande par courriel.",
            "Nous avons utilisé l’outil public de démarches simplifiées pour 35 démarches et développé les 13 autres sur un socle commun. Chaque formulaire a été réécrit en langage clair et testé avec des usagers.",
            "74 % des démarches sont désormais abouties en ligne, contre 31 %. Le délai de traitement moyen est passé de 12 à 4 jours. Le score d’accessibilité atteint 92 % des critères RGAA.",
            "L’absence de compte obligatoire et la réécriture systématique en langage clair sont rares à cette échelle.",
            "Les modèles de formulaires sont partagés dans le catalogue des démarches ; notre guide de rédaction est publié.",
            "Pages légères, sans traceurs ; les pièces jointes sont supprimées à l’issue du délai de conservation.",
            "Des tests utilisateurs ont été menés avec 60 usagers, dont des personnes malvoyantes et des personnes âgées.",
        ],
        funding: "Autofinancement ; France Relance (volet transformation numérique des collectivités).",
        partners: "DINUM (démarches simplifiées), association de personnes déficientes visuelles.",
    }),
    project(MSP, COMMUNE, "deployed", "2024-01", 56_000, "", Texts {
        title: "Rendez-vous en ligne pour les titres d’identité, sans doublons",
        summary: "Un service de prise de rendez-vous pour les cartes d’identité et passeports, relié au dispositif national anti-doublons, a réduit le délai d’attente de 11 à 3 semaines et le taux de rendez-vous non honorés de 22 % à 6 %.",
        sections: [
            "Les délais d’obtention d’un rendez-vous pour un titre d’identité dépassaient deux mois au printemps. De nombreux usagers réservaient dans plusieurs communes et ne se présentaient pas.",
            "Réduire les délais ; libérer les créneaux non honorés ; simplifier la préparation du dossier.",
            "Nous avons choisi une solution raccordée au dispositif national de lutte contre les doublons, avec rappel par SMS et annulation en un clic. La pré-demande en ligne est vérifiée par l’agent avant le rendez-vous.",
            "Délai moyen ramené de 11 à 3 semaines ; rendez-vous non honorés divisés par quatre ; 30 % de dossiers incomplets en moins.",
            "Le contrôle de la pré-demande avant le rendez-vous évite les allers-retours.",
            "Le paramétrage et la procédure interne sont documentés pour les communes équipées d’un dispositif de recueil.",
            "Rappels par SMS courts plutôt que par application ; pas de compte exigé.",
            "Les agents d’accueil ont conçu la procédure ; un questionnaire de satisfaction est envoyé après chaque rendez-vous.",
        ],
        funding: "Autofinancement ; dotation titres sécurisés.",
        partners: "Préfecture, ANTS.",
    }),
    project(MSP, ALL, "in_progress", "2025-03", 210_000, "", Texts {
        title: "Gestion électronique du courrier et des délibérations, de bout en bout",
        summary: "Le courrier entrant est numérisé dès l’arrivée, attribué et suivi jusqu’à la réponse ; les délibérations sont préparées, signées et transmises au contrôle de légalité sans papier. Le délai de réponse aux usagers a baissé de 40 %.",
        sections: [
            "Plus de 30 000 courriers par an circulaient sur papier entre services ; des courriers se perdaient et le suivi des réponses était impossible.",
            "Tracer chaque courrier jusqu’à sa réponse ; dématérialiser la chaîne des délibérations ; réduire les impressions.",
            "Un logiciel libre de gestion du courrier a été déployé avec un parapheur électronique ; la télétransmission au contrôle de légalité est automatisée.",
            "Délai de réponse moyen passé de 28 à 17 jours ; 420 000 pages non imprimées par an ; plus aucun courrier perdu signalé.",
            "L’intégration complète courrier-parapheur-délibérations, sur des logiciels libres, est un modèle pour des collectivités de notre taille.",
            "Nous participons au club utilisateurs du logiciel et reversons nos développements.",
            "Réduction massive du papier ; serveurs mutualisés avec d’autres collectivités.",
            "Les secrétariats des services ont participé au choix des circuits de validation.",
        ],
        funding: "Autofinancement.",
        partners: "Adullact, syndicat informatique mutualisé.",
    }),
    project(MSP, LOCAL, "deployed", "2023-10", 33_000, "", Texts {
        title: "Un numéro unique et une base de réponses partagée pour l’accueil",
        summary: "Un numéro unique, un outil de suivi des demandes et une base de 400 réponses rédigées par les services permettent à l’accueil de répondre à 80 % des questions dès le premier contact.",
        sections: [
            "Les usagers devaient connaître le bon service et le bon numéro ; les transferts d’appels étaient nombreux et les réponses variaient d’un agent à l’autre.",
            "Répondre du premier coup ; harmoniser les réponses ; mesurer les motifs de contact pour améliorer les services.",
            "Nous avons rédigé avec chaque service une base de réponses relue tous les trimestres, mise à disposition des agents d’accueil et publiée sur le site.",
            "80 % de résolution au premier contact, contre 45 % ; trois motifs de contact majeurs identifiés et traités à la source.",
            "La base de réponses est à la fois un outil interne et une foire aux questions publique, tenues à jour ensemble.",
            "La méthode de rédaction et la structure de la base sont partagées.",
            "Outil léger, en ligne, sans développement spécifique.",
            "Les agents d’accueil ont choisi les premières questions à traiter ; les usagers notent l’utilité de chaque réponse.",
        ],
        funding: "Autofinancement.",
        partners: "Services municipaux, centre de gestion de la fonction publique territoriale.",
    }),
    project(MSP, SUPRA, "deployed", "2024-02", 480_000, "", Texts {
        title: "Aides aux particuliers : une demande en ligne instruite en 10 jours",
        summary: "Les aides de {notre} (transport scolaire, bourses, aides au permis, chèques sport) se demandent désormais sur un guichet unique qui réutilise les données déjà connues des administrations. Le délai d’instruction est passé de 45 à 10 jours.",
        sections: [
            "Chaque aide avait son formulaire papier et demandait les mêmes justificatifs. Les familles renonçaient souvent à leurs droits.",
            "Réduire le non-recours ; ne plus demander de justificatifs déjà détenus par l’administration ; accélérer l’instruction.",
            "Un guichet unique a été développé avec l’API Particulier pour le quotient familial et le statut étudiant ; l’instruction est assistée par des contrôles automatiques.",
            "68 000 demandes la première année, 90 % en ligne ; délai d’instruction de 10 jours ; hausse de 18 % des bénéficiaires du chèque sport.",
            "Le principe « dites-le-nous une fois » appliqué à toutes les aides d’une collectivité.",
            "Le code du guichet est publié sous licence libre ; deux départements étudient sa reprise.",
            "Suppression de 150 000 pages de formulaires par an.",
            "Des familles ont testé le parcours ; les travailleurs sociaux ont été formés pour accompagner les demandes.",
        ],
        funding: "Autofinancement ; France Relance.",
        partners: "DINUM (API Particulier), CAF, rectorat.",
    }),
    project(MSP, LOCAL, "in_progress", "2025-06", 75_000, "", Texts {
        title: "Portail famille : inscriptions, facturation et menus en un seul endroit",
        summary: "Les familles inscrivent leurs enfants à la cantine, au périscolaire et aux centres de loisirs, consultent les menus et paient en ligne sur un seul portail, avec un guichet physique pour les familles qui le préfèrent.",
        sections: [
            "Les inscriptions se faisaient sur papier à trois guichets différents ; la facturation était trimestrielle et source de nombreuses réclamations.",
            "Simplifier la vie des familles ; facturer au réel et mensuellement ; réduire les réclamations.",
            "Portail famille connecté au logiciel de gestion ; pointage des présences sur tablette par les animateurs ; paiement en ligne ou par prélèvement.",
            "72 % des familles utilisent le portail ; réclamations divisées par trois ; facturation mensuelle au réel.",
            "Le pointage sur tablette supprime la double saisie et rend la facture juste.",
            "Paramétrage documenté pour les communes utilisant le même logiciel.",
            "Tablettes reconditionnées ; menus publiés en texte simple.",
            "Un groupe de parents d’élèves a testé le portail avant son ouverture.",
        ],
        funding: "Autofinancement ; CAF (fonds publics et territoires).",
        partners: "CAF, associations de parents d’élèves.",
    }),
    project(MSP, ALL, "deployed", "2024-09", 12_000, "", Texts {
        title: "Écrire simple : 300 courriers types réécrits avec les usagers",
        summary: "Une équipe de douze agents formés au langage clair a réécrit les 300 courriers types les plus envoyés, avec des usagers testeurs. Les appels de demande d’explication ont baissé de moitié.",
        sections: [
            "Nos courriers étaient jugés incompréhensibles par une majorité d’usagers interrogés ; beaucoup appelaient pour savoir ce qu’on attendait d’eux.",
            "Rendre chaque courrier compréhensible en une lecture ; dire clairement ce que l’usager doit faire et avant quand.",
            "Formation de douze agents relais ; atelier de réécriture par service ; tests de compréhension avec des usagers.",
            "300 courriers réécrits ; appels de demande d’explication divisés par deux ; satisfaction passée de 48 % à 83 %.",
            "Un chantier de fond sur la relation écrite, mené par les agents eux-mêmes, peu coûteux et très efficace.",
            "Le guide et les modèles de courriers sont publiés sous licence ouverte.",
            "Des courriers plus courts, donc moins de pages imprimées.",
            "Chaque courrier a été testé par au moins cinq usagers.",
        ],
        funding: "Autofinancement.",
        partners: "CNFPT, association d’usagers.",
    }),
    project(MSP, WIDE, "deployed", "2023-06", 260_000, "", Texts {
        title: "Le système d’information mutualisé des petites communes",
        summary: "{Notre} met à disposition des communes de moins de 3 500 habitants un socle numérique commun : messagerie, logiciels de gestion, sauvegardes et assistance. 58 communes ont adhéré ; leurs coûts informatiques ont baissé de 35 %.",
        sections: [
            "Les petites communes achetaient seules leurs logiciels, sans compétence technique ; plusieurs ont subi des pertes de données ou des rançongiciels.",
            "Sécuriser les données des communes ; baisser les coûts ; offrir une assistance de qualité.",
            "Création d’un service commun : hébergement sécurisé, sauvegardes externalisées, messagerie souveraine, catalogue de logiciels, hotline.",
            "58 communes adhérentes ; coûts réduits de 35 % ; aucun incident de sécurité majeur depuis la mise en service.",
            "La mutualisation va jusqu’à la sécurité et la continuité d’activité, habituellement hors de portée des petites communes.",
            "La convention de service commun et le catalogue sont réutilisables.",
            "Serveurs mutualisés, matériel reconditionné pour les mairies.",
            "Un comité d’utilisateurs composé de secrétaires de mairie se réunit chaque trimestre.",
        ],
        funding: "Autofinancement ; participation des communes ; dotation de soutien à l’investissement local.",
        partners: "Communes adhérentes, ANSSI (parcours de cybersécurité).",
    }),
    project(MSP, COMMUNE, "in_progress", "2025-02", 24_000, "", Texts {
        title: "Le cimetière en ligne : concessions, emplacements et généalogie",
        summary: "Les concessions funéraires sont numérisées et cartographiées ; les familles retrouvent un défunt, connaissent l’échéance de leur concession et la renouvellent en ligne. Les agents gagnent deux jours de recherche par mois.",
        sections: [
            "Les registres papier du cimetière, anciens et fragiles, ne permettaient pas de répondre rapidement aux familles ; des concessions échues n’étaient pas identifiées.",
            "Numériser et localiser toutes les concessions ; informer les familles des échéances ; préserver les registres anciens.",
            "Relevé de terrain, numérisation des registres, logiciel de gestion avec plan interactif et module de recherche public.",
            "4 200 concessions numérisées ; 310 familles informées d’une échéance ; deux jours de recherche économisés par mois.",
            "Un service attendu par les familles et les généalogistes, rarement proposé par les communes moyennes.",
            "Cahier des charges partagé avec l’association des maires.",
            "Plan vectoriel léger ; registres numérisés une fois pour toutes.",
            "Les familles et une association de généalogie ont testé le module de recherche.",
        ],
        funding: "Autofinancement.",
        partners: "Archives départementales, association de généalogie.",
    }),
    project(MSP, SUPRA, "in_progress", "2025-09", 390_000, "", Texts {
        title: "Transport scolaire : inscription, carte et information en temps réel",
        summary: "Inscription en ligne, titre de transport sur carte ou téléphone et information des familles par SMS en cas de retard ou de route coupée : le transport scolaire de 52 000 élèves devient un service prévisible.",
        sections: [
            "Les familles apprenaient les retards ou suppressions de cars au bord de la route ; les inscriptions papier saturaient les services chaque été.",
            "Dématérialiser les inscriptions ; informer en temps réel ; fiabiliser les listes d’élèves transportés.",
            "Portail d’inscription, géolocalisation des cars, alertes SMS par ligne, listes d’élèves à bord sur tablette pour les conducteurs.",
            "85 % d’inscriptions en ligne ; 1 900 alertes envoyées l’hiver dernier ; plaintes divisées par deux.",
            "L’alerte ciblée par ligne, fondée sur la position réelle des cars, sans application à installer.",
            "Données des arrêts et horaires publiées au format GTFS sur transport.data.gouv.fr.",
            "SMS plutôt qu’application ; position des cars transmise toutes les deux minutes seulement.",
            "Des représentants de parents et de transporteurs ont défini les messages d’alerte.",
        ],
        funding: "Autofinancement ; contribution des transporteurs.",
        partners: "Transporteurs, établissements scolaires, point d’accès national aux données de transport.",
    }),
    // ---- Territoires inclusifs ----
    project(TI, LOCAL, "deployed", "2023-01", 98_000, "https://video.demo.test/conseillers-numeriques", Texts {
        title: "Conseillers numériques dans les quartiers et les bourgs",
        summary: "Quatre conseillers numériques tiennent 22 permanences hebdomadaires dans les maisons de quartier, les mairies annexes et le marché, et accompagnent à domicile les personnes isolées. 3 100 personnes aidées en deux ans, dont la moitié de plus de 65 ans.",
        sections: [
            "Un habitant sur cinq déclare ne pas savoir effectuer une démarche en ligne seul. La dématérialisation des services publics laissait de côté les personnes âgées, les personnes allophones et les ménages sans ordinateur.",
            "Aller vers les personnes éloignées du numérique ; les rendre autonomes plutôt que faire à leur place ; orienter vers les bons services.",
            "Recrutement et formation de quatre conseillers ; permanences au plus près des habitants ; ateliers collectifs ; accompagnement à domicile sur orientation du CCAS ; diagnostic des compétences avec un outil national.",
            "3 100 personnes accompagnées, 1 400 ateliers ; 62 % des personnes suivies en ateliers déclarent réaliser seules leurs démarches six mois après.",
            "Les permanences au marché et l’accompagnement à domicile touchent des personnes qu’aucun guichet ne voit.",
            "Le programme d’ateliers et les fiches pratiques sont partagés dans le réseau des conseillers numériques.",
            "Ateliers sur les équipements des personnes, y compris des téléphones anciens ; prêt d’ordinateurs reconditionnés.",
            "Les participants choisissent les thèmes des ateliers ; un questionnaire de suivi mesure leur autonomie.",
        ],
        funding: "État (dispositif Conseillers numériques) ; autofinancement.",
        partners: "CCAS, centres sociaux, France Services, Emmaüs Connect.",
    }),
    project(TI, ALL, "deployed", "2024-04", 52_000, "", Texts {
        title: "Ordinateurs reconditionnés pour les familles et les étudiants",
        summary: "Les ordinateurs réformés de {notre} sont reconditionnés par une entreprise d’insertion et remis, avec une formation, à des familles modestes et des étudiants boursiers. 860 équipements donnés en deux ans.",
        sections: [
            "De nombreuses familles n’avaient qu’un téléphone pour les devoirs des enfants et les démarches ; nos ordinateurs réformés étaient vendus à bas prix à un broker ou détruits.",
            "Donner une seconde vie aux équipements ; équiper les foyers qui en ont besoin ; accompagner la prise en main.",
            "Convention avec une entreprise d’insertion qui efface les données (procédure certifiée), reconditionne et installe un système libre ; distribution par les CCAS et les services sociaux, avec deux heures de formation.",
            "860 ordinateurs remis ; 12 emplois d’insertion soutenus ; 94 % des équipements encore utilisés un an après.",
            "Une boucle locale complète : réforme, reconditionnement par l’insertion, don accompagné.",
            "La convention type et la procédure d’effacement sont publiées.",
            "Allongement de la durée de vie de cinq ans en moyenne ; les pièces non réutilisables sont recyclées localement.",
            "Les bénéficiaires ont été consultés sur le choix des logiciels installés.",
        ],
        funding: "Autofinancement ; fonds social européen (volet insertion).",
        partners: "Entreprise d’insertion, CCAS, université, missions locales.",
    }),
    project(TI, COMMUNE, "deployed", "2024-05", 15_000, "", Texts {
        title: "Site municipal accessible à 100 % et en facile à lire et à comprendre",
        summary: "Le site de la ville a été reconstruit pour respecter tous les critères d’accessibilité applicables, et ses 40 pages les plus consultées existent en version « facile à lire et à comprendre » relue par des personnes en situation de handicap intellectuel.",
        sections: [
            "L’audit de notre ancien site relevait un taux de conformité de 38 % ; les personnes aveugles ne pouvaient pas utiliser nos formulaires.",
            "Atteindre la conformité totale ; rendre les informations essentielles compréhensibles par tous.",
            "Nouveau site sobre, testé avec des lecteurs d’écran ; rédaction de pages en FALC avec un ESAT ; déclaration d’accessibilité publiée.",
            "Conformité de 100 % des critères applicables ; 40 pages en FALC ; trafic en hausse de 20 % sur mobile.",
            "La relecture par les personnes concernées elles-mêmes, rémunérées pour cela.",
            "Gabarits et feuille de style accessibles publiés sous licence libre.",
            "Poids moyen d’une page divisé par six.",
            "Des usagers en situation de handicap ont participé à chaque étape de test.",
        ],
        funding: "Autofinancement.",
        partners: "ESAT, association de personnes aveugles et malvoyantes.",
    }),
    project(TI, SUPRA, "in_progress", "2024-09", 1_250_000, "", Texts {
        title: "Zéro zone blanche : la couverture mobile des derniers hameaux",
        summary: "{Notre} a recensé avec les habitants les 112 hameaux sans couverture mobile correcte et finance, avec les opérateurs, les pylônes manquants. 64 sites sont déjà couverts ; les mesures de terrain sont publiées.",
        sections: [
            "Des hameaux entiers restaient sans réseau mobile, ce qui posait des problèmes de sécurité (appels d’urgence) et d’attractivité.",
            "Identifier précisément les zones mal couvertes ; obtenir les pylônes nécessaires ; vérifier la qualité réelle après installation.",
            "Campagne de mesures citoyennes avec une application publique, analyse avec les opérateurs, inscription des sites dans le dispositif national de couverture ciblée.",
            "112 hameaux identifiés, 64 couverts, 30 en travaux. Les mesures après installation montrent un débit médian de 35 Mbit/s.",
            "Les mesures citoyennes ont fait reconnaître des zones que les cartes des opérateurs donnaient pour couvertes.",
            "La méthode de mesure et les données sont publiques.",
            "Pylônes partagés entre opérateurs pour éviter les doublons.",
            "Les maires et les habitants ont participé aux mesures et au choix des emplacements.",
        ],
        funding: "Dispositif national New Deal mobile ; autofinancement.",
        partners: "Opérateurs mobiles, Arcep, maires des communes concernées.",
    }),
    project(TI, LOCAL, "deployed", "2023-11", 21_000, "", Texts {
        title: "Accueil en langue des signes et en langues étrangères par visio",
        summary: "Les guichets d’accueil proposent une interprétation à distance en langue des signes française et en 12 langues, sur simple demande, grâce à une tablette. Plus de 900 rendez-vous ont été interprétés.",
        sections: [
            "Les personnes sourdes et les personnes allophones devaient venir accompagnées ou renoncer à leurs démarches.",
            "Permettre à chacun d’être accueilli dans sa langue, sans rendez-vous préalable.",
            "Tablettes aux guichets, marché public avec un service d’interprétation à distance, formation des agents d’accueil.",
            "920 entretiens interprétés, dont 340 en LSF ; délai d’obtention d’un interprète inférieur à deux minutes.",
            "L’interprétation immédiate, sans rendez-vous, aux guichets d’une collectivité.",
            "Le cahier des charges du marché est partagé.",
            "Matériel existant réutilisé ; visio en basse définition pour les langues orales.",
            "Une association de personnes sourdes a évalué le service.",
        ],
        funding: "Autofinancement ; Fonds d’insertion des personnes handicapées (FIPHFP).",
        partners: "Association de personnes sourdes, service d’interprétation.",
    }),
    project(TI, WIDE, "deployed", "2024-01", 68_000, "", Texts {
        title: "Bus numérique itinérant dans les villages",
        summary: "Un bus aménagé de huit postes parcourt chaque semaine 18 villages pour des ateliers numériques, des permanences de services publics et des initiations pour les seniors. 2 400 passages en un an.",
        sections: [
            "Dans les villages, les services publics et les lieux de médiation sont à plus de 25 minutes ; les seniors sans voiture n’y ont pas accès.",
            "Apporter la médiation numérique au plus près des habitants ; mutualiser les permanences de plusieurs services.",
            "Acquisition d’un bus d’occasion réaménagé ; tournée fixe et annoncée ; permanences partagées avec la CAF, la CPAM et France Travail.",
            "2 400 passages ; 18 villages desservis chaque semaine ; 70 % de participants de plus de 60 ans.",
            "Un bus de réemploi qui réunit médiation numérique et permanences de plusieurs services publics.",
            "Le plan d’aménagement et les partenariats sont documentés.",
            "Véhicule d’occasion, tournées optimisées ; équipements reconditionnés.",
            "Les mairies des villages ont fixé les horaires avec leurs habitants.",
        ],
        funding: "Autofinancement ; Département ; CAF.",
        partners: "CAF, CPAM, France Travail, mairies des villages.",
    }),
    project(TI, LOCAL, "in_progress", "2025-05", 34_000, "", Texts {
        title: "Pass numérique pour les jeunes décrocheurs",
        summary: "Un parcours de 30 heures qui mêle remise à niveau numérique, création d’un projet personnel et découverte des métiers du numérique, pour les 16-25 ans sans emploi ni formation, avec une certification reconnue à la clé.",
        sections: [
            "Les jeunes suivis par la mission locale maîtrisent les réseaux sociaux mais pas les usages attendus en emploi : traitement de texte, messagerie, démarches.",
            "Certifier les compétences numériques ; redonner confiance ; ouvrir sur les métiers du numérique.",
            "Parcours en petits groupes, animés par un fab lab et la mission locale, avec une certification Pix.",
            "86 jeunes accompagnés ; 71 certifiés ; 40 % en emploi ou en formation six mois après.",
            "Le passage par un projet concret et valorisant (site, vidéo, objet fabriqué) plutôt qu’un cours.",
            "Déroulé pédagogique disponible pour les autres missions locales.",
            "Ordinateurs reconditionnés prêtés pendant le parcours.",
            "Les jeunes ont co-construit le programme des séances.",
        ],
        funding: "Autofinancement ; fonds social européen.",
        partners: "Mission locale, fab lab, Pix.",
    }),
    project(TI, SUPRA, "deployed", "2023-03", 540_000, "", Texts {
        title: "Réseau départemental des lieux de médiation numérique",
        summary: "{Notre} anime un réseau de 85 lieux de médiation (médiathèques, France Services, associations), avec une carte publique, une formation commune et un « pass » qui oriente les personnes vers l’aide adaptée. 21 000 personnes orientées en deux ans.",
        sections: [
            "L’offre de médiation numérique était abondante mais éclatée et inconnue des travailleurs sociaux.",
            "Rendre l’offre lisible ; professionnaliser les médiateurs ; orienter les personnes au bon endroit.",
            "Cartographie ouverte de l’offre, outil d’orientation pour les travailleurs sociaux, formations communes, rencontres du réseau deux fois par an.",
            "85 lieux membres ; 21 000 orientations ; 240 médiateurs formés.",
            "L’outil d’orientation utilisé par les travailleurs sociaux, relié à une cartographie publique et à jour.",
            "La cartographie suit le schéma national des lieux de médiation ; elle est réutilisable.",
            "Mutualisation des formations et des ressources entre lieux.",
            "Les médiateurs pilotent le réseau avec nous.",
        ],
        funding: "Autofinancement ; État (hub territorial pour un numérique inclusif).",
        partners: "Hub régional, médiathèques, associations, France Services.",
    }),
    project(TI, COMMUNE, "idea", "2026-02", 9_000, "", Texts {
        title: "Un écrivain public numérique dans chaque école",
        summary: "Nous voulons proposer aux parents, à la sortie de l’école, un écrivain public numérique une fois par semaine, pour les aider dans leurs démarches et les outils scolaires (espace numérique de travail, cantine, inscriptions).",
        sections: [
            "Les enseignants constatent que de nombreux parents ne consultent pas l’espace numérique de travail et manquent des informations importantes.",
            "Aider les parents là où ils sont déjà ; renforcer le lien école-familles.",
            "Permanences d’un médiateur à la sortie des classes, en partenariat avec les directeurs d’école.",
            "Projet en préparation : objectif de 300 familles accompagnées la première année.",
            "Se placer au moment et à l’endroit où les parents sont présents.",
            "Méthode simple, transposable à toute commune disposant d’un médiateur.",
            "Pas de matériel supplémentaire : les parents utilisent leur téléphone.",
            "Les associations de parents ont proposé ce projet.",
        ],
        funding: "À rechercher (CAF, politique de la ville).",
        partners: "Écoles, associations de parents d’élèves.",
    }),
    project(TI, ALL, "deployed", "2024-10", 26_000, "", Texts {
        title: "Formation de tous les agents d’accueil à l’accompagnement numérique",
        summary: "Les 140 agents en contact avec le public ont été formés à repérer les difficultés numériques et à accompagner sans faire à la place. Un kit d’orientation leur permet de diriger chacun vers l’aide adaptée.",
        sections: [
            "Les agents d’accueil étaient démunis face aux personnes en difficulté avec le numérique, et faisaient souvent à leur place, sans les rendre autonomes.",
            "Outiller tous les agents d’accueil ; orienter efficacement ; respecter les données des usagers.",
            "Formation de deux jours, kit d’orientation, fiches réflexes, communauté d’entraide interne.",
            "140 agents formés ; 1 800 orientations tracées la première année.",
            "La généralisation à tous les agents de contact, pas seulement aux médiateurs.",
            "Le kit est publié sous licence ouverte.",
            "Supports imprimés une fois, mis à jour en ligne.",
            "Les agents ont participé à la création du kit.",
        ],
        funding: "Autofinancement ; CNFPT.",
        partners: "CNFPT, hub territorial pour un numérique inclusif.",
    }),
    // ---- Numérique responsable ----
    project(NR, ALL, "deployed", "2023-04", 140_000, "", Texts {
        title: "Allonger la vie des équipements : de 5 à 8 ans pour nos ordinateurs",
        summary: "En réparant, en ajoutant de la mémoire et en passant à des systèmes légers, nous faisons durer nos 1 800 postes de travail huit ans au lieu de cinq. Résultat : 540 ordinateurs neufs non achetés et 150 tonnes de CO₂ évitées.",
        sections: [
            "La fabrication des équipements représente l’essentiel de l’empreinte environnementale du numérique. Nous renouvelions nos postes tous les cinq ans, par habitude plus que par nécessité.",
            "Allonger la durée de vie ; réduire les achats ; former les équipes à la réparation ; mesurer l’impact.",
            "Politique d’achat de matériel réparable (indice de réparabilité), ajout de mémoire et de disques SSD, atelier de réparation interne, réemploi des postes en fin de vie vers les écoles et les associations.",
            "Durée de vie portée à huit ans ; 540 postes neufs non achetés ; 150 tonnes de CO₂ évitées ; budget matériel réduit de 28 %.",
            "Une politique globale, de l’achat à la fin de vie, chiffrée et suivie chaque année.",
            "Nos clauses d’achat et notre méthode de calcul sont publiées.",
            "C’est l’objet même du projet.",
            "Les agents ont été interrogés sur leurs usages pour dimensionner les postes au juste besoin.",
        ],
        funding: "Autofinancement (économies réalisées).",
        partners: "Entreprise d’insertion, réseau des acheteurs publics responsables.",
    }),
    project(NR, ALL, "deployed", "2024-03", 48_000, "", Texts {
        title: "Un site web écoconçu, dix fois plus léger",
        summary: "Notre site a été reconstruit selon le référentiel général d’écoconception des services numériques : pages dix fois plus légères, aucune vidéo en lecture automatique, hébergement bas carbone. Il reste rapide même sur une connexion 3G.",
        sections: [
            "Notre ancien site pesait en moyenne 4,2 Mo par page, chargeait 35 services tiers et était lent sur les connexions rurales.",
            "Réduire le poids et les requêtes ; supprimer les traceurs ; rester accessible sur des équipements anciens.",
            "Refonte avec un générateur de site statique, images compressées et dimensionnées, polices système, suppression des carrousels et des cartes interactives au profit de cartes statiques.",
            "Poids moyen passé de 4,2 Mo à 380 Ko ; 0 traceur ; temps d’affichage en 3G inférieur à 2 secondes ; audience stable.",
            "L’application complète du référentiel, avec une déclaration d’écoconception publiée.",
            "Le thème du site est publié sous licence libre.",
            "Hébergement dans un centre de données alimenté en électricité renouvelable, en France.",
            "Un panel d’habitants a validé que les contenus essentiels restaient faciles à trouver.",
        ],
        funding: "Autofinancement.",
        partners: "Agence web locale, Institut du numérique responsable.",
    }),
    project(NR, WIDE, "in_progress", "2025-01", 820_000, "", Texts {
        title: "Un centre de données public mutualisé qui chauffe une piscine",
        summary: "Les serveurs de {notre} et de 30 collectivités partenaires sont regroupés dans un petit centre de données dont la chaleur chauffe la piscine voisine. Consommation électrique divisée par deux par rapport aux salles informatiques dispersées.",
        sections: [
            "Chaque collectivité avait sa salle serveur, mal refroidie et peu sécurisée ; l’énergie dissipée était perdue.",
            "Regrouper les serveurs ; récupérer la chaleur ; améliorer la sécurité et la continuité de service.",
            "Construction d’un centre de données modulaire de 20 baies, refroidi à l’eau, raccordé au réseau de chaleur de la piscine intercommunale.",
            "Indicateur d’efficacité énergétique de 1,2 ; 380 MWh de chaleur récupérés par an ; 30 collectivités hébergées.",
            "La récupération de chaleur au service d’un équipement public voisin.",
            "L’étude de faisabilité est publiée et présentée dans les réseaux de DSI publics.",
            "C’est l’objet même du projet.",
            "Les collectivités hébergées participent à la gouvernance du centre.",
        ],
        funding: "Fonds vert ; Région ; autofinancement.",
        partners: "Syndicat d’énergie, exploitant de la piscine, collectivités partenaires.",
    }),
    project(NR, ALL, "deployed", "2023-09", 8_000, "", Texts {
        title: "Ménage numérique : 40 % de stockage en moins",
        summary: "Une campagne interne de « ménage numérique » a supprimé les doublons, archivé ce qui devait l’être et détruit le reste. Le volume des serveurs de fichiers a baissé de 40 % et les sauvegardes durent deux fois moins longtemps.",
        sections: [
            "Les serveurs de fichiers atteignaient 60 To, dont une grande partie de doublons et de fichiers jamais ouverts depuis dix ans.",
            "Réduire les volumes ; appliquer les règles d’archivage ; sensibiliser les agents.",
            "Outil d’analyse des doublons, accompagnement des services par l’archiviste, semaine du ménage numérique avec défis entre services.",
            "24 To libérés ; sauvegardes deux fois plus courtes ; achat de baies de stockage reporté de trois ans.",
            "L’association de l’archiviste et de la DSI, pour que le ménage respecte les obligations d’archivage.",
            "Kit de la semaine du ménage numérique publié.",
            "Moins de disques, moins d’énergie, moins de sauvegardes.",
            "Chaque service a désigné un référent ; le service gagnant a choisi une action écologique financée.",
        ],
        funding: "Autofinancement.",
        partners: "Archives, DSI.",
    }),
    project(NR, LOCAL, "deployed", "2024-02", 19_000, "", Texts {
        title: "Extinction automatique des équipements la nuit et le week-end",
        summary: "Les ordinateurs, écrans, copieurs et bornes des bâtiments municipaux s’éteignent automatiquement hors des heures d’ouverture. La consommation électrique du parc informatique a baissé de 31 %.",
        sections: [
            "Un relevé a montré que 60 % des postes restaient allumés la nuit et le week-end.",
            "Éteindre ce qui ne sert pas ; sans gêner le travail ; mesurer les économies.",
            "Politique d’extinction centralisée, prises programmables pour les copieurs, réveil à distance pour les mises à jour.",
            "Consommation réduite de 31 % ; 52 MWh économisés par an.",
            "Le réveil à distance pour les mises à jour, qui supprime la principale raison de laisser les postes allumés.",
            "Scripts et réglages publiés.",
            "C’est l’objet même du projet.",
            "Les agents ont été informés et peuvent demander une exception motivée.",
        ],
        funding: "Autofinancement.",
        partners: "DSI, service des bâtiments.",
    }),
    project(NR, ALL, "in_progress", "2025-03", 36_000, "", Texts {
        title: "Achats numériques responsables : des clauses pour tous nos marchés",
        summary: "Chaque marché numérique comporte désormais des clauses de durabilité (réparabilité, garantie longue, reprise), de sobriété des services et d’insertion. Un guide et des clauses types sont partagés avec les communes.",
        sections: [
            "Nos marchés numériques ne tenaient compte que du prix et des performances.",
            "Intégrer l’environnement et le social dans tous nos achats numériques ; outiller les acheteurs.",
            "Clauses types, critères de notation, sourcing auprès des reconditionneurs, formation des acheteurs.",
            "Huit marchés passés avec les nouvelles clauses ; garanties portées à cinq ans ; 15 % de matériel reconditionné.",
            "La notation de la réparabilité et de l’écoconception des logiciels.",
            "Guide et clauses publiés sous licence ouverte.",
            "C’est l’objet même du projet.",
            "Les services utilisateurs participent à la définition des besoins au juste niveau.",
        ],
        funding: "Autofinancement.",
        partners: "Réseau des acheteurs publics responsables, Institut du numérique responsable.",
    }),
    project(NR, COMMUNE, "deployed", "2024-06", 14_000, "", Texts {
        title: "Écoles : tablettes et ordinateurs reconditionnés et réparés sur place",
        summary: "Les écoles sont équipées de matériel reconditionné et un agent formé répare sur place. Le coût d’équipement par classe a baissé de 45 % et les pannes sont résolues en deux jours.",
        sections: [
            "Les équipements des écoles étaient renouvelés en bloc, à grands frais, et les pannes attendaient des semaines.",
            "Équiper mieux pour moins cher ; réparer vite ; sensibiliser les enfants.",
            "Achat de matériel reconditionné garanti trois ans, formation d’un agent à la réparation, atelier de démontage avec les élèves de CM2.",
            "Coût par classe réduit de 45 % ; délai de réparation de deux jours ; 14 classes sensibilisées.",
            "Faire de la réparation un support pédagogique.",
            "Méthode partagée avec la circonscription.",
            "C’est l’objet même du projet.",
            "Les enseignants ont choisi les équipements.",
        ],
        funding: "Autofinancement ; plan numérique pour l’éducation.",
        partners: "Éducation nationale, reconditionneur local.",
    }),
    project(NR, SUPRA, "in_progress", "2024-10", 75_000, "", Texts {
        title: "Bilan carbone du numérique de {notre} et feuille de route",
        summary: "Nous avons mesuré l’empreinte de tout notre numérique (équipements, réseaux, centres de données, services en ligne) et adopté une feuille de route chiffrée : −30 % d’ici 2030.",
        sections: [
            "La loi demande aux collectivités une stratégie numérique responsable ; nous ne connaissions pas notre empreinte.",
            "Mesurer ; prioriser les actions ; suivre chaque année.",
            "Inventaire complet, méthode de l’ADEME, ateliers avec les directions, feuille de route votée en assemblée.",
            "Empreinte mesurée : 2 900 tonnes CO₂e, dont 72 % dues à la fabrication des équipements. Douze actions engagées.",
            "La méthode couvre aussi les services numériques rendus aux usagers.",
            "Méthode et tableur de calcul publiés.",
            "C’est l’objet même du projet.",
            "Les directions ont choisi les actions qui les concernent.",
        ],
        funding: "Autofinancement ; ADEME.",
        partners: "ADEME, bureau d’études spécialisé.",
    }),
    project(NR, LOCAL, "deployed", "2023-05", 11_000, "", Texts {
        title: "Repair café numérique mensuel",
        summary: "Chaque mois, des bénévoles et un agent de la médiathèque aident les habitants à réparer leurs téléphones et ordinateurs. 650 appareils réparés en deux ans.",
        sections: [
            "Beaucoup d’habitants jettent un appareil pour une panne simple (batterie, écran, logiciel).",
            "Réparer plutôt que jeter ; transmettre des savoir-faire ; créer du lien.",
            "Un samedi par mois à la médiathèque, outillage acheté par la commune, bénévoles formés, fiches de réparation.",
            "650 appareils réparés (taux de réussite de 68 %) ; 40 bénévoles.",
            "L’ancrage dans une médiathèque publique, avec un fonds documentaire sur la réparation.",
            "Kit de démarrage publié.",
            "C’est l’objet même du projet.",
            "Les bénévoles sont des habitants ; ils décident du programme.",
        ],
        funding: "Autofinancement.",
        partners: "Association de repair café, médiathèque.",
    }),
    project(NR, ALL, "idea", "2026-03", 60_000, "", Texts {
        title: "Intelligence artificielle frugale : une charte et un premier usage mesuré",
        summary: "Avant tout usage de l’intelligence artificielle, nous adoptons une charte (utilité, sobriété, transparence) et testons un premier cas d’usage mesuré : l’aide au tri du courrier, avec un modèle léger hébergé chez nous.",
        sections: [
            "Les sollicitations commerciales se multiplient ; les agents utilisent déjà des outils grand public sans cadre.",
            "Encadrer les usages ; mesurer l’utilité et l’impact environnemental ; protéger les données.",
            "Charte élaborée avec les agents et les élus ; expérimentation d’un modèle de classification léger sur nos serveurs.",
            "En préparation : indicateurs définis (temps gagné, consommation énergétique, erreurs).",
            "Mesurer l’impact environnemental avant de généraliser.",
            "La charte sera publiée sous licence ouverte.",
            "Modèle léger, pas d’appel à des services externes.",
            "Un groupe d’agents volontaires participe à l’expérimentation.",
        ],
        funding: "À préciser.",
        partners: "Laboratoire universitaire d’informatique.",
    }),
    // ---- Territoire intelligent et responsable ----
    project(TIR, URBAN, "deployed", "2022-11", 420_000, "", Texts {
        title: "Éclairage public piloté : −62 % de consommation",
        summary: "Nos 9 000 points lumineux sont passés en LED et sont pilotés à distance : abaissement en milieu de nuit, extinction dans les zones d’activité, détection de présence sur les cheminements piétons. La consommation a baissé de 62 %.",
        sections: [
            "L’éclairage public représentait 38 % de la facture d’électricité ; la pollution lumineuse était dénoncée par les associations naturalistes.",
            "Réduire la consommation ; préserver la biodiversité ; maintenir la sécurité ressentie.",
            "Remplacement par des LED, armoires pilotables, profils d’éclairage par rue, trames noires définies avec les naturalistes.",
            "Consommation réduite de 62 % ; pannes détectées à distance en 24 h ; aucune hausse des incidents de sécurité.",
            "Les trames noires concertées et les profils d’éclairage rue par rue.",
            "Cahier des charges et profils publiés ; protocole de pilotage ouvert.",
            "Réutilisation des mâts existants ; pilotage par le réseau électrique, sans réseau radio supplémentaire.",
            "Des marches nocturnes ont permis aux habitants de donner leur avis.",
        ],
        funding: "Certificats d’économies d’énergie ; syndicat d’énergie ; autofinancement.",
        partners: "Syndicat départemental d’énergie, associations naturalistes.",
    }),
    project(TIR, ALL, "deployed", "2023-06", 260_000, "", Texts {
        title: "Suivi des consommations d’eau et d’énergie des bâtiments publics",
        summary: "Des compteurs communicants dans 120 bâtiments publics et un tableau de bord partagé permettent de détecter les fuites et les dérives. 14 % d’économies d’énergie et 21 % d’eau en deux ans.",
        sections: [
            "Les consommations n’étaient connues qu’à la facture, des mois plus tard ; une fuite pouvait durer tout un été.",
            "Connaître les consommations en temps utile ; détecter les anomalies ; responsabiliser les occupants.",
            "Compteurs communicants, plateforme de supervision libre, alertes automatiques, affichage dans les écoles.",
            "14 % d’énergie et 21 % d’eau économisés ; 37 fuites détectées ; obligations du décret tertiaire suivies.",
            "L’affichage des consommations aux occupants, y compris aux élèves.",
            "Plateforme libre ; données publiées en open data.",
            "Relevés au pas horaire suffisant, capteurs sur réseau bas débit.",
            "Les gardiens et directeurs d’école reçoivent les alertes de leur bâtiment.",
        ],
        funding: "Programme ACTEE ; autofinancement.",
        partners: "Syndicat d’énergie, FNCCR.",
    }),
    project(TIR, WIDE, "in_progress", "2024-04", 680_000, "", Texts {
        title: "Jumeau numérique du territoire pour l’adaptation au climat",
        summary: "Une maquette numérique en 3D du territoire, bâtie sur des données ouvertes, simule inondations et îlots de chaleur pour guider l’urbanisme. Elle est ouverte aux communes, aux bureaux d’études et aux habitants.",
        sections: [
            "Les décisions d’urbanisme se prenaient sans vision partagée des risques climatiques futurs.",
            "Modéliser les risques ; éclairer les décisions ; partager l’outil avec tous.",
            "Assemblage de données ouvertes (LiDAR HD de l’IGN, cadastre, réseaux), modèles de ruissellement et de chaleur, visualisation web.",
            "Utilisé pour 3 révisions de plan local d’urbanisme et 12 projets d’aménagement.",
            "Un outil public et ouvert, pas une boîte noire d’un prestataire.",
            "Code et données publiés ; contribution au programme national de jumeaux numériques.",
            "Calculs lancés à la demande, pas en continu.",
            "Ateliers publics de présentation ; les habitants peuvent tester leurs propres scénarios.",
        ],
        funding: "Fonds vert ; FEDER ; autofinancement.",
        partners: "IGN, Cerema, université.",
    }),
    project(TIR, URBAN, "deployed", "2023-03", 150_000, "", Texts {
        title: "Collecte des déchets optimisée par capteurs de remplissage",
        summary: "Des capteurs dans 600 points d’apport volontaire indiquent leur taux de remplissage ; les tournées sont planifiées en conséquence. 28 % de kilomètres en moins et des débordements divisés par trois.",
        sections: [
            "Les tournées étaient fixes : des conteneurs vides étaient vidés, d’autres débordaient.",
            "Adapter les tournées au besoin ; réduire les kilomètres ; améliorer la propreté.",
            "Capteurs à ultrasons, logiciel d’optimisation des tournées, données ouvertes sur le remplissage.",
            "28 % de kilomètres parcourus en moins ; débordements divisés par trois ; 90 tonnes de CO₂ évitées par an.",
            "L’optimisation dynamique des tournées, publiée en données ouvertes.",
            "Données et cahier des charges partagés.",
            "Capteurs à durée de vie de dix ans, transmission deux fois par jour.",
            "Les habitants peuvent signaler un conteneur plein ; ces signalements calibrent les capteurs.",
        ],
        funding: "Autofinancement ; CITEO.",
        partners: "Syndicat de traitement des déchets, CITEO.",
    }),
    project(TIR, ALL, "deployed", "2024-01", 90_000, "", Texts {
        title: "Portail de données ouvertes et gouvernance de la donnée",
        summary: "Une gouvernance de la donnée (administrateur des données, comité, charte) et un portail de 180 jeux de données ouverts, dont les horaires, les budgets et les équipements, réutilisés par des applications locales.",
        sections: [
            "Nos données étaient dispersées dans les services ; l’obligation d’ouverture par défaut n’était pas respectée.",
            "Organiser la donnée ; ouvrir par défaut ; favoriser la réutilisation.",
            "Nomination d’un administrateur des données, inventaire, portail libre, publication au format du socle commun des données locales.",
            "180 jeux publiés ; 35 réutilisations recensées ; temps de réponse aux demandes de documents administratifs divisé par deux.",
            "L’application du socle commun des données locales, pour que nos données se combinent avec celles des autres.",
            "Contribution aux schémas de données nationaux.",
            "Portail léger, pas de visualisations lourdes par défaut.",
            "Les réutilisateurs sont invités à un rendez-vous annuel.",
        ],
        funding: "Autofinancement.",
        partners: "OpenDataFrance, data.gouv.fr.",
    }),
    project(TIR, URBAN, "in_progress", "2025-02", 210_000, "", Texts {
        title: "Mobilités partagées : un seul titre pour le bus, le vélo et le covoiturage",
        summary: "Un compte mobilité unique donne accès au bus, aux vélos en libre-service et au covoiturage de proximité, avec un calculateur d’itinéraires fondé sur des données ouvertes. 11 000 comptes ouverts.",
        sections: [
            "L’offre de mobilité existait mais chacun avait son application et son tarif ; la voiture individuelle restait le choix par défaut.",
            "Simplifier l’usage des mobilités alternatives ; réduire l’autosolisme.",
            "Compte mobilité, paiement unique, calculateur d’itinéraires libre, incitation financière au covoiturage.",
            "11 000 comptes ; 42 000 trajets en covoiturage incités ; fréquentation du bus en hausse de 9 %.",
            "L’intégration des trajets de covoiturage de proximité dans le même compte que le bus.",
            "Données GTFS et API publiées.",
            "Pas d’application obligatoire : tout fonctionne aussi par le web et la carte.",
            "Des usagers testeurs ont participé à la conception du parcours.",
        ],
        funding: "Autofinancement ; programme de l’État pour les mobilités du quotidien.",
        partners: "Autorité organisatrice de la mobilité, opérateur de covoiturage.",
    }),
    project(TIR, SUPRA, "deployed", "2023-09", 530_000, "", Texts {
        title: "Suivi de la qualité des rivières en temps réel",
        summary: "Quarante stations de mesure sur les cours d’eau publient en continu la température, le niveau et la qualité de l’eau. Les données alertent les syndicats de rivière et informent les baigneurs et pêcheurs.",
        sections: [
            "Les sécheresses répétées et les pollutions ponctuelles étaient constatées trop tard.",
            "Mesurer en continu ; alerter ; partager l’information avec tous les acteurs de l’eau.",
            "Stations autonomes à panneau solaire, plateforme de données ouverte, alertes par seuils.",
            "40 stations ; 12 épisodes de pollution détectés en moins de 2 heures ; données réutilisées par 3 syndicats.",
            "Une information publique et en continu, au service de plusieurs acteurs.",
            "Plans des stations et protocole publiés.",
            "Stations solaires, transmission horaire.",
            "Associations de pêche et de protection de la nature associées au choix des sites.",
        ],
        funding: "Agence de l’eau ; autofinancement.",
        partners: "Syndicats de rivière, agence de l’eau, fédération de pêche.",
    }),
    project(TIR, COMMUNE, "deployed", "2024-05", 46_000, "", Texts {
        title: "Arrosage des espaces verts piloté par sondes d’humidité",
        summary: "Des sondes d’humidité dans les massifs et terrains de sport déclenchent l’arrosage uniquement quand c’est nécessaire. La consommation d’eau a baissé de 38 % dès le premier été.",
        sections: [
            "L’arrosage était programmé à heures fixes, qu’il ait plu ou non.",
            "Arroser au juste besoin ; préserver la ressource en eau ; garder des espaces verts de qualité.",
            "Sondes d’humidité, programmateurs connectés, choix de plantes moins gourmandes.",
            "38 % d’eau économisée ; 11 000 m³ par an.",
            "Combinaison de capteurs et de changement de palette végétale.",
            "Retour d’expérience publié.",
            "Capteurs sur réseau bas débit, batteries de dix ans.",
            "Les jardiniers municipaux ont défini les seuils.",
        ],
        funding: "Agence de l’eau ; autofinancement.",
        partners: "Agence de l’eau, service des espaces verts.",
    }),
    project(TIR, WIDE, "in_progress", "2025-05", 175_000, "", Texts {
        title: "Capteurs de qualité de l’air près des écoles",
        summary: "Des micro-capteurs près de 60 écoles mesurent les particules et le dioxyde d’azote ; les résultats guident les rues scolaires et sont publiés pour les parents.",
        sections: [
            "Les familles s’inquiétaient de la qualité de l’air aux abords des écoles, sans données locales.",
            "Mesurer ; agir (rues scolaires, végétalisation) ; informer.",
            "Micro-capteurs calibrés par l’association agréée de surveillance de l’air, publication en ligne.",
            "60 écoles équipées ; 8 rues scolaires créées ; baisse mesurée du NO₂ de 25 % devant ces écoles.",
            "La mesure avant-après qui prouve l’effet des rues scolaires.",
            "Protocole et données ouverts.",
            "Capteurs réparables ; mesures au quart d’heure.",
            "Parents et enseignants ont choisi les emplacements.",
        ],
        funding: "Autofinancement ; ADEME.",
        partners: "Association agréée de surveillance de la qualité de l’air, écoles.",
    }),
    project(TIR, ALL, "idea", "2026-04", 300_000, "", Texts {
        title: "Gouvernance publique des données de la ville : un commun numérique",
        summary: "Nous voulons placer les données urbaines (énergie, mobilité, déchets) sous une gouvernance publique ouverte aux habitants et aux entreprises, avec des règles d’accès claires et un comité d’éthique.",
        sections: [
            "Les données générées par nos délégataires de service public ne nous revenaient pas toujours.",
            "Garder la maîtrise publique des données ; fixer des règles d’usage ; associer les habitants.",
            "Clauses de données dans les contrats, plateforme de partage, comité d’éthique avec des habitants tirés au sort.",
            "En préparation.",
            "La maîtrise publique des données des délégataires.",
            "Modèles de clauses à publier.",
            "Ne collecter que les données utiles, les conserver au juste nécessaire.",
            "Comité d’éthique ouvert aux habitants.",
        ],
        funding: "À préciser.",
        partners: "Délégataires de service public, université.",
    }),
];

impl DemoProject {
    /// Whether a collectivité of this kind (`ville` and `bourg` for communes) could carry it.
    pub fn suits(&self, kind: &str) -> bool {
        self.suits.contains(&kind) || (matches!(kind, "ville" | "bourg") && self.suits.contains(&"commune"))
    }
}

/// Every demo project.
pub fn projects() -> &'static [DemoProject] {
    PROJECTS
}

/// How a collectivité of this kind calls itself in its own texts.
fn ourselves(kind: &str) -> &'static str {
    match kind {
        "commune" | "ville" | "bourg" => "notre commune",
        "epci" => "notre intercommunalité",
        "departement" => "notre département",
        "region" => "notre région",
        _ => "notre collectivité",
    }
}

/// A project text as written by a collectivité of this kind.
pub fn fill(text: &str, kind: &str) -> String {
    let us = ourselves(kind);
    let mut capitalised = us.to_string();
    capitalised.replace_range(0..1, "N");
    text.replace("{notre}", us).replace("{Notre}", &capitalised)
}

/// The project filed as the `index`-th demo dossier by a collectivité of `kind`: the
/// categories take turns, and within a category the projects that suit the kind take
/// turns too, starting at a point chosen by `seed`, so that consecutive dossiers differ.
pub fn pick(seed: usize, index: usize, kind: &str) -> &'static DemoProject {
    const CATEGORIES: [&str; 5] = [IC, MSP, TI, NR, TIR];
    let category = CATEGORIES[index % CATEGORIES.len()];
    let in_category = || PROJECTS.iter().filter(move |p| p.category == category);
    let suiting: Vec<&DemoProject> = in_category().filter(|p| p.suits(kind)).collect();
    let candidates = if suiting.is_empty() { in_category().collect() } else { suiting };
    candidates[(seed + index / CATEGORIES.len()) % candidates.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::applications::model::{DossierFields, PROJECT_STATES};

    const KINDS: [&str; 5] = ["ville", "bourg", "epci", "departement", "region"];

    fn fields(p: &DemoProject, kind: &str) -> DossierFields {
        let f = |t: &str| fill(t, kind);
        DossierFields {
            title: f(p.title),
            category: p.category.into(),
            summary: f(p.summary),
            context: f(p.context),
            objectives: f(p.objectives),
            realisation: f(p.realisation),
            results: f(p.results),
            innovation: f(p.innovation),
            reproducibility: f(p.reproducibility),
            sobriety: f(p.sobriety),
            participation: f(p.participation),
            budget_euros: p.budget_euros.to_string(),
            funding: f(p.funding),
            partners: f(p.partners),
            project_state: p.project_state.into(),
            start_date: p.start_date.into(),
            video_url: p.video_url.into(),
            contact_name: "Lucie Perrin".into(),
            contact_email: "lucie.perrin@demo.test".into(),
            contact_phone: "04 72 00 00 00".into(),
        }
    }

    #[test]
    fn every_project_is_a_complete_valid_dossier_for_every_kind_it_suits() {
        let slugs = [IC, MSP, TI, NR, TIR];
        for p in projects() {
            assert!(PROJECT_STATES.iter().any(|(v, _)| *v == p.project_state), "{}", p.title);
            for kind in p.suits {
                let content = fields(p, kind).validate(&slugs, true);
                assert!(content.is_ok(), "{} ({kind}): {:?}", p.title, content.err());
                let filled = fields(p, kind);
                for text in [&filled.title, &filled.summary, &filled.context, &filled.funding] {
                    assert!(!text.contains('{') && !text.contains('}'), "placeholder left in {text}");
                }
            }
        }
    }

    #[test]
    fn each_category_has_enough_distinct_projects_for_every_kind() {
        for category in [IC, MSP, TI, NR, TIR] {
            let all: Vec<_> = projects().iter().filter(|p| p.category == category).collect();
            assert!(all.len() >= 9, "{category}: {}", all.len());
            for kind in KINDS {
                let suiting = all.iter().filter(|p| p.suits(kind)).count();
                assert!(suiting >= 3, "{category} has {suiting} projects for {kind}");
            }
        }
        let mut titles: Vec<_> = projects().iter().map(|p| p.title).collect();
        titles.sort_unstable();
        titles.dedup();
        assert_eq!(titles.len(), projects().len(), "two projects share a title");
    }

    #[test]
    fn fill_speaks_as_the_collectivite() {
        assert_eq!(fill("{Notre} et {notre}", "epci"), "Notre intercommunalité et notre intercommunalité");
        assert_eq!(fill("gérée par {notre}", "region"), "gérée par notre région");
        assert_eq!(fill("sans marque", "commune"), "sans marque");
    }

    #[test]
    fn pick_rotates_categories_and_suits_the_kind() {
        for kind in KINDS {
            let picked: Vec<_> = (0..25).map(|i| pick(3, i, kind)).collect();
            for (i, p) in picked.iter().enumerate() {
                assert_eq!(p.category, [IC, MSP, TI, NR, TIR][i % 5]);
                assert!(p.suits(kind), "{} for {kind}", p.title);
            }
        }
        // Communes see many different projects before any repeats within a category.
        let first: Vec<_> = (0..15).map(|i| pick(0, i, "ville").title).collect();
        let mut distinct = first.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), first.len());
    }
}
