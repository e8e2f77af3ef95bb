"""The standard programs, added by the head with one button ("Add the standard
programs") or by seed_demo, through `programs_add_standard`. Content, not code: a
program's modules and quiz are Indonesian teaching material, kept as written.

Kelas Persiapan Pernikahan follows the eight Bimbingan Perkawinan modules of Kemenag
(Kepdirjen Bimas Islam 189/2021; see shared/domain.md §4)."""

from sigap.classes.choices import ProgramKind

STANDARD_PROGRAMS = [
    {
        "kind": ProgramKind.PREMARITAL,
        "name": "Kelas Persiapan Pernikahan",
        "description": "Bimbingan perkawinan bagi calon pengantin: delapan modul Bimwin, daring atau tatap muka.",
        "for_couples": True,
        "modules": [
            "Perkenalan & kontrak belajar",
            "Merencanakan perkawinan yang kokoh menuju keluarga sakinah",
            "Mengelola dinamika perkawinan dan keluarga",
            "Memenuhi kebutuhan keluarga",
            "Menjaga kesehatan reproduksi keluarga",
            "Mengelola konflik dan membangun ketahanan keluarga",
            "Menyiapkan generasi berkualitas",
            "Refleksi dan evaluasi",
        ],
        "questions": [
            (
                "Menurut SE Dirjen Bimas Islam 2/2024, bimbingan perkawinan bagi calon pengantin bersifat …",
                [
                    "Wajib bagi kedua calon pengantin",
                    "Hanya untuk calon istri",
                    "Pilihan",
                    "Hanya untuk usia di bawah 19 tahun",
                ],
                0,
            ),
            (
                "Usia minimal menikah menurut UU 16/2019, bagi laki-laki dan perempuan, adalah …",
                ["16 tahun", "17 tahun", "19 tahun", "21 tahun"],
                2,
            ),
            (
                "Cara yang sehat untuk menyelesaikan konflik dalam rumah tangga adalah …",
                [
                    "Diam dan menghindar berhari-hari",
                    "Membicarakan masalah dengan tenang dan saling mendengarkan",
                    "Bersuara keras agar menang",
                    "Meminta anak memihak",
                ],
                1,
            ),
            (
                "Pemeriksaan kesehatan sebelum menikah (gizi, anemia) berguna untuk …",
                [
                    "Syarat administrasi saja",
                    "Menyiapkan kehamilan yang sehat dan mencegah stunting",
                    "Menentukan jenis kelamin anak",
                    "Tidak ada gunanya",
                ],
                1,
            ),
            (
                "Kekerasan dalam rumah tangga (UU 23/2004) mencakup …",
                [
                    "Hanya kekerasan fisik",
                    "Kekerasan fisik, psikis, seksual, dan penelantaran rumah tangga",
                    "Hanya pertengkaran mulut",
                    "Hanya jika ada luka",
                ],
                1,
            ),
        ],
    },
    {
        "kind": ProgramKind.PARENTING,
        "name": "Kelas Pengasuhan",
        "description": "Pengasuhan positif bagi orang tua dan pengasuh: disiplin tanpa kekerasan, komunikasi, hak anak.",
        "for_couples": False,
        "modules": [
            "Pengasuhan positif dan hak anak",
            "Memahami tahap perkembangan anak",
            "Komunikasi efektif dengan anak",
            "Disiplin positif tanpa kekerasan",
            "Melindungi anak dari kekerasan dan bahaya daring",
            "Refleksi dan evaluasi",
        ],
        "questions": [
            (
                "Disiplin positif berarti …",
                [
                    "Menghukum fisik agar jera",
                    "Mengajarkan perilaku baik dengan aturan yang jelas, konsisten, dan tanpa kekerasan",
                    "Membiarkan anak melakukan apa saja",
                    "Memarahi anak di depan umum",
                ],
                1,
            ),
            (
                "Saat anak tantrum, langkah pertama yang dianjurkan adalah …",
                [
                    "Membentak agar diam",
                    "Tetap tenang, memastikan anak aman, lalu menenangkannya",
                    "Meninggalkannya sendirian di luar rumah",
                    "Memberi hukuman fisik",
                ],
                1,
            ),
            (
                "Hak anak menurut Konvensi Hak Anak antara lain …",
                [
                    "Hak untuk bekerja menafkahi keluarga",
                    "Hak hidup, tumbuh kembang, perlindungan, dan partisipasi",
                    "Hak untuk menikah sebelum 18 tahun",
                    "Anak belum punya hak sampai dewasa",
                ],
                1,
            ),
            (
                "Tanda anak mungkin mengalami kekerasan antara lain …",
                [
                    "Perubahan perilaku mendadak, luka tanpa penjelasan, takut pulang",
                    "Anak rajin belajar",
                    "Anak punya banyak teman",
                    "Anak suka bermain",
                ],
                0,
            ),
            (
                "Jika curiga ada anak mengalami kekerasan, kita dapat melapor ke …",
                ["Tidak perlu melapor", "UPTD PPA / LP-PAR atau SAPA 129", "Media sosial", "Hanya ke tetangga"],
                1,
            ),
        ],
    },
    {
        "kind": ProgramKind.CADRE,
        "name": "Kelas Kader Ketahanan Keluarga",
        "description": "Pelatihan kader: pengasuhan positif, deteksi dini kekerasan, rujukan, dan penyuluhan di kelurahan.",
        "for_couples": False,
        "modules": [
            "Peran kader ketahanan keluarga",
            "Pengasuhan positif di masyarakat",
            "Deteksi dini kekerasan terhadap perempuan dan anak",
            "Merujuk keluarga berisiko: alur dan kerahasiaan",
            "Siklus sosial dan kegiatan penyuluhan",
            "Praktik penyuluhan dan evaluasi",
        ],
        "questions": [
            (
                "Tugas utama kader ketahanan keluarga adalah …",
                [
                    "Menangani kasus kekerasan sendiri",
                    "Menyuluh keluarga dan merujuk keluarga berisiko ke layanan",
                    "Menghukum pelaku",
                    "Mengumpulkan data pribadi warga di media sosial",
                ],
                1,
            ),
            (
                "Jika menemukan anak yang mungkin mengalami kekerasan, kader sebaiknya …",
                [
                    "Menyebarkan ceritanya agar warga waspada",
                    "Merujuk ke LP-PAR dan menjaga kerahasiaan",
                    "Mendatangi pelaku sendirian",
                    "Menunggu korban melapor sendiri",
                ],
                1,
            ),
            (
                "Informasi tentang keluarga yang dirujuk …",
                [
                    "Boleh diceritakan di pertemuan warga",
                    "Dirahasiakan dan hanya disampaikan kepada petugas yang menangani",
                    "Boleh dibagikan di grup WhatsApp",
                    "Diumumkan di balai kelurahan",
                ],
                1,
            ),
            (
                "Dalam keadaan darurat (seseorang dalam bahaya saat ini), kader menghubungi …",
                [
                    "112 atau SAPA 129",
                    "Tidak perlu menghubungi siapa pun",
                    "Hanya keluarga korban",
                    "Menunggu jam kantor",
                ],
                0,
            ),
            (
                "Pengasuhan positif menekankan …",
                [
                    "Hukuman fisik",
                    "Kasih sayang, komunikasi, dan disiplin tanpa kekerasan",
                    "Membandingkan anak dengan anak lain",
                    "Melarang anak bermain",
                ],
                1,
            ),
        ],
    },
]
