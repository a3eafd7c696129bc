"""Name pools for the demo database: what a German/French/English and Chinese customer base
looks like, so that lists, search, sorting and printing meet accents and Chinese characters
from the first run. Pure data; desktop.services.demo draws from it.
"""

from __future__ import annotations

# Packed several to a line: these are lists to read across, not code.
# fmt: off

# (given name, ASCII form for e-mail addresses)
WESTERN_FIRST: tuple[tuple[str, str], ...] = (
    ("Anna", "anna"), ("Lukas", "lukas"), ("Sophie", "sophie"), ("Jürgen", "juergen"),
    ("Maximilian", "maximilian"), ("Hannah", "hannah"), ("Günther", "guenther"),
    ("Käthe", "kaethe"), ("Felix", "felix"), ("Lena", "lena"), ("Stefan", "stefan"),
    ("Ursula", "ursula"), ("Jörg", "joerg"), ("Sabine", "sabine"), ("Matthias", "matthias"),
    ("Björn", "bjoern"), ("Claudia", "claudia"), ("Dieter", "dieter"), ("Elke", "elke"),
    ("Thomas", "thomas"), ("Zoë", "zoe"), ("François", "francois"), ("Hélène", "helene"),
    ("Amélie", "amelie"), ("Jérôme", "jerome"), ("Céline", "celine"), ("René", "rene"),
    ("Élodie", "elodie"), ("Stéphane", "stephane"), ("Benoît", "benoit"), ("Margaux", "margaux"),
    ("Noël", "noel"), ("Chloé", "chloe"), ("Gaëlle", "gaelle"), ("Étienne", "etienne"),
    ("John", "john"), ("Mary", "mary"), ("James", "james"), ("Patricia", "patricia"),
    ("Robert", "robert"), ("Jennifer", "jennifer"), ("Michael", "michael"), ("Linda", "linda"),
    ("William", "william"), ("Elizabeth", "elizabeth"), ("David", "david"), ("Susan", "susan"),
    ("Richard", "richard"), ("Sarah", "sarah"), ("Daniel", "daniel"), ("Emily", "emily"),
    ("Olivia", "olivia"), ("George", "george"), ("Charlotte", "charlotte"), ("Henry", "henry"),
    ("Sofía", "sofia"), ("José", "jose"), ("Åsa", "asa"), ("Søren", "soeren"),
)

WESTERN_LAST: tuple[tuple[str, str], ...] = (
    ("Müller", "mueller"), ("Schmidt", "schmidt"), ("Schneider", "schneider"),
    ("Fischer", "fischer"), ("Weber", "weber"), ("Meyer", "meyer"), ("Wagner", "wagner"),
    ("Becker", "becker"), ("Schulz", "schulz"), ("Hoffmann", "hoffmann"), ("Schäfer", "schaefer"),
    ("Koch", "koch"), ("Bauer", "bauer"), ("Richter", "richter"), ("Klein", "klein"),
    ("Wolf", "wolf"), ("Schröder", "schroeder"), ("Neumann", "neumann"), ("Schwarz", "schwarz"),
    ("Zimmermann", "zimmermann"), ("Krüger", "krueger"), ("Hofmann", "hofmann"),
    ("Hartmann", "hartmann"), ("Lange", "lange"), ("Weiß", "weiss"), ("Köhler", "koehler"),
    ("Groß", "gross"), ("Jäger", "jaeger"), ("Böhm", "boehm"), ("Martin", "martin"),
    ("Bernard", "bernard"), ("Dubois", "dubois"), ("Thomas", "thomas"), ("Robert", "robert"),
    ("Richard", "richard"), ("Petit", "petit"), ("Durand", "durand"), ("Leroy", "leroy"),
    ("Lefèvre", "lefevre"), ("Moreau", "moreau"), ("Girard", "girard"), ("Fontaine", "fontaine"),
    ("Mercier", "mercier"), ("Chevalier", "chevalier"), ("Lemaître", "lemaitre"),
    ("Bérénger", "berenger"), ("Gauthier", "gauthier"), ("Smith", "smith"), ("Johnson", "johnson"),
    ("Williams", "williams"), ("Brown", "brown"), ("Jones", "jones"), ("Miller", "miller"),
    ("Davis", "davis"), ("Wilson", "wilson"), ("Taylor", "taylor"), ("Anderson", "anderson"),
    ("Clarke", "clarke"), ("Walker", "walker"), ("Wright", "wright"), ("O'Brien", "obrien"),
    ("García", "garcia"), ("Núñez", "nunez"), ("Ødegaard", "odegaard"),
)

# (family name, pinyin)
CHINESE_FAMILY: tuple[tuple[str, str], ...] = (
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"),
    ("黄", "huang"), ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"), ("徐", "xu"), ("孙", "sun"),
    ("马", "ma"), ("朱", "zhu"), ("胡", "hu"), ("郭", "guo"), ("何", "he"), ("高", "gao"),
    ("林", "lin"), ("罗", "luo"), ("郑", "zheng"), ("梁", "liang"), ("谢", "xie"), ("宋", "song"),
    ("唐", "tang"), ("欧阳", "ouyang"), ("司马", "sima"),
)

# (given name, pinyin)
CHINESE_GIVEN: tuple[tuple[str, str], ...] = (
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("秀英", "xiuying"), ("敏", "min"), ("静", "jing"),
    ("丽", "li"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"), ("勇", "yong"),
    ("艳", "yan"), ("杰", "jie"), ("娟", "juan"), ("涛", "tao"), ("明", "ming"), ("超", "chao"),
    ("秀兰", "xiulan"), ("霞", "xia"), ("平", "ping"), ("刚", "gang"), ("桂英", "guiying"),
    ("建华", "jianhua"), ("晓明", "xiaoming"), ("志强", "zhiqiang"), ("丽娟", "lijuan"),
    ("海燕", "haiyan"), ("子涵", "zihan"), ("雨桐", "yutong"),
)

# (sector word, ASCII form for domains, industry): Western companies are "<family name> <sector>"
WESTERN_SECTORS: tuple[tuple[str, str, str], ...] = (
    ("Logistik", "logistik", "Logistics"), ("Maschinenbau", "maschinenbau", "Engineering"),
    ("Medizintechnik", "medtech", "Healthcare"), ("Software", "software", "Software"),
    ("Bäckerei", "baeckerei", "Food"), ("Versicherungen", "versicherungen", "Insurance"),
    ("Énergie", "energie", "Energy"), ("Équipements", "equipements", "Engineering"),
    ("Vins", "vins", "Wine"), ("Conseil", "conseil", "Consulting"),
    ("Consulting", "consulting", "Consulting"), ("Trading", "trading", "Retail"),
    ("Industries", "industries", "Manufacturing"), ("Builders", "builders", "Construction"),
    ("Media", "media", "Media"), ("Pharma", "pharma", "Healthcare"),
    ("Elektrotechnik", "elektro", "Electronics"), ("& Söhne", "soehne", "Manufacturing"),
)
COMPANY_FORMS: dict[str, tuple[str, ...]] = {
    "Germany": ("GmbH", "AG", "GmbH & Co. KG", "KG"), "France": ("SARL", "SA", "SAS"),
    "United States": ("Inc.", "LLC", "Corp."),
}

# Chinese companies are "<city><brand><sector><form>", e.g. 北京华星科技有限公司.
CHINESE_BRANDS: tuple[tuple[str, str], ...] = (
    ("华星", "huaxing"), ("长江", "changjiang"), ("东方", "dongfang"), ("中科", "zhongke"),
    ("金龙", "jinlong"), ("新世纪", "xinshiji"), ("宏达", "hongda"), ("恒通", "hengtong"),
    ("天元", "tianyuan"), ("瑞丰", "ruifeng"), ("盛世", "shengshi"), ("富源", "fuyuan"),
)
CHINESE_SECTORS: tuple[tuple[str, str], ...] = (
    ("科技", "Software"), ("贸易", "Retail"), ("电子", "Electronics"), ("物流", "Logistics"),
    ("网络", "Software"), ("机械", "Engineering"), ("能源", "Energy"), ("医疗器械", "Healthcare"),
    ("化工", "Chemicals"), ("食品", "Food"), ("纺织", "Textiles"), ("建设", "Construction"),
)
CHINESE_COMPANY_FORMS: tuple[str, ...] = (
    "有限公司", "股份有限公司", "集团",
)
PRIVATE_MAIL_DOMAINS: dict[str, tuple[str, ...]] = {
    "Germany": ("web.de", "gmx.de", "t-online.de"),
    "France": ("orange.fr", "free.fr", "laposte.net"),
    "United States": ("gmail.com", "outlook.com", "yahoo.com"),
    "China": ("qq.com", "163.com", "126.com"),
}

# (city, region, country, calling code, area codes, postal code prefix)
WESTERN_CITIES: tuple[tuple[str, str, str, str, tuple[str, ...], str], ...] = (
    ("Berlin", "Berlin", "Germany", "49", ("30",), "10"),
    ("München", "Bayern", "Germany", "49", ("89",), "80"),
    ("Hamburg", "Hamburg", "Germany", "49", ("40",), "20"),
    ("Köln", "Nordrhein-Westfalen", "Germany", "49", ("221",), "50"),
    ("Frankfurt am Main", "Hessen", "Germany", "49", ("69",), "60"),
    ("Stuttgart", "Baden-Württemberg", "Germany", "49", ("711",), "70"),
    ("Düsseldorf", "Nordrhein-Westfalen", "Germany", "49", ("211",), "40"),
    ("Nürnberg", "Bayern", "Germany", "49", ("911",), "90"),
    ("Paris", "Île-de-France", "France", "33", ("1",), "75"),
    ("Lyon", "Auvergne-Rhône-Alpes", "France", "33", ("4",), "69"),
    ("Marseille", "Provence-Alpes-Côte d'Azur", "France", "33", ("4",), "13"),
    ("Besançon", "Bourgogne-Franche-Comté", "France", "33", ("3",), "25"),
    ("Orléans", "Centre-Val de Loire", "France", "33", ("2",), "45"),
    ("New York", "NY", "United States", "1", ("212", "646"), "100"),
    ("Chicago", "IL", "United States", "1", ("312", "773"), "606"),
    ("San Francisco", "CA", "United States", "1", ("415",), "941"),
    ("Boston", "MA", "United States", "1", ("617",), "021"),
)

CHINESE_CITIES: tuple[tuple[str, str, str, str, tuple[str, ...], str], ...] = (
    ("北京", "北京市", "China", "86", ("10",), "100"),
    ("上海", "上海市", "China", "86", ("21",), "200"),
    ("广州", "广东省", "China", "86", ("20",), "510"),
    ("深圳", "广东省", "China", "86", ("755",), "518"),
    ("杭州", "浙江省", "China", "86", ("571",), "310"),
    ("成都", "四川省", "China", "86", ("28",), "610"),
    ("南京", "江苏省", "China", "86", ("25",), "210"),
    ("武汉", "湖北省", "China", "86", ("27",), "430"),
)

# Mobile prefixes per calling code: what a mobile number starts with after the code.
MOBILE_PREFIXES: dict[str, tuple[str, ...]] = {
    "49": ("151", "160", "170", "176"), "33": ("6", "7"), "1": ("917", "347", "415"),
    "86": ("138", "139", "186", "135"),
}

GERMAN_STREETS: tuple[str, ...] = (
    "Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Goethestraße", "Lindenallee", "Gartenweg",
    "Königsallee", "Mühlenweg", "Am Marktplatz", "Friedrichstraße",
)
FRENCH_STREETS: tuple[str, ...] = (
    "rue de la République", "avenue des Champs-Élysées", "boulevard Saint-Germain",
    "rue Victor Hugo", "place de la Comédie", "rue du Général-de-Gaulle", "quai des Célestins",
)
ENGLISH_STREETS: tuple[str, ...] = (
    "Main Street", "Oak Avenue", "Maple Drive", "Park Lane", "Cedar Road", "Washington Blvd",
)
CHINESE_STREETS: tuple[str, ...] = (
    "中山路", "人民路", "解放路", "建国路", "长安街", "南京东路", "淮海中路", "科技园路",
)
STREETS_BY_COUNTRY: dict[str, tuple[str, ...]] = {
    "Germany": GERMAN_STREETS, "France": FRENCH_STREETS, "United States": ENGLISH_STREETS,
    "China": CHINESE_STREETS,
}

TITLES: tuple[str, ...] = (
    "", "", "Einkaufsleiter", "Geschäftsführerin", "Directeur commercial", "Head of Purchasing",
    "Sales Manager", "CTO", "采购经理", "总经理", "Buyer", "Office Manager",
)
DEPARTMENTS: tuple[str, ...] = (
    "", "", "Einkauf", "Vertrieb", "IT", "Achats", "Purchasing", "采购部",
)
SOURCES: tuple[str, ...] = (
    "Trade fair", "Website", "Referral", "Cold call", "Messe", "LinkedIn",
)
OWNERS: tuple[str, ...] = (
    "Sandra Keller", "Marc Dupont", "Li Na", "Tom Baker",
)

TAGS: tuple[str, ...] = (
    "VIP", "Newsletter", "Partner", "Prospect", "Key account", "Kunde", "Lieferant", "Messe 2025",
    "重要客户", "Follow-up",
)
GROUPS: tuple[tuple[str, str], ...] = (
    ("Christmas cards", "Who gets a card in December"), ("Hannover Messe", "Met at the fair"),
    ("Beta testers", "Try new products first"), ("Region Süd", "Bayern and Baden-Württemberg"),
    ("Région Île-de-France", ""), ("华东客户", "Customers in East China"), ("Golf day", ""),
    ("Board members", ""),
)

# (name, type, choices, for contacts or companies)
CUSTOM_FIELDS: tuple[tuple[str, str, str, str], ...] = (
    ("Customer since", "date", "", "contact"), ("Segment", "choice", "A\nB\nC", "contact"),
    ("Employees", "number", "", "company"),
)

# (name, price in cents)
PRODUCTS: tuple[tuple[str, int], ...] = (
    ("Rapport Desktop licence", 19900), ("Rapport Team licence", 49900),
    ("Support plan Basic", 9900), ("Support plan Premium", 29900), ("On-site training day", 120000),
    ("Data migration", 85000), ("Industrial valve DN50", 4550), ("Pressure sensor PS-200", 12900),
    ("Hydraulic pump HP-7", 189000), ("Control cabinet", 245000), ("Spare parts kit", 3490),
    ("Wartungsvertrag", 59000), ("Schulung Grundkurs", 45000), ("Câble renforcé 50 m", 7990),
    ("Module d'extension", 15900), ("Serveur rack 2U", 329000), ("工业传感器", 8800),
    ("控制模块", 16800), ("Thermal camera", 149000), ("Safety gloves (box)", 2490),
    ("LED panel 60x60", 5990), ("Conveyor belt 10 m", 412000), ("Gearbox G3", 98000),
    ("Consulting hour", 14000), ("Annual maintenance", 75000), ("Barcode scanner", 21900),
    ("Label printer", 33900), ("Forklift rental (week)", 69000), ("Packaging film roll", 1890),
    ("Étiquettes (1000)", 2990),
)

CALL_SUBJECTS: tuple[str, ...] = (
    "Follow up on quote", "Rückruf wegen Angebot", "Relance devis", "Check satisfaction",
    "回访客户", "Discuss renewal", "Terminvereinbarung",
)
MEETING_SUBJECTS: tuple[str, ...] = (
    "Product demo", "Jahresgespräch", "Rendez-vous commercial", "Contract negotiation", "项目会议",
    "Site visit",
)
TODO_SUBJECTS: tuple[str, ...] = (
    "Send brochure", "Angebot schreiben", "Envoyer la facture", "Prepare proposal", "准备报价",
)
RESULTS: tuple[str, ...] = (
    "Reached", "Left message", "Meeting held", "Not reached", "Erreicht",
)
HISTORY_TEXTS: tuple[tuple[str, str, str], ...] = (
    ("call", "Called about the new catalogue", "Reached"), ("email", "Sent price list", ""),
    ("meeting", "Meeting at their office", "Meeting held"), ("visit", "Besuch vor Ort", ""),
    ("note", "Prefers contact in the morning", ""),
    ("complaint", "Lieferung verspätet", "Resolved"), ("call", "电话沟通报价", "Reached"),
    ("imported", "Imported from trade fair list", ""),
)
DEAL_TOPICS: tuple[str, ...] = (
    "Rollout", "Renewal", "Expansion", "Erstauftrag", "Nouveau contrat", "Pilot", "扩展项目",
    "Service contract",
)
LOST_REASONS: tuple[str, ...] = (
    "Price too high", "Chose a competitor", "Budget frozen", "Projekt verschoben", "无预算",
)
WON_REASONS: tuple[str, ...] = (
    "Best offer", "Existing relationship", "Fast delivery",
)
