from sigap.tests.matrix import LOGIN

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
