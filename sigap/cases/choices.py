"""Case handling code lists. The SIMFONI-PPA dimensions are fixed by the ministry's
dashboard and kept here under a version; education and occupation are configurable
code lists (CodeListEntry) because which list is official is not settled."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Version of the SIMFONI-PPA code lists below (kekerasan.kemenpppa.go.id, 2024 totals).
SIMFONI_CODE_LIST_VERSION = "2024"


class CaseStatus(models.TextChoices):
    NEW = "baru", _("New")
    ASSESSMENT = "asesmen", _("Assessment")
    PLANNING = "rencana", _("Service plan")
    SERVICE = "layanan", _("Services")
    MONITORING = "pemantauan", _("Monitoring")
    CLOSED = "ditutup", _("Closed")


# The Permen PPPA 2/2022 path, one step at a time; closing goes through the head's
# approval (ClosureRequest), and a closed case can be reopened into assessment.
NEXT_STATUS = {
    CaseStatus.NEW: CaseStatus.ASSESSMENT,
    CaseStatus.ASSESSMENT: CaseStatus.PLANNING,
    CaseStatus.PLANNING: CaseStatus.SERVICE,
    CaseStatus.SERVICE: CaseStatus.MONITORING,
}


class ViolenceForm(models.TextChoices):
    PHYSICAL = "fisik", _("Physical")
    PSYCHOLOGICAL = "psikis", _("Psychological")
    SEXUAL = "seksual", _("Sexual")
    EXPLOITATION = "eksploitasi", _("Exploitation")
    TRAFFICKING = "trafiking", _("Trafficking")
    NEGLECT = "penelantaran", _("Neglect")
    OTHER = "lainnya", _("Other")


class PlaceCategory(models.TextChoices):
    HOUSEHOLD = "rumah_tangga", _("Household")
    WORKPLACE = "tempat_kerja", _("Workplace")
    SCHOOL = "sekolah", _("School")
    PUBLIC_FACILITY = "fasilitas_umum", _("Public facility")
    SHORT_COURSE = "lembaga_pendidikan_kilat", _("Short-course institution")
    OTHER = "lainnya", _("Other")


class Relationship(models.TextChoices):
    PARENT = "orang_tua", _("Parent")
    FAMILY = "keluarga", _("Family / relative")
    SPOUSE = "suami_istri", _("Husband / wife")
    PARTNER = "pacar_teman", _("Boyfriend, girlfriend or friend")
    NEIGHBOUR = "tetangga", _("Neighbour")
    TEACHER = "guru", _("Teacher")
    EMPLOYER = "majikan", _("Employer")
    COLLEAGUE = "rekan_kerja", _("Colleague")
    OTHER = "lainnya", _("Other")
    NA = "na", _("Not known")


class TraffickingType(models.TextChoices):
    NONE = "", _("Not applicable")
    SEXUAL_EXPLOITATION = "eksploitasi_seksual", _("Sexual exploitation")
    SLAVERY = "perbudakan", _("Slavery")
    ORGAN_TRADE = "organ_tubuh", _("Organ trade")
    DRUG_TRADE = "narkoba", _("Drug trade")


class MaritalStatus(models.TextChoices):
    UNKNOWN = "", _("Not known")
    SINGLE = "belum_menikah", _("Not married")
    MARRIED = "menikah", _("Married")
    WIDOWED = "duda_janda", _("Widowed or divorced")
    SIRRI = "sirri", _("Married (sirri)")


class ServiceType(models.TextChoices):
    COMPLAINT = "pengaduan", _("Complaint handling")
    HEALTH = "kesehatan", _("Health")
    LEGAL_AID = "bantuan_hukum", _("Legal aid")
    LAW_ENFORCEMENT = "penegakan_hukum", _("Law enforcement")
    SOCIAL_REHABILITATION = "rehabilitasi_sosial", _("Social rehabilitation")
    SOCIAL_REINTEGRATION = "reintegrasi_sosial", _("Social reintegration")
    REPATRIATION = "pemulangan", _("Repatriation")
    RELIGIOUS_ACCOMPANIMENT = "pendampingan_tokoh_agama", _("Accompaniment by a religious leader")


class PartnerKind(models.TextChoices):
    POLICE = "polisi", _("Police (Unit PPA Polres)")
    HEALTH = "kesehatan", _("Hospital or puskesmas")
    LEGAL_AID = "bantuan_hukum", _("Legal aid (LBH)")
    SOCIAL = "dinas_sosial", _("Social affairs office")
    SHELTER = "rumah_aman", _("Shelter")
    CIVIL_REGISTRY = "dukcapil", _("Civil registry (Dukcapil)")
    RELIGIOUS_COURT = "pengadilan_agama", _("Religious court")
    KUA = "kua", _("KUA")
    SCHOOL = "sekolah", _("School")
    OTHER = "lainnya", _("Other")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    DONE = "done", _("Done")


REFERRAL_NEXT = {
    ReferralStatus.SENT: {ReferralStatus.ACCEPTED, ReferralStatus.DECLINED},
    ReferralStatus.ACCEPTED: {ReferralStatus.DONE},
}


class LegalStage(models.TextChoices):
    EXAMINATION = "pemeriksaan", "Pemeriksaan"
    INQUIRY = "penyelidikan", "Penyelidikan"
    INVESTIGATION = "penyidikan", "Penyidikan"
    ARREST = "penangkapan", "Penangkapan"
    DETENTION = "penahanan", "Penahanan"
    SEARCH = "penggeledahan", "Penggeledahan"
    SEIZURE = "penyitaan", "Penyitaan"
    PRE_PROSECUTION = "pra_penuntutan", "Pra Penuntutan"
    PROSECUTION = "penuntutan", "Penuntutan"
    DIVERSION = "diversi", "Diversi"
    FIRST_INSTANCE = "pengadilan_tk1", "Pengadilan TK I"
    APPEAL = "pengadilan_tk2", "Pengadilan TK II"
    CASSATION = "kasasi", "Kasasi"
    REVIEW = "peninjauan_kembali", "Peninjauan Kembali"


class LegalEventKind(models.TextChoices):
    VISUM = "visum", _("Visum (medical examination)")
    BAP = "bap", _("BAP (police statement)")
    HEARING = "sidang", _("Court hearing")


class NoteConfidentiality(models.TextChoices):
    TEAM = "team", _("Everyone on the case")
    ASSIGNED = "assigned", _("Assigned staff only")
    HEAD = "head", _("Head only")


class ClosureDecision(models.TextChoices):
    PENDING = "pending", _("Waiting for the head")
    APPROVED = "approved", _("Approved")
    SENT_BACK = "sent_back", _("Sent back")


class CodeListName(models.TextChoices):
    EDUCATION = "education", _("Education")
    OCCUPATION = "occupation", _("Occupation")


# SIMFONI-PPA age bands, computed from the birth date, never typed.
AGE_BANDS = [(0, 5, "0-5"), (6, 12, "6-12"), (13, 17, "13-17"), (18, 24, "18-24"), (25, 44, "25-44"), (45, 59, "45-59")]

# The exact SIMFONI-PPA labels, for the export (never translated: the ministry's
# system reads them as they are).
SIMFONI_VIOLENCE = {
    ViolenceForm.PHYSICAL: "Fisik",
    ViolenceForm.PSYCHOLOGICAL: "Psikis",
    ViolenceForm.SEXUAL: "Seksual",
    ViolenceForm.EXPLOITATION: "Eksploitasi",
    ViolenceForm.TRAFFICKING: "Trafficking",
    ViolenceForm.NEGLECT: "Penelantaran",
    ViolenceForm.OTHER: "Lainnya",
}
SIMFONI_SERVICES = {
    ServiceType.COMPLAINT: "Pengaduan",
    ServiceType.HEALTH: "Kesehatan",
    ServiceType.LEGAL_AID: "Bantuan Hukum",
    ServiceType.LAW_ENFORCEMENT: "Penegakan Hukum",
    ServiceType.SOCIAL_REHABILITATION: "Rehabilitasi Sosial",
    ServiceType.SOCIAL_REINTEGRATION: "Reintegrasi Sosial",
    ServiceType.REPATRIATION: "Pemulangan",
    ServiceType.RELIGIOUS_ACCOMPANIMENT: "Pendampingan Tokoh Agama",
}
SIMFONI_PLACES = {
    PlaceCategory.HOUSEHOLD: "Rumah Tangga",
    PlaceCategory.WORKPLACE: "Tempat Kerja",
    PlaceCategory.SCHOOL: "Sekolah",
    PlaceCategory.PUBLIC_FACILITY: "Fasilitas Umum",
    PlaceCategory.SHORT_COURSE: "Lembaga Pendidikan Kilat",
    PlaceCategory.OTHER: "Lainnya",
}
SIMFONI_RELATIONSHIPS = {
    Relationship.PARENT: "Orang Tua",
    Relationship.FAMILY: "Keluarga/Saudara",
    Relationship.SPOUSE: "Suami/Istri",
    Relationship.PARTNER: "Pacar/Teman",
    Relationship.NEIGHBOUR: "Tetangga",
    Relationship.TEACHER: "Guru",
    Relationship.EMPLOYER: "Majikan",
    Relationship.COLLEAGUE: "Rekan Kerja",
    Relationship.OTHER: "Lainnya",
    Relationship.NA: "NA",
}
SIMFONI_MARITAL = {
    MaritalStatus.SINGLE: "Belum Menikah",
    MaritalStatus.MARRIED: "Menikah",
    MaritalStatus.WIDOWED: "Duda/Janda",
    MaritalStatus.SIRRI: "Sirri",
}
SIMFONI_TRAFFICKING = {
    TraffickingType.SEXUAL_EXPLOITATION: "Eksploitasi Seksual",
    TraffickingType.SLAVERY: "Perbudakan",
    TraffickingType.ORGAN_TRADE: "Perdagangan Organ Tubuh",
    TraffickingType.DRUG_TRADE: "Perdagangan Narkoba",
}
SIMFONI_CASE_STATUS = {
    CaseStatus.NEW: "Baru",
    CaseStatus.ASSESSMENT: "Asesmen",
    CaseStatus.PLANNING: "Rencana Layanan",
    CaseStatus.SERVICE: "Layanan",
    CaseStatus.MONITORING: "Pemantauan",
    CaseStatus.CLOSED: "Ditutup",
}
