"""The rows of one block of demo contacts, drawn from demo_data with one seeded random source.

Rows are plain tuples in the column order of `COLUMNS`, with ids assigned here, so that a block
is written with one executemany per table and related rows point at each other without
reading anything back. Every choice goes through `self.rng`, so one seed gives one database.
"""

from __future__ import annotations

import pickle
import random
import signal
import sys
import uuid
from collections.abc import Generator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from desktop.services import demo_data as data
from desktop.services.demo_plan import Block, Lookups, Plan
from desktop.store.crm_numbers import format_crm
from desktop.store.names import display_name, sort_key, sort_name

_STAMP = "%Y-%m-%d %H:%M:%S.000000"
_BERLIN = ZoneInfo("Europe/Berlin")


def _stamp(moment: datetime) -> str:
    """SQLAlchemy's SQLite DateTime text form; PostgreSQL casts the same text."""
    return moment.strftime(_STAMP)


@dataclass(frozen=True)
class Company:
    id: int
    name: str
    domain: str
    city: tuple[str, str, str, str, tuple[str, ...], str]
    chinese: bool


class RowMaker:
    """Draws companies and blocks of contacts; ids continue from the given starting points."""

    def __init__(self, rng: random.Random, today: date, next_ids: dict[str, int]) -> None:
        self.rng = rng
        self.today = today
        self.now = datetime(today.year, today.month, today.day, 12, 0)
        self.next_ids = dict(next_ids)
        self.western: list[Company] = []
        self.chinese: list[Company] = []
        # Day -> date text for the ten years around today, so rows never format a date twice.
        self._days = {
            offset: (today + timedelta(days=offset)).isoformat() for offset in range(-27_000, 400)
        }
        self._names: dict[tuple[str, str], tuple[str, str, str]] = {}
        self._tag_sets: list[tuple[int, ...]] = []
        self.series_made = 0

    def _take_id(self, table: str) -> int:
        value = self.next_ids[table]
        self.next_ids[table] = value + 1
        return value

    # Companies -------------------------------------------------------------------------

    def companies(self, count: int) -> list[tuple]:
        rng = self.rng
        rows = []
        for _ in range(count):
            cid = self._take_id("companies")
            if rng.random() < 0.3:
                city = rng.choice(data.CHINESE_CITIES)
                brand, brand_ascii = rng.choice(data.CHINESE_BRANDS)
                sector, industry = rng.choice(data.CHINESE_SECTORS)
                name = f"{city[0]}{brand}{sector}{rng.choice(data.CHINESE_COMPANY_FORMS)}"
                domain = f"{brand_ascii}{cid}.com.cn"
                company = Company(cid, name, domain, city, True)
                self.chinese.append(company)
            else:
                city = rng.choice(data.WESTERN_CITIES)
                family, family_ascii = rng.choice(data.WESTERN_LAST)
                sector, sector_ascii, industry = rng.choice(data.WESTERN_SECTORS)
                name = f"{family} {sector} {rng.choice(data.COMPANY_FORMS[city[2]])}"
                tld = {"Germany": "de", "France": "fr"}.get(city[2], "com")
                domain = f"{family_ascii}-{sector_ascii}{cid}.{tld}"
                company = Company(cid, name, domain, city, False)
                self.western.append(company)
            number, _e164, _digits = self._landline(city)
            street, postal = self._street(city)
            rows.append(
                (cid, name, industry, f"https://www.{domain}", number, street, city[0],
                 city[1], postal, city[2])
            )  # fmt: skip
        return rows

    def company_values(self, company_rows: list[tuple], field_id: int) -> list[tuple]:
        """'Employees' custom values for about 60% of the companies."""
        rng = self.rng
        return [
            (field_id, None, row[0], str(rng.choice((5, 12, 40, 250, 1200, 8000))))
            for row in company_rows
            if rng.random() < 0.6
        ]

    # Pieces of a contact ----------------------------------------------------------------

    def _landline(self, city: tuple) -> tuple[str, str, str]:
        """(as typed, E.164, digits) of a number in that city."""
        rng = self.rng
        code = city[3]
        area = rng.choice(city[4])
        if code == "1":
            subscriber = f"{rng.randrange(200, 1000)}-{rng.randrange(10000):04d}"
        elif code == "33":
            subscriber = " ".join(f"{rng.randrange(100):02d}" for _ in range(4))
        elif code == "86":
            subscriber = f"{rng.randrange(2000, 9000)} {rng.randrange(10000):04d}"
        else:
            subscriber = str(rng.randrange(10 ** (9 - len(area)), 10 ** (10 - len(area))))
        nsn = area + subscriber.replace(" ", "").replace("-", "")
        if code == "49" and rng.random() < 0.3:
            typed = f"0{area} {subscriber}"  # typed the German way, without the country code
        else:
            typed = f"+{code} {area} {subscriber}"
        return typed, f"+{code}{nsn}", code + nsn

    def _mobile(self, code: str) -> tuple[str, str, str]:
        rng = self.rng
        prefix = rng.choice(data.MOBILE_PREFIXES[code])
        if code == "33":
            rest = " ".join(f"{rng.randrange(100):02d}" for _ in range(4))
        elif code == "86":
            rest = f"{rng.randrange(10000):04d} {rng.randrange(10000):04d}"
        elif code == "1":
            rest = f"{rng.randrange(200, 1000)}-{rng.randrange(10000):04d}"
        else:
            rest = str(rng.randrange(1000000, 100000000))
        nsn = prefix + rest.replace(" ", "").replace("-", "")
        return f"+{code} {prefix} {rest}", f"+{code}{nsn}", code + nsn

    def _street(self, city: tuple) -> tuple[str, str]:
        rng = self.rng
        country = city[2]
        name = rng.choice(data.STREETS_BY_COUNTRY[country])
        number = rng.randrange(1, 200)
        if country == "China":
            street = f"{name}{number}号"
        elif country == "Germany":
            street = f"{name} {number}"
        else:
            street = f"{number} {name}"
        width = 5 if country != "China" else 6
        prefix = city[5]
        return street, prefix + str(rng.randrange(10 ** (width - len(prefix)))).zfill(
            width - len(prefix)
        )

    def _name(self, chinese: bool) -> tuple[str, str, str, str, str, str, str]:
        """(first, last, display, sort name, sort key, ASCII first, ASCII last)."""
        rng = self.rng
        if chinese:
            first, first_ascii = rng.choice(data.CHINESE_GIVEN)
            last, last_ascii = rng.choice(data.CHINESE_FAMILY)
        else:
            first, first_ascii = rng.choice(data.WESTERN_FIRST)
            last, last_ascii = rng.choice(data.WESTERN_LAST)
        key = (first, last)
        derived = self._names.get(key)
        if derived is None:
            ordered = sort_name(first, last)
            derived = self._names[key] = (display_name(first, last), ordered, sort_key(ordered))
        return first, last, *derived, first_ascii, last_ascii

    def _day(self, low: int, high: int) -> str:
        return self._days[self.rng.randrange(low, high)]

    def _moment(self, low_days: int, high_days: int) -> datetime:
        """A business-hours instant between low_days and high_days from today, on the quarter."""
        rng = self.rng
        day = self.today + timedelta(days=rng.randrange(low_days, high_days))
        return datetime(day.year, day.month, day.day, rng.randrange(7, 17), rng.randrange(4) * 15)

    # A block of contacts -----------------------------------------------------------------

    def block(self, first_id: int, crm: range, look: Lookups, plan: Plan) -> Block:
        """Contacts first_id.. (one per CRM number) with everything that hangs off them."""
        out = Block()
        rows = out.rows
        rng = self.rng
        random_ = rng.random
        choice = rng.choice
        for offset, number in enumerate(crm):
            cid = first_id + offset
            chinese = random_() < 0.3
            pool = self.chinese if chinese else self.western
            company = choice(pool) if pool and random_() < 0.85 else None
            city = (
                company.city
                if company
                else choice(data.CHINESE_CITIES if chinese else data.WESTERN_CITIES)
            )
            first, last, shown, ordered, key, first_ascii, last_ascii = self._name(chinese)
            phone = self._contact_phones(rows["contact_phones"], cid, city, company is not None)
            email = self._contact_emails(
                rows["contact_emails"], cid, city, company, first_ascii, last_ascii, chinese
            )
            street, postal = self._street(city)
            rows["contact_addresses"].append(
                (cid, "work" if company else "home", street, city[0], city[1], postal, city[2],
                 True, 0)
            )  # fmt: skip
            consent = random_() < 0.6
            rows["contacts"].append(
                (cid, format_crm(number), first, last, shown, ordered, key, choice(data.TITLES),
                 choice(data.DEPARTMENTS), company.id if company else None,
                 company.name if company else "", phone, email, city[0], choice(data.SOURCES),
                 choice(data.OWNERS),
                 self._day(-27_000, -8_000) if random_() < 0.4 else None,
                 "Newsletter" if consent else "", "Website form" if consent else "",
                 self._days[rng.randrange(-1800, 0)] + " 10:00:00.000000" if consent else None)
            )  # fmt: skip
            self._organize(rows, cid, look)
            if random_() < plan.activity_rate:
                self._activity(rows, cid, first_id, company, city, look)
            for _ in range(choice((0, 0, 1, 1, 1, 2))):
                kind, subject, result = choice(data.HISTORY_TEXTS)
                rows["history_items"].append(
                    (cid, kind, _stamp(self._moment(-1000, 0)), subject, result, "", None, None,
                     choice(data.OWNERS))
                )  # fmt: skip
            if random_() < plan.deal_rate:
                self._deal(rows, cid, company, shown, look)
            for _ in range(choice((0, 0, 0, 0, 0, 0, 1, 1, 1, 2))):
                product_id, name, price = choice(look.products)
                quantity = choice((1, 1, 1, 2, 3, 5, 10))
                rows["transactions"].append(
                    (cid, self._day(-1826, 0), product_id, name, quantity, price * quantity, "EUR")
                )
        return out

    def _contact_phones(self, rows: list[tuple], cid: int, city: tuple, works: bool) -> str:
        """Writes the contact's phones and returns the primary one as typed."""
        code = city[3]
        first = self._landline(city) if works else self._mobile(code)
        rows.append((cid, "work" if works else "mobile", *first, True, 0))
        if works and self.rng.random() < 0.5:
            rows.append((cid, "mobile", *self._mobile(code), False, 1))
        return first[0]

    def _contact_emails(
        self,
        rows: list[tuple],
        cid: int,
        city: tuple,
        company: Company | None,
        first: str,
        last: str,
        chinese: bool,
    ) -> str:
        """Writes the contact's e-mail addresses and returns the primary one ('' if none)."""
        rng = self.rng
        local = f"{last}.{first}" if chinese else f"{first}.{last}"
        private = f"{local}{cid}@{rng.choice(data.PRIVATE_MAIL_DOMAINS[city[2]])}"
        if company is not None:
            work = f"{local}@{company.domain}"
            rows.append((cid, "work", work, work, True, 0))
            if rng.random() < 0.2:
                rows.append((cid, "home", private, private, False, 1))
            return work
        if rng.random() < 0.85:
            rows.append((cid, "home", private, private, True, 0))
            return private
        return ""

    def _organize(self, rows: dict[str, list[tuple]], cid: int, look: Lookups) -> None:
        """Tags (about 1.5 a contact), a group for some, custom field values for some."""
        rng = self.rng
        if not self._tag_sets:
            tags = look.tags
            self._tag_sets = [
                tuple(rng.sample(tags, k)) for k in (0, 1, 1, 2, 2, 3) for _ in range(20)
            ]
        for tag_id in rng.choice(self._tag_sets):
            rows["contact_tags"].append((cid, tag_id))
        if rng.random() < 0.05:
            rows["group_members"].append((rng.choice(look.groups), cid))
        since_field, segment_field = look.contact_fields
        if rng.random() < 0.2:
            rows["custom_values"].append((since_field, cid, None, self._day(-3650, -30)))
        if rng.random() < 0.25:
            rows["custom_values"].append((segment_field, cid, None, rng.choice("AABBC")))

    def _activity(
        self,
        rows: dict[str, list[tuple]],
        cid: int,
        first_id: int,
        company: Company | None,
        city: tuple,
        look: Lookups,
    ) -> None:
        """One call, meeting or to-do: past ones mostly done (with their history item),
        future ones open; some to-dos all-day; a few meetings weekly series in Berlin time."""
        rng = self.rng
        aid = self._take_id("activities")
        kind = rng.choice(("Call", "Call", "Call", "Meeting", "Meeting", "To-do", "To-do"))
        owner = rng.choice(data.OWNERS)
        start = self._moment(-730, 90)
        all_day = kind == "To-do" and rng.random() < 0.6
        rrule, tzid, until = "", "UTC", None
        if kind == "Meeting" and (self.series_made < 3 or rng.random() < 0.005):
            self.series_made += 1
            count = rng.choice((8, 12, 20))
            local = datetime(start.year, start.month, start.day, 9, 0, tzinfo=_BERLIN)
            last = local + timedelta(weeks=count - 1, hours=1)
            start = local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
            until = _stamp(last.astimezone(ZoneInfo("UTC")).replace(tzinfo=None))
            rrule, tzid = f"FREQ=WEEKLY;COUNT={count}", "Europe/Berlin"
        minutes = {"Call": 15, "Meeting": 60, "To-do": 30}[kind]
        subject = rng.choice(
            {"Call": data.CALL_SUBJECTS, "Meeting": data.MEETING_SUBJECTS}.get(
                kind, data.TODO_SUBJECTS
            )
        )
        past = start < self.now and not rrule
        status = rng.choice(("done",) * 8 + ("cleared", "open")) if past else "open"
        result = rng.choice(data.RESULTS) if status == "done" else ""
        done_at = _stamp(start + timedelta(minutes=minutes)) if status != "open" else None
        if all_day:
            day = start.date()
            timed: tuple = (None, None, day.isoformat(), (day + timedelta(days=1)).isoformat())
        else:
            timed = (_stamp(start), _stamp(start + timedelta(minutes=minutes)), None, None)
        rows["activities"].append(
            (aid, look.activity_types[kind], subject, all_day, *timed, rrule, tzid, until,
             rng.choice((1, 2, 2, 2, 3)), city[0] if kind == "Meeting" else "",
             company.name if company else "", 15 if kind == "Meeting" else None, status,
             done_at, result, owner, _demo_uid(aid, subject, start))
        )  # fmt: skip
        rows["activity_contacts"].append((aid, cid))
        if kind == "Meeting" and cid > first_id and rng.random() < 0.2:
            rows["activity_contacts"].append((aid, cid - 1))
        if status != "open":
            history_kind = {"Call": "call", "Meeting": "meeting", "To-do": "todo"}[kind]
            rows["history_items"].append(
                (cid, history_kind if status == "done" else "cleared", done_at, subject, result,
                 "", aid, None, owner)
            )  # fmt: skip

    def _deal(
        self, rows: dict[str, list[tuple]], cid: int, company: Company | None, who: str,
        look: Lookups,
    ) -> None:  # fmt: skip
        """An opportunity somewhere in the pipeline; closed ones carry their reason and a
        history item."""
        rng = self.rng
        did = self._take_id("deals")
        stage_id, probability = rng.choice(look.stages)
        roll = rng.random()
        status = "open" if roll < 0.7 else "won" if roll < 0.88 else "lost"
        reason = ""
        closed_at = None
        if status == "open":
            expected = self._day(-30, 270)
        else:
            stage_id, probability = look.stages[-1] if status == "won" else (stage_id, 0)
            probability = 100 if status == "won" else 0
            reason = rng.choice(data.WON_REASONS if status == "won" else data.LOST_REASONS)
            closed = self._moment(-540, 0)
            expected = closed.date().isoformat()
            closed_at = _stamp(closed)
        entered = _stamp(self._moment(-120, 0))
        title = f"{rng.choice(data.DEAL_TOPICS)} - {company.name if company else who}"
        owner = rng.choice(data.OWNERS)
        rows["deals"].append(
            (did, title, cid, company.id if company else None, stage_id,
             rng.randrange(10, 2000) * 10000, "EUR", probability, expected, status, reason,
             owner, entered, closed_at)
        )  # fmt: skip
        if closed_at is not None:
            rows["history_items"].append(
                (cid, f"deal_{status}", closed_at, title, status.capitalize(), reason, None, did,
                 owner)
            )  # fmt: skip


def draw(plan: Plan) -> Generator[Block, None, None]:
    """The demo's rows, companies first, then one block of contacts at a time."""
    maker = RowMaker(random.Random(plan.seed), plan.today, plan.next_ids)
    look = plan.lookups
    company_rows = maker.companies(plan.companies)
    yield Block(
        {
            "companies": company_rows,
            "custom_values": maker.company_values(company_rows, look.company_field),
        }
    )
    first_contact = plan.next_ids["contacts"]
    for start in range(0, len(plan.numbers), plan.block):
        numbers = plan.numbers[start : start + plan.block]
        block = maker.block(first_contact + start, numbers, look, plan)
        block.index()
        yield block


def serve() -> None:
    """The demo's data process: reads a pickled Plan on stdin, writes its rows to stdout as
    pickled blocks and a final None (see desktop.services.demo)."""
    # Ctrl+C is for the demo process, which stops this one; no second traceback from here.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    plan = pickle.load(sys.stdin.buffer)
    out = sys.stdout.buffer
    for item in draw(plan):
        pickle.dump(item, out, pickle.HIGHEST_PROTOCOL)
    pickle.dump(None, out)
    out.flush()


def _demo_uid(aid: int, subject: str, start: datetime) -> str:
    """An activity's iCalendar UID, the same for the same seed (drawn without touching the
    random source, so the rest of the demo stays as it was)."""
    return f"{uuid.uuid5(uuid.NAMESPACE_URL, f'rapport-demo:{aid}:{subject}:{start}')}@rapport"
