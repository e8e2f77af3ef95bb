# ruff: noqa: S608  (table and column names come from the models, never from input)
"""Benchmark data: N public reports and everything they imply, fast.

Used by `manage.py generate_bench_data --reports N` (bench/run.py calls it for 10k,
100k and 1M). Fictitious, generated with Faker (id_ID) and fixed word lists, with
realistic spreads over categories, channels, the 27 kelurahan of Kota Pekalongan,
the months of the last two years and the risk levels that the triage rules give.

Speed: rows are built as plain tuples in each model's column order and written with
PostgreSQL's COPY (SQLite, for a quick local try: executemany). Ids are assigned
here (after the highest existing one), so children point at parents without a
round trip, and the sequences are moved past them at the end. Encrypted fields are
encrypted once per row with the configured key, as `get_prep_value` would do, in a
pool of processes (Fernet costs ~20 µs a value). The access log gets the entries the
services would have written, with a valid hash chain (`manage.py audit_verify` passes).

Column lists come from the models themselves: a column someone adds later with a
default or `null=True` is filled in; one without either fails loudly, naming it.
"""

import json
import multiprocessing
import os
import queue
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

from django.apps import apps
from django.db import connection, models, transaction
from django.utils import timezone

from sigap.lib import crypto
from sigap.lib.fields import EncryptedTextField

MISSING = object()
# Fields whose callable default must be given explicitly (a time, a code…).
_EXPLICIT_DEFAULTS = (timezone.now, timezone.localdate)


# --- encryption in a pool of processes ------------------------------------------------


def _encrypt_batch(texts: list[str]) -> list[str]:
    fernet = crypto.fernet()
    prefix = crypto.PREFIX
    return [prefix + fernet.encrypt(text.encode()).decode() for text in texts]


class Encryptor:
    """Encrypts lists of values in worker processes (forked: they share the settings)."""

    def __init__(self, processes: int):
        self.processes = max(1, processes)
        self.pool = None
        if self.processes > 1:
            self.pool = multiprocessing.get_context("fork").Pool(self.processes)
        self.values = 0
        self.seconds = 0.0

    def encrypt(self, texts: list[str]) -> list[str]:
        started = time.perf_counter()
        if self.pool is None or len(texts) < 2000:
            result = _encrypt_batch(texts)
        else:
            size = max(1000, len(texts) // (self.processes * 4))
            parts = [texts[i : i + size] for i in range(0, len(texts), size)]
            result = [value for part in self.pool.map(_encrypt_batch, parts) for value in part]
        self.values += len(texts)
        self.seconds += time.perf_counter() - started
        return result

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool.join()


# --- a table written in bulk -------------------------------------------------------------


class Table:
    """Rows of one model, kept as lists in column order until flushed."""

    def __init__(self, model: type[models.Model]):
        meta = model._meta
        self.model = model
        self.name = meta.db_table
        self.fields = list(meta.concrete_fields)
        self.columns = [f.column for f in self.fields]
        self.index = {f.attname: i for i, f in enumerate(self.fields)}
        self.pk = meta.pk.attname
        self.auto_pk = isinstance(meta.pk, models.AutoField)
        self.encrypted = [i for i, f in enumerate(self.fields) if isinstance(f, EncryptedTextField)]
        self.json = [i for i, f in enumerate(self.fields) if isinstance(f, models.JSONField)]
        self.template = [self._default(f) for f in self.fields]
        self.rows: list[list] = []
        self.written = 0
        with connection.cursor() as cursor:
            if self.auto_pk:
                cursor.execute(f'SELECT MAX("{meta.pk.column}") FROM "{self.name}"')
                self.next_id = (cursor.fetchone()[0] or 0) + 1
            else:
                self.next_id = None

    @staticmethod
    def _default(f: models.Field):
        if f.primary_key:
            return MISSING
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            return MISSING
        if f.has_default():
            default = f.default
            if callable(default):
                if default in (dict, list):
                    return default()
                if default in _EXPLICIT_DEFAULTS:
                    return MISSING
                return default()
            return default
        if f.null:
            return None
        if f.blank and isinstance(f, (models.CharField, models.TextField)):
            return ""
        return MISSING

    def add(self, **values) -> int:
        row = self.template.copy()
        if self.auto_pk:
            if self.pk not in values:
                values[self.pk] = self.next_id
            self.next_id = max(self.next_id, values[self.pk] + 1)
        index = self.index
        for name, value in values.items():
            row[index[name]] = value
        self.rows.append(row)
        return values.get(self.pk)

    def take(self) -> list[list]:
        """The rows added since the last call (checked), leaving none behind."""
        rows, self.rows = self.rows, []
        if rows:
            self.check_rows(rows)
        return rows

    def check_rows(self, rows: list[list]) -> None:
        """A value for every column (sampled: some rows leave optional columns out)."""
        for row in rows[::97]:
            missing = [self.fields[i].attname for i, value in enumerate(row) if value is MISSING]
            if missing:
                raise ValueError(f"{self.model.__name__}: no value for {', '.join(missing)}")

    def write(self, rows: list[list], encryptor: Encryptor) -> int:
        if not rows:
            return 0
        for i in self.json:
            for row in rows:
                row[i] = json.dumps(row[i], ensure_ascii=False)
        if self.encrypted:
            plain = [(r, i) for i in self.encrypted for r, row in enumerate(rows) if row[i]]
            secret = encryptor.encrypt([rows[r][i] for r, i in plain])
            for (r, i), value in zip(plain, secret, strict=True):
                rows[r][i] = value
        _write(self.name, self.columns, rows)
        self.written += len(rows)
        return len(rows)


class Writer:
    """Writes one chunk's rows in a thread while the next chunk is generated: the
    database works on one core while Python builds rows on the other."""

    def __init__(self, encryptor: Encryptor, counts: Counter):
        self.encryptor = encryptor
        self.counts = counts
        self.queue: queue.Queue = queue.Queue(maxsize=1)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="bench-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            while True:
                batch = self.queue.get()
                if batch is None:
                    return
                # One transaction a chunk: foreign keys are checked at its commit (or not
                # at all when the role may switch triggers off: the rows are consistent
                # by construction, as with pg_restore --disable-triggers).
                with transaction.atomic():
                    _skip_triggers()
                    for table, rows in batch:
                        self.counts[table.model._meta.label] += table.write(rows, self.encryptor)
        except BaseException as error:  # handed to the main thread
            self.error = error
        finally:
            connection.close()

    def put(self, batch) -> None:
        while self.thread.is_alive():
            try:
                self.queue.put(batch, timeout=0.5)
                return
            except queue.Full:
                continue
        self._raise()

    def finish(self) -> None:
        self.put(None)
        self.thread.join()
        self._raise()

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error


def _write(table: str, columns: list[str], rows: list[list]) -> None:
    column_list = ", ".join(f'"{c}"' for c in columns)
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        with (
            connection.connection.cursor() as cursor,
            cursor.copy(f'COPY "{table}" ({column_list}) FROM STDIN') as copy,
        ):
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            cursor.executemany(f'INSERT INTO "{table}" ({column_list}) VALUES ({marks})', rows)


def _skip_triggers() -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")


def suspend_indexes(tables: list[str]) -> list[tuple[str, str]]:
    """Drop the secondary indexes of these tables (not those behind a primary key or a
    unique constraint) and return their definitions: a bulk load then builds each
    index once, sorted, instead of inserting into it row by row."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
              AND NOT EXISTS (
                SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.indexname))::regclass)
            """,
            [tables],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    return indexes


def restore_indexes(indexes: list[tuple[str, str]], log=print) -> None:
    if not indexes:
        return
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
    log(f"  {len(indexes)} indexes rebuilt in {time.perf_counter() - started:.1f} s")


def _reset_sequences(tables: list[Table]) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in tables:
            if table.auto_pk and table.written:
                column = table.model._meta.pk.column
                cursor.execute(
                    f'SELECT setval(pg_get_serial_sequence(%s, %s), (SELECT MAX("{column}") FROM "{table.name}"))',
                    [table.name, column],
                )


# --- word lists -------------------------------------------------------------------------

VIOLENCE_WEIGHTS = {
    "psikis": 30,
    "fisik": 28,
    "seksual": 24,
    "penelantaran": 8,
    "eksploitasi": 3,
    "trafiking": 2,
    "kekerasan_lainnya": 5,
}
PREVENTION_WEIGHTS = {
    "konflik_keluarga": 30,
    "pengasuhan": 24,
    "dokumen_kependudukan": 15,
    "hak_asuh": 10,
    "hukum": 8,
    "pranikah": 8,
    "lainnya": 5,
}
CHANNEL_WEIGHTS = {
    "web": 40,
    "whatsapp": 18,
    "walk_in": 15,
    "phone": 10,
    "outreach": 6,
    "cadre": 5,
    "referral": 4,
    "letter": 2,
}
RELATION_WEIGHTS = {"family": 35, "self": 30, "neighbour": 10, "teacher": 8, "other": 7, "health_worker": 5, "cadre": 5}
CONTACT_WEIGHTS = {"whatsapp": 35, "none": 30, "phone": 25, "email": 10}
AGE_WEIGHTS = {"0-5": 8, "6-12": 22, "13-17": 28, "18-24": 12, "25-44": 20, "45-59": 5, "60+": 2, "": 3}
PLACE_WEIGHTS = {
    "rumah_tangga": 55,
    "sekolah": 12,
    "fasilitas_umum": 12,
    "tempat_kerja": 6,
    "lembaga_pendidikan_kilat": 2,
    "lainnya": 13,
}
RELATIONSHIP_WEIGHTS = {
    "orang_tua": 22,
    "suami_istri": 20,
    "keluarga": 15,
    "pacar_teman": 18,
    "tetangga": 10,
    "guru": 4,
    "majikan": 2,
    "rekan_kerja": 2,
    "lainnya": 5,
    "na": 2,
}
SERVICE_WEIGHTS = {
    "pengaduan": 30,
    "kesehatan": 18,
    "bantuan_hukum": 14,
    "penegakan_hukum": 12,
    "rehabilitasi_sosial": 14,
    "reintegrasi_sosial": 5,
    "pemulangan": 2,
    "pendampingan_tokoh_agama": 5,
}
EDUCATION = ["tidak_sekolah", "paud_tk", "sd", "smp", "sma", "perguruan_tinggi"]
OCCUPATION = ["pedagang_tani_nelayan", "swasta_buruh", "pns_tni_polri", "pelajar", "ibu_rumah_tangga", "tidak_bekerja"]
MARITAL = ["", "belum_menikah", "menikah", "duda_janda", "sirri"]
CASE_PATH = ["baru", "asesmen", "rencana", "layanan", "pemantauan"]

SUBJECTS = [
    "Anak saya",
    "Keponakan saya",
    "Tetangga saya",
    "Saya",
    "Murid saya",
    "Adik saya",
    "Cucu saya",
    "Teman saya",
]
PERPETRATORS = [
    "ayah tirinya",
    "suaminya",
    "pacarnya",
    "tetangga",
    "guru lesnya",
    "pamannya",
    "majikannya",
    "teman sekolahnya",
    "orang yang tidak dikenal",
    "kakak iparnya",
]
VERBS = {
    "fisik": ["dipukul", "ditendang", "dianiaya", "ditampar", "dicekik"],
    "psikis": ["dimaki-maki", "diancam akan dibunuh", "dihina terus-menerus", "dikurung di kamar", "diintimidasi"],
    "seksual": ["dilecehkan", "dicabuli", "diraba-raba", "dipaksa berhubungan", "dikirimi foto tidak senonoh"],
    "penelantaran": ["ditelantarkan", "tidak diberi makan", "ditinggal sendirian berhari-hari", "tidak disekolahkan"],
    "eksploitasi": ["dipaksa bekerja", "dipaksa mengemis", "dipekerjakan tanpa upah"],
    "trafiking": ["dijanjikan pekerjaan di luar kota lalu dijual", "dibawa ke Batam tanpa izin orang tua"],
    "kekerasan_lainnya": ["dirundung", "diperas", "disebarkan fotonya"],
    "konflik_keluarga": ["sering bertengkar dengan suaminya", "tidak akur dengan mertua", "ingin berpisah"],
    "pengasuhan": ["sulit mengatur anak remaja", "kecanduan gawai", "sering membolos sekolah"],
    "dokumen_kependudukan": ["belum punya akta kelahiran", "perlu mengurus kartu keluarga", "KTP hilang"],
    "hak_asuh": ["ingin konsultasi hak asuh setelah bercerai", "anak dibawa mantan suami"],
    "hukum": ["perlu bantuan hukum soal warisan", "bingung proses cerai di pengadilan agama"],
    "pranikah": ["akan menikah dan ingin ikut kelas pranikah", "calon pengantin di bawah umur"],
    "lainnya": ["butuh teman bicara", "ingin tahu layanan Puspaga"],
}
PLACES = ["di rumah", "di sekolah", "di jalan", "di tempat kerja", "di pasar", "di rumah kos", "di pantai"]
EXTRAS = [
    "Kejadian sudah berulang kali.",
    "Korban sekarang takut pulang.",
    "Mohon segera dibantu.",
    "Ada luka memar di tangan dan kaki.",
    "Korban tidak mau sekolah lagi.",
    "Keluarga belum berani lapor polisi.",
    "Ibunya juga sering dimarahi.",
    "Saya tidak tahu harus ke mana.",
    "Kejadiannya malam hari.",
    "Pelaku masih tinggal serumah.",
]
NOTE_SENTENCES = [
    "Kunjungan rumah ke {kel}; korban didampingi {rel}.",
    "Pendampingan visum di RSUD Bendan.",
    "Koordinasi dengan Unit PPA Polres terkait BAP.",
    "Konseling psikologis sesi ke-{n}; korban mulai terbuka.",
    "Korban dirujuk sementara ke rumah aman.",
    "Keluarga menolak melapor ke polisi, perlu pendekatan lanjutan.",
    "Mediasi dengan pihak sekolah di {kel}.",
    "Pendampingan sidang di Pengadilan Negeri Pekalongan.",
    "Pengurusan akta kelahiran anak di Dukcapil.",
    "Asesmen lanjutan: risiko menurun, korban tinggal dengan {rel}.",
    "{name} ({rel}) hadir dan bersedia menjadi saksi.",
    "Korban mengeluh sulit tidur dan cemas.",
    "Pelaku sudah ditahan, proses penyidikan berjalan.",
    "LBH Pekalongan bersedia memberi bantuan hukum.",
    "Korban kembali bersekolah, pemantauan dua minggu sekali.",
    "Telepon ke {rel}: kondisi korban stabil.",
    "Rencana layanan disepakati bersama korban dan {rel}.",
    "Dinas Sosial menjadwalkan rehabilitasi sosial.",
]
RELATIVES = ["ibunya", "neneknya", "bibinya", "kakaknya", "ayahnya", "wali kelas", "pendamping"]
SAFE_HOURS = ["", "", "", "", "setelah jam 17.00", "pagi hari", "jam kerja saja"]
# Monthly weights (Jan..Dec): more reports around school holidays and year end.
MONTH_WEIGHTS = [9, 8, 8, 8, 8, 9, 11, 9, 8, 8, 8, 10]


def _choices(weights: dict[str, int]) -> tuple[list[str], list[int]]:
    return list(weights), list(weights.values())


@dataclass
class Pools:
    """Faker output, made once and drawn from (Faker costs ~20 µs a call)."""

    female: list[str]
    male: list[str]
    first: list[str]
    streets: list[str]
    emails: list[str]


def make_pools(seed: int, size: int = 3000) -> Pools:
    from faker import Faker

    fake = Faker("id_ID")
    fake.seed_instance(seed)
    return Pools(
        female=[fake.name_female() for _ in range(size)],
        male=[fake.name_male() for _ in range(size)],
        first=[fake.first_name() for _ in range(size // 3)],
        streets=[fake.street_address() for _ in range(size)],
        emails=[fake.free_email() for _ in range(size // 3)],
    )


# --- the generator ------------------------------------------------------------------------


@dataclass
class Result:
    reports: int = 0
    seconds: float = 0.0
    rows: Counter = field(default_factory=Counter)
    encrypted_values: int = 0
    encryption_seconds: float = 0.0
    skipped: list[str] = field(default_factory=list)


class Generator:
    CHUNK = 5000

    def __init__(
        self,
        *,
        reports: int,
        seed: int,
        processes: int,
        rebuild_indexes: bool = False,
        now: datetime | None = None,
        log=print,
    ):
        self.rebuild_indexes = rebuild_indexes
        self.n = reports
        self.now = now or datetime.now(UTC)
        self.log = log
        self.processes = processes
        self.seed = seed
        self.result = Result(reports=reports)

    # -- set-up: organisation, staff, partners --------------------------------------------

    def _setup(self) -> None:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from sigap.accounts.choices import Role
        from sigap.accounts.services import membership_grant, user_ensure
        from sigap.cases.services import partner_ensure
        from sigap.devtools.cases_demo import PARTNERS
        from sigap.devtools.demo import DEMO_PASSWORD, build_organisation, build_staff
        from sigap.intake.receipts import receipt_hash
        from sigap.people.models import Person
        from sigap.regions.selectors import village_list

        units = build_organisation()
        staff = build_staff(units, is_demo=False)
        lppar, puspaga = units["lppar-pekalongan"], units["puspaga-pekalongan"]

        def extra(prefix: str, count: int, role: str, unit) -> list:
            users = []
            for number in range(3, 3 + count):
                user, _created = user_ensure(
                    username=f"{prefix}{number}", display_name=f"{prefix.title()} {number}", password=DEMO_PASSWORD
                )
                membership_grant(actor=None, user=user, unit=unit, role=role)
                TOTPDevice.objects.get_or_create(user=user, name="Bench", defaults={"confirmed": True})
                users.append(user)
            return users

        self.units = units
        self.lppar, self.puspaga, self.agency = lppar.pk, puspaga.pk, units["dpmppa-pekalongan"].pk
        self.staff = staff
        self.managers = [staff["manajer"].pk, staff["manajer2"].pk] + [
            u.pk for u in extra("manajer", 8, Role.CASE_MANAGER, lppar)
        ]
        self.counsellors = [staff["konselor"].pk, staff["konselor2"].pk] + [
            u.pk for u in extra("konselor", 2, Role.COUNSELLOR, puspaga)
        ]
        self.usernames = {u.pk: u.username for u in staff.values()}
        from sigap.accounts.models import User

        self.usernames.update(dict(User.objects.values_list("pk", "username")))
        self.petugas, self.kepala = staff["petugas"].pk, staff["kepala"].pk
        self.fasilitator = staff["fasilitator"].pk
        self.partners = [partner_ensure(unit=lppar, name=name, kind=kind).pk for name, kind in PARTNERS]
        self.villages = [(v.code, v.name) for v in village_list(city_code="33.75")]
        rng = random.Random(self.seed)
        # Kelurahan differ in size: a fixed, skewed weight each.
        self.village_weights = [rng.randint(2, 12) for _ in self.villages]
        self.receipt_hash = receipt_hash
        self.nik_hash = Person._meta.get_field("nik_lookup").hash_of
        self.phone_hash = Person._meta.get_field("phone_lookup").hash_of

    # -- helpers ------------------------------------------------------------------------------

    def _when(self, rng: random.Random) -> datetime:
        """A moment in the last two years, weighted by month, daytime more likely."""
        while True:
            days = rng.random() * 730
            moment = self.now - timedelta(days=days)
            if rng.random() * 11 <= MONTH_WEIGHTS[moment.month - 1]:
                break
        # Local office hours are busier; UTC+7.
        hour = rng.choices(range(24), weights=[1, 1, 2, 3, 5, 6, 7, 7, 6, 5, 4, 3, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1])[
            0
        ]
        return moment.replace(
            hour=hour, minute=rng.randrange(60), second=rng.randrange(60), microsecond=rng.randrange(10**6)
        )

    def _village(self, rng: random.Random):
        return rng.choices(self.villages, weights=self.village_weights)[0]

    def _account(self, rng: random.Random, categories: list[str], village_name: str) -> list[str]:
        """The reporter's account, as sentences (the search index caches each one)."""
        parts = [
            f"{rng.choice(SUBJECTS)} {rng.choice(VERBS[category])} oleh {rng.choice(PERPETRATORS)} "
            f"{rng.choice(PLACES)} daerah {village_name}."
            for category in categories
        ]
        parts.extend(rng.sample(EXTRAS, rng.randint(1, 3)))
        return parts

    def _note(self, rng: random.Random, village_name: str) -> list[str]:
        sentences = rng.sample(NOTE_SENTENCES, rng.randint(2, 4))
        return [
            s.format(
                kel=village_name,
                rel=rng.choice(RELATIVES),
                n=rng.randint(1, 6),
                name=rng.choice(self.pools.first),
            )
            for s in sentences
        ]

    def _terms(self, sentences: list[str]) -> set[str]:
        """terms_of() of the text, from the terms of each sentence (words never span two)."""
        from sigap.cases.search import terms_of

        terms = set()
        for sentence in sentences:
            cached = self.term_cache.get(sentence)
            if cached is None:
                cached = terms_of(sentence)
                if len(self.term_cache) < 500_000:
                    self.term_cache[sentence] = cached
            terms.update(cached)
        return terms

    def _audit(self, *, at, actor, action, target_type, target_id, unit=None, ip=None, changes=None, reason=""):
        from sigap.audit.services import entry_digest

        event = SimpleNamespace(
            previous_hash=self.last_hash,
            at=at,
            actor_id=actor,
            actor_username=self.usernames.get(actor, "") if actor else "",
            action=action,
            target_type=target_type,
            target_id=str(target_id),
            unit_id=unit,
            ip=ip,
            reason=reason,
            changes=changes or {},
        )
        digest = entry_digest(event)
        self.t["audit"].add(
            at=at,
            actor_id=actor,
            actor_username=event.actor_username,
            action=action,
            target_type=target_type,
            target_id=event.target_id,
            unit_id=unit,
            ip=ip,
            reason=reason,
            changes=event.changes,
            previous_hash=self.last_hash,
            entry_hash=digest,
        )
        self.last_hash = digest

    def _person(self, rng, *, unit, responsible, female: bool, birth: date, village, at) -> int:
        name = rng.choice(self.pools.female if female else self.pools.male)
        code = village[0] if village else "33.75.01.1001"
        nik = ""
        if rng.random() < 0.8:
            day = birth.day + (40 if female else 0)
            nik = f"{code[:2]}{code[3:5]}{code[6:8]}{day:02d}{birth:%m%y}{rng.randint(1, 9999):04d}"
        phone = f"08{rng.choice('12578')}{rng.randint(10**8, 10**9 - 1)}" if rng.random() < 0.7 else ""
        address = rng.choice(self.pools.streets) if rng.random() < 0.9 else ""
        pk = self.t["person"].add(
            unit_id=unit,
            responsible_id=responsible,
            full_name=name,
            nik=nik,
            nik_lookup=self.nik_hash(nik),
            phone=phone,
            phone_lookup=self.phone_hash(phone),
            address=address,
            village_id=village[0] if village else None,
            birth_date=birth,
            sex="P" if female else "L",
            created_at=at,
            updated_at=at,
        )
        self._audit(
            at=at,
            actor=responsible,
            action="create",
            target_type="people.person",
            target_id=pk,
            unit=unit,
            changes={"fields": ["full_name", "nik", "phone", "address", "village", "birth_date", "sex"]},
        )
        return pk

    # -- the run --------------------------------------------------------------------------------

    def run(self) -> Result:
        from sigap.audit.models import AuditEvent
        from sigap.cases import models as cases
        from sigap.intake.models import Report, RoutingDecision
        from sigap.people.models import Person

        started = time.perf_counter()
        self._setup()
        self.pools = make_pools(self.seed)
        self.all_names = self.pools.female + self.pools.male
        self.term_cache: dict[str, list[str]] = {}
        self.t = {
            "report": Table(Report),
            "routing": Table(RoutingDecision),
            "person": Table(Person),
            "case": Table(cases.Case),
            "restricted": Table(cases.Case.restricted_to.through),
            "victim": Table(cases.Victim),
            "perpetrator": Table(cases.Perpetrator),
            "relation": Table(cases.VictimPerpetrator),
            "status": Table(cases.StatusChange),
            "assessment": Table(cases.Assessment),
            "goal": Table(cases.PlanGoal),
            "service": Table(cases.ServiceDelivery),
            "consent": Table(cases.ConsentRecord),
            "referral": Table(cases.Referral),
            "legal_step": Table(cases.LegalStep),
            "legal_event": Table(cases.LegalEvent),
            "note": Table(cases.CaseNote),
            "term": Table(cases.CaseSearchTerm),
            "closure": Table(cases.ClosureRequest),
        }
        self.counseling = self._optional_counseling()
        self.classes = self._optional_classes()
        # After every set-up step that may itself write to the access log (standard class programs…).
        self.last_hash = AuditEvent.objects.order_by("-id").values_list("entry_hash", flat=True).first() or "0" * 64
        self.t["audit"] = Table(AuditEvent)
        encryptor = Encryptor(self.processes)
        order = list(self.t.values())
        writer = Writer(encryptor, self.result.rows)
        suspended = suspend_indexes([table.name for table in order]) if self.rebuild_indexes else []
        try:
            done = 0
            chunk_index = 0
            while done < self.n:
                size = min(self.CHUNK, self.n - done)
                rng = random.Random(self.seed * 1_000_003 + self.t["report"].next_id)
                self._chunk(rng, size)
                writer.put([(table, table.take()) for table in order])
                done += size
                chunk_index += 1
                if chunk_index % 20 == 0 or done == self.n:
                    rate = done / (time.perf_counter() - started)
                    self.log(f"  {done:>9,} reports generated ({rate:,.0f} reports/s)")
            writer.finish()
        finally:
            if writer.thread.is_alive():
                writer.put(None)
                writer.thread.join()
            encryptor.close()
            restore_indexes(suspended, log=self.log)
        _reset_sequences(order)
        self.result.encrypted_values = encryptor.values
        self.result.encryption_seconds = encryptor.seconds
        self.result.seconds = time.perf_counter() - started
        return self.result

    def _optional_counseling(self):
        if not apps.is_installed("sigap.counseling"):
            self.result.skipped.append("counselling: sigap.counseling is not installed")
            return None
        try:
            from sigap.counseling.models import Consultation, Session

            for model in (Consultation, Session):
                with connection.cursor() as cursor:
                    cursor.execute(f'SELECT 1 FROM "{model._meta.db_table}" LIMIT 1')
        except Exception as error:  # an app being built: skip and say why
            self.result.skipped.append(f"counselling: {error}")
            return None
        self.t["consultation"] = Table(Consultation)
        self.t["session"] = Table(Session)
        return True

    def _optional_classes(self):
        if not apps.is_installed("sigap.classes"):
            self.result.skipped.append("classes: sigap.classes is not installed")
            return None
        try:
            from sigap.classes.models import Cohort, Participant, Program, Registration

            for model in (Program, Cohort, Registration, Participant):
                with connection.cursor() as cursor:
                    cursor.execute(f'SELECT 1 FROM "{model._meta.db_table}" LIMIT 1')
            if not Program.objects.exists():
                from sigap.classes.services import programs_add_standard

                programs_add_standard(actor=None)
            self.programs = list(Program.objects.values_list("pk", "name", "for_couples"))
            if not self.programs:
                raise ValueError("no class programs")
        except Exception as error:
            self.result.skipped.append(f"classes: {error}")
            return None
        self.t["cohort"] = Table(Cohort)
        self.t["registration"] = Table(Registration)
        self.t["participant"] = Table(Participant)
        self.cohorts: dict[tuple[int, int, int], tuple[int, int]] = {}
        return True

    def _chunk(self, rng: random.Random, size: int) -> None:
        from sigap.intake import triage

        v_names, v_weights = _choices(VIOLENCE_WEIGHTS)
        p_names, p_weights = _choices(PREVENTION_WEIGHTS)
        channels, channel_w = _choices(CHANNEL_WEIGHTS)
        relations, relation_w = _choices(RELATION_WEIGHTS)
        contacts, contact_w = _choices(CONTACT_WEIGHTS)
        ages, age_w = _choices(AGE_WEIGHTS)
        moments = sorted(self._when(rng) for _ in range(size))
        for received in moments:
            violence = rng.random() < 0.58
            if violence:
                categories = sorted(set(rng.choices(v_names, v_weights, k=rng.choice((1, 1, 1, 2)))))
            else:
                categories = sorted(set(rng.choices(p_names, p_weights, k=rng.choice((1, 1, 2)))))
            in_danger = rng.random() < (0.12 if violence else 0.02)
            queue = triage.queue_for(categories)
            risk = triage.risk_for(categories=categories, in_danger=in_danger)
            # Routing marks a report "triaged"; opening a case or consultation hands it
            # over, and intake closes most of the rest within two weeks (below).
            age_days = (self.now - received).days
            roll = rng.random()
            if age_days < 3:
                status = "new" if roll < 0.7 else "triaged"
            elif age_days < 30:
                status = "new" if roll < 0.05 else "triaged"
            else:
                status = "triaged"
            village = None
            outside = False
            place_roll = rng.random()
            if place_roll < 0.85:
                village = self._village(rng)
            elif place_roll < 0.9:
                outside = True
            contact = rng.choices(contacts, contact_w)[0]
            contact_value = ""
            if contact in ("phone", "whatsapp"):
                contact_value = f"+628{rng.choice('12578')}{rng.randint(10**8, 10**9 - 1)}"
            elif contact == "email":
                contact_value = rng.choice(self.pools.emails)
            female = rng.random() < 0.72
            channel = rng.choices(channels, channel_w)[0]
            tpks_due = triage.tpks_police_due(categories=categories, reported_at=received)
            report_unit = self.lppar if queue == "lppar" else self.puspaga
            account = self._account(rng, categories, village[1] if village else "Pekalongan")
            ip = (
                f"36.{rng.randrange(64, 95)}.{rng.randrange(256)}.{rng.randrange(1, 255)}" if channel == "web" else None
            )
            actor = None if channel == "web" else self.petugas
            report = self.t["report"].add(
                unit_id=report_unit,
                receipt_hash=self.receipt_hash(f"{rng.getrandbits(80):020X}"),
                channel=channel,
                received_at=received,
                reporter_relation=rng.choices(relations, relation_w)[0],
                reporter_name=rng.choice(self.all_names) if rng.random() < 0.4 else "",
                categories=categories,
                account=" ".join(account),
                incident_date=(received - timedelta(days=rng.randint(0, 60))).date() if rng.random() < 0.7 else None,
                village_id=village[0] if village else None,
                outside_city=outside,
                subject_age_band=rng.choices(ages, age_w)[0],
                subject_sex="P" if female else "L",
                in_danger=in_danger,
                contact_method=contact,
                contact_value=contact_value,
                safe_hours=rng.choice(SAFE_HOURS),
                may_identify=rng.random() < 0.3,
                consent_at=received,
                lawful_basis="uu-pdp-20-2-e+consent",
                queue=queue,
                risk=risk,
                status=status,
                # As report_submit writes them: the risk on arrival, and answered at once
                # when staff record the report themselves.
                arrival_risk=risk,
                answered_at=received if actor is not None else None,
                response_due_at=triage.response_due(risk=risk, start=received),
                tpks_police_due_at=tpks_due,
                tpks_police_done_at=(tpks_due - timedelta(hours=rng.randint(1, 60)))
                if tpks_due and status != "new" and rng.random() < 0.85
                else None,
                person_id=None,
            )
            self.t["routing"].add(
                report_id=report, at=received, actor_id=actor, to_queue=queue, risk=risk, reason="rule"
            )
            self._audit(
                at=received,
                actor=actor,
                action="create",
                target_type="intake.report",
                target_id=report,
                unit=report_unit,
                ip=ip,
                changes={"queue": queue, "risk": risk},
            )
            if status == "new":
                continue
            triaged_at = received + timedelta(minutes=rng.randint(5, 600))
            self.t["routing"].add(
                report_id=report, at=triaged_at, actor_id=self.petugas, from_queue=queue, to_queue=queue, risk=risk
            )
            self._answer(self.t["report"].rows[-1], triaged_at)
            self._audit(
                at=triaged_at,
                actor=self.petugas,
                action="change",
                target_type="intake.report",
                target_id=report,
                unit=report_unit,
                changes={"queue": [queue, queue], "risk": risk},
            )
            facts = SimpleNamespace(
                report=report,
                received=received,
                triaged=triaged_at,
                categories=categories,
                risk=risk,
                village=village,
                female=female,
                tpks_due=tpks_due,
                incident=self.t["report"].rows[-1][self.t["report"].index["incident_date"]],
                account=account,
                contact=contact,
                contact_value=contact_value,
            )
            report_row = self.t["report"].rows[-1]
            if queue == "lppar" and rng.random() < 0.6:
                self._case(rng, facts)
                self._report_status(report_row, report_unit, triaged_at, "handed")
            elif queue == "puspaga" and self.counseling and rng.random() < 0.5:
                self._consultation(rng, facts)
                self._report_status(report_row, report_unit, triaged_at, "handed")
            elif age_days > 14 and rng.random() < 0.9:
                self._report_status(report_row, report_unit, triaged_at, "closed")
            if self.classes and rng.random() < 0.06:
                self._registration(rng, facts)

    def _answer(self, row: list, at: datetime) -> None:
        """As intake's services keep it: the first time staff acted on the report."""
        index = self.t["report"].index["answered_at"]
        row[index] = min(row[index] or at, at)

    def _report_status(self, row: list, unit: int, triaged_at: datetime, status: str) -> None:
        """As report_hand_over and report_close leave it: the status, and its log entry."""
        table = self.t["report"]
        row[table.index["status"]] = status
        at = min(triaged_at + timedelta(hours=2), self.now)
        self._answer(row, at)
        changes = {"status": status}
        reason = ""
        if status == "closed":
            reason = "Informasi sudah diberikan"
        self._audit(
            at=at,
            actor=self.petugas,
            action="change",
            target_type="intake.report",
            target_id=row[table.index["id"]],
            unit=unit,
            reason=reason,
            changes=changes,
        )

    def _birth(self, rng: random.Random, on: datetime, adult: bool = False) -> date:
        years = (
            rng.randint(18, 55) if adult else rng.choice((rng.randint(2, 17), rng.randint(2, 17), rng.randint(18, 50)))
        )
        return (on - timedelta(days=years * 365 + rng.randint(0, 364))).date()

    def _case(self, rng: random.Random, f) -> None:
        t = self.t
        opened = f.triaged + timedelta(hours=rng.randint(1, 72))
        if opened > self.now:
            opened = self.now - timedelta(minutes=1)
        age = (self.now - opened).days
        roll = rng.random()
        if age < 30:
            status = rng.choices(CASE_PATH[:4], weights=[30, 30, 20, 20])[0]
        elif age < 180:
            status = rng.choices([*CASE_PATH[1:], "ditutup"], weights=[10, 15, 35, 20, 20])[0]
        else:
            status = rng.choices(["layanan", "pemantauan", "ditutup"], weights=[10, 15, 75])[0]
        manager = rng.choice(self.managers)
        closed = status == "ditutup"
        closed_at = opened + timedelta(days=rng.randint(20, max(21, min(age, 300)))) if closed else None
        if closed_at and closed_at > self.now:
            closed_at = self.now - timedelta(hours=1)
        case_id = t["case"].next_id
        steps = CASE_PATH[: CASE_PATH.index(status) + 1] if not closed else CASE_PATH[: rng.randint(3, 5)]
        reached = set(steps)
        village = f.village
        t["case"].add(
            id=case_id,
            unit_id=self.lppar,
            number=f"LPPAR-{opened.year}-{case_id:05d}",
            report_id=f.report,
            status=status,
            risk=f.risk,
            assigned_to_id=manager,
            restricted=roll < 0.03,
            opened_at=opened,
            closed_at=closed_at,
            summary=" ".join(f.account),
            incident_date=f.incident,
            place_category=rng.choices(*_choices(PLACE_WEIGHTS))[0],
            incident_address=rng.choice(self.pools.streets) if rng.random() < 0.5 else "",
            village_id=village[0] if village else None,
            is_kdrt=rng.random() < 0.4,
            next_due_at=None if closed else self.now + timedelta(days=rng.randint(-20, 30)),
            tpks_police_due_at=f.tpks_due,
            tpks_police_done_at=f.tpks_due - timedelta(hours=2) if f.tpks_due and rng.random() < 0.85 else None,
        )
        self._audit(
            at=opened,
            actor=self.petugas,
            action="create",
            target_type="cases.case",
            target_id=case_id,
            unit=self.lppar,
            changes={"report": f.report},
        )
        if roll < 0.03:
            t["restricted"].add(case_id=case_id, user_id=manager)
        # The statuses the case went through.
        moment = opened
        previous = ""
        for step in [*steps, "ditutup"] if closed else steps:
            if step == "ditutup":
                moment = closed_at
            t["status"].add(
                case_id=case_id,
                at=moment,
                actor_id=self.kepala if step == "ditutup" else manager,
                from_status=previous,
                to_status=step,
                reason="Kasus dibuka" if not previous else "",
            )
            if previous:
                self._audit(
                    at=moment,
                    actor=manager,
                    action="change",
                    target_type="cases.case",
                    target_id=case_id,
                    unit=self.lppar,
                    changes={"status": step},
                )
            previous = step
            moment = moment + timedelta(days=rng.randint(1, 14))
            if moment > self.now:
                moment = self.now - timedelta(minutes=5)
        # Victims (the person concerned, sometimes a sibling too) and the perpetrator.
        victims = []
        violence = sorted({{"trafiking": "trafiking", "kekerasan_lainnya": "lainnya"}.get(c, c) for c in f.categories})
        for number in range(2 if rng.random() < 0.1 else 1):
            female = f.female if number == 0 else rng.random() < 0.6
            person = self._person(
                rng,
                unit=self.lppar,
                responsible=manager,
                female=female,
                birth=self._birth(rng, f.received),
                village=village,
                at=opened,
            )
            if number == 0:
                t["report"].rows[self._report_row(f.report)][t["report"].index["person_id"]] = person
            victims.append(
                t["victim"].add(
                    case_id=case_id,
                    person_id=person,
                    violence_forms=violence,
                    trafficking_type="eksploitasi_seksual" if "trafiking" in violence else "",
                    disability=rng.random() < 0.05,
                    education=rng.choice(EDUCATION),
                    occupation=rng.choice(OCCUPATION),
                    marital_status=rng.choice(MARITAL),
                )
            )
        known = rng.random() < 0.4
        perpetrator_person = None
        if known:
            perpetrator_person = self._person(
                rng,
                unit=self.lppar,
                responsible=manager,
                female=rng.random() < 0.1,
                birth=self._birth(rng, f.received, adult=True),
                village=village,
                at=opened,
            )
        perpetrator = t["perpetrator"].add(
            case_id=case_id,
            person_id=perpetrator_person,
            description="" if known else f"Laki-laki, sekitar {rng.randint(20, 60)} tahun, {rng.choice(PERPETRATORS)}",
            sex="L" if rng.random() < 0.9 else "P",
        )
        relationship_names, relationship_w = _choices(RELATIONSHIP_WEIGHTS)
        for victim in victims:
            t["relation"].add(
                victim_id=victim,
                perpetrator_id=perpetrator,
                relationship=rng.choices(relationship_names, relationship_w)[0],
            )
        # Assessment, plan, services, consent and referral, legal process.
        if "asesmen" in reached:
            at = opened + timedelta(days=rng.randint(1, 7))
            t["assessment"].add(
                case_id=case_id,
                at=at,
                author_id=manager,
                findings=" ".join(self._note(rng, village[1] if village else "Pekalongan")),
                risk=f.risk,
                safety_plan="Korban tinggal sementara dengan keluarga besar; nomor darurat disimpan."
                if rng.random() < 0.6
                else "",
            )
            self._audit(
                at=at,
                actor=manager,
                action="change",
                target_type="cases.case",
                target_id=case_id,
                unit=self.lppar,
                changes={"assessment": True},
            )
        if "rencana" in reached:
            for _ in range(rng.randint(1, 3)):
                t["goal"].add(
                    case_id=case_id,
                    goal=rng.choice(
                        [
                            "Korban merasa aman di rumah",
                            "Korban kembali bersekolah",
                            "Proses hukum berjalan",
                            "Pemulihan psikologis",
                            "Akta kelahiran terbit",
                        ]
                    ),
                    due_date=(opened + timedelta(days=rng.randint(14, 120))).date(),
                    agreed_with_client=True,
                )
        if "layanan" in reached:
            services, service_w = _choices(SERVICE_WEIGHTS)
            for victim in victims:
                for _ in range(rng.randint(1, 3)):
                    delivered = (opened + timedelta(days=rng.randint(2, 60))).date()
                    service_type = rng.choices(services, service_w)[0]
                    service = t["service"].add(
                        case_id=case_id,
                        victim_id=victim,
                        service_type=service_type,
                        delivered_on=min(delivered, self.now.date()),
                        provider=rng.choice(["LP-PAR", "RSUD Bendan", "LBH Pekalongan", "Psikolog LP-PAR"]),
                        description="Pendampingan oleh manajer kasus." if rng.random() < 0.5 else "",
                        recorded_by_id=manager,
                    )
                    self._audit(
                        at=opened,
                        actor=manager,
                        action="change",
                        target_type="cases.case",
                        target_id=case_id,
                        unit=self.lppar,
                        changes={"service": service, "service_type": service_type},
                    )
            if rng.random() < 0.7:
                at = opened + timedelta(days=rng.randint(2, 20))
                items = ["identitas", "kronologi"]
                consent = t["consent"].add(
                    case_id=case_id, purpose="Rujukan", items=items, given=True, at=at, recorded_by_id=manager
                )
                partner = rng.choice(self.partners)
                referral = t["referral"].add(
                    case_id=case_id,
                    victim_id=victims[0],
                    partner_id=partner,
                    consent_id=consent,
                    purpose=rng.choice(["Visum", "Pendampingan hukum", "Rumah aman", "Rehabilitasi sosial"]),
                    shared_items=items,
                    status=rng.choice(["sent", "accepted", "done", "done", "declined"]),
                    sent_at=at,
                    due_date=(at + timedelta(days=14)).date(),
                    outcome="Diterima dan ditindaklanjuti." if rng.random() < 0.5 else "",
                    updated_at=at,
                )
                self._audit(
                    at=at,
                    actor=manager,
                    action="change",
                    target_type="cases.case",
                    target_id=case_id,
                    unit=self.lppar,
                    changes={"referral": referral, "partner": partner, "shared": items},
                )
            if rng.random() < 0.35:
                on = (opened + timedelta(days=rng.randint(3, 90))).date()
                t["legal_step"].add(
                    case_id=case_id,
                    perpetrator_id=perpetrator,
                    stage=rng.choice(["pemeriksaan", "penyelidikan", "penyidikan", "penuntutan", "pengadilan_tk1"]),
                    institution="Polres Pekalongan Kota",
                    on=min(on, self.now.date()),
                )
                t["legal_event"].add(
                    case_id=case_id,
                    kind=rng.choice(["visum", "bap", "sidang"]),
                    at=opened + timedelta(days=rng.randint(3, 120)),
                    place="Polres Pekalongan Kota",
                )
        # Notes, and the search index of the description and the team notes.
        terms = self._terms(f.account)
        for _ in range(rng.choice((1, 2, 2, 3, 3, 4))):
            at = opened + timedelta(days=rng.randint(0, 90))
            if at > self.now:
                at = self.now - timedelta(minutes=rng.randint(1, 600))
            sentences = self._note(rng, village[1] if village else "Pekalongan")
            body = " ".join(sentences)
            confidentiality = rng.choices(["team", "assigned", "head"], weights=[80, 15, 5])[0]
            note = t["note"].add(case_id=case_id, author_id=manager, at=at, confidentiality=confidentiality, body=body)
            if confidentiality == "team":
                terms |= self._terms(sentences)
            self._audit(
                at=at,
                actor=manager,
                action="change",
                target_type="cases.case",
                target_id=case_id,
                unit=self.lppar,
                changes={"note": note, "confidentiality": confidentiality},
            )
        for term in sorted(terms):
            t["term"].add(case_id=case_id, term=term)
        if closed:
            t["closure"].add(
                case_id=case_id,
                requested_by_id=manager,
                requested_at=closed_at - timedelta(days=1),
                reason="Layanan selesai, korban dalam kondisi aman.",
                decision="approved",
                decided_by_id=self.kepala,
                decided_at=closed_at,
            )
        # A few reads of the case, as the access log would show them.
        for _ in range(rng.randint(1, 3)):
            self._audit(
                at=opened + timedelta(days=rng.randint(0, 30)),
                actor=manager,
                action="view",
                target_type="cases.case",
                target_id=case_id,
                unit=self.lppar,
            )

    def _report_row(self, report_id: int) -> int:
        # Reports of the current chunk are the unflushed rows; ids are consecutive.
        rows = self.t["report"].rows
        first = rows[0][self.t["report"].index["id"]]
        return report_id - first

    def _consultation(self, rng: random.Random, f) -> None:
        t = self.t
        counsellor = rng.choice(self.counsellors)
        opened = f.triaged + timedelta(hours=rng.randint(1, 72))
        if opened > self.now:
            opened = self.now - timedelta(minutes=1)
        person = self._person(
            rng,
            unit=self.puspaga,
            responsible=counsellor,
            female=f.female,
            birth=self._birth(rng, f.received, adult=True),
            village=f.village,
            at=opened,
        )
        t["report"].rows[self._report_row(f.report)][t["report"].index["person_id"]] = person
        kind = {
            "pranikah": "pranikah",
            "hukum": "hukum",
            "hak_asuh": "hukum",
            "dokumen_kependudukan": "hukum",
            "pengasuhan": "anak_pengasuhan",
        }.get(f.categories[0], "keluarga")
        closed = (self.now - opened).days > 60 and rng.random() < 0.8
        closed_at = opened + timedelta(days=rng.randint(7, 60)) if closed else None
        consultation = t["consultation"].add(
            unit_id=self.puspaga,
            kind=kind,
            source="report",
            status="closed" if closed else "open",
            counsellor_id=counsellor,
            person_id=person,
            report_id=f.report,
            opened_at=opened,
            consent_at=opened,
            contact_method=f.contact,
            contact_value=f.contact_value,
            closed_at=closed_at,
            closure_reason=rng.choice(["resolved", "resolved", "referred", "withdrew"]) if closed else "",
        )
        self._audit(
            at=opened,
            actor=counsellor,
            action="create",
            target_type="counseling.consultation",
            target_id=consultation,
            unit=self.puspaga,
        )
        for number in range(rng.choice((1, 1, 2, 3))):
            held = opened + timedelta(days=3 + 7 * number)
            if held > self.now:
                break
            session = t["session"].add(
                consultation_id=consultation,
                counsellor_id=counsellor,
                held_at=held,
                attendance=rng.choice(["attended", "attended", "attended", "no_show"]),
                notes=" ".join(self._note(rng, f.village[1] if f.village else "Pekalongan")),
                outcome="Klien memahami pilihan yang ada." if rng.random() < 0.6 else "",
                next_step="Sesi lanjutan minggu depan." if rng.random() < 0.5 else "",
            )
            self._audit(
                at=held,
                actor=counsellor,
                action="create",
                target_type="counseling.session",
                target_id=session,
                unit=self.puspaga,
            )

    def _cohort(self, rng: random.Random, when: datetime) -> tuple[int, int]:
        program_index = rng.randrange(len(self.programs))
        key = (when.year, when.month, program_index)
        cohort = self.cohorts.get(key)
        if cohort is None:
            program, name, couples = self.programs[program_index]
            created = when.replace(day=1)
            cohort_id = self.t["cohort"].add(
                unit_id=self.puspaga,
                program_id=program,
                name=f"{name} {created:%B %Y}",
                mode=rng.choice(["in_person", "online"]),
                venue="Aula Puspaga",
                capacity=40,
                facilitator_id=self.fasilitator,
                registration_open=(self.now - when).days < 30,
                created_at=created,
            )
            cohort = self.cohorts[key] = (cohort_id, 2 if couples else 1)
        return cohort

    def _registration(self, rng: random.Random, f) -> None:
        t = self.t
        cohort, people = self._cohort(rng, f.received)
        registration = t["registration"].add(
            unit_id=self.puspaga,
            cohort_id=cohort,
            status=rng.choice(["enrolled"] * 8 + ["waiting", "cancelled"]),
            registered_at=f.received,
            contact_method="whatsapp",
            contact_value=f"+628{rng.choice('12578')}{rng.randint(10**8, 10**9 - 1)}",
            consent_at=f.received,
            lawful_basis="uu-pdp-20-1-a",
        )
        for number in range(people):
            person = self._person(
                rng,
                unit=self.puspaga,
                responsible=None,
                female=number == 0,
                birth=self._birth(rng, f.received, adult=True),
                village=f.village,
                at=f.received,
            )
            t["participant"].add(
                registration_id=registration,
                person_id=person,
                code_hash=self.receipt_hash(f"participant:{rng.getrandbits(80):020X}"),
            )
        self._audit(
            at=f.received,
            actor=None,
            action="create",
            target_type="classes.registration",
            target_id=registration,
            unit=self.puspaga,
        )


def analyse() -> None:
    """Refresh the planner's statistics (and the visibility map) after a bulk load."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def default_processes() -> int:
    return max(1, min(4, os.cpu_count() or 1))
