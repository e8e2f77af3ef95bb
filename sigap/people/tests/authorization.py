from itertools import count

from sigap.regions.models import Region
from sigap.tests.matrix import LOGIN

SERIAL = count(1)

# A person of LP-PAR held by manajer, of Puspaga held by konselor, of another city.
PERSON_LPPAR = {"kepala": 200, "petugas": 200, "manajer": 200, "*": 404}
PERSON_PUSPAGA = {"kepala": 200, "konselor": 200, "*": 404}
PERSON_BATANG = {"outsider": 200, "*": 404}
PEOPLE_LIST = {"admin": 403, "analis": 403, "*": 200}


def objects(test) -> dict:
    return {
        "person_lppar": [test.make_person(unit=test.lppar, responsible=test.manajer, full_name="Ani").pk],
        "person_puspaga": [test.make_person(unit=test.puspaga, responsible=test.konselor, full_name="Budi").pk],
        "person_batang": [test.make_person(unit=test.batang, full_name="Citra").pk],
    }


def grow(test, objects: dict) -> None:
    """More people in each unit, some with a village and a responsible member of staff."""
    village = Region.objects.get(code="33.75.01.1003")
    for unit, responsible in ((test.lppar, test.manajer), (test.puspaga, test.konselor), (test.batang, None)):
        for _ in range(3):
            n = next(SERIAL)
            test.make_person(unit=unit, responsible=responsible, full_name=f"Orang {n}", village=village)


EXPECTATIONS = {
    ("people:list", None, "get"): {"anonymous": LOGIN, **PEOPLE_LIST},
    ("people:new", None, "get"): {"anonymous": LOGIN, **PEOPLE_LIST},
    ("people:detail", "person_lppar", "get"): {"anonymous": LOGIN, **PERSON_LPPAR},
    ("people:detail", "person_puspaga", "get"): {"anonymous": LOGIN, **PERSON_PUSPAGA},
    ("people:detail", "person_batang", "get"): {"anonymous": LOGIN, **PERSON_BATANG},
    ("people:detail", "person_missing", "get"): {"anonymous": LOGIN, "*": 404},
    ("api:people", None, "get"): {"anonymous": 401, **PEOPLE_LIST},
    ("api:person", "person_lppar", "get"): {"anonymous": 401, **PERSON_LPPAR},
    ("api:person", "person_puspaga", "get"): {"anonymous": 401, **PERSON_PUSPAGA},
    ("api:person", "person_batang", "get"): {"anonymous": 401, **PERSON_BATANG},
    ("api:person", "person_missing", "get"): {"anonymous": 401, "*": 404},
}
