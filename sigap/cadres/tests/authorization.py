from itertools import count

from django.core.files.uploadedfile import SimpleUploadedFile

from sigap.cadres.models import Cadre
from sigap.cadres.services import referral_submit, topic_add
from sigap.cadres.tests.helpers import KRAPYAK, MEDONO, make_cadre, make_outreach
from sigap.tests.matrix import LOGIN

HEAD_ONLY = {"kepala": 200, "*": 403}
HEAD_AND_CADRE = {"kepala": 200, "kader": 200, "*": 403}
OWN = {"kepala": 200, "kader": 200, "*": 404}
OTHERS = {"kepala": 200, "*": 404}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def objects(test) -> dict:
    own = make_cadre(test, name="Sri Rahayu", user=test.kader)
    other = make_cadre(test, name="Wulan Sari", village=MEDONO)
    photo = SimpleUploadedFile("foto.png", PNG, content_type="image/png")
    own_outreach = make_outreach(test, own, photo=photo, photo_type="image/png")
    other_outreach = make_outreach(test, other)
    referral_submit(
        actor=test.kader,
        cadre=own,
        consent=True,
        categories=["penelantaran"],
        account="Anak sering ditinggal sendirian berhari-hari.",
    )
    return {
        "cadre_own": [own.pk],
        "cadre_other": [other.pk],
        "outreach_own": [own_outreach.pk],
        "outreach_other": [other_outreach.pk],
    }


SERIAL = count(1)


def grow(test, objects: dict) -> None:
    """Another cadre and topic; more outreach (with and without a photo) by both of the
    matrix's cadres, in more villages; more referrals by the cadre who logs in."""
    n = next(SERIAL)
    newcomer = make_cadre(test, name=f"Kader Baru {n}", village=KRAPYAK)
    topic_add(actor=test.kepala, name=f"Topik tambahan {n}")
    own = Cadre.objects.get(pk=objects["cadre_own"][0])
    other = Cadre.objects.get(pk=objects["cadre_other"][0])
    for cadre in (own, other, newcomer):
        for days_ago, village in ((2, None), (3, KRAPYAK)):
            photo = SimpleUploadedFile("foto.png", PNG, content_type="image/png")
            make_outreach(test, cadre, days_ago=days_ago, village=village, photo=photo, photo_type="image/png")
    for categories in (["penelantaran"], ["fisik"]):
        referral_submit(actor=test.kader, cadre=own, consent=True, categories=categories, account="-")


EXPECTATIONS = {
    ("cadres:list", None, "get"): {"anonymous": LOGIN, **HEAD_ONLY},
    ("cadres:new", None, "get"): {"anonymous": LOGIN, **HEAD_ONLY},
    ("cadres:new", None, "post"): {"anonymous": LOGIN, "kepala": 400, "*": 403},
    ("cadres:detail", "cadre_own", "get"): {"anonymous": LOGIN, **OWN},
    ("cadres:detail", "cadre_other", "get"): {"anonymous": LOGIN, **OTHERS},
    ("cadres:detail", "cadre_missing", "get"): {"anonymous": LOGIN, "*": 404},
    ("cadres:change", "cadre_own", "post"): {"anonymous": LOGIN, "kepala": 400, "kader": 403, "*": 404},
    ("cadres:change", "cadre_own", "get"): {"anonymous": LOGIN, "*": 405},
    ("cadres:coverage", None, "get"): {"anonymous": LOGIN, "kepala": 200, "analis": 200, "*": 403},
    ("cadres:topics", None, "get"): {"anonymous": LOGIN, **HEAD_ONLY},
    ("cadres:topics", None, "post"): {"anonymous": LOGIN, "kepala": 200, "*": 403},  # nothing sent: the page again
    ("cadres:outreach_list", None, "get"): {"anonymous": LOGIN, **HEAD_AND_CADRE},
    ("cadres:outreach_new", None, "get"): {"anonymous": LOGIN, "kader": 200, "*": 403},
    ("cadres:outreach_new", None, "post"): {"anonymous": LOGIN, "kader": 400, "*": 403},
    ("cadres:outreach_detail", "outreach_own", "get"): {"anonymous": LOGIN, **OWN},
    ("cadres:outreach_detail", "outreach_other", "get"): {"anonymous": LOGIN, **OTHERS},
    ("cadres:outreach_detail", "outreach_missing", "get"): {"anonymous": LOGIN, "*": 404},
    ("cadres:outreach_photo", "outreach_own", "get"): {"anonymous": LOGIN, **OWN},
    ("cadres:outreach_photo", "outreach_other", "get"): {"anonymous": LOGIN, "*": 404},  # it has no photo
    ("cadres:referrals", None, "get"): {"anonymous": LOGIN, **HEAD_AND_CADRE},
    ("cadres:referral_new", None, "get"): {"anonymous": LOGIN, "kader": 200, "*": 403},
    ("cadres:referral_new", None, "post"): {"anonymous": LOGIN, "kader": 400, "*": 403},
    ("api:outreach", None, "get"): {"anonymous": 401, **HEAD_AND_CADRE},
    ("api:outreach", None, "post"): {"anonymous": 401, "kader": 400, "*": 403},
    ("api:outreach_activity", "outreach_own", "get"): {"anonymous": 401, **OWN},
    ("api:outreach_activity", "outreach_other", "get"): {"anonymous": 401, **OTHERS},
    ("api:outreach_activity", "outreach_missing", "get"): {"anonymous": 401, "*": 404},
    ("api:referrals", None, "get"): {"anonymous": 401, **HEAD_AND_CADRE},
}
