"""Is a name a firm's? A name ending (or, in Japan, beginning) in a legal form is.

A CRM account export has a 'Name' column holding 'Acme Systems, Inc.'; read as a person's
name it became first name 'Inc.' (issue 13.3). Vocabulary, not logic: adding a country is
adding its forms here. Two-letter forms that are also words or names ('AG', 'SA', 'AB') count
only in capitals; the rest ignore case.
"""

from __future__ import annotations

import re

_ANY_CASE = (
    r"inc\.?|incorporated|corp\.?|corporation|ltd\.?|limited|llc|l\.l\.c\.|llp|plc|"
    r"gmbh(?:\s*&\s*co\.?\s*kg)?|mbh|ggmbh|kgaa|ohg|gbr|e\.\s?v\.|e\.\s?k\.|ug|"
    r"sarl|s\.a\.r\.l\.|s\.a\.s\.?|s\.a\.|s\.p\.a\.|s\.r\.l\.|srl|s\.l\.|"
    r"b\.v\.|n\.v\.|pty\.?\s+ltd\.?|pte\.?\s+ltd\.?|co\.,?\s*ltd\.?|k\.k\.|a/s|oyj?"
)
_CAPITALS = r"AG|KG|SA|SAS|SE|AB|AS|BV|NV|OY|KK|LP|SpA|SPA"
_LATIN_FORM = re.compile(
    rf"(?:^|[\s,])(?:(?i:{_ANY_CASE})|(?:{_CAPITALS}))\s*$",
)
_CJK_SUFFIXES = (
    "有限公司",
    "有限责任公司",
    "股份有限公司",
    "集团",
    "公司",
    "株式会社",
    "有限会社",
    "合同会社",
    "(株)",
    "\uff08株\uff09",  # full-width brackets
    "㈱",
    "주식회사",
    "유한회사",
)
_CJK_PREFIXES = ("株式会社", "有限会社", "合同会社", "(株)", "\uff08株\uff09", "㈱", "주식회사")


def is_company_name(name: str) -> bool:
    """True for 'Acme Systems, Inc.', 'Müller GmbH', '北京星光有限公司', '株式会社トヨタ'."""
    text = name.strip()
    if not text:
        return False
    if text.endswith(_CJK_SUFFIXES) or text.startswith(_CJK_PREFIXES):
        return True
    return bool(_LATIN_FORM.search(text))
