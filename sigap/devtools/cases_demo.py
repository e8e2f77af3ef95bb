"""Demo cases for LP-PAR Kota Pekalongan, built through the case services, so every
write is checked and audited as real work is.

Partner agencies, and seven cases spread over the path (new → closed), held by
`manajer` and `manajer2`: victims with SIMFONI-PPA data, perpetrators, assessments,
plan goals, services, consents and referrals (one of them overdue), legal steps, a
coming hearing, notes, a closure request waiting for the head and an approved one.
Every name and story is fictitious.

Idempotent: when any case exists, nothing is created.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from sigap.accounts.models import OrgUnit, User
from sigap.cases import services
from sigap.cases.choices import (
    CaseStatus,
    LegalEventKind,
    LegalStage,
    MaritalStatus,
    NoteConfidentiality,
    PartnerKind,
    ReferralStatus,
    Relationship,
    ServiceType,
    ViolenceForm,
)
from sigap.cases.models import Case, Partner, Perpetrator, Victim
from sigap.intake.services import report_submit
from sigap.people.models import Person
from sigap.people.services import person_create
from sigap.regions.models import Region
from sigap.regions.selectors import village_list

UNIT = "lppar-pekalongan"
CITY = "33.75"

PARTNERS = [
    ("Unit PPA Polres Pekalongan Kota", PartnerKind.POLICE),
    ("RSUD Bendan", PartnerKind.HEALTH),
    ("LBH Pekalongan", PartnerKind.LEGAL_AID),
    ("Dinas Sosial", PartnerKind.SOCIAL),
    ("Dukcapil", PartnerKind.CIVIL_REGISTRY),
    ("Pengadilan Agama", PartnerKind.RELIGIOUS_COURT),
]

# The path a demo case walks, one service call per step.
PATH = [CaseStatus.NEW, CaseStatus.ASSESSMENT, CaseStatus.PLANNING, CaseStatus.SERVICE, CaseStatus.MONITORING]


@dataclass(frozen=True)
class DemoVictim:
    full_name: str
    sex: str
    birth_date: date
    village: str  # Kemendagri code of the kelurahan
    violence_forms: tuple[str, ...]
    education: str = ""
    occupation: str = ""
    marital_status: str = ""
    disability: bool = False


@dataclass(frozen=True)
class DemoPerpetrator:
    description: str
    sex: str
    relationship: str
    full_name: str = ""


@dataclass(frozen=True)
class DemoReferral:
    partner: str
    consent_purpose: str
    items: tuple[str, ...]
    purpose: str
    due_in_days: int  # negative: already past its due date
    status: str = ReferralStatus.SENT
    outcome: str = ""


@dataclass(frozen=True)
class DemoCase:
    manager: str
    status: str
    summary: str
    incident_days_ago: int
    victim: DemoVictim
    perpetrator: DemoPerpetrator
    findings: str = ""
    risk: str = "medium"
    safety_plan: str = ""
    goals: tuple[str, ...] = ()
    services: tuple[tuple[str, str, str], ...] = ()  # (type, provider, description)
    referrals: tuple[DemoReferral, ...] = ()
    legal_steps: tuple[tuple[str, str, int], ...] = ()  # (stage, institution, days ago)
    hearing_in_days: int | None = None
    hearing_place: str = ""
    notes: tuple[tuple[str, str], ...] = ()  # (confidentiality, body)
    closure: str = ""  # "", "pending" or "approved"
    from_report: bool = False


CASES = [
    DemoCase(
        manager="manajer",
        status=CaseStatus.NEW,
        from_report=True,
        summary=(
            "Tetangga melaporkan anak perempuan kelas 3 SD sering dipukul ibu tirinya dengan gagang sapu; "
            "terlihat memar di lengan dan kaki."
        ),
        incident_days_ago=2,
        victim=DemoVictim(
            "Aisyah Putri Ramadhani",
            "P",
            date(2016, 8, 14),
            "33.75.01.1003",
            (ViolenceForm.PHYSICAL,),
            education="sd",
            occupation="pelajar",
            marital_status=MaritalStatus.SINGLE,
        ),
        perpetrator=DemoPerpetrator("Ibu tiri korban, sekitar 35 tahun", "P", Relationship.PARENT),
        notes=((NoteConfidentiality.TEAM, "Kunjungan rumah dijadwalkan besok pagi bersama Bhabinkamtibmas."),),
    ),
    DemoCase(
        manager="manajer2",
        status=CaseStatus.ASSESSMENT,
        summary=(
            "Istri datang sendiri ke LP-PAR: suami sering membentak, merendahkan di depan anak, dan tidak "
            "memberi nafkah selama empat bulan."
        ),
        incident_days_ago=10,
        victim=DemoVictim(
            "Sri Wahyuningsih",
            "P",
            date(1990, 2, 3),
            "33.75.02.1004",
            (ViolenceForm.PSYCHOLOGICAL, ViolenceForm.NEGLECT),
            education="sma",
            occupation="ibu_rumah_tangga",
            marital_status=MaritalStatus.MARRIED,
        ),
        perpetrator=DemoPerpetrator("Suami korban, buruh konveksi", "L", Relationship.SPOUSE),
        findings=(
            "Korban tampak cemas, sulit tidur, menangis saat bercerita. Dua anak usia 6 dan 9 tahun tinggal "
            "bersama korban. Keluarga besar korban di Kauman mendukung."
        ),
        safety_plan="Korban menyimpan nomor hotline LP-PAR; boleh mengungsi ke rumah orang tua bila suami mengamuk.",
        services=((ServiceType.COMPLAINT, "LP-PAR Kota Pekalongan", "Penerimaan pengaduan dan konseling awal."),),
        notes=((NoteConfidentiality.ASSIGNED, "Korban meminta agar suami tidak dihubungi sebelum asesmen psikolog."),),
    ),
    DemoCase(
        manager="manajer",
        status=CaseStatus.PLANNING,
        summary=(
            "Anak perempuan 15 tahun mengalami pelecehan seksual oleh pelatih ekstrakurikuler; dilaporkan "
            "oleh wali kelas."
        ),
        incident_days_ago=21,
        victim=DemoVictim(
            "Nur Aini Safitri",
            "P",
            date(2010, 11, 22),
            "33.75.03.1009",
            (ViolenceForm.SEXUAL,),
            education="smp",
            occupation="pelajar",
            marital_status=MaritalStatus.SINGLE,
        ),
        perpetrator=DemoPerpetrator("Pelatih ekstrakurikuler di sekolah korban", "L", Relationship.TEACHER),
        findings="Korban menarik diri, prestasi menurun. Orang tua mendukung proses hukum.",
        risk="high",
        safety_plan="Korban tidak mengikuti kegiatan ekstrakurikuler; sekolah menunjuk guru BK sebagai pendamping.",
        goals=(
            "Korban mengikuti konseling psikolog sedikitnya empat kali.",
            "Laporan polisi dibuat dengan pendampingan LP-PAR.",
        ),
        services=((ServiceType.HEALTH, "RSUD Bendan", "Pemeriksaan kesehatan dan visum."),),
        legal_steps=((LegalStage.EXAMINATION, "Unit PPA Polres Pekalongan Kota", 5),),
        notes=((NoteConfidentiality.HEAD, "Pelaku dikenal oleh salah satu pejabat dinas; mohon perhatian kepala."),),
    ),
    DemoCase(
        manager="manajer2",
        status=CaseStatus.SERVICE,
        summary=(
            "Perempuan pekerja pabrik dipukul dan dikurung oleh pacarnya setelah menolak menyerahkan gaji; "
            "datang dengan luka di wajah."
        ),
        incident_days_ago=35,
        victim=DemoVictim(
            "Rina Kurniasih",
            "P",
            date(1998, 6, 9),
            "33.75.04.1004",
            (ViolenceForm.PHYSICAL, ViolenceForm.PSYCHOLOGICAL),
            education="smp",
            occupation="swasta_buruh",
            marital_status=MaritalStatus.SINGLE,
        ),
        perpetrator=DemoPerpetrator("Pacar korban, sekitar 27 tahun", "L", Relationship.PARTNER),
        findings="Luka lebam di pipi kiri, trauma ringan. Korban ingin pelaku diproses hukum.",
        risk="high",
        safety_plan="Korban tinggal sementara di rumah kakak di Jenggot; pelaku belum mengetahui alamat tersebut.",
        goals=("Korban mendapat pendampingan hukum sampai pelaporan selesai.",),
        services=(
            (ServiceType.COMPLAINT, "LP-PAR Kota Pekalongan", "Pengaduan dan konseling awal."),
            (ServiceType.HEALTH, "RSUD Bendan", "Perawatan luka dan visum et repertum."),
        ),
        referrals=(
            DemoReferral(
                "LBH Pekalongan",
                "Rujukan ke LBH untuk pendampingan hukum",
                ("identity", "contact", "account"),
                "Pendampingan hukum pelaporan penganiayaan",
                due_in_days=-3,
            ),
        ),
        notes=((NoteConfidentiality.TEAM, "LBH belum memberi kabar; hubungi kembali minggu ini."),),
    ),
    DemoCase(
        manager="manajer",
        status=CaseStatus.MONITORING,
        summary="Anak laki-laki 12 tahun mengalami kekerasan seksual oleh tetangga; orang tua melapor ke polisi.",
        incident_days_ago=80,
        victim=DemoVictim(
            "Muhammad Rizky Pratama",
            "L",
            date(2013, 4, 5),
            "33.75.02.1009",
            (ViolenceForm.SEXUAL,),
            education="sd",
            occupation="pelajar",
            marital_status=MaritalStatus.SINGLE,
        ),
        perpetrator=DemoPerpetrator(
            "Tetangga korban, pedagang", "L", Relationship.NEIGHBOUR, full_name="Bambang Sugiarto"
        ),
        findings="Korban mengalami mimpi buruk dan takut keluar rumah. Orang tua kooperatif.",
        risk="high",
        safety_plan="Pelaku ditahan; korban diantar jemput orang tua ke sekolah.",
        goals=("Korban kembali bersekolah dengan pendampingan guru BK.", "Pendampingan sampai putusan pengadilan."),
        services=(
            (ServiceType.HEALTH, "RSUD Bendan", "Visum dan pemeriksaan kesehatan."),
            (ServiceType.LAW_ENFORCEMENT, "Unit PPA Polres Pekalongan Kota", "Pendampingan BAP korban."),
            (ServiceType.SOCIAL_REHABILITATION, "Psikolog LP-PAR", "Konseling trauma enam sesi."),
        ),
        referrals=(
            DemoReferral(
                "Unit PPA Polres Pekalongan Kota",
                "Rujukan ke Unit PPA Polres",
                ("identity", "account", "medical"),
                "Laporan polisi dan pemeriksaan korban",
                due_in_days=-60,
                status=ReferralStatus.DONE,
                outcome="Laporan diterima, pelaku ditahan.",
            ),
        ),
        legal_steps=(
            (LegalStage.INVESTIGATION, "Unit PPA Polres Pekalongan Kota", 70),
            (LegalStage.DETENTION, "Polres Pekalongan Kota", 65),
            (LegalStage.PROSECUTION, "Kejaksaan Negeri Kota Pekalongan", 20),
        ),
        hearing_in_days=9,
        hearing_place="Pengadilan Negeri Pekalongan",
        notes=((NoteConfidentiality.TEAM, "Korban didampingi ibu dan pendamping LP-PAR saat sidang."),),
    ),
    DemoCase(
        manager="manajer2",
        status=CaseStatus.MONITORING,
        summary="Istri mengalami KDRT berulang dan memutuskan mengajukan cerai gugat.",
        incident_days_ago=120,
        victim=DemoVictim(
            "Siti Nurhalimah",
            "P",
            date(1985, 12, 30),
            "33.75.03.1002",
            (ViolenceForm.PHYSICAL, ViolenceForm.PSYCHOLOGICAL),
            education="sd",
            occupation="pedagang_tani_nelayan",
            marital_status=MaritalStatus.MARRIED,
        ),
        perpetrator=DemoPerpetrator("Suami korban, nelayan", "L", Relationship.SPOUSE),
        findings="Korban sudah tinggal terpisah dari suami dan mandiri secara ekonomi.",
        services=(
            (ServiceType.LEGAL_AID, "LBH Pekalongan", "Pendampingan penyusunan gugatan cerai."),
            (ServiceType.SOCIAL_REINTEGRATION, "LP-PAR Kota Pekalongan", "Pendampingan usaha dagang."),
        ),
        referrals=(
            DemoReferral(
                "Pengadilan Agama",
                "Rujukan ke Pengadilan Agama",
                ("identity", "account"),
                "Pendaftaran gugatan cerai",
                due_in_days=-30,
                status=ReferralStatus.DONE,
                outcome="Putusan cerai dibacakan; hak asuh anak pada korban.",
            ),
        ),
        notes=((NoteConfidentiality.TEAM, "Pemantauan tiga bulan selesai, korban dan anak aman."),),
        closure="pending",
    ),
    DemoCase(
        manager="manajer2",
        status=CaseStatus.CLOSED,
        summary="Anak laki-laki 7 tahun ditelantarkan setelah orang tuanya merantau; tidak memiliki akta kelahiran.",
        incident_days_ago=200,
        victim=DemoVictim(
            "Fajar Nugroho",
            "L",
            date(2018, 9, 17),
            "33.75.01.1009",
            (ViolenceForm.NEGLECT,),
            education="paud_tk",
            occupation="pelajar",
            marital_status=MaritalStatus.SINGLE,
        ),
        perpetrator=DemoPerpetrator("Orang tua korban, bekerja di luar kota", "", Relationship.PARENT),
        findings="Anak tinggal dengan nenek yang sudah lanjut usia; kebutuhan dasar kurang terpenuhi.",
        services=((ServiceType.SOCIAL_REHABILITATION, "Dinas Sosial", "Bantuan sosial dan pendampingan keluarga."),),
        referrals=(
            DemoReferral(
                "Dukcapil",
                "Rujukan ke Dukcapil untuk akta kelahiran",
                ("identity", "contact"),
                "Penerbitan akta kelahiran",
                due_in_days=-150,
                status=ReferralStatus.DONE,
                outcome="Akta kelahiran terbit.",
            ),
            DemoReferral(
                "Dinas Sosial",
                "Rujukan ke Dinas Sosial",
                ("identity", "contact", "assessment"),
                "Bantuan sosial dan pendampingan keluarga",
                due_in_days=-140,
                status=ReferralStatus.DONE,
                outcome="Keluarga terdaftar sebagai penerima bantuan.",
            ),
        ),
        notes=((NoteConfidentiality.TEAM, "Anak bersekolah kembali; ibu pulang dan mengasuh anak."),),
        closure="approved",
    ),
]


@transaction.atomic
def build(units: dict[str, OrgUnit], users: dict[str, User]) -> int:
    """Create the demo partners and cases, unless there are cases already; returns
    how many cases were created."""
    if Case.objects.exists():
        return 0
    unit = units[UNIT]
    partners = {
        name: services.partner_ensure(unit=unit, name=name, kind=kind, contact=_contact(name))
        for name, kind in PARTNERS
    }
    villages = {village.code: village for village in village_list(city_code=CITY)}
    for serial, spec in enumerate(CASES, start=501):
        _build_case(spec, serial=serial, unit=unit, users=users, partners=partners, villages=villages)
    return len(CASES)


def _contact(name: str) -> str:
    slug = "".join(ch for ch in name.lower() if ch.isalnum())
    return f"{slug}@demo.sigap.invalid"


def _build_case(
    spec: DemoCase,
    *,
    serial: int,
    unit: OrgUnit,
    users: dict[str, User],
    partners: dict[str, Partner],
    villages: dict[str, Region],
) -> Case:
    manager, head = users[spec.manager], users["kepala"]
    today = timezone.localdate()
    incident_date = today - timedelta(days=spec.incident_days_ago)
    village = villages.get(spec.victim.village)

    report = None
    if spec.from_report:
        report, _code = report_submit(
            reporter_relation="neighbour",
            categories=list(spec.victim.violence_forms),
            account=spec.summary,
            contact_method="none",
            consent=True,
            incident_date=incident_date,
            village=village,
            subject_sex=spec.victim.sex,
        )
    case = services.case_open(
        actor=users["petugas"] if report else head,
        unit=unit,
        report=report,
        assigned_to=manager,
        summary=spec.summary,
        incident_date=incident_date,
        village=village,
    )

    victim = services.victim_add(
        actor=manager,
        case=case,
        person=_person(spec.victim, serial=serial, unit=unit, manager=manager, village=village),
        violence_forms=list(spec.victim.violence_forms),
        education=spec.victim.education,
        occupation=spec.victim.occupation,
        marital_status=spec.victim.marital_status,
        disability=spec.victim.disability,
    )
    perpetrator = _perpetrator(spec.perpetrator, case=case, unit=unit, manager=manager)
    services.relation_set(
        actor=manager, victim=victim, perpetrator=perpetrator, relationship=spec.perpetrator.relationship
    )
    for confidentiality, body in spec.notes:
        services.note_add(actor=manager, case=case, body=body, confidentiality=confidentiality)

    target = CaseStatus.MONITORING if spec.status == CaseStatus.CLOSED else spec.status
    for step in PATH[1 : PATH.index(target) + 1]:
        services.case_advance(actor=manager, case=case, reason=_step_reason(step))
        if step == CaseStatus.ASSESSMENT:
            services.assessment_record(
                actor=manager, case=case, findings=spec.findings, risk=spec.risk, safety_plan=spec.safety_plan
            )
        elif step == CaseStatus.PLANNING:
            for weeks, goal in enumerate(spec.goals, start=2):
                services.goal_add(actor=manager, case=case, goal=goal, due_date=today + timedelta(weeks=weeks))

    for days_ago, (service_type, provider, description) in zip(
        range(spec.incident_days_ago - 1, 0, -3), spec.services, strict=False
    ):
        services.service_record(
            actor=manager,
            case=case,
            victim=victim,
            service_type=service_type,
            delivered_on=today - timedelta(days=days_ago),
            provider=provider,
            description=description,
        )
    for referral in spec.referrals:
        _refer(referral, case=case, victim=victim, manager=manager, partners=partners, today=today)
    for stage, institution, days_ago in spec.legal_steps:
        services.legal_step_add(
            actor=manager,
            case=case,
            perpetrator=perpetrator,
            stage=stage,
            institution=institution,
            on=today - timedelta(days=days_ago),
        )
    if spec.hearing_in_days is not None:
        services.legal_event_add(
            actor=manager,
            case=case,
            kind=LegalEventKind.HEARING,
            at=timezone.make_aware(datetime.combine(today + timedelta(days=spec.hearing_in_days), time(9, 0))),
            place=spec.hearing_place,
        )

    if spec.closure:
        request = services.case_closure_request(
            actor=manager, case=case, reason="Tujuan rencana layanan tercapai dan korban dinyatakan aman."
        )
        if spec.closure == "approved":
            services.case_closure_decide(actor=head, request=request, approve=True, comment="Disetujui.")
    return case


def _person(spec: DemoVictim, *, serial: int, unit: OrgUnit, manager: User, village: Region | None) -> Person:
    """The victim in the person index, with a NIK that agrees with the birth date, the
    sex and the kecamatan (day + 40 for women), as Dukcapil issues them."""
    nik = ""
    if village is not None:
        day = spec.birth_date.day + (40 if spec.sex == "P" else 0)
        district = village.code.replace(".", "")[:6]
        nik = f"{district}{day:02d}{spec.birth_date:%m%y}{serial:04d}"
    return person_create(
        actor=manager,
        unit=unit,
        responsible=manager,
        full_name=spec.full_name,
        nik=nik,
        birth_date=spec.birth_date,
        sex=spec.sex,
        village=village,
    )


def _perpetrator(spec: DemoPerpetrator, *, case: Case, unit: OrgUnit, manager: User) -> Perpetrator:
    person = None
    if spec.full_name:
        person = person_create(actor=manager, unit=unit, full_name=spec.full_name, sex=spec.sex)
    return services.perpetrator_add(actor=manager, case=case, person=person, description=spec.description, sex=spec.sex)


def _refer(
    spec: DemoReferral,
    *,
    case: Case,
    victim: Victim,
    manager: User,
    partners: dict[str, Partner],
    today: date,
) -> None:
    consent = services.consent_record(actor=manager, case=case, purpose=spec.consent_purpose, items=list(spec.items))
    referral = services.referral_send(
        actor=manager,
        case=case,
        victim=victim,
        partner=partners[spec.partner],
        consent=consent,
        purpose=spec.purpose,
        shared_items=list(spec.items),
        due_date=today + timedelta(days=spec.due_in_days),
    )
    if spec.status in (ReferralStatus.ACCEPTED, ReferralStatus.DONE):
        services.referral_update(actor=manager, referral=referral, status=ReferralStatus.ACCEPTED)
    if spec.status == ReferralStatus.DONE:
        services.referral_update(actor=manager, referral=referral, status=ReferralStatus.DONE, outcome=spec.outcome)


def _step_reason(status: str) -> str:
    return {
        CaseStatus.ASSESSMENT: "Kontak awal selesai, mulai asesmen.",
        CaseStatus.PLANNING: "Asesmen selesai, menyusun rencana layanan bersama korban.",
        CaseStatus.SERVICE: "Rencana layanan disepakati.",
        CaseStatus.MONITORING: "Layanan utama selesai, masuk pemantauan.",
    }.get(status, "")
