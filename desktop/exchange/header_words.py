"""What column headers mean, in English, German and Chinese and in the layouts of Google
Contacts, Outlook and Act! exports.

Kept apart from the mapping logic because it is vocabulary, not code: adding a language is
adding words here. Headers are compared after `normalise_header` (case-folded, 'e-mail'
spelt 'email', required-field stars and punctuation dropped).
"""

from __future__ import annotations

import re
from itertools import pairwise

# Chinese forms mark required columns with a full-width star and end headers with a full-width
# colon; both are written as escapes so they are not mistaken for their ASCII twins.
_STARS = re.compile("^[\\s*\uff0a]+|[\\s*\uff0a:\uff1a]+$")
_SPACES = re.compile(r"[\s_]+")


def normalise_header(header: str) -> str:
    text = _STARS.sub("", header.casefold().strip())
    text = text.replace("e-mail", "email").replace("e mail", "email")
    return _SPACES.sub(" ", text).strip()


# normalised header -> field key
EXACT: dict[str, str] = {}


def _words(field: str, *headers: str) -> None:
    for header in headers:
        EXACT[normalise_header(header)] = field


_words(
    "full_name",
    "name",
    "full name",
    "contact",
    "contact name",
    "display name",
    "kontakt",
    "姓名",
    "联系人",
    "客户姓名",
    "联系人姓名",
    "名称",
)
_words(
    "first_name",
    "first name",
    "given name",
    "first",
    "forename",
    "firstname",
    "vorname",
    "名",
    "名字",
)
_words(
    "last_name",
    "last name",
    "surname",
    "family name",
    "last",
    "lastname",
    "nachname",
    "familienname",
    "姓",
    "姓氏",
)
_words("middle_name", "middle name", "additional name", "weitere vornamen", "second name")
_words(
    "company",
    "company",
    "company name",
    "organization",
    "organisation",
    "firma",
    "unternehmen",
    "firmenname",
    "organization 1 - name",
    "account name",
    "account",
    "公司",
    "公司名称",
    "单位",
    "单位名称",
    "企业",
    "企业名称",
    "工作单位",
)
_words(
    "title",
    "job title",
    "position",
    "role",
    "funktion",
    "beruf",
    "stellung",
    "organization 1 - title",
    "职位",
    "职务",
    "头衔",
    "岗位",
    "title",
)
_words("department", "department", "abteilung", "organization 1 - department", "部门")
_words(
    "birthday",
    "birthday",
    "birth date",
    "date of birth",
    "dob",
    "geburtstag",
    "geburtsdatum",
    "生日",
    "出生日期",
)
_words(
    "notes",
    "notes",
    "note",
    "comments",
    "comment",
    "notizen",
    "notiz",
    "description",
    "beschreibung",
    "bemerkung",
    "bemerkungen",
    "anmerkungen",
    "kommentar",
    "备注",
    "附注",
)
_words(
    "tags",
    "tags",
    "tag",
    "categories",
    "category",
    "labels",
    "kategorien",
    "kategorie",
    "stichwörter",
    "schlagwörter",
    "标签",
    "分类",
    "id/status",
)
_words("groups", "groups", "group", "group membership", "gruppen", "gruppe", "分组", "群组")
_words(
    "source", "source", "lead source", "referred by", "quelle", "empfohlen von", "来源", "客户来源"
)
_words(
    "owner",
    "owner",
    "record manager",
    "salesperson",
    "sales rep",
    "account owner",
    "betreuer",
    "vertriebsmitarbeiter",
    "负责人",
    "业务员",
    "客户经理",
    "销售",
)
_words("name_prefix", "name prefix", "prefix", "anrede", "称谓")
_words("name_suffix", "name suffix", "suffix", "namenszusatz")
_words("nickname", "nickname", "nick name", "spitzname", "rufname", "昵称")
_words("alternate_name", "alternate name", "phonetic name", "yomi name", "拼音")
_words(
    "website",
    "website",
    "web site",
    "web page",
    "webpage",
    "homepage",
    "url",
    "webseite",
    "网站",
    "网址",
    "主页",
)
_words("anniversary", "anniversary", "jahrestag", "hochzeitstag", "纪念日")
# Facts about an account that no contact field holds (its website has one): kept in the
# notes as "column: value".
_words(
    "keep_in_notes",
    "industry",
    "branche",
    "annual revenue",
    "number of employees",
    "employees",
    "mitarbeiter",
    "ownership",
    "rating",
    "sic code",
    "ticker symbol",
    "行业",
)
_words("consent_purpose", "consent purpose")
_words("consent_source", "consent source")
_words("consent_given_at", "consent given")
_words("crm_number", "crm number", "crm no", "crm-nummer", "crm nr")
# Rapport's exports name the column holding the primary phone, e-mail and address; a number
# in a column such as Outlook's 'Primary Phone' is a phone, not one of these.
_words(
    "phone_primary",
    "which phone is primary",
    "welches telefon ist primär",
    "welche telefonnummer ist primär",
    "主要电话所在列",
)
_words(
    "email_primary",
    "which e-mail is primary",
    "welche e-mail ist primär",
    "welche e-mail-adresse ist primär",
    "主要邮箱所在列",
)
_words(
    "address_primary",
    "which address is primary",
    "welche adresse ist primär",
    "welche anschrift ist primär",
    "主要地址所在列",
)
# Columns that look like fields but are not ours to fill: kept out of the guessing on purpose.
_words(
    "",
    "email type",
    "email display name",
    "email-typ",
    "email typ",
    "email: angezeigter name",
    "email 2: typ",
    "email 2: angezeigter name",
    "email 3: typ",
    "email 3: angezeigter name",
    "序号",
    "phone extension",
)

# Words in a header that say which phone, e-mail or address it is.
LABEL_WORDS: dict[str, str] = {
    "business": "work",
    "work": "work",
    "office": "work",
    "geschäftlich": "work",
    "dienstlich": "work",
    "firma": "work",
    "company": "work",
    "büro": "work",
    "home": "home",
    "private": "home",
    "privat": "home",
    "personal": "home",
    "mobile": "mobile",
    "cell": "mobile",
    "handy": "mobile",
    "mobil": "mobile",
    "mobiltelefon": "mobile",
    "fax": "fax",
    "pager": "pager",
    "main": "main",
    "haupttelefon": "main",
    "primary": "main",
    "other": "other",
    "weitere": "other",
    "weiteres": "other",
    "weiterer": "other",
    "autotelefon": "car",
    "car": "car",
    "assistant": "assistant",
    "assistent": "assistant",
    # CRM exports (Salesforce): an account's billing and shipping address, a contact's mailing
    "billing": "billing",
    "shipping": "shipping",
    "mailing": "mailing",
}
CJK_LABEL_WORDS: dict[str, str] = {
    "手机": "mobile",
    "移动": "mobile",
    "办公": "work",
    "工作": "work",
    "单位": "work",
    "公司": "work",
    "家庭": "home",
    "住宅": "home",
    "传真": "fax",
    "其他": "other",
}

PHONE_WORDS = frozenset(
    "phone telephone tel telefon fon mobile cell handy mobil mobiltelefon fax pager "
    "haupttelefon autotelefon isdn telex".split()
)
CJK_PHONE_WORDS = ("电话", "手机", "传真", "移动电话", "联系方式")
EMAIL_WORDS = frozenset("email mail emailadresse".split())
CJK_EMAIL_WORDS = ("邮箱", "邮件", "电子邮件", "电邮")
# Headers about an e-mail or phone that are not the address or number itself.
NOT_A_VALUE = frozenset("type typ display angezeigter extension durchwahl".split())

ADDRESS_WORDS: tuple[tuple[str, frozenset[str], tuple[str, ...]], ...] = (
    # (part, Latin words, Chinese substrings); earlier parts win ('Land/Region' is a country)
    ("country", frozenset("country land staat".split()), ("国家",)),
    (
        "postal_code",
        frozenset("zip postal postcode plz postleitzahl".split()),
        ("邮编", "邮政编码"),
    ),
    ("region", frozenset("state province region bundesland kanton county".split()), ("省份", "省")),
    ("city", frozenset("city town ort stadt".split()), ("城市",)),
    (
        "street",
        frozenset("street straße strasse address adresse anschrift".split()),
        ("地址", "住址", "街道"),
    ),
)

# -- headers written as one word ('BILLINGPOSTALCODE', 'ShippingPostalCode') -------------------

# Words a joined header is split into besides those above: the parts of CRM column names.
_JOINED_EXTRA = frozenset("postal code name id number date of birth lead source type".split())
_MAX_WORD = 16


def _vocabulary() -> frozenset[str]:
    found = set(_JOINED_EXTRA) | set(LABEL_WORDS) | PHONE_WORDS | EMAIL_WORDS | NOT_A_VALUE
    for _part, latin, _cjk in ADDRESS_WORDS:
        found |= latin
    for header in EXACT:
        found.update(w for w in header.split() if w.isascii() and w.isalpha())
    return frozenset(w for w in found if len(w) > 1)


_VOCABULARY = _vocabulary()


def split_joined(text: str) -> str:
    """'billingpostalcode' -> 'billing postal code' when the whole header is made of known
    words (fewest words win), else ''. Only for one-word ASCII headers."""
    if not (text.isascii() and text.isalpha()) or len(text) > 60:
        return ""
    # best[i]: the fewest words spelling text[:i], as their start positions
    best: list[list[int] | None] = [[]] + [None] * len(text)
    for end in range(1, len(text) + 1):
        for start in range(max(0, end - _MAX_WORD), end):
            before = best[start]
            if before is not None and text[start:end] in _VOCABULARY:
                if best[end] is None or len(before) + 1 < len(best[end] or ()):
                    best[end] = [*before, start]
    starts = best[-1]
    if not starts or len(starts) < 2:
        return ""
    bounds = [*starts, len(text)]
    return " ".join(text[a:b] for a, b in pairwise(bounds))
