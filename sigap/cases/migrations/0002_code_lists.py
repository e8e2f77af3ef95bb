"""The configurable code lists as first shipped (domain.md §1: which education list is
official is not settled, so both the e-pkdrt and the longer list map to SIMFONI)."""

from django.db import migrations

EDUCATION = [
    ("tidak_sekolah", "Tidak sekolah", "Tidak Sekolah"),
    ("paud_tk", "PAUD / TK", "TK"),
    ("sd", "SD / sederajat", "SD"),
    ("smp", "SMP / SLTP", "SMP"),
    ("sma", "SMA / SLTA / SMK", "SMA"),
    ("perguruan_tinggi", "Perguruan tinggi (D1–S3)", "S1-S3"),
]
OCCUPATION = [
    ("pedagang_tani_nelayan", "Pedagang / tani / nelayan", "Pedagang/Tani/Nelayan"),
    ("swasta_buruh", "Swasta / buruh", "Swasta/Buruh"),
    ("pns_tni_polri", "PNS / TNI / Polri", "PNS/TNI/Polri"),
    ("pelajar", "Pelajar / mahasiswa", "Pelajar"),
    ("ibu_rumah_tangga", "Ibu rumah tangga", "Ibu Rumah Tangga"),
    ("tidak_bekerja", "Tidak bekerja", "Tidak Bekerja"),
    ("na", "Tidak diketahui", "NA"),
]


def load(apps, schema_editor):
    entry = apps.get_model("cases", "CodeListEntry")
    for list_name, rows in (("education", EDUCATION), ("occupation", OCCUPATION)):
        for order, (code, label, simfoni) in enumerate(rows):
            entry.objects.update_or_create(
                list_name=list_name,
                code=code,
                defaults={"label": label, "simfoni_label": simfoni, "version": "2024", "order": order},
            )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_cases")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
